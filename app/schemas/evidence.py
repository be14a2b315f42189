"""Evidence, its assessments and withdrawals, as posted and as read back."""

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from app.compliance.vocabulary import Verdict
from app.schemas.attachment import AttachmentRead, Sha256
from app.schemas.body import RequestBody
from app.schemas.dates import RecordDate
from app.schemas.text import JsonPattern, LongText, NoNul, RequiredText, Title

MAX_URL = 2048


# An absolute http(s) URL with a host and no whitespace; a regex because spreadsheet imports
# check this on every row.
HTTP_URL = re.compile(r"^https?://[^\s/?#@]+(@[^\s/?#@]+)?([/?#]\S*)?$", re.IGNORECASE)
# The same rule as the JSON schema states it, for clients and schema-driven tools: no inline
# flags there, so the scheme's case is spelt out; control characters are excluded as by NoNul.
HTTP_URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@\x00-\x1f]+(@[^\s/?#@\x00-\x1f]+)?"
    r"([/?#][^\s\x00-\x1f]*)?$"
)


def _http_url(value: str) -> str:
    if not HTTP_URL.match(value):
        raise ValueError("source_url must be an absolute http:// or https:// URL without spaces")
    return value


SourceUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_URL),
    NoNul,
    AfterValidator(_http_url),
    JsonPattern(HTTP_URL_PATTERN),
]
ShortCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul
]
MAX_ID = 2**31 - 1


class AssessmentCreate(RequestBody):
    verdict: Verdict
    comment: LongText = ""


class AssessmentRead(BaseModel):
    id: int
    evidence_id: int
    verdict: Verdict
    comment: str
    assessed_at: datetime
    assessed_by: str


class WithdrawalCreate(RequestBody):
    reason: RequiredText


class WithdrawalRead(BaseModel):
    id: int
    evidence_id: int
    reason: str
    withdrawn_at: datetime
    withdrawn_by: str


class EvidenceCreate(RequestBody):
    title: Title
    description: LongText = ""
    source_url: SourceUrl | None = None
    document_symbol: ShortCode | None = None
    effective_on: RecordDate | None = Field(
        default=None,
        description="The date the evidence speaks for; today if omitted; never in the future.",
    )
    external_id: ShortCode | None = Field(
        default=None, description="Your own id for the item, unique within the report."
    )
    supersedes_id: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="The evidence item this one corrects (same indicator, or same "
        "recommendation for evidence of a recommendation itself).",
    )
    assessment: AssessmentCreate | None = Field(
        default=None, description="An initial verdict, recorded with the evidence."
    )
    attachments: list[Sha256] = Field(
        default_factory=list,
        max_length=100,
        description="For a correction: the attachments of the item it corrects to carry "
        "forward, by SHA-256 (new files are attached afterwards, to the new item).",
    )


class EvidenceState(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class EvidenceRead(BaseModel):
    id: int
    report_id: int
    recommendation_id: int
    indicator_id: int | None = Field(
        description="The indicator it is recorded against; null for evidence of the "
        "recommendation itself."
    )
    title: str
    description: str
    source_url: str | None
    document_symbol: str | None
    effective_on: date
    external_id: str | None
    revision: int
    supersedes_id: int | None
    superseded_by_id: int | None
    state: EvidenceState
    verdict: Verdict | None = Field(description="The latest assessment's verdict, if any.")
    assessments: list[AssessmentRead]
    withdrawal: WithdrawalRead | None
    import_id: int | None = Field(description="The spreadsheet import that recorded it, if any.")
    attachments: list[AttachmentRead] = Field(
        default_factory=list, description="Its files, in the order they were attached."
    )
    recorded_at: datetime
    recorded_by: str
