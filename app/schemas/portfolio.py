"""The status of every report at once, as a portfolio dashboard shows it."""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

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

OPEN_STATUSES = (
    RecommendationStatus.NOT_STARTED,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.PARTIALLY_IMPLEMENTED,
)


class ReportSummary(BaseModel):
    report: ReportRef
    oversight_body: str
    entity: str
    issued_on: date | None
    data_version: int
    recommendation_counts: dict[RecommendationStatus, int]
    acceptance_counts: dict[Acceptance, int] = ACCEPTANCE_COUNTS
    indicator_counts: dict[IndicatorStatus, int]
    overdue: int = OVERDUE_COUNT
    acceptance_rate: float | None
    implementation_rate: float | None
    rate_basis: RateBasisRead
    progress: float | None
    # Codes of the recommendations still open (not started, in progress, partially
    # implemented), for the groups' oldest open one; kept out of the portfolio's body, which
    # dashboards poll all day.
    open_recommendations: list[str] = Field(exclude=True)


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


class GroupBy(StrEnum):
    OVERSIGHT_BODY = "oversight_body"
    ENTITY = "entity"
    YEAR = "year"


class OldestOpen(BaseModel):
    """The recommendation open the longest: of the earliest-issued report with one open."""

    report: str
    recommendation: str
    issued_on: date | None


class PortfolioGroup(BaseModel):
    key: str = Field(description="The body's or entity's name, or the year of issue.")
    reports: list[str] = Field(description="The group's report codes.")
    totals: PortfolioTotals
    oldest_open: OldestOpen | None


class PortfolioGroupsRead(BaseModel):
    as_of: datetime | None = AS_OF
    known_at: datetime | None = KNOWN_AT
    evaluated_on: date = EVALUATED_ON
    data_version: int = DATA_VERSION
    group_by: GroupBy
    groups: list[PortfolioGroup]
