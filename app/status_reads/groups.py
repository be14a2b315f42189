"""The portfolio by oversight body, by entity or by year of issue: each group's reports
counted together (the rates from the summed counts, as the portfolio's totals are), and the
recommendation open the longest. Pure: made from the reports' summaries."""

from collections import defaultdict
from collections.abc import Iterable

from app.schemas.portfolio import GroupBy, OldestOpen, PortfolioGroup, ReportSummary
from app.status_reads.rendering import portfolio_totals

UNDATED = "undated"


def group_key(summary: ReportSummary, group_by: GroupBy) -> str:
    match group_by:
        case GroupBy.OVERSIGHT_BODY:
            return summary.oversight_body
        case GroupBy.ENTITY:
            return summary.entity
        case GroupBy.YEAR:
            return str(summary.issued_on.year) if summary.issued_on else UNDATED


def oldest_open(summaries: Iterable[ReportSummary]) -> OldestOpen | None:
    """Of the reports with a recommendation still open, the earliest issued (undated last;
    ties by report id), and its first open recommendation."""
    candidates = [s for s in summaries if s.open_recommendations]
    if not candidates:
        return None
    dated = [s for s in candidates if s.issued_on is not None]
    first = (
        min(dated, key=lambda s: (s.issued_on, s.report.id))
        if dated
        else min(candidates, key=lambda s: s.report.id)
    )
    return OldestOpen(
        report=first.report.code,
        recommendation=first.open_recommendations[0],
        issued_on=first.issued_on,
    )


def portfolio_groups(summaries: Iterable[ReportSummary], group_by: GroupBy) -> list[PortfolioGroup]:
    """One group per key, in the order of their keys (years ascending, undated last)."""
    grouped: dict[str, list[ReportSummary]] = defaultdict(list)
    for summary in summaries:
        grouped[group_key(summary, group_by)].append(summary)
    order = sorted(grouped, key=lambda key: (key == UNDATED, key))
    return [
        PortfolioGroup(
            key=key,
            reports=[s.report.code for s in grouped[key]],
            totals=portfolio_totals(grouped[key]),
            oldest_open=oldest_open(grouped[key]),
        )
        for key in order
    ]
