"""A report's status over time, one point per step."""

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from app.compliance.vocabulary import Acceptance, IndicatorStatus, RecommendationStatus
from app.schemas.status import ACCEPTANCE_COUNTS, OVERDUE_COUNT, ReportRef


class Step(StrEnum):
    """The distance between two points of a history (its name is the API's schema name)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class RecommendationPoint(BaseModel):
    id: int
    code: str
    status: RecommendationStatus
    progress: float
    overdue: bool


class HistoryPoint(BaseModel):
    date: date
    as_of: datetime = Field(description="End of that day, UTC: the same as ?as_of=<date>.")
    recommendation_counts: dict[RecommendationStatus, int]
    acceptance_counts: dict[Acceptance, int] = ACCEPTANCE_COUNTS
    indicator_counts: dict[IndicatorStatus, int]
    overdue: int = OVERDUE_COUNT
    acceptance_rate: float | None
    implementation_rate: float | None
    progress: float | None
    recommendations: list[RecommendationPoint]


class HistoryRead(BaseModel):
    report: ReportRef
    start: date = Field(alias="from", serialization_alias="from")
    end: date = Field(alias="to", serialization_alias="to")
    step: Step
    known_at: datetime | Literal["same"] | None = Field(
        default=None,
        description="How much of the record each point reads: null, all of it (as known now); "
        "a moment, what was recorded by then; 'same', each point as the record stood then.",
    )
    data_version: int
    points: list[HistoryPoint]

    model_config = {"populate_by_name": True}
