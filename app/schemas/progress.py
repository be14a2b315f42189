"""The entity's progress reports: what a focal point sends each cycle, and how it reads back."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from app.compliance.vocabulary import ReportedStatus
from app.schemas.body import RequestBody
from app.schemas.dates import RecordDate
from app.schemas.evidence import MAX_ID
from app.schemas.text import NoNul, RequiredText

Period = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), NoNul]
EvidenceId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ProgressReportCreate(RequestBody):
    status: ReportedStatus
    narrative: RequiredText = Field(description="What was done, in the entity's words.")
    period: Period | None = Field(default=None, examples=["2026-H1"])
    reported_on: RecordDate | None = Field(
        default=None, description="Default today; never in the future."
    )
    expected_completion_on: RecordDate | None = None
    evidence_ids: list[EvidenceId] = Field(
        default_factory=list,
        max_length=200,
        description="Evidence items of this recommendation (of its indicators, or its own) the "
        "report points to.",
    )


class ProgressReportRead(BaseModel):
    id: int
    recommendation_id: int
    status: ReportedStatus
    narrative: str
    period: str | None
    reported_on: date
    expected_completion_on: date | None
    evidence_ids: list[int]
    recorded_at: datetime
    recorded_by: str
