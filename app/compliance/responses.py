"""Which version of a management response is in force at a moment."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol, TypeVar

from app.compliance.record import When


class ResponseVersion(Protocol):
    @property
    def recorded_at(self) -> datetime: ...

    @property
    def responded_on(self) -> date | None: ...


Version = TypeVar("Version", bound=ResponseVersion)


def response_in_force(versions: Iterable[Version], when: When) -> Version | None:
    """Of the versions recorded by `known_at` and given by `as_of` (`responded_on`), the one
    given last (of one day, the one recorded last); earlier versions are history."""
    known = [r for r in versions if when.counts(r.recorded_at, r.responded_on)]
    return max(
        known, key=lambda r: (r.responded_on or r.recorded_at.date(), r.recorded_at), default=None
    )
