"""Compliance status as served: each verdict with the explanation that decided it."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from app.compliance.vocabulary import (
    Acceptance,
    Flag,
    IndicatorJudgement,
    IndicatorStatus,
    OfficialStatus,
    RecommendationStatus,
    ReportedStatus,
    StatusBasis,
    Verdict,
)

MAX_CITED = 50


class ExplanationRead(BaseModel):
    rule: str = Field(description="The rule that decided, e.g. indicator.partially_met.")
    summary: str = Field(description="The explanation in English, statuses named by code.")
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="The facts the rule decided on (codes, statuses, days, ids), from which "
        "the explanation is said in any language; their names depend on the rule (see "
        "docs/explanations.md).",
    )
    evidence_ids: list[int] = Field(
        description=f"The deciding evidence items (the first {MAX_CITED}, oldest first)."
    )
    evidence_total: int = Field(description="How many evidence items decided it.")
    indicator_codes: list[str]


class EvidenceVerdictRead(BaseModel):
    id: int
    effective_on: date
    recorded_at: datetime
    verdict: Verdict | None
    assessment_id: int | None
    assessed_at: datetime | None


class IndicatorJudgementRead(BaseModel):
    """An evaluator's judgement of the indicator as a whole, in force."""

    id: int
    status: IndicatorJudgement
    assessed_on: date
    evidence_ids: list[int]
    comment: str


class DerivedIndicatorRead(BaseModel):
    """What the evidence items' own verdicts give."""

    status: IndicatorStatus
    explanation: ExplanationRead


class IndicatorStatusRead(BaseModel):
    id: int
    code: str
    status: IndicatorStatus = Field(
        description="In force: the judgement of the indicator as a whole, else the derived one."
    )
    status_basis: StatusBasis
    official: IndicatorJudgementRead | None
    derived: DerivedIndicatorRead
    explanation: ExplanationRead
    evidence_count: int = Field(description="How many evidence items count at as_of.")


class OwnEvidenceRead(BaseModel):
    """What the evidence recorded against the recommendation itself gives, by the indicators'
    evidence rule."""

    status: IndicatorStatus
    criterion: bool = Field(
        description="True when the recommendation has no indicators: its own evidence is then "
        "its one criterion (met: implemented); else it counts as activity only."
    )
    explanation: ExplanationRead
    evidence_count: int = Field(description="How many of its own items count at as_of.")


class OfficialStatusRead(BaseModel):
    """The oversight body's assessment in force."""

    id: int
    status: OfficialStatus
    assessed_on: date
    source_ref: str
    comment: str


class ReportedStatusRead(BaseModel):
    """The entity's latest progress report: its own claim, not a validated status."""

    id: int
    status: ReportedStatus
    reported_on: date
    period: str | None
    expected_completion_on: date | None


class DerivedStatusRead(BaseModel):
    """followup's reading of the response, the evidence and the follow-up actions."""

    status: RecommendationStatus
    explanation: ExplanationRead


class RecommendationStatusRead(BaseModel):
    id: int
    code: str
    status: RecommendationStatus = Field(
        description="The status in force: the official one if the oversight body has assessed "
        "it, else the derived one."
    )
    status_basis: StatusBasis
    official: OfficialStatusRead | None
    reported: ReportedStatusRead | None
    derived: DerivedStatusRead
    flags: list[Flag] = Field(description="What to look at: where the sources disagree.")
    acceptance: Acceptance = Field(
        description="What the response in force says; under_consideration while there is none."
    )
    overdue: bool = Field(
        description="Accepted (fully or partially), still open, and past its target date."
    )
    overdue_against_original: bool
    original_target_date: date | None
    current_target_date: date | None
    progress: float
    explanation: ExplanationRead
    indicators: list[IndicatorStatusRead]
    own_evidence: OwnEvidenceRead | None = Field(
        description="Evidence of the recommendation itself; null when it has indicators and "
        "none of its own evidence counts."
    )


class ReportRef(BaseModel):
    id: int
    code: str
    title: dict[str, str]


class RateBasisRead(BaseModel):
    """The counts behind the two rates: acceptance_rate = accepting / decided,
    implementation_rate = implemented / committed."""

    decided: int = Field(description="Recommendations with a decision (not under consideration).")
    accepting: int = Field(description="Of those, accepted fully or partially.")
    committed: int = Field(
        description="Accepted fully or partially and not closed as no longer relevant."
    )
    implemented: int = Field(description="Of the committed, implemented.")


ACCEPTANCE_COUNTS = Field(description="Recommendations per acceptance in force.")
OVERDUE_COUNT = Field(
    description="Recommendations accepted (fully or partially), still open and past their "
    "target date in force."
)
AS_OF = Field(description="The moment asked for; null for the current status.")
KNOWN_AT = Field(
    default=None,
    description="The record read as it stood at this moment; null: all of it (as known now).",
)
EVALUATED_ON = Field(description="The UTC date overdue flags were judged on.")
DATA_VERSION = Field(description="The change-log position this status reflects.")


class ReportStatusRead(BaseModel):
    report: ReportRef
    as_of: datetime | None = AS_OF
    known_at: datetime | None = KNOWN_AT
    evaluated_on: date = EVALUATED_ON
    data_version: int = DATA_VERSION
    recommendation_counts: dict[RecommendationStatus, int]
    acceptance_counts: dict[Acceptance, int] = ACCEPTANCE_COUNTS
    indicator_counts: dict[IndicatorStatus, int]
    overdue: int = OVERDUE_COUNT
    acceptance_rate: float | None
    implementation_rate: float | None
    rate_basis: RateBasisRead
    progress: float | None
    explanation: ExplanationRead
    recommendations: list[RecommendationStatusRead]


class RecommendationStatusAt(RecommendationStatusRead):
    report: ReportRef
    as_of: datetime | None = AS_OF
    known_at: datetime | None = KNOWN_AT
    evaluated_on: date = EVALUATED_ON
    data_version: int = DATA_VERSION


class IndicatorStatusAt(IndicatorStatusRead):
    evidence: list[EvidenceVerdictRead] = Field(description="The evidence that counts at as_of.")
    report: ReportRef
    recommendation_code: str
    as_of: datetime | None = AS_OF
    known_at: datetime | None = KNOWN_AT
    evaluated_on: date = EVALUATED_ON
    data_version: int = DATA_VERSION
