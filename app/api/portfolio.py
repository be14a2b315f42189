"""Route for the status of every report at once."""

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from app.api.auth import READER
from app.api.conditional import conditional_board
from app.api.deps import MomentDep
from app.schemas.portfolio import PortfolioRead
from app.schemas.problem import problem_responses
from app.services.board import StatusBoard
from app.services.status_cache import StatusKey

router = APIRouter(tags=["reports"], dependencies=[READER])


@router.get(
    "/api/v1/status",
    response_model=PortfolioRead,
    responses={304: {"description": "Not modified"}, **problem_responses(401, 403, 422)},
)
async def read_portfolio_status(request: Request, moment: MomentDep) -> Response:
    """Every report's status counts and rates, for a portfolio dashboard; cheap to poll."""
    board: StatusBoard = request.app.state.board
    known = board.peek_portfolio(moment)
    if known is None:
        known = await run_in_threadpool(board.portfolio_key, moment)
    key: StatusKey = known
    return await conditional_board(request, key, lambda: board.portfolio_body(key, moment))
