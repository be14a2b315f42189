"""Reports as read over the API, alone or with everything under them."""

from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, Field

from app.schemas.recommendation import RecommendationRead


def issue_date_as_written(issued_on: date | None, precision: str) -> str | None:
    """The issue date as the report gives it: "2021-03" for a month, "2021-03-15" for a day."""
    if issued_on is None:
        return None
    return issued_on.strftime("%Y-%m") if precision == "month" else issued_on.isoformat()


class ManagementCommentRead(BaseModel):
    text: dict[str, str]
    source_ref: str
    recommendations: list[str] | None = Field(
        description="The recommendations it concerns, by code; null: all of them; "
        "empty: none in particular (a comment on the findings)."
    )


class ReportRead(BaseModel):
    id: int
    code: str
    symbol: str
    title: dict[str, str]
    oversight_body: str
    entity: str
    issued_on: str | None = Field(
        description="As the report gives it: a day (2021-03-15) or, when it prints none, a "
        "month (2021-03).",
        examples=["2021-03"],
    )
    issued_on_precision: Literal["day", "month"]
    period_start: date | None
    period_end: date | None
    scope: list[dict[str, str]]
    source_ref: str
    management_comments: list[ManagementCommentRead] = Field(
        description="The entity's comments on the report as a whole (an annex's general comments)."
    )
    unofficial_languages: list[str] = Field(
        description="Languages whose texts are translations, not the oversight body's own."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Any) -> Self:
        """A stored report as served."""
        return cls(
            id=row.id,
            code=row.code,
            symbol=row.symbol,
            title=row.title,
            oversight_body=row.oversight_body,
            entity=row.entity,
            issued_on=issue_date_as_written(row.issued_on, row.issued_on_precision),
            issued_on_precision=row.issued_on_precision,
            period_start=row.period_start,
            period_end=row.period_end,
            scope=row.scope,
            source_ref=row.source_ref,
            management_comments=[
                ManagementCommentRead.model_validate(c) for c in row.management_comments
            ],
            unofficial_languages=row.unofficial_languages,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class ReportDetail(ReportRead):
    recommendations: list[RecommendationRead]
