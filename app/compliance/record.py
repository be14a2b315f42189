"""The record as the rules read it: plain frozen values, the input of every compliance rule.

Facts carry their own timestamps so the rules can decide what was known at any `as_of`.
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
class ResponseFact:
    acceptance: Acceptance
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class TargetDateFact:
    new_date: date
    changed_at: datetime


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


def existed(created_at: datetime | None, as_of: datetime) -> bool:
    """A recommendation or indicator counts from the moment it entered the record."""
    return created_at is None or created_at <= as_of
