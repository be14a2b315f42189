"""The moment a status is asked for, on both time axes: `as_of` (what was true then) and
`known_at` (as the record stood then), as callers write them, parsed; and the current moment."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from app.errors import ErrorDetail, Invalid

# The days a record may speak for. Before 1900 no oversight body followed anything up, and no
# spreadsheet can show the date (Excel's serial days start in 1900); a day beyond 9999 cannot be
# written at all.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9999, 12, 31)

# A moment after every record: known at it, the record is all of it.
EVERYTHING = datetime(9999, 12, 31, tzinfo=UTC)

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACED_OFFSET = re.compile(r"(?<=\d) (\d{2}:?\d{2})$")


@dataclass(frozen=True, slots=True)
class Moment:
    """When a status is asked for: a given `as_of`, or the current status (as_of None); read
    from the record as known at `known_at`, or all of it (known_at None: as known now);
    evaluated at `now` and shown as the UTC date it was evaluated on."""

    as_of: datetime | None
    now: datetime
    known_at: datetime | None = None

    @property
    def at(self) -> datetime:
        return self.as_of or self.now

    @property
    def known(self) -> datetime:
        """How much of the record is read: up to `known_at`, else all of it."""
        return self.known_at or EVERYTHING

    @property
    def label(self) -> str:
        """What distinguishes one answer from another: the current status moves with the date,
        and as known now it is the whole record of a data version."""
        spoken = self.as_of.isoformat() if self.as_of else f"current@{self.now.date()}"
        return spoken if self.known_at is None else f"{spoken}|known@{self.known_at.isoformat()}"


def end_of(day: date) -> datetime:
    """What `as_of=<day>` means: the last instant of that day, UTC."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def parse_as_of(value: str, *, field: str = "query.as_of") -> datetime:
    """A date means the end of that day (UTC); a datetime without a zone is taken as UTC.
    Moments beyond what a UTC datetime can hold are clamped to its first or last instant.
    (The same for `known_at`: name its field.)"""
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            return end_of(date.fromisoformat(text))
        # An unencoded "+" in a query string arrives as a space: "...T12:00:00 02:00".
        moment = datetime.fromisoformat(_SPACED_OFFSET.sub(r"+\1", text))
    except ValueError as exc:
        name = field.rsplit(".", 1)[-1].lstrip("-").replace("-", "_")
        message = f"{name} {value!r} is not an ISO 8601 date or datetime"
        raise Invalid(message, errors=[ErrorDetail(message=message, field=field)]) from exc
    return to_utc(moment)


def to_utc(moment: datetime) -> datetime:
    """The moment in UTC; without a zone, taken as UTC. A moment beyond what a UTC datetime can
    hold (0001-01-01T00:00+14:00, 9999-12-31T23:59-14:00) is clamped to its first or last
    instant: it is before or after every record all the same."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        edge = datetime.min if moment.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC)
