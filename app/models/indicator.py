"""Performance indicators: what shows that a recommendation has been carried out."""

from datetime import datetime

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Indicator(SQLModel, table=True):
    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("report_id", "code"),
        UniqueConstraint("recommendation_id", "label"),
    )

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id", index=True)
    # Denormalised from the recommendation so that codes are unique per report.
    report_id: int = Field(foreign_key="report.id", index=True)
    label: str = Field(max_length=10)
    code: str = Field(max_length=30)
    text: dict[str, str] = Field(sa_type=JSON)
    source_ref: str = Field(default="", sa_type=Text)
    # Status as of an earlier moment leaves out indicators added since.
    created_at: datetime = Field(sa_type=UTCDateTime)
