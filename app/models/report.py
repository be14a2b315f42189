"""A report of an oversight body (OIOS, JIU, an audit) whose recommendations are followed up."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Report(SQLModel, table=True):
    __tablename__ = "report"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, unique=True)
    symbol: str = Field(default="", max_length=100)
    title: dict[str, str] = Field(sa_type=JSON)
    oversight_body: str = Field(max_length=100, foreign_key="oversight_body.name", index=True)
    entity: str = Field(max_length=100, foreign_key="entity.name", index=True)
    issued_on: date | None = None
    # How much of issued_on the report gives: "day", or "month" when it prints only the month
    # (issued_on then holds the month's first day, which the reporting cycle counts from).
    issued_on_precision: str = Field(
        default="day", max_length=10, sa_column_kwargs={"server_default": "day"}
    )
    # How often the entity reports its progress, in months from the issue date.
    reporting_cycle_months: int = Field(default=6, sa_column_kwargs={"server_default": "6"})
    period_start: date | None = None
    period_end: date | None = None
    scope: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    source_ref: str = Field(default="", sa_type=Text)
    # The entity's comments on the report as a whole (an annex's general comments): each
    # {"text": {lang: ...}, "source_ref": ..., "recommendations": [codes] or null for all}.
    management_comments: list[dict[str, Any]] = Field(
        default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"}
    )
    # Languages whose texts are translations made for followup, not the body's own text.
    unofficial_languages: list[str] = Field(
        default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"}
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
