"""Management responses: what a new version carries and how versions read back."""

from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator

from app.compliance.vocabulary import Acceptance
from app.schemas.body import RequestBody
from app.schemas.dates import RecordDate
from app.schemas.text import LocalizedText, LongText

IndicatorCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9]{1,20}\.[a-z0-9]{1,10}$"),
    Field(description="An indicator of this recommendation, by code, e.g. R3.a."),
]


class CaveatScope(RequestBody):
    """What a caveat qualifies: some of the recommendation's indicators, or a part of the
    recommendation that no indicator covers (in words, as the recommendation puts it)."""

    indicators: list[IndicatorCode] = Field(default_factory=list, max_length=50)
    part: LocalizedText | None = Field(
        default=None,
        description="The part of the recommendation qualified, e.g. "
        '{"en": "an optimal staffing model between headquarters and field offices"}.',
    )

    @model_validator(mode="after")
    def names_something(self) -> Self:
        if not self.indicators and not self.part:
            raise ValueError("applies_to names indicators, a part of the recommendation, or both")
        return self


class Caveat(RequestBody):
    """A reservation the entity attached to its acceptance, with where the text says so."""

    text: LocalizedText
    source_ref: LongText = Field(default="", description="Where it is written, e.g. 'annex'.")
    applies_to: CaveatScope | None = Field(
        default=None, description="Absent: the caveat qualifies the recommendation as a whole."
    )


def caveat_record(caveat: Caveat) -> dict[str, Any]:
    """A caveat as the database stores it (JSON, keyed by plain strings)."""
    scope = caveat.applies_to
    return {
        "text": {str(k): v for k, v in caveat.text.items()},
        "source_ref": caveat.source_ref,
        "applies_to": None
        if scope is None
        else {
            "indicators": list(scope.indicators),
            "part": {str(k): v for k, v in scope.part.items()} if scope.part else None,
        },
    }


class ResponseCreate(RequestBody):
    acceptance: Acceptance
    text: LocalizedText
    caveats: list[Caveat | LocalizedText] = Field(
        default_factory=list,
        max_length=50,
        description="Each a caveat record, or (as before) its text alone.",
    )
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

    def caveat_records(self) -> list[Caveat]:
        return [c if isinstance(c, Caveat) else Caveat(text=c) for c in self.caveats]


class CaveatScopeRead(BaseModel):
    indicators: list[str]
    part: dict[str, str] | None


class CaveatRead(BaseModel):
    text: dict[str, str]
    source_ref: str
    applies_to: CaveatScopeRead | None


class ResponseRead(BaseModel):
    id: int
    recommendation_id: int
    acceptance: Acceptance
    text: dict[str, str]
    caveats: list[dict[str, str]] = Field(
        description="The caveats' texts (each caveat in full is in caveat_records)."
    )
    caveat_records: list[CaveatRead] = Field(
        description="Each caveat with where the text says so and what it qualifies."
    )
    justification: str | None
    responded_on: date | None
    source_ref: str
    recorded_at: datetime
    recorded_by: str

    @classmethod
    def of(cls, row: Any) -> Self:
        """A stored response version as served."""
        records = [CaveatRead.model_validate(c) for c in row.caveats]
        return cls(
            id=row.id,
            recommendation_id=row.recommendation_id,
            acceptance=row.acceptance,
            text=row.text,
            caveats=[c.text for c in records],
            caveat_records=records,
            justification=row.justification,
            responded_on=row.responded_on,
            source_ref=row.source_ref,
            recorded_at=row.recorded_at,
            recorded_by=row.recorded_by,
        )
