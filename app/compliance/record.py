"""The record as the rules read it: plain frozen values, the input of every compliance rule.

Facts carry two times: when they were recorded (transaction time) and the day they speak for
(valid time: an evidence item's effective_on, a response's responded_on, an assessment's
assessed_on...). A status is asked for on both axes (see When).
"""

from dataclasses import dataclass
from datetime import date, datetime

from app.compliance.vocabulary import (
    Acceptance,
    IndicatorJudgement,
    OfficialStatus,
    ReportedStatus,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class AssessmentFact:
    id: int
    verdict: Verdict
    assessed_at: datetime


@dataclass(frozen=True, slots=True)
class EvidenceFact:
    id: int
    effective_on: date
    recorded_at: datetime
    # When the correction that replaced this item was recorded (None: never corrected).
    superseded_at: datetime | None = None
    superseded_by: int | None = None
    withdrawn_at: datetime | None = None
    assessments: tuple[AssessmentFact, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorJudgementFact:
    """An evaluator's judgement of the indicator as a whole, as of the day it speaks for."""

    id: int
    status: IndicatorJudgement
    assessed_on: date
    recorded_at: datetime
    evidence_ids: tuple[int, ...] = ()
    comment: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    id: int
    code: str
    evidence: tuple[EvidenceFact, ...] = ()
    judgements: tuple[IndicatorJudgementFact, ...] = ()
    # When the indicator entered the record (None: always there).
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class When:
    """The two time axes of a status: `as_of`, the moment it speaks for (what was true then),
    and `known_at`, how much of the record is read (only what was recorded by then). A backlog
    of evidence entered today about last year counts in last year's status as known now; with
    `known_at` set back, a status is what the tracker said at that moment."""

    as_of: datetime
    known_at: datetime

    @staticmethod
    def of(as_of: datetime, known_at: datetime | None = None) -> "When":
        """Without `known_at`: as the record stood at `as_of` itself."""
        return When(as_of=as_of, known_at=as_of if known_at is None else known_at)

    def counts(self, recorded_at: datetime, valid_on: date | None = None) -> bool:
        """A fact counts when it was recorded by `known_at` and speaks for a day reached by
        `as_of` (a fact without a day of its own speaks from when it was recorded)."""
        day = recorded_at.date() if valid_on is None else valid_on
        return recorded_at <= self.known_at and day <= self.as_of.date()


@dataclass(frozen=True, slots=True)
class ResponseFact:
    acceptance: Acceptance
    recorded_at: datetime
    responded_on: date | None = None


@dataclass(frozen=True, slots=True)
class TargetDateFact:
    new_date: date
    changed_at: datetime
    decided_on: date | None = None


@dataclass(frozen=True, slots=True)
class ActionStateFact:
    """A follow-up action's state as recorded at a moment: under way (in progress or
    completed) or not (planned, dropped)."""

    under_way: bool
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class ActionFact:
    id: int
    states: tuple[ActionStateFact, ...] = ()  # as created, then as each change left it


@dataclass(frozen=True, slots=True)
class OfficialAssessmentFact:
    """The oversight body's assessment of a recommendation, as of the day it speaks for."""

    id: int
    status: OfficialStatus
    assessed_on: date
    recorded_at: datetime
    source_ref: str = ""
    comment: str = ""


@dataclass(frozen=True, slots=True)
class ProgressReportFact:
    """The entity's report of its progress, as of the day it was reported."""

    id: int
    status: ReportedStatus
    reported_on: date
    recorded_at: datetime
    period: str | None = None
    expected_completion_on: date | None = None


# How often the entity reports its progress unless the report says otherwise (OIOS asks the
# Secretariat twice a year).
REPORTING_CYCLE_MONTHS = 6


@dataclass(frozen=True, slots=True)
class RecommendationFacts:
    id: int
    code: str
    indicators: tuple[IndicatorFacts, ...] = ()
    # Evidence recorded against the recommendation itself: its one criterion when it has no
    # indicators (as JIU recommendations have none), activity beside them when it has.
    evidence: tuple[EvidenceFact, ...] = ()
    responses: tuple[ResponseFact, ...] = ()
    actions: tuple[ActionFact, ...] = ()
    assessments: tuple[OfficialAssessmentFact, ...] = ()
    progress_reports: tuple[ProgressReportFact, ...] = ()
    # The report's: when it was issued, and how often progress is to be reported from then.
    issued_on: date | None = None
    reporting_cycle_months: int = REPORTING_CYCLE_MONTHS
    original_target_date: date | None = None
    target_date_changes: tuple[TargetDateFact, ...] = ()
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReportFacts:
    id: int
    code: str
    recommendations: tuple[RecommendationFacts, ...] = ()


def existed(created_at: datetime | None, issued_on: date | None, when: When) -> bool:
    """A recommendation or an indicator counts once it entered the record (by `known_at`),
    and from the report's issue date on (by `as_of`)."""
    if created_at is not None and created_at > when.known_at:
        return False
    return issued_on is None or issued_on <= when.as_of.date()
