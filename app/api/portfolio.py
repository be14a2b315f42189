"""Route for the status of every report at once."""

from fastapi import APIRouter, Request, Response

from app.api.auth import READER
from app.api.deps import MomentDep
from app.api.paths import PORTFOLIO_STATUS
from app.api.runtime import RuntimeDep
from app.api.status_answers import StatusResponse
from app.schemas.portfolio import PortfolioRead
from app.schemas.problem import problem_responses
from app.status_reads.queries import PortfolioQuery

router = APIRouter(tags=["reports"], dependencies=[READER])


@router.get(
    PORTFOLIO_STATUS,
    response_model=PortfolioRead,
    responses={304: {"description": "Not modified"}, **problem_responses(401, 403, 422)},
)
async def read_portfolio_status(
    request: Request, runtime: RuntimeDep, moment: MomentDep
) -> Response:
    """Every report's status counts and rates, for a portfolio dashboard; cheap to poll."""
    query = PortfolioQuery(moment)
    return StatusResponse(await runtime.status.answer(query, request.headers.get("if-none-match")))
