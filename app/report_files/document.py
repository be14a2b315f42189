"""The report file format (YAML or JSON), validated: the one way reports enter followup."""

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.compliance.vocabulary import Acceptance
from app.schemas.dates import RecordDate
from app.schemas.response import Caveat
from app.schemas.text import Language, LocalizedText, LongText

FORMAT = "followup/report-v2"
FORMATS = ("followup/report-v1", FORMAT)

# A month a report was issued in, as the report prints it when it gives no day ("2021-03").
YearMonth = Annotated[
    str,
    StringConstraints(pattern=r"^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])$"),
    Field(description="A year and month, e.g. 2021-03, when the report gives no day."),
]
RecommendationCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,20}$")]

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
    # v1: each caveat's text alone; v2: caveat records (text, source_ref, applies_to).
    caveats: list[Caveat | LocalizedText] = Field(default_factory=list)
    justification: LongText | None = None
    responded_on: RecordDate | None = None
    source_ref: LongText = ""

    @model_validator(mode="after")
    def justification_unless_accepted(self) -> Self:
        qualified = (Acceptance.PARTIALLY_ACCEPTED, Acceptance.NOT_ACCEPTED)
        if self.acceptance in qualified and not self.justification:
            raise ValueError(f"a justification is required when the response is {self.acceptance}")
        return self

    def caveat_records(self) -> list[Caveat]:
        return [c if isinstance(c, Caveat) else Caveat(text=c) for c in self.caveats]


class ManagementCommentDoc(Strict):
    """A comment of the entity on the report as a whole (e.g. the general comments of an
    annex), with the recommendations it concerns."""

    text: LocalizedText
    source_ref: LongText = ""
    recommendations: list[RecommendationCode] | None = Field(
        default=None,
        description="The codes of the recommendations it concerns; absent: all of them; "
        "empty: none in particular (a comment on the findings).",
    )


class RecommendationDoc(Strict):
    number: int = Field(ge=1, le=10_000)
    code: RecommendationCode | None = Field(default=None, description="Defaults to R<number>.")
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
    issued_on: RecordDate | YearMonth | None = Field(
        default=None,
        description="The issue date; in v2 also a year and month (2021-03) when the report "
        "gives no day.",
    )
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
    management_comments: list[ManagementCommentDoc] = Field(default_factory=list)
    unofficial_languages: list[Language] = Field(
        default_factory=list,
        description="Languages whose texts are translations, not the oversight body's own.",
    )

    @property
    def issue_date(self) -> tuple[date | None, str]:
        """The issue date and its precision: the first day stands in for a month."""
        if isinstance(self.issued_on, str):
            year, month = self.issued_on.split("-")
            return date(int(year), int(month), 1), "month"
        return self.issued_on, "day"

    @model_validator(mode="after")
    def keys_are_unique(self) -> Self:
        numbers = [r.number for r in self.recommendations]
        codes = [r.natural_code for r in self.recommendations]
        if len(numbers) != len(set(numbers)) or len(codes) != len(set(codes)):
            raise ValueError("recommendation numbers and codes must be unique within a report")
        return self


class ReportFile(Strict):
    format: Literal["followup/report-v1", "followup/report-v2"] = Field(
        description=f"{FORMAT!r}; files in the earlier 'followup/report-v1' still load."
    )
    report: ReportDoc

    @model_validator(mode="after")
    def v1_has_no_v2_fields(self) -> Self:
        """A v1 file keeps to v1: what v2 added is refused there, not silently read."""
        if self.format != "followup/report-v1":
            return self
        doc, found = self.report, []
        if doc.management_comments:
            found.append("report.management_comments")
        if doc.unofficial_languages:
            found.append("report.unofficial_languages")
        if isinstance(doc.issued_on, str):
            found.append("report.issued_on as a year and month")
        found += [
            f"caveat records under {r.natural_code}"
            for r in doc.recommendations
            if r.response and any(isinstance(c, Caveat) for c in r.response.caveats)
        ]
        if found:
            raise ValueError(f"{', '.join(found)} need format {FORMAT!r}")
        return self

    @model_validator(mode="after")
    def v2_caveats_are_records(self) -> Self:
        if self.format == "followup/report-v1":
            return self
        bare = [
            r.natural_code
            for r in self.report.recommendations
            if r.response and any(not isinstance(c, Caveat) for c in r.response.caveats)
        ]
        if bare:
            raise ValueError(
                f"in {FORMAT!r} each caveat is a record with its text under 'text' "
                f"(see {', '.join(bare)})"
            )
        return self


class LoadResult(BaseModel):
    """What loading a report file did, by kind of record (reports, recommendations, ...)."""

    report_id: int
    report_code: str
    created: dict[str, int]
    updated: dict[str, int]
