"""Route for the change feed, so dashboards fetch only what is new."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.access.decisions import Principal
from app.api.auth import READER
from app.api.deps import SessionDep
from app.schemas.changes import ChangePage
from app.schemas.evidence import MAX_ID
from app.schemas.page import MAX_PAGE
from app.schemas.problem import problem_responses
from app.services.change_log import list_changes

router = APIRouter(tags=["changes"], dependencies=[READER])


@router.get("/api/v1/changes", response_model=ChangePage, responses=problem_responses(422))
def read_changes(
    session: SessionDep,
    caller: Annotated[Principal, READER],
    after: Annotated[
        int, Query(ge=0, le=MAX_ID, description="The cursor last seen; 0 from the start.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Changes per page.")] = 100,
    report_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only this report's changes.")
    ] = None,
) -> ChangePage:
    """Every write in commit order (evidence recorded, assessed, withdrawn, imported; responses,
    actions, target dates, closures, report loads), after a cursor."""
    return list_changes(session, after=after, limit=limit, report_id=report_id, within=caller.scope)
