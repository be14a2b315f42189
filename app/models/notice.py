"""What followup noticed about each recommendation (a status that moved, a date falling due),
so that each is announced once. Only ever added to; an announced notice points to the change
it wrote (the event webhooks and e-mail reminders hear of), a baseline to none."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class Notice(SQLModel, table=True):
    __tablename__ = "notice"
    # The watcher's question: what was noticed of these recommendations.
    __table_args__ = (Index(None, "recommendation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    # Once-only: "status:<rec>:<n>" or "<kind>:<rec>:<date>".
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=50)
    recommendation_id: int = Field(foreign_key="recommendation.id")
    value: str = Field(max_length=100)
    change_id: int | None = Field(default=None, foreign_key="change.id")
    noticed_at: datetime = Field(sa_type=UTCDateTime)
