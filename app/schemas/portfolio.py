"""The status of every report at once, as a portfolio dashboard shows it."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from app.compliance.vocabulary import IndicatorStatus, RecommendationStatus
from app.schemas.status import AS_OF, DATA_VERSION, EVALUATED_ON, KNOWN_AT, ReportRef


class ReportSummary(BaseModel):
    report: ReportRef
    data_version: int
    recommendation_counts: dict[RecommendationStatus, int]
    indicator_counts: dict[IndicatorStatus, int]
    overdue: int = Field(description="Recommendations past their target date.")
    acceptance_rate: float | None
    implementation_rate: float | None
    progress: float | None


class PortfolioRead(BaseModel):
    as_of: datetime | None = AS_OF
    known_at: datetime | None = KNOWN_AT
    evaluated_on: date = EVALUATED_ON
    data_version: int = DATA_VERSION
    reports: list[ReportSummary]
