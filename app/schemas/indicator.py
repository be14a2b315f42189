"""Performance indicators as read over the API, and evaluators' judgements of them."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from app.compliance.vocabulary import IndicatorJudgement
from app.schemas.body import RequestBody
from app.schemas.dates import RecordDate
from app.schemas.progress import EvidenceId
from app.schemas.text import LongText


class IndicatorRead(BaseModel):
    id: int
    recommendation_id: int
    report_id: int
    label: str
    code: str
    text: dict[str, str]
    source_ref: str


class IndicatorAssessmentCreate(RequestBody):
    """An evaluator's judgement of the indicator as a whole."""

    status: IndicatorJudgement
    evidence_ids: list[EvidenceId] = Field(
        default_factory=list,
        max_length=200,
        description="The evidence items of this indicator the judgement rests on.",
    )
    comment: LongText = ""
    assessed_on: RecordDate | None = Field(
        default=None, description="The day it speaks for; default today; never in the future."
    )


class IndicatorAssessmentRead(BaseModel):
    id: int
    indicator_id: int
    status: IndicatorJudgement
    evidence_ids: list[int]
    comment: str
    assessed_on: date
    recorded_at: datetime
    recorded_by: str
