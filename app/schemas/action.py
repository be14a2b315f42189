"""Follow-up actions: creating one, changing its state, reading it back."""

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, StringConstraints, model_validator

from app.models.action import ActionState
from app.schemas.body import RequestBody
from app.schemas.dates import RecordDate
from app.schemas.text import LongText, NoNul, RequiredText

Unit = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), NoNul]


class ActionCreate(RequestBody):
    description: RequiredText
    responsible_unit: Unit = ""
    due_on: RecordDate | None = None
    state: ActionState = ActionState.PLANNED
    dropped_reason: LongText | None = None
    completed_on: RecordDate | None = None

    @model_validator(mode="after")
    def state_is_consistent(self) -> Self:
        check_action_state(self.state, self.dropped_reason, self.completed_on)
        return self


class ActionUpdate(RequestBody):
    """Only the fields given change; the state rules apply to the result."""

    description: RequiredText | None = None
    responsible_unit: Unit | None = None
    due_on: RecordDate | None = None
    state: ActionState | None = None
    dropped_reason: LongText | None = None
    completed_on: RecordDate | None = None

    @model_validator(mode="after")
    def required_fields_stay_set(self) -> Self:
        for name in ("description", "responsible_unit", "state"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null; leave it out to keep it unchanged")
        return self


class ActionRead(BaseModel):
    id: int
    recommendation_id: int
    description: str
    responsible_unit: str
    due_on: date | None
    state: ActionState
    dropped_reason: str | None
    completed_on: date | None
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


def check_action_state(
    state: ActionState, dropped_reason: str | None, completed_on: date | None
) -> None:
    """A dropped action says why; only a completed action has a completion date."""
    if state is ActionState.DROPPED and not dropped_reason:
        raise ValueError("a dropped action needs a dropped_reason")
    if completed_on is not None and state is not ActionState.COMPLETED:
        raise ValueError("completed_on is only for a completed action")
