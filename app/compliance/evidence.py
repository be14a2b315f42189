"""Which evidence counts at a given moment, and what its verdict was then."""

from app.compliance.record import AssessmentFact, EvidenceFact, When
from app.compliance.verdicts import CurrentEvidence


def is_current(item: EvidenceFact, when: When) -> bool:
    """Evidence counts once it was recorded (by `known_at`) and from the day it speaks for
    (`effective_on`, by `as_of`), unless a correction superseded it or it was withdrawn (by
    `known_at`: a correction says the item was wrong, for every day it spoke for).

    Recording times are the server's, so a status read as known at a past moment sees exactly
    what the record held then, never a later write.
    """
    if not when.counts(item.recorded_at, item.effective_on):
        return False
    if item.superseded_at is not None and item.superseded_at <= when.known_at:
        return False
    return item.withdrawn_at is None or item.withdrawn_at > when.known_at


def latest_assessment(item: EvidenceFact, when: When) -> AssessmentFact | None:
    """An item's verdict is its latest assessment recorded by `known_at` (a verdict judges the
    item, for every day it speaks for); earlier ones are history.

    Ties on the timestamp go to the later record (higher id), as it was written last.
    """
    known = [a for a in item.assessments if a.assessed_at <= when.known_at]
    return max(known, key=lambda a: (a.assessed_at, a.id), default=None)


def current_evidence(items: tuple[EvidenceFact, ...], when: When) -> tuple[CurrentEvidence, ...]:
    """The indicator's evidence that counts, oldest first, each with its verdict."""
    current = []
    for item in sorted(items, key=lambda e: (e.recorded_at, e.id)):
        if not is_current(item, when):
            continue
        assessment = latest_assessment(item, when)
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
