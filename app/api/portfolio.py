"""Route for the status of every report at once."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.access.decisions import Principal
from app.api.auth import READER
from app.api.deps import MomentDep
from app.api.paths import PORTFOLIO_STATUS
from app.api.runtime import RuntimeDep
from app.api.status_answers import StatusResponse
from app.schemas.portfolio import GroupBy, PortfolioGroupsRead, PortfolioRead
from app.schemas.problem import problem_responses
from app.status_reads.queries import PortfolioGroupsQuery, PortfolioQuery

router = APIRouter(tags=["reports"], dependencies=[READER])


@router.get(
    PORTFOLIO_STATUS,
    response_model=PortfolioRead,
    responses={304: {"description": "Not modified"}, **problem_responses(401, 403, 422)},
)
async def read_portfolio_status(
    request: Request, runtime: RuntimeDep, moment: MomentDep, caller: Annotated[Principal, READER]
) -> Response:
    """Every report's status counts and rates (of the reports your token reaches), for a
    portfolio dashboard; cheap to poll."""
    query = PortfolioQuery(moment, caller.scope)
    return StatusResponse(await runtime.status.answer(query, request.headers.get("if-none-match")))


@router.get(
    "/api/v1/portfolio",
    response_model=PortfolioGroupsRead,
    responses={304: {"description": "Not modified"}, **problem_responses(401, 403, 422)},
)
async def read_portfolio_groups(
    request: Request,
    runtime: RuntimeDep,
    moment: MomentDep,
    caller: Annotated[Principal, READER],
    group_by: Annotated[
        GroupBy, Query(description="Group the reports by oversight body, entity or year of issue.")
    ] = GroupBy.OVERSIGHT_BODY,
) -> Response:
    """The portfolio by group (of the reports your token reaches): counts per status in force
    and per acceptance, the acceptance and implementation rates, overdue recommendations and
    the one open the longest. From memory, like every status: cheap to poll (ETag, 304)."""
    query = PortfolioGroupsQuery(PortfolioQuery(moment, caller.scope), group_by)
    return StatusResponse(await runtime.status.answer(query, request.headers.get("if-none-match")))
