"""Evaluators' verdicts on evidence items; the latest one of an item is its verdict."""

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from app.compliance.vocabulary import Verdict
from app.models.base import StrEnumType, UTCDateTime


class Assessment(SQLModel, table=True):
    __tablename__ = "assessment"
    __table_args__ = (Index(None, "evidence_id", "assessed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id")
    verdict: Verdict = Field(sa_type=StrEnumType(Verdict))
    comment: str = Field(default="", sa_type=Text)
    assessed_at: datetime = Field(sa_type=UTCDateTime)
    assessed_by: str = Field(max_length=200)
