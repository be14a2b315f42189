"""Follow-up actions the entity plans and carries out under its response."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from app.models.base import StrEnumType, UTCDateTime


class ActionState(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"


class Action(SQLModel, table=True):
    """The current state of an action; every change to it is kept in the change log."""

    __tablename__ = "action"

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id", index=True)
    description: str = Field(sa_type=Text)
    responsible_unit: str = Field(default="", max_length=200)
    due_on: date | None = None
    state: ActionState = Field(default=ActionState.PLANNED, sa_type=StrEnumType(ActionState))
    dropped_reason: str | None = Field(default=None, sa_type=Text)
    completed_on: date | None = None
    version: int = Field(default=1)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: str = Field(max_length=200)
