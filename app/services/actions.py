"""Follow-up actions: planning them and moving them through their states."""

from typing import Any

from sqlmodel import Session, col, select

from app.errors import (
    ErrorDetail,
    Invalid,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from app.models import Action, ActionState, Recommendation
from app.preconditions import match, version_tag
from app.schemas.action import ActionCreate, ActionRead, ActionUpdate, check_action_state
from app.schemas.page import Page
from app.services.paging import paginate
from app.writes.unit_of_work import UnitOfWork

_FIELDS = ("description", "responsible_unit", "due_on", "state", "dropped_reason", "completed_on")


def _fields_of(action: Action) -> dict[str, Any]:
    """The action's changeable fields, as the change log keeps them."""
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
    unit: UnitOfWork, recommendation: Recommendation, data: ActionCreate
) -> ActionRead:
    """Plan a follow-up action under the recommendation."""
    assert recommendation.id is not None
    now, actor = unit.now, unit.actor
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
    unit.session.add(action)
    unit.session.flush()
    assert action.id is not None
    unit.record(
        kind="action_created",
        entity="action",
        entity_id=action.id,
        report_id=recommendation.report_id,
        data={"before": None, "after": _fields_of(action)},
    )
    return read_action(action)


def action_etag(action: Action) -> str:
    assert action.id is not None
    return version_tag("action", action.id, action.version)


def _check_precondition(action: Action, if_match: str | None) -> None:
    if if_match is None:
        raise PreconditionRequired(
            "send If-Match with the action's ETag (from GET), so that no change is lost"
        )
    if not match(if_match, action_etag(action)):
        raise PreconditionFailed(
            f"action {action.id} is now at version {action.version}; read it again and retry"
        )


def update_action(
    unit: UnitOfWork, action: Action, data: ActionUpdate, *, if_match: str | None
) -> ActionRead:
    """Change the fields given, only if the action is still as the caller last read it; the
    whole action must still follow the state rules."""
    session = unit.session
    assert action.id is not None
    # Lock, then compare versions: two concurrent changes cannot both pass the check.
    session.refresh(action, with_for_update=True)
    _check_precondition(action, if_match)
    before = _fields_of(action)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(action, name, value)
    if action.state is ActionState.COMPLETED and action.completed_on is None:
        action.completed_on = unit.now.date()
    if action.state is not ActionState.COMPLETED and "completed_on" not in data.model_fields_set:
        # Reopening a completed action: its old completion date no longer holds.
        action.completed_on = None
    try:
        check_action_state(action.state, action.dropped_reason, action.completed_on)
    except ValueError as exc:
        raise Invalid(str(exc), errors=[ErrorDetail(message=str(exc), field="body.state")]) from exc
    after = _fields_of(action)
    if after == before:  # nothing to record: the unit of work writes nothing
        return read_action(action)
    action.version += 1
    action.updated_at = unit.now
    action.updated_by = unit.actor
    session.add(action)
    recommendation = session.get(Recommendation, action.recommendation_id)
    unit.record(
        kind="action_updated",
        entity="action",
        entity_id=action.id,
        report_id=recommendation.report_id if recommendation else None,
        data={"before": before, "after": after},
    )
    return read_action(action)
