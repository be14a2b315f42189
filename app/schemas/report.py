"""Reports as read over the API, alone or with everything under them."""

from datetime import date, datetime

from pydantic import BaseModel

from app.schemas.recommendation import RecommendationRead


class ReportRead(BaseModel):
    id: int
    code: str
    symbol: str
    title: dict[str, str]
    oversight_body: str
    entity: str
    issued_on: date | None
    period_start: date | None
    period_end: date | None
    scope: list[dict[str, str]]
    source_ref: str
    created_at: datetime
    updated_at: datetime


class ReportDetail(ReportRead):
    recommendations: list[RecommendationRead]
