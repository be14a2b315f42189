"""The words of the compliance rules: verdicts, acceptance and the statuses they lead to."""

from enum import StrEnum


class Verdict(StrEnum):
    """An evaluator's judgement of one evidence item against its indicator."""

    MEETS = "meets"
    PARTIALLY_MEETS = "partially_meets"
    DOES_NOT_MEET = "does_not_meet"


class Acceptance(StrEnum):
    """The entity's answer to a recommendation in its management response."""

    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    NOT_ACCEPTED = "not_accepted"


class IndicatorStatus(StrEnum):
    MET = "met"
    PARTIALLY_MET = "partially_met"
    UNDER_REVIEW = "under_review"
    NOT_MET = "not_met"
    NO_EVIDENCE = "no_evidence"


class RecommendationStatus(StrEnum):
    IMPLEMENTED = "implemented"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_ACCEPTED = "not_accepted"
    NO_LONGER_RELEVANT = "no_longer_relevant"
