"""Appending to the change log, the ordered record of every write."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.models import Change


def record_change(
    session: Session,
    *,
    at: datetime,
    actor: str,
    kind: str,
    entity: str,
    entity_id: int,
    report_id: int | None,
    data: dict[str, Any] | None = None,
) -> Change:
    """Add a change row in the caller's transaction, so it commits or rolls back with the write."""
    change = Change(
        occurred_at=at,
        actor=actor,
        kind=kind,
        entity=entity,
        entity_id=entity_id,
        report_id=report_id,
        data=data or {},
    )
    session.add(change)
    return change
