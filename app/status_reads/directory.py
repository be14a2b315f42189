"""Which report a path names, by its id or its code, held in memory per version of the whole
record (a new report moves it)."""

import threading
from dataclasses import dataclass

from sqlmodel import col, select

from app.db import Database
from app.errors import NotFound
from app.models import Report


@dataclass(frozen=True, slots=True)
class KnownReport:
    id: int
    code: str


class ReportDirectory:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._reports: dict[str, KnownReport] = {}
        self._version = -1  # of the whole record, when the references were read
        self._lock = threading.Lock()

    def peek(self, ref: str, overall_version: int) -> KnownReport | None:
        """From memory only: None when the database must say."""
        if overall_version != self._version:
            return None
        return self._reports.get(ref)

    def find(self, ref: str, overall_version: int) -> KnownReport:
        """The report `ref` names (NotFound if none); blocking: call from a worker thread."""
        if ref not in self._reports or overall_version != self._version:
            known: dict[str, KnownReport] = {}
            with self.database.read_session() as session:
                for report_id, code in session.execute(
                    select(Report.id, Report.code).order_by(col(Report.id))
                ).all():
                    assert report_id is not None
                    known[code] = known[str(report_id)] = KnownReport(report_id, code)
            with self._lock:
                self._reports, self._version = known, overall_version
        found = self._reports.get(ref)
        if found is None:
            raise NotFound(f"no report with id or code {ref!r}")
        return found
