"""The one place the service reads the wall clock (UTC, timezone-aware)."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()
