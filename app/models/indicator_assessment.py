"""Evaluators' judgements of an indicator as a whole: append-only; the one in force decides
the indicator, whatever each evidence item's own verdict."""

from datetime import date, datetime

from sqlalchemy import JSON, Index, Text
from sqlmodel import Field, SQLModel

from app.compliance.vocabulary import IndicatorJudgement
from app.models.base import StrEnumType, UTCDateTime


class IndicatorAssessment(SQLModel, table=True):
    __tablename__ = "indicator_assessment"
    __table_args__ = (Index(None, "indicator_id", "assessed_on"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id")
    status: IndicatorJudgement = Field(sa_type=StrEnumType(IndicatorJudgement))
    # The evidence items (of this indicator) the judgement rests on.
    evidence_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    comment: str = Field(default="", sa_type=Text)
    assessed_on: date
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)
