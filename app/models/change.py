"""The change log: one row per write, in order. It feeds the change feed and data versions."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Change(SQLModel, table=True):
    __tablename__ = "change"
    # By report for the feed; by entity for one record's history (an action's states).
    __table_args__ = (Index(None, "report_id", "id"), Index(None, "entity", "entity_id"))

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=200)
    kind: str = Field(max_length=50)
    entity: str = Field(max_length=50)
    entity_id: int
    report_id: int | None = Field(default=None, foreign_key="report.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
