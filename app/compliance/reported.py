"""The entity's own reports of its progress: the one in force, and when the next is due."""

from app.compliance.calendar import add_months
from app.compliance.record import ProgressReportFact, RecommendationFacts, When


def reported_at(facts: RecommendationFacts, when: When) -> ProgressReportFact | None:
    """The entity's latest progress report: of those recorded by `known_at` and reported on a
    day reached by `as_of`, the one reported last (of one day, the one recorded last)."""
    known = [r for r in facts.progress_reports if when.counts(r.recorded_at, r.reported_on)]
    return max(known, key=lambda r: (r.reported_on, r.recorded_at, r.id), default=None)


def progress_report_due(
    facts: RecommendationFacts, reported: ProgressReportFact | None, when: When
) -> bool:
    """Due when a whole reporting cycle (counted from the report's issue date) has passed and
    no progress report was made within the last cycle. The caller asks only for open,
    accepted recommendations."""
    if facts.issued_on is None:
        return False
    today = when.as_of.date()
    if today < add_months(facts.issued_on, facts.reporting_cycle_months):
        return False
    cycle_start = add_months(today, -facts.reporting_cycle_months)
    return reported is None or reported.reported_on <= cycle_start
