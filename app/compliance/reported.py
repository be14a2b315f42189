"""The entity's own reports of its progress: the one in force, and when the next is due."""

from datetime import datetime

from app.compliance.calendar import add_months
from app.compliance.record import ProgressReportFact, RecommendationFacts


def reported_at(facts: RecommendationFacts, as_of: datetime) -> ProgressReportFact | None:
    """The entity's latest progress report at `as_of`: of those recorded by then and reported
    on a day already reached, the one reported last (of one day, the one recorded last)."""
    known = [
        r
        for r in facts.progress_reports
        if r.recorded_at <= as_of and r.reported_on <= as_of.date()
    ]
    return max(known, key=lambda r: (r.reported_on, r.recorded_at, r.id), default=None)


def progress_report_due(
    facts: RecommendationFacts, reported: ProgressReportFact | None, as_of: datetime
) -> bool:
    """Due when a whole reporting cycle (counted from the report's issue date) has passed and
    no progress report was made within the last cycle. The caller asks only for open,
    accepted recommendations."""
    if facts.issued_on is None:
        return False
    today = as_of.date()
    if today < add_months(facts.issued_on, facts.reporting_cycle_months):
        return False
    cycle_start = add_months(today, -facts.reporting_cycle_months)
    return reported is None or reported.reported_on <= cycle_start
