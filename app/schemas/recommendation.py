"""Recommendations and what is recorded about them: target dates, closure, the nested read."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from app.schemas.action import ActionRead
from app.schemas.indicator import IndicatorRead
from app.schemas.response import ResponseRead
from app.schemas.text import RequiredText


class TargetDateChangeCreate(BaseModel):
    new_date: date
    reason: RequiredText


class TargetDateChangeRead(BaseModel):
    id: int
    recommendation_id: int
    previous_date: date | None
    new_date: date
    reason: str
    changed_at: datetime
    changed_by: str


class ClosureCreate(BaseModel):
    reason: Literal["no_longer_relevant"] = "no_longer_relevant"
    justification: RequiredText


class ClosureRead(BaseModel):
    id: int
    recommendation_id: int
    reason: str
    justification: str
    closed_at: datetime
    closed_by: str


class RecommendationRead(BaseModel):
    id: int
    report_id: int
    number: int
    code: str
    text: dict[str, str]
    priority: str | None
    original_target_date: date | None
    current_target_date: date | None
    source_ref: str
    indicators: list[IndicatorRead]
    response: ResponseRead | None
    actions: list[ActionRead]
    target_date_changes: list[TargetDateChangeRead]
    closure: ClosureRead | None
