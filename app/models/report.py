"""A report of an oversight body (OIOS, JIU, an audit) whose recommendations are followed up."""

from datetime import date, datetime

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Report(SQLModel, table=True):
    __tablename__ = "report"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=100, unique=True)
    symbol: str = Field(default="", max_length=100)
    title: dict[str, str] = Field(sa_type=JSON)
    oversight_body: str = Field(max_length=100)
    entity: str = Field(max_length=100)
    issued_on: date | None = None
    # How often the entity reports its progress, in months from the issue date.
    reporting_cycle_months: int = Field(default=6, sa_column_kwargs={"server_default": "6"})
    period_start: date | None = None
    period_end: date | None = None
    scope: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    source_ref: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
