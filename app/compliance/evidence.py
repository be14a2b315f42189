"""Which evidence counts at a given moment, and what its verdict was then."""

from datetime import datetime

from app.compliance.record import AssessmentFact, EvidenceFact
from app.compliance.verdicts import CurrentEvidence


def is_current(item: EvidenceFact, as_of: datetime) -> bool:
    """Evidence counts once it was recorded and speaks for a date already reached, until it is
    superseded by a correction or withdrawn.

    Times are compared as recorded by the server, so a status computed for a past moment sees
    exactly what the record held then, never a later write.
    """
    if item.recorded_at > as_of or item.effective_on > as_of.date():
        return False
    if item.superseded_at is not None and item.superseded_at <= as_of:
        return False
    return item.withdrawn_at is None or item.withdrawn_at > as_of


def latest_assessment(item: EvidenceFact, as_of: datetime) -> AssessmentFact | None:
    """An item's verdict is its latest assessment recorded by `as_of`; earlier ones are history.

    Ties on the timestamp go to the later record (higher id), as it was written last.
    """
    known = [a for a in item.assessments if a.assessed_at <= as_of]
    return max(known, key=lambda a: (a.assessed_at, a.id), default=None)


def current_evidence(
    items: tuple[EvidenceFact, ...], as_of: datetime
) -> tuple[CurrentEvidence, ...]:
    """The indicator's evidence that counts at `as_of`, oldest first, each with its verdict."""
    current = []
    for item in sorted(items, key=lambda e: (e.recorded_at, e.id)):
        if not is_current(item, as_of):
            continue
        assessment = latest_assessment(item, as_of)
        current.append(
            CurrentEvidence(
                id=item.id,
                effective_on=item.effective_on,
                recorded_at=item.recorded_at,
                verdict=assessment.verdict if assessment else None,
                assessment_id=assessment.id if assessment else None,
                assessed_at=assessment.assessed_at if assessment else None,
            )
        )
    return tuple(current)
