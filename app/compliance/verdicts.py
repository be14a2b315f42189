"""What the rules decide: a status per indicator, recommendation and report, each explained."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.compliance.record import IndicatorJudgementFact, OfficialAssessmentFact, ProgressReportFact
from app.compliance.vocabulary import (
    Acceptance,
    Flag,
    IndicatorStatus,
    RecommendationStatus,
    StatusBasis,
    Verdict,
)


@dataclass(frozen=True, slots=True)
class Explanation:
    """The rule that decided a status, in words, and the records that made it so.

    `params` holds the facts the rule decided on (codes, statuses, days, ids), in JSON's
    types, so that the explanation can be said in any language (app.wording.explanations);
    `summary` says it in English, naming statuses by their codes."""

    rule: str
    summary: str
    evidence_ids: tuple[int, ...] = ()
    indicator_codes: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CurrentEvidence:
    """An evidence item that counts at `as_of`, with the verdict of its latest assessment."""

    id: int
    effective_on: date
    recorded_at: datetime
    verdict: Verdict | None
    assessment_id: int | None
    assessed_at: datetime | None


@dataclass(frozen=True, slots=True)
class IndicatorVerdict:
    id: int
    code: str
    status: IndicatorStatus  # in force: the judgement in force, else the derived status
    explanation: Explanation
    evidence: tuple[CurrentEvidence, ...]
    status_basis: StatusBasis
    judgement: IndicatorJudgementFact | None  # the evaluator's judgement in force
    derived: IndicatorStatus  # what the evidence rule says
    derived_explanation: Explanation


@dataclass(frozen=True, slots=True)
class RecommendationVerdict:
    id: int
    code: str
    status: RecommendationStatus
    acceptance: Acceptance
    overdue: bool
    overdue_against_original: bool
    original_target_date: date | None
    current_target_date: date | None
    progress: float
    explanation: Explanation  # of the status in force
    indicators: tuple[IndicatorVerdict, ...]
    # What the recommendation's own evidence gives, on the indicators' scale (see
    # derived.own_evidence_status); None when it has indicators and no own evidence counts.
    own_evidence: IndicatorVerdict | None
    status_basis: StatusBasis
    official: OfficialAssessmentFact | None  # the oversight body's assessment in force
    derived: RecommendationStatus  # followup's reading of the evidence
    reported: ProgressReportFact | None  # the entity's latest progress report
    derived_explanation: Explanation
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class RateBasis:
    """The numerators and denominators of the JIU's two rates, so that a rate can be checked
    and rates of several reports combined (a mean of rates would weigh a small report like a
    large one)."""

    decided: int = 0  # recommendations with a decision (not under consideration)
    accepting: int = 0  # of those, accepted fully or partially
    committed: int = 0  # accepting and not closed as no longer relevant
    implemented: int = 0  # of the committed, implemented

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepting / self.decided if self.decided else None

    @property
    def implementation_rate(self) -> float | None:
        return self.implemented / self.committed if self.committed else None

    def __add__(self, other: "RateBasis") -> "RateBasis":
        return RateBasis(
            decided=self.decided + other.decided,
            accepting=self.accepting + other.accepting,
            committed=self.committed + other.committed,
            implemented=self.implemented + other.implemented,
        )


@dataclass(frozen=True, slots=True)
class ReportVerdict:
    id: int
    code: str
    as_of: datetime
    recommendation_counts: dict[RecommendationStatus, int]
    acceptance_counts: dict[Acceptance, int]
    indicator_counts: dict[IndicatorStatus, int]
    overdue: int  # recommendations accepted, still open and past their target date
    rate_basis: RateBasis
    acceptance_rate: float | None
    implementation_rate: float | None
    progress: float | None
    explanation: Explanation
    recommendations: tuple[RecommendationVerdict, ...]
