"""Serving statuses from memory. Bodies are cached under the data version they were computed
from, and the versions are re-read at most every CHECK_EVERY_SECONDS (at once after a write
here), so a cached answer is at most that stale and every instance gives the same answer for
the same version. Methods that may touch the database are meant for a worker thread; the
`peek` methods never do."""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.db import Database
from app.errors import NotFound
from app.models import Report
from app.models.data_version import ALL_REPORTS
from app.schemas.evidence import MAX_ID
from app.schemas.portfolio import PortfolioRead, ReportSummary
from app.schemas.status import ReportStatusRead
from app.services.facts_cache import FactsCache
from app.services.status import Moment, compute_report_status, ref_of
from app.services.status_cache import StatusCache, StatusKey
from app.services.versions import read_versions


@dataclass(frozen=True, slots=True)
class Known:
    id: int
    code: str


def _snapshot(session: Session) -> None:
    """One consistent view for the whole computation (PostgreSQL reads committed data statement
    by statement otherwise; SQLite's read transaction is a snapshot already)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


class StatusBoard:
    def __init__(self, database: Database, cache: StatusCache) -> None:
        self.database = database
        self.cache = cache
        self.facts = FactsCache()
        self._reports: dict[str, Known] = {}
        self._reports_version = -1
        self._summaries: dict[tuple[int, int, str], ReportSummary] = {}
        self._lock = threading.Lock()
        self._flights: dict[StatusKey, threading.Lock] = {}

    def _once(self, key: StatusKey) -> threading.Lock:
        """One lock per key being computed: a burst of requests for a status that is not yet
        cached computes it once, the others wait for that result."""
        with self._lock:
            if len(self._flights) > 1024:
                self._flights = {k: v for k, v in self._flights.items() if v.locked()}
            return self._flights.setdefault(key, threading.Lock())

    # Without the database --------------------------------------------------------------

    def peek_report(self, ref: str, moment: Moment) -> StatusKey | None:
        """The key of a report's status, if the versions are fresh and the report is known."""
        if self.database.versions.stale():
            return None
        versions = self.database.versions.current()
        if versions.get(ALL_REPORTS, 0) != self._reports_version:
            return None
        known = self._reports.get(ref)
        if known is None:
            return None
        return StatusKey("report", known.id, versions.get(known.id, 0), moment.label)

    def peek_portfolio(self, moment: Moment) -> StatusKey | None:
        if self.database.versions.stale():
            return None
        versions = self.database.versions.current()
        return StatusKey("portfolio", 0, versions.get(ALL_REPORTS, 0), moment.label)

    # May touch the database (call from a worker thread) -------------------------------------

    def _fresh_versions(self) -> dict[int, int]:
        tracker = self.database.versions
        return tracker.refresh() if tracker.stale() else tracker.current()

    def _known(self, session: Session, versions: dict[int, int]) -> None:
        overall = versions.get(ALL_REPORTS, 0)
        if overall == self._reports_version:
            return
        known: dict[str, Known] = {}
        for report_id, code in session.execute(
            select(Report.id, Report.code).order_by(col(Report.id))
        ).all():
            assert report_id is not None
            known[code] = known[str(report_id)] = Known(report_id, code)
        with self._lock:
            self._reports, self._reports_version = known, overall

    def report_key(self, ref: str, moment: Moment) -> StatusKey:
        versions = self._fresh_versions()
        if ref not in self._reports or versions.get(ALL_REPORTS, 0) != self._reports_version:
            with self.database.read_session() as session:
                self._known(session, versions)
        known = self._reports.get(ref)
        if known is None:
            raise NotFound(f"no report with id or code {ref!r}")
        return StatusKey("report", known.id, versions.get(known.id, 0), moment.label)

    def portfolio_key(self, moment: Moment) -> StatusKey:
        versions = self._fresh_versions()
        return StatusKey("portfolio", 0, versions.get(ALL_REPORTS, 0), moment.label)

    def report_body(self, key: StatusKey, moment: Moment) -> tuple[StatusKey, bytes]:
        """The body for `key`, computed once; computed from a snapshot whose version names the
        key it is cached under (a write may have landed since `key` was made)."""
        return self._cached_or(key, lambda: self._render_report(key, moment))

    def _cached_or(
        self, key: StatusKey, render: Callable[[], tuple[StatusKey, bytes]]
    ) -> tuple[StatusKey, bytes]:
        """The cached body for `key`, else `render` it: once, however many ask at the same time."""
        cached = self.cache.get(key)
        if cached is not None:
            return key, cached
        with self._once(key):
            cached = self.cache.get(key)
            if cached is not None:
                return key, cached
            return render()

    def _render_report(self, key: StatusKey, moment: Moment) -> tuple[StatusKey, bytes]:
        with self.database.read_session() as session:
            _snapshot(session)
            status, actual = self._compute(session, key.entity_id, moment)
        body = status.model_dump_json().encode()
        self.cache.put(actual, body)
        return actual, body

    def _compute(
        self, session: Session, report_id: int, moment: Moment
    ) -> tuple[ReportStatusRead, StatusKey]:
        report = session.get(Report, report_id) if report_id <= MAX_ID else None
        if report is None:
            raise NotFound(f"no report with id {report_id}")
        version = read_versions(session).get(report_id, 0)
        facts = self.facts.facts(session, report, version)
        status = compute_report_status(session, report, moment, version=version, facts=facts)
        return status, StatusKey("report", report_id, version, moment.label)

    def portfolio_body(self, key: StatusKey, moment: Moment) -> tuple[StatusKey, bytes]:
        """Every report's summary; a report's summary is recomputed only when it changed."""
        return self._cached_or(key, lambda: self._render_portfolio(moment))

    def _render_portfolio(self, moment: Moment) -> tuple[StatusKey, bytes]:
        with self.database.read_session() as session:
            _snapshot(session)
            versions = read_versions(session)
            summaries = []
            for report in session.exec(select(Report).order_by(col(Report.id))).all():
                assert report.id is not None
                summaries.append(self._summary(session, report, versions, moment))
        actual = StatusKey("portfolio", 0, versions.get(ALL_REPORTS, 0), moment.label)
        body = (
            PortfolioRead(
                as_of=moment.as_of,
                evaluated_on=moment.at.date(),
                data_version=actual.version,
                reports=summaries,
            )
            .model_dump_json()
            .encode()
        )
        self.cache.put(actual, body)
        return actual, body

    def _summary(
        self, session: Session, report: Report, versions: dict[int, int], moment: Moment
    ) -> ReportSummary:
        assert report.id is not None
        version = versions.get(report.id, 0)
        slot = (report.id, version, moment.label)
        found = self._summaries.get(slot)
        if found is not None:
            return found
        status = compute_report_status(session, report, moment, version=version)
        summary = ReportSummary(
            report=ref_of(report),
            data_version=version,
            recommendation_counts=status.recommendation_counts,
            indicator_counts=status.indicator_counts,
            overdue=sum(1 for r in status.recommendations if r.overdue),
            acceptance_rate=status.acceptance_rate,
            implementation_rate=status.implementation_rate,
            progress=status.progress,
        )
        with self._lock:
            if len(self._summaries) > 4 * self.cache.capacity:
                self._summaries.clear()
            self._summaries[slot] = summary
        return summary
