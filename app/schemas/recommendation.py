"""Recommendations and what is recorded about them: target dates, closure, the nested read."""

from datetime import date, datetime
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from app.compliance.vocabulary import CLOSURES, OfficialStatus
from app.schemas.action import ActionRead
from app.schemas.body import RequestBody
from app.schemas.dates import RecordDate
from app.schemas.indicator import IndicatorRead
from app.schemas.response import ResponseRead
from app.schemas.text import LongText, RequiredText


class TargetDateChangeCreate(RequestBody):
    new_date: RecordDate
    reason: RequiredText
    decided_on: RecordDate | None = Field(
        default=None,
        description="The day the move was decided; default today; never in the future.",
    )


class TargetDateChangeRead(BaseModel):
    id: int
    recommendation_id: int
    previous_date: date | None
    new_date: date
    reason: str
    decided_on: date | None
    changed_at: datetime
    changed_by: str


class ClosureCreate(RequestBody):
    reason: Literal["no_longer_relevant"] = "no_longer_relevant"
    justification: RequiredText


class ClosureRead(BaseModel):
    """A closure, as recorded: the oversight body's assessment that closed the recommendation."""

    id: int = Field(description="The id of the official assessment that closed it.")
    recommendation_id: int
    reason: str
    justification: str
    closed_at: datetime
    closed_by: str


class OfficialAssessmentCreate(RequestBody):
    """The oversight body's assessment of a recommendation (a triennial review, a validation)."""

    status: OfficialStatus
    assessed_on: RecordDate | None = Field(
        default=None, description="The day it speaks for; default today; never in the future."
    )
    source_ref: LongText = Field(
        default="", description="Where it is published, e.g. the review's symbol and paragraph."
    )
    comment: LongText = ""
    justification: LongText | None = Field(
        default=None,
        description="Why it is closed without implementation; required for the two closures.",
    )

    @model_validator(mode="after")
    def closures_say_why(self) -> Self:
        if self.status in CLOSURES and not self.justification:
            raise ValueError(f"a justification is required to close it as {self.status}")
        return self


class OfficialAssessmentRead(BaseModel):
    id: int
    recommendation_id: int
    status: OfficialStatus
    assessed_on: date
    source_ref: str
    comment: str
    justification: str | None
    recorded_at: datetime
    recorded_by: str


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
