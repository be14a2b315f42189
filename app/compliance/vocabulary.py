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


class IndicatorJudgement(StrEnum):
    """An evaluator's judgement of an indicator as a whole (two items that each half-meet a
    two-part indicator may meet it together; a later failure may undo an earlier success)."""

    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"


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


class OfficialStatus(StrEnum):
    """What the oversight body may decide when it assesses a recommendation (a triennial review,
    a validation): the official status, which prevails over followup's reading of the evidence."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    IMPLEMENTED = "implemented"
    CLOSED_NOT_IMPLEMENTED = "closed_not_implemented"
    NO_LONGER_RELEVANT = "no_longer_relevant"


# The official decisions that close a recommendation without its implementation: they must
# say why (a justification).
CLOSURES = (OfficialStatus.CLOSED_NOT_IMPLEMENTED, OfficialStatus.NO_LONGER_RELEVANT)


class ReportedStatus(StrEnum):
    """What the entity reports of its own progress (self-assessment, each cycle): its claim,
    not a validated status."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"


class StatusBasis(StrEnum):
    """Which source decided the status in force."""

    OFFICIAL = "official"  # the oversight body's assessment in force
    DERIVED = "derived"  # followup's reading of the evidence, responses and actions


class Flag(StrEnum):
    """What a follow-up officer should look at: the sources of status disagree, or a step of
    the cycle is due."""

    # The evidence says implemented; the oversight body has not said so (yet).
    READY_FOR_VALIDATION = "ready_for_validation"
    # The oversight body and the evidence disagree on whether it is implemented.
    OFFICIAL_DIFFERS_FROM_EVIDENCE = "official_differs_from_evidence"
    # The entity reports it implemented; neither the oversight body nor the evidence says so.
    CLAIM_NOT_SUPPORTED = "claim_not_supported"
    # Open, and no progress report within the report's reporting cycle.
    PROGRESS_REPORT_DUE = "progress_report_due"


# No longer open: nothing more is due, so nothing can be overdue.
CLOSED = (
    RecommendationStatus.IMPLEMENTED,
    RecommendationStatus.CLOSED_NOT_IMPLEMENTED,
    RecommendationStatus.NO_LONGER_RELEVANT,
)
