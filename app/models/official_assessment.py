"""The oversight body's assessments of a recommendation (a triennial review, a validation):
append-only; the one in force at a moment decides the official status."""

from datetime import date, datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from app.compliance.vocabulary import OfficialStatus
from app.models.base import StrEnumType, UTCDateTime


class OfficialAssessment(SQLModel, table=True):
    __tablename__ = "official_assessment"
    __table_args__ = (Index(None, "recommendation_id", "assessed_on"),)

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id")
    status: OfficialStatus = Field(sa_type=StrEnumType(OfficialStatus))
    # The day the assessment speaks for (as of which it is in force).
    assessed_on: date
    # Where the decision is published: a review's symbol and paragraph.
    source_ref: str = Field(default="", sa_type=Text)
    comment: str = Field(default="", sa_type=Text)
    # Why it was closed without implementation (required for the two closures).
    justification: str | None = Field(default=None, sa_type=Text)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)
