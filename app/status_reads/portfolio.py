"""The portfolio's lines: each report's summary, kept per (report, version, moment), so that a
portfolio is recomputed only for the reports that changed; and the portfolio's bodies, whole
or grouped, made from them."""

import threading

from sqlmodel import Session, col, select

from app.access.scopes import ReportRef, Scope
from app.models import Report
from app.models.data_version import ALL_REPORTS
from app.moments import Moment
from app.schemas.portfolio import GroupBy, PortfolioGroupsRead, PortfolioRead, ReportSummary
from app.status_reads.bodies import StatusKey
from app.status_reads.groups import portfolio_groups
from app.status_reads.queries import PortfolioQuery
from app.status_reads.record_queries import load_report_facts
from app.status_reads.rendering import portfolio_totals, report_status_read, report_summary
from app.status_reads.versions import read_versions

# (report id, data version, moment label)
Slot = tuple[int, int, str]


class Summaries:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: dict[Slot, ReportSummary] = {}
        self._lock = threading.Lock()

    def get(self, slot: Slot) -> ReportSummary | None:
        return self._entries.get(slot)

    def put(self, slot: Slot, summary: ReportSummary) -> ReportSummary:
        with self._lock:
            if len(self._entries) > self.capacity:
                self._entries.clear()
            self._entries[slot] = summary
        return summary

    def lines(
        self, session: Session, moment: Moment, within: Scope
    ) -> tuple[dict[int, int], list[ReportSummary]]:
        """The data versions read, and the summary of each report the scope reaches."""
        versions = read_versions(session)
        reports = session.exec(select(Report).order_by(col(Report.id))).all()
        return versions, [
            self.line(session, report, versions, moment)
            for report in reports
            if within.covers(ReportRef(report.code, report.entity))
        ]

    def line(
        self, session: Session, report: Report, versions: dict[int, int], moment: Moment
    ) -> ReportSummary:
        assert report.id is not None
        version = versions.get(report.id, 0)
        slot = (report.id, version, moment.label)
        found = self.get(slot)
        if found is not None:
            return found
        # Only what was recorded by the moment it is known at: a portfolio read as known at a
        # past moment reads far less than every report's whole record, and holds none of them.
        facts = load_report_facts(session, report, moment.known)
        status = report_status_read(report, facts, moment, version)
        return self.put(slot, report_summary(status, report))


def render_portfolio(
    summaries: Summaries, session: Session, moment: Moment, within: Scope, label: str
) -> tuple[StatusKey, bytes]:
    versions, lines = summaries.lines(session, moment, within)
    actual = StatusKey("portfolio", 0, versions.get(ALL_REPORTS, 0), label)
    portfolio = PortfolioRead(
        as_of=moment.as_of,
        known_at=moment.known_at,
        evaluated_on=moment.at.date(),
        data_version=actual.version,
        totals=portfolio_totals(lines),
        reports=lines,
    )
    return actual, portfolio.model_dump_json().encode()


def render_groups(
    summaries: Summaries,
    session: Session,
    query: PortfolioQuery,
    group_by: GroupBy,
    label: str,
) -> tuple[StatusKey, bytes]:
    moment = query.moment
    versions, lines = summaries.lines(session, moment, query.within)
    actual = StatusKey("groups", 0, versions.get(ALL_REPORTS, 0), label)
    grouped = PortfolioGroupsRead(
        as_of=moment.as_of,
        known_at=moment.known_at,
        evaluated_on=moment.at.date(),
        data_version=actual.version,
        group_by=group_by,
        groups=portfolio_groups(lines, group_by),
    )
    return actual, grouped.model_dump_json().encode()
