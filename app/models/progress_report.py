"""The entity's reports of its own progress on a recommendation (self-assessment, each
reporting cycle): append-only; the latest is what the entity claims."""

from datetime import date, datetime

from sqlalchemy import JSON, Index, Text
from sqlmodel import Field, SQLModel

from app.compliance.vocabulary import ReportedStatus
from app.models.base import StrEnumType, UTCDateTime


class ProgressReport(SQLModel, table=True):
    __tablename__ = "progress_report"
    __table_args__ = (Index(None, "recommendation_id", "reported_on"),)

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id")
    status: ReportedStatus = Field(sa_type=StrEnumType(ReportedStatus))
    narrative: str = Field(sa_type=Text)
    # The reporting cycle it answers, as the entity names it ("2026-H1").
    period: str | None = Field(default=None, max_length=20)
    reported_on: date
    expected_completion_on: date | None = None
    # The evidence items it points to (of the recommendation's indicators).
    evidence_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)
