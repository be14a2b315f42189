"""Management responses: what a new version carries and how versions read back."""

from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, Field, model_validator

from app.compliance.vocabulary import Acceptance
from app.schemas.body import RequestBody
from app.schemas.dates import RecordDate
from app.schemas.text import LocalizedText, LongText


class ResponseCreate(RequestBody):
    acceptance: Acceptance
    text: LocalizedText
    caveats: list[LocalizedText] = Field(default_factory=list, max_length=50)
    justification: LongText | None = Field(
        default=None,
        description="Why it is not (fully) accepted; required when partially or not accepted.",
    )
    responded_on: RecordDate | None = None
    source_ref: LongText = ""

    @model_validator(mode="after")
    def justification_unless_accepted(self) -> Self:
        qualified = (Acceptance.PARTIALLY_ACCEPTED, Acceptance.NOT_ACCEPTED)
        if self.acceptance in qualified and not self.justification:
            raise ValueError(f"a justification is required when the response is {self.acceptance}")
        return self


class ResponseRead(BaseModel):
    id: int
    recommendation_id: int
    acceptance: Acceptance
    text: dict[str, str]
    caveats: list[dict[str, str]]
    justification: str | None
    responded_on: date | None
    source_ref: str
    recorded_at: datetime
    recorded_by: str
