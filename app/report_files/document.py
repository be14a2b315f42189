"""The report file format (YAML or JSON), validated: the one way reports enter followup."""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.compliance.vocabulary import Acceptance
from app.schemas.dates import RecordDate
from app.schemas.text import LocalizedText, LongText

FORMAT = "followup/report-v1"

Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9-]{1,99}$"),
    Field(description="Stable lowercase id starting with a letter, e.g. oios-unodc-2021."),
]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndicatorDoc(Strict):
    label: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{1,10}$")]
    text: LocalizedText
    source_ref: LongText = ""


class ResponseDoc(Strict):
    acceptance: Acceptance
    text: LocalizedText
    caveats: list[LocalizedText] = Field(default_factory=list)
    justification: LongText | None = None
    responded_on: RecordDate | None = None
    source_ref: LongText = ""

    @model_validator(mode="after")
    def justification_unless_accepted(self) -> Self:
        qualified = (Acceptance.PARTIALLY_ACCEPTED, Acceptance.NOT_ACCEPTED)
        if self.acceptance in qualified and not self.justification:
            raise ValueError(f"a justification is required when the response is {self.acceptance}")
        return self


class RecommendationDoc(Strict):
    number: int = Field(ge=1, le=10_000)
    code: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,20}$")] | None = Field(
        default=None, description="Defaults to R<number>."
    )
    text: LocalizedText
    priority: Annotated[str, StringConstraints(max_length=50)] | None = None
    original_target_date: RecordDate | None = None
    source_ref: LongText = ""
    indicators: list[IndicatorDoc] = Field(default_factory=list)
    response: ResponseDoc | None = None

    @property
    def natural_code(self) -> str:
        return self.code or f"R{self.number}"

    @model_validator(mode="after")
    def labels_are_unique(self) -> Self:
        labels = [i.label for i in self.indicators]
        if len(labels) != len(set(labels)):
            raise ValueError(f"indicator labels repeat under {self.natural_code}: {labels}")
        return self


class PeriodDoc(Strict):
    start: RecordDate | None = None
    end: RecordDate | None = None

    @model_validator(mode="after")
    def ordered(self) -> Self:
        if self.start and self.end and self.start > self.end:
            raise ValueError("period.start is after period.end")
        return self


class ReportDoc(Strict):
    code: Slug
    symbol: Short = ""
    title: LocalizedText
    oversight_body: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]
    entity: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    issued_on: RecordDate | None = None
    reporting_cycle_months: int = Field(
        default=6,
        ge=1,
        le=60,
        description="How often the entity reports its progress, in months from issued_on.",
    )
    period: PeriodDoc = Field(default_factory=PeriodDoc)
    scope: list[LocalizedText] = Field(default_factory=list)
    source_ref: LongText = ""
    recommendations: list[RecommendationDoc] = Field(default_factory=list)

    @model_validator(mode="after")
    def keys_are_unique(self) -> Self:
        numbers = [r.number for r in self.recommendations]
        codes = [r.natural_code for r in self.recommendations]
        if len(numbers) != len(set(numbers)) or len(codes) != len(set(codes)):
            raise ValueError("recommendation numbers and codes must be unique within a report")
        return self


class ReportFile(Strict):
    format: Literal["followup/report-v1"] = Field(description=f"Always {FORMAT!r}.")
    report: ReportDoc


class LoadResult(BaseModel):
    """What loading a report file did, by kind of record (reports, recommendations, ...)."""

    report_id: int
    report_code: str
    created: dict[str, int]
    updated: dict[str, int]
