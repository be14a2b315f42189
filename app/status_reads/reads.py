"""Status reads, the one component that knows data versions, rendered bodies, the records
held for past moments, and status ETags. Routes, the early answers to polls, the dashboard,
exports and the command line all ask it.

Invariants: a body is cached under the data version it was computed from (read in the same
snapshot), so it is never stale for its key; versions are re-read at most CHECK_EVERY_SECONDS
apart (at once after a write through this process), so a current status is at most that stale
for writes made through other instances. Methods that may read the database are meant for a
worker thread (`answer` moves them there itself); `peek` and `answer_from_memory` never do."""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import assert_never

import anyio
from sqlmodel import Session

from app.access.scopes import Scope
from app.clock import Clock
from app.compliance.record import ReportFacts
from app.db import Database, consistent_snapshot
from app.errors import NotFound
from app.models import Indicator, Recommendation, Report
from app.models.data_version import ALL_REPORTS, TOKENS
from app.moments import Moment
from app.preconditions import none_match
from app.schemas.evidence import MAX_ID
from app.schemas.history import HistoryRead
from app.schemas.portfolio import ReportSummary
from app.schemas.status import IndicatorStatusAt, RecommendationStatusAt, ReportStatusRead
from app.services.recommendations import find_indicator, find_recommendation
from app.status_reads.bodies import BodyCache, StatusKey
from app.status_reads.directory import ReportDirectory
from app.status_reads.held_records import HeldRecords
from app.status_reads.history import Period, report_history
from app.status_reads.portfolio import Summaries, render_groups, render_portfolio
from app.status_reads.queries import (
    HistoryQuery,
    IndicatorQuery,
    PortfolioGroupsQuery,
    PortfolioQuery,
    RecommendationQuery,
    ReportQuery,
    StatusAnswer,
    StatusQuery,
)
from app.status_reads.record_queries import load_report_facts
from app.status_reads.rendering import (
    indicator_status_at,
    recommendation_status_at,
    report_status_read,
)
from app.status_reads.versions import DataVersions, read_versions, report_version

log = logging.getLogger(__name__)


class StatusReads:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        capacity: int = 512,
        on_tokens_moved: Callable[[], None] | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        # Told when another instance (or this one) created or revoked a token.
        self.on_tokens_moved = on_tokens_moved
        self.versions = DataVersions(self._read_versions, clock)
        self.bodies = BodyCache(capacity)
        self.held = HeldRecords()
        self.summaries = Summaries(capacity * 4)
        self.reports = ReportDirectory(database)
        self._lock = threading.Lock()
        self._flights: dict[StatusKey, threading.Lock] = {}

    def saw_write(self) -> None:
        """A write was committed through this process: what it changed shows at once (every
        report's version is re-read before the next answer; one row when few moved)."""
        self.versions.invalidate()

    def prime(self) -> None:
        """Read the versions once at startup (blocking), so that the first request finds them
        and a token write seen later is known to be one. A database not reachable yet is logged:
        requests then read the versions for themselves."""
        try:
            self.versions.refresh()
        except Exception:
            log.warning("could not read the data versions at startup", exc_info=True)

    async def keep_fresh(self) -> None:
        await self.versions.keep_fresh()

    # Answers ---------------------------------------------------------------------------

    def answer_from_memory(
        self, query: StatusQuery, if_none_match: str | None
    ) -> StatusAnswer | None:
        """The answer, if memory alone can give it exactly; else None (ask `answer`)."""
        key = self.peek(query)
        if key is None:
            return None
        if none_match(if_none_match, key.etag):
            return StatusAnswer(key.etag, None)
        body = self.bodies.get(key)
        return None if body is None else StatusAnswer(key.etag, body)

    async def answer(self, query: StatusQuery, if_none_match: str | None) -> StatusAnswer:
        """304 from the key alone; else the cached body, or one rendered in a worker thread."""
        peeked = self.peek(query)
        key = peeked if peeked is not None else await anyio.to_thread.run_sync(self.key, query)
        if none_match(if_none_match, key.etag):
            return StatusAnswer(key.etag, None)
        body = self.bodies.get(key)
        if body is None:
            key, body = await anyio.to_thread.run_sync(self.body, key, query)
        return StatusAnswer(key.etag, body)

    # Keys: from memory -----------------------------------------------------------------

    def peek(self, query: StatusQuery) -> StatusKey | None:
        """The key of a current report or portfolio status, if the versions are fresh and the
        report known; never touches the database. None for everything else."""
        if (
            not isinstance(query, ReportQuery | PortfolioQuery | PortfolioGroupsQuery)
            or self.versions.stale()
        ):
            return None
        versions = self.versions.current()
        if isinstance(query, PortfolioQuery):
            return StatusKey("portfolio", 0, versions.get(ALL_REPORTS, 0), query.label)
        if isinstance(query, PortfolioGroupsQuery):
            return StatusKey("groups", 0, versions.get(ALL_REPORTS, 0), query.label)
        known = self.reports.peek(query.report, versions.get(ALL_REPORTS, 0))
        if known is None:
            return None
        return StatusKey("report", known.id, versions.get(known.id, 0), query.moment.label)

    # Keys and bodies: may read the database ---------------------------------------------

    def key(self, query: StatusQuery) -> StatusKey:
        """The key that names the answer to `query` (NotFound for what does not exist)."""
        versions = self.versions.fresh()
        match query:
            case PortfolioQuery():
                return StatusKey("portfolio", 0, versions.get(ALL_REPORTS, 0), query.label)
            case PortfolioGroupsQuery():
                return StatusKey("groups", 0, versions.get(ALL_REPORTS, 0), query.label)
            case ReportQuery(report=ref, moment=moment):
                known = self.reports.find(ref, versions.get(ALL_REPORTS, 0))
                return StatusKey("report", known.id, versions.get(known.id, 0), moment.label)
            case HistoryQuery(report=ref, period=period):
                known = self.reports.find(ref, versions.get(ALL_REPORTS, 0))
                return StatusKey("history", known.id, versions.get(known.id, 0), period.label)
            case RecommendationQuery(recommendation_id=entity_id, moment=moment):
                report_id = self._owner(Recommendation, entity_id)
                return StatusKey(
                    "recommendation", entity_id, versions.get(report_id, 0), moment.label
                )
            case IndicatorQuery(indicator_id=entity_id, moment=moment):
                report_id = self._owner(Indicator, entity_id)
                return StatusKey("indicator", entity_id, versions.get(report_id, 0), moment.label)
            case _:
                assert_never(query)

    def body(self, key: StatusKey, query: StatusQuery) -> tuple[StatusKey, bytes]:
        """The body for `key`, computed once however many ask at the same time, from a
        snapshot whose version names the key it is cached under (a write may have landed
        since `key` was made: the actual key comes back with the body)."""
        cached = self.bodies.get(key)
        if cached is not None:
            return key, cached
        with self._once(key):
            cached = self.bodies.get(key)
            if cached is not None:
                return key, cached
            actual, body = self._render(key, query)
            self.bodies.put(actual, body)
            return actual, body

    def _render(self, key: StatusKey, query: StatusQuery) -> tuple[StatusKey, bytes]:
        rendered: ReportStatusRead | HistoryRead | RecommendationStatusAt | IndicatorStatusAt
        with self._snapshot() as session:
            match query:
                case PortfolioQuery(moment=moment, within=within):
                    return render_portfolio(self.summaries, session, moment, within, key.moment)
                case PortfolioGroupsQuery(portfolio=portfolio, group_by=group_by):
                    return render_groups(self.summaries, session, portfolio, group_by, key.moment)
                case ReportQuery(moment=moment):
                    report, facts, version = self._record(session, key.entity_id)
                    rendered = report_status_read(report, facts, moment, version)
                case HistoryQuery(period=period):
                    report, facts, version = self._record(session, key.entity_id)
                    rendered = report_history(report, facts, period, version=version)
                case RecommendationQuery(moment=moment):
                    rendered = self._recommendation(session, key.entity_id, moment)
                case IndicatorQuery(moment=moment):
                    rendered = self._indicator(session, key.entity_id, moment)
                case _:
                    assert_never(query)
        version = rendered.data_version  # every status body names its version
        actual = StatusKey(key.kind, key.entity_id, version, key.moment)
        return actual, rendered.model_dump_json(by_alias=True).encode()

    def _recommendation(
        self, session: Session, recommendation_id: int, moment: Moment
    ) -> RecommendationStatusAt:
        """Read for the one recommendation alone, up to the moment (not the whole record held
        in memory: many recommendations of one report are asked for at once after a write)."""
        recommendation = find_recommendation(session, recommendation_id)
        report, version = self._report(session, recommendation.report_id)
        facts = load_report_facts(
            session, report, moment.known, recommendation_id=recommendation_id
        )
        return recommendation_status_at(report, facts, recommendation, moment, version)

    def _indicator(self, session: Session, indicator_id: int, moment: Moment) -> IndicatorStatusAt:
        """Read for the one indicator alone, up to the moment (as for a recommendation)."""
        indicator = find_indicator(session, indicator_id)
        report, version = self._report(session, indicator.report_id)
        facts = load_report_facts(
            session,
            report,
            moment.known,
            recommendation_id=indicator.recommendation_id,
            indicator_id=indicator_id,
        )
        return indicator_status_at(report, facts, indicator, moment, version)

    def portfolio_summaries(self, moment: Moment, within: Scope) -> list[ReportSummary]:
        """Every report's summary the scope reaches (the dashboard's portfolio page)."""
        with self._snapshot() as session:
            return self.summaries.lines(session, moment, within)[1]

    # Typed statuses: the dashboard, exports, the command line -----------------------------

    def report_status(self, report: Report, moment: Moment) -> tuple[StatusKey, ReportStatusRead]:
        """The report's status and the key (ETag) a poll of it would carry."""
        assert report.id is not None
        with self._snapshot() as session:
            _, facts, version = self._record(session, report.id)
        key = StatusKey("report", report.id, version, moment.label)
        return key, report_status_read(report, facts, moment, version)

    def report_view(
        self, report: Report, moment: Moment, period: Period
    ) -> tuple[StatusKey, ReportStatusRead, HistoryRead]:
        """The report's status, its key and its history, from one snapshot (the dashboard)."""
        assert report.id is not None
        with self._snapshot() as session:
            _, facts, version = self._record(session, report.id)
        key = StatusKey("report", report.id, version, moment.label)
        status = report_status_read(report, facts, moment, version)
        return key, status, report_history(report, facts, period, version=version)

    def current_record(self, report_id: int) -> tuple[Report, ReportFacts, int]:
        """A report, its whole record as it stands and the version of both (the watcher of
        notices judges it; held records are shared with the status answers)."""
        with self._snapshot() as session:
            return self._record(session, report_id)

    def indicator_status(self, indicator: Indicator, moment: Moment) -> IndicatorStatusAt:
        assert indicator.id is not None
        with self._snapshot() as session:
            return self._indicator(session, indicator.id, moment)

    # The record ------------------------------------------------------------------------

    @contextmanager
    def _snapshot(self) -> Iterator[Session]:
        with self.database.read_session() as session:
            consistent_snapshot(session)
            yield session

    def _report(self, session: Session, report_id: int) -> tuple[Report, int]:
        """The report and its version, as the session's snapshot holds them."""
        report = session.get(Report, report_id) if report_id <= MAX_ID else None
        if report is None:  # only possible if the schema's foreign keys were bypassed
            raise NotFound(f"no report with id {report_id}")
        return report, report_version(session, report_id)

    def _record(self, session: Session, report_id: int) -> tuple[Report, ReportFacts, int]:
        """The report, its whole record and the version both are of, from one snapshot."""
        report, version = self._report(session, report_id)
        return report, self.held.facts(session, report, version), version

    def _read_versions(self, known: dict[int, int]) -> dict[int, int]:
        with self.database.read_session() as session:
            versions = read_versions(session, known)
        # Nothing is known before the first read (`prime` makes it at startup, before any token
        # is remembered): only a move seen between two reads means a token changed.
        moved = versions.get(TOKENS, 0) != known.get(TOKENS, 0)
        if moved and known and self.on_tokens_moved is not None:
            self.on_tokens_moved()
        return versions

    def _owner(self, table: type[Recommendation] | type[Indicator], entity_id: int) -> int:
        """The report a recommendation or an indicator belongs to (NotFound if none)."""
        with self.database.read_session() as session:
            if table is Recommendation:
                return find_recommendation(session, entity_id).report_id
            return find_indicator(session, entity_id).report_id

    def _once(self, key: StatusKey) -> threading.Lock:
        """One lock per key being computed: a burst of requests for a status that is not yet
        cached computes it once, the others wait for that result."""
        with self._lock:
            if len(self._flights) > 1024:
                self._flights = {k: v for k, v in self._flights.items() if v.locked()}
            return self._flights.setdefault(key, threading.Lock())
