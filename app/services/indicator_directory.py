"""Which report and code an indicator id names, remembered by each process.

Recording evidence is the busiest write; it needs of its indicator only the id, the report and
recommendation it belongs to and its code. None of these ever changes (report files add and
amend by natural key, and never delete), so once read they can be kept for the life of the
process and shared by every request: a remembered id is true on every instance, and an unknown
one is read from the database (then remembered)."""

import threading
from typing import NamedTuple

from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Indicator
from app.models.evidence import EvidenceTarget

# Far more indicators than a large portfolio holds (thousands); beyond it, start again.
MAX_REMEMBERED = 200_000


class IndicatorRef(NamedTuple):
    id: int
    report_id: int
    recommendation_id: int
    code: str

    @property
    def target(self) -> EvidenceTarget:
        return EvidenceTarget(self.report_id, self.recommendation_id, self.id, self.code)


class IndicatorDirectory:
    def __init__(self) -> None:
        self._known: dict[int, IndicatorRef] = {}
        self._lock = threading.Lock()

    def peek(self, indicator_id: int) -> IndicatorRef | None:
        """From memory only; None when the database must say."""
        return self._known.get(indicator_id)

    def find(self, session: Session, indicator_id: int) -> IndicatorRef:
        """Blocking on a miss: call from a worker thread. NotFound for an unknown id."""
        known = self._known.get(indicator_id)
        if known is not None:
            return known
        row = session.exec(
            select(
                Indicator.id, Indicator.report_id, Indicator.recommendation_id, Indicator.code
            ).where(Indicator.id == indicator_id)
        ).first()
        if row is None:
            raise NotFound(f"no indicator with id {indicator_id}")
        found = IndicatorRef(*row)
        with self._lock:
            if len(self._known) >= MAX_REMEMBERED:
                self._known.clear()
            self._known[indicator_id] = found
        return found
