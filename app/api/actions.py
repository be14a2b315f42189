"""Routes for one follow-up action: reading it and changing it (with If-Match)."""

from typing import Annotated

from fastapi import APIRouter, Header, Response

from app.api.auth import READER
from app.api.entities import ActionDep
from app.api.writers import ContributorWrite
from app.schemas.action import ActionRead, ActionUpdate
from app.schemas.problem import problem_responses
from app.services.actions import action_etag, read_action, update_action

router = APIRouter(prefix="/api/v1/actions/{action_id}", tags=["actions"], dependencies=[READER])


@router.get("", response_model=ActionRead, responses=problem_responses(404, 422))
def read_one_action(action: ActionDep, response: Response) -> ActionRead:
    """One follow-up action; its ETag is what a change must send back in If-Match."""
    response.headers["ETag"] = action_etag(action)
    return read_action(action)


@router.patch(
    "",
    response_model=ActionRead,
    responses=problem_responses(401, 403, 404, 412, 413, 415, 422, 428),
)
async def change_action(
    action: ActionDep,
    body: ActionUpdate,
    write: ContributorWrite,
    response: Response,
    if_match: Annotated[
        str | None,
        Header(max_length=200, description="The ETag of the action as last read (required)."),
    ] = None,
) -> ActionRead:
    """Change an action's fields or state, if nobody changed it since you read it; every
    change is kept in the change log."""
    changed = await write.run(update_action, action, body, if_match=if_match)
    response.headers["ETag"] = action_etag(action)
    return changed
