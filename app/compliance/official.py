"""The oversight body's assessment in force, and what to look at where the sources disagree."""

from app.compliance.record import (
    OfficialAssessmentFact,
    ProgressReportFact,
    RecommendationFacts,
    When,
)
from app.compliance.verdicts import Explanation
from app.compliance.vocabulary import Flag, OfficialStatus, RecommendationStatus, ReportedStatus


def official_at(facts: RecommendationFacts, when: When) -> OfficialAssessmentFact | None:
    """The assessment in force: of those recorded by `known_at` and speaking for a day reached
    by `as_of`, the one assessed last (of one day, the one recorded last)."""
    known = [a for a in facts.assessments if when.counts(a.recorded_at, a.assessed_on)]
    return max(known, key=lambda a: (a.assessed_on, a.recorded_at, a.id), default=None)


def official_explanation(code: str, official: OfficialAssessmentFact) -> Explanation:
    status = RecommendationStatus(official.status)
    source = f" ({official.source_ref})" if official.source_ref else ""
    return Explanation(
        rule=f"recommendation.official.{status}",
        summary=f"{code} {status}: assessed so by the oversight body on "
        f"{official.assessed_on.isoformat()}{source}",
        params={
            "code": code,
            "on": official.assessed_on.isoformat(),
            "source_ref": official.source_ref,
        },
    )


def flags(
    official: OfficialAssessmentFact | None,
    derived: RecommendationStatus,
    reported: ProgressReportFact | None,
    *,
    report_due: bool,
) -> tuple[Flag, ...]:
    """`ready_for_validation` when the evidence says implemented and the oversight body has not
    (yet); `official_differs_from_evidence` when the two disagree on whether it is implemented;
    `claim_not_supported` when the entity reports it implemented and neither of them says so;
    `progress_report_due` as the caller decided."""
    found: list[Flag] = []
    derived_done = derived is RecommendationStatus.IMPLEMENTED
    official_done = official is not None and official.status is OfficialStatus.IMPLEMENTED
    if derived_done and not official_done:
        found.append(Flag.READY_FOR_VALIDATION)
    if official is not None and official_done != derived_done:
        found.append(Flag.OFFICIAL_DIFFERS_FROM_EVIDENCE)
    claimed = reported is not None and reported.status is ReportedStatus.IMPLEMENTED
    if claimed and not (official_done or derived_done):
        found.append(Flag.CLAIM_NOT_SUPPORTED)
    if report_due:
        found.append(Flag.PROGRESS_REPORT_DUE)
    return tuple(found)
