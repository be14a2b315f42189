"""Follow-up actions: planning them and moving them through their states."""

from typing import Any

from sqlmodel import Session, col, select

from app.clock import utcnow
from app.db import begin_write
from app.errors import (
    ErrorDetail,
    Invalid,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from app.models import Action, ActionState, Recommendation
from app.schemas.action import ActionCreate, ActionRead, ActionUpdate, check_action_state
from app.schemas.page import Page
from app.services.changes import record_change
from app.services.paging import paginate

_FIELDS = ("description", "responsible_unit", "due_on", "state", "dropped_reason", "completed_on")


def _snapshot(action: Action) -> dict[str, Any]:
    values = {name: getattr(action, name) for name in _FIELDS}
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def find_action(session: Session, action_id: int) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound(f"no action with id {action_id}")
    return action


def read_action(action: Action) -> ActionRead:
    return ActionRead.model_validate(action, from_attributes=True)


def list_actions(
    session: Session, recommendation: Recommendation, *, limit: int, offset: int
) -> Page[ActionRead]:
    return paginate(
        session,
        select(Action).where(Action.recommendation_id == recommendation.id),
        limit=limit,
        offset=offset,
        order_by=(col(Action.id),),
        read=lambda rows: [read_action(a) for a in rows],
    )


def create_action(
    session: Session, recommendation: Recommendation, data: ActionCreate, *, actor: str
) -> ActionRead:
    begin_write(session)
    assert recommendation.id is not None
    now = utcnow()
    action = Action(
        recommendation_id=recommendation.id,
        description=data.description,
        responsible_unit=data.responsible_unit,
        due_on=data.due_on,
        state=data.state,
        dropped_reason=data.dropped_reason,
        completed_on=data.completed_on,
        created_at=now,
        created_by=actor,
        updated_at=now,
        updated_by=actor,
    )
    if action.state is ActionState.COMPLETED and action.completed_on is None:
        action.completed_on = now.date()
    session.add(action)
    session.flush()
    assert action.id is not None
    record_change(
        session,
        at=now,
        actor=actor,
        kind="action_created",
        entity="action",
        entity_id=action.id,
        report_id=recommendation.report_id,
        data={"before": None, "after": _snapshot(action)},
    )
    session.commit()
    return read_action(action)


def action_etag(action: Action) -> str:
    return f'"action-{action.id}-v{action.version}"'


def _check_precondition(action: Action, if_match: str | None) -> None:
    if if_match is None:
        raise PreconditionRequired(
            "send If-Match with the action's ETag (from GET), so that no change is lost"
        )
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if "*" not in tags and action_etag(action) not in tags:
        raise PreconditionFailed(
            f"action {action.id} is now at version {action.version}; read it again and retry"
        )


def update_action(
    session: Session,
    action: Action,
    data: ActionUpdate,
    *,
    actor: str,
    if_match: str | None,
) -> ActionRead:
    """Change the fields given, only if the action is still as the caller last read it; the
    whole action must still follow the state rules."""
    begin_write(session)
    assert action.id is not None
    # Lock, then compare versions: two concurrent changes cannot both pass the check.
    session.refresh(action, with_for_update=True)
    _check_precondition(action, if_match)
    before = _snapshot(action)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(action, name, value)
    if action.state is ActionState.COMPLETED and action.completed_on is None:
        action.completed_on = utcnow().date()
    if action.state is not ActionState.COMPLETED and "completed_on" not in data.model_fields_set:
        # Reopening a completed action: its old completion date no longer holds.
        action.completed_on = None
    try:
        check_action_state(action.state, action.dropped_reason, action.completed_on)
    except ValueError as exc:
        session.rollback()
        raise Invalid(str(exc), errors=[ErrorDetail(message=str(exc), field="body.state")]) from exc
    after = _snapshot(action)
    if after == before:
        session.rollback()
        return read_action(action)
    now = utcnow()
    action.version += 1
    action.updated_at = now
    action.updated_by = actor
    session.add(action)
    recommendation = session.get(Recommendation, action.recommendation_id)
    record_change(
        session,
        at=now,
        actor=actor,
        kind="action_updated",
        entity="action",
        entity_id=action.id,
        report_id=recommendation.report_id if recommendation else None,
        data={"before": before, "after": after},
    )
    session.commit()
    return read_action(action)
