"""Routes for one follow-up action: reading it and changing its state."""

from fastapi import APIRouter

from app.api.auth import READER, Contributor
from app.api.deps import ActionDep, SessionDep
from app.schemas.action import ActionRead, ActionUpdate
from app.schemas.problem import problem_responses
from app.services.actions import read_action, update_action

router = APIRouter(prefix="/api/v1/actions/{action_id}", tags=["actions"], dependencies=[READER])


@router.get("", response_model=ActionRead, responses=problem_responses(404, 422))
def read_one_action(action: ActionDep) -> ActionRead:
    """One follow-up action."""
    return read_action(action)


@router.patch("", response_model=ActionRead, responses=problem_responses(404, 413, 422))
def change_action(
    session: SessionDep, action: ActionDep, body: ActionUpdate, actor: Contributor
) -> ActionRead:
    """Change an action's fields or state; every change is kept in the change log."""
    return update_action(session, action, body, actor=actor)
