"""The words of the compliance rules: verdicts, acceptance and the statuses they lead to."""

from enum import StrEnum


class Verdict(StrEnum):
    """An evaluator's judgement of one evidence item against its indicator."""

    MEETS = "meets"
    PARTIALLY_MEETS = "partially_meets"
    DOES_NOT_MEET = "does_not_meet"


class Acceptance(StrEnum):
    """The entity's answer to a recommendation in its management response; `under_consideration`
    until it gives one (the JIU's word), or while its response says so."""

    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    NOT_ACCEPTED = "not_accepted"
    UNDER_CONSIDERATION = "under_consideration"


# The answers that commit the entity to act: the implementation rate counts these alone.
ACCEPTING = (Acceptance.ACCEPTED, Acceptance.PARTIALLY_ACCEPTED)


class IndicatorStatus(StrEnum):
    MET = "met"
    PARTIALLY_MET = "partially_met"
    UNDER_REVIEW = "under_review"
    NOT_MET = "not_met"
    NO_EVIDENCE = "no_evidence"


class RecommendationStatus(StrEnum):
    """Where a recommendation stands, in the words of OIOS and the JIU (see DOMAIN.md)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    IMPLEMENTED = "implemented"
    # Closed by the oversight body without implementation (management accepts the risk): it
    # stays in the implementation rate, against it.
    CLOSED_NOT_IMPLEMENTED = "closed_not_implemented"
    # Closed as no longer relevant (or superseded): it leaves the implementation rate.
    NO_LONGER_RELEVANT = "no_longer_relevant"
    NOT_ACCEPTED = "not_accepted"


# No longer open: nothing more is due, so nothing can be overdue.
CLOSED = (
    RecommendationStatus.IMPLEMENTED,
    RecommendationStatus.CLOSED_NOT_IMPLEMENTED,
    RecommendationStatus.NO_LONGER_RELEVANT,
)
