"""The status of every report at once, as a portfolio dashboard shows it."""

from datetime import date, datetime

from pydantic import BaseModel

from app.compliance.vocabulary import Acceptance, IndicatorStatus, RecommendationStatus
from app.schemas.status import (
    ACCEPTANCE_COUNTS,
    AS_OF,
    DATA_VERSION,
    EVALUATED_ON,
    KNOWN_AT,
    OVERDUE_COUNT,
    RateBasisRead,
    ReportRef,
)


class ReportSummary(BaseModel):
    report: ReportRef
    data_version: int
    recommendation_counts: dict[RecommendationStatus, int]
    acceptance_counts: dict[Acceptance, int] = ACCEPTANCE_COUNTS
    indicator_counts: dict[IndicatorStatus, int]
    overdue: int = OVERDUE_COUNT
    acceptance_rate: float | None
    implementation_rate: float | None
    rate_basis: RateBasisRead
    progress: float | None


class PortfolioTotals(BaseModel):
    """Every report's recommendations counted together; the rates are computed from the summed
    counts (each recommendation weighs the same), not averaged over reports."""

    reports: int
    recommendations: int
    recommendation_counts: dict[RecommendationStatus, int]
    acceptance_counts: dict[Acceptance, int] = ACCEPTANCE_COUNTS
    overdue: int = OVERDUE_COUNT
    acceptance_rate: float | None
    implementation_rate: float | None
    rate_basis: RateBasisRead


class PortfolioRead(BaseModel):
    as_of: datetime | None = AS_OF
    known_at: datetime | None = KNOWN_AT
    evaluated_on: date = EVALUATED_ON
    data_version: int = DATA_VERSION
    totals: PortfolioTotals
    reports: list[ReportSummary]
