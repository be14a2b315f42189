"""Recommendations of a report and their target-date history."""

from datetime import date, datetime

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Recommendation(SQLModel, table=True):
    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("report_id", "code"),
        UniqueConstraint("report_id", "number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    number: int
    code: str = Field(max_length=20)
    text: dict[str, str] = Field(sa_type=JSON)
    priority: str | None = Field(default=None, max_length=50)
    original_target_date: date | None = None
    # The latest entry of target_date_change, kept here so reads need no history scan.
    current_target_date: date | None = None
    source_ref: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class TargetDateChange(SQLModel, table=True):
    """A move of a recommendation's target date, with who moved it and why."""

    __tablename__ = "target_date_change"

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id", index=True)
    previous_date: date | None = None
    new_date: date
    reason: str = Field(sa_type=Text)
    # The day it was decided (in force from then on); None in records made before it was
    # kept: the day it was recorded.
    decided_on: date | None = None
    changed_at: datetime = Field(sa_type=UTCDateTime)
    changed_by: str = Field(max_length=200)
