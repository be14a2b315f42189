"""Routes for reports: the list, one report with everything under it, and its status."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from app.api.auth import READER, Admin
from app.api.conditional import conditional_board, conditional_status
from app.api.deps import MomentDep, PageDep, ReportDep, ReportPath, SessionDep, StatusCacheDep
from app.clock import utcnow
from app.loading.document import LoadResult, ReportFile
from app.loading.loader import load_report
from app.schemas.history import HistoryRead, Step
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.report import ReportDetail, ReportRead
from app.schemas.status import ReportStatusRead
from app.services.board import StatusBoard
from app.services.history import history_view
from app.services.reports import describe_report, list_reports
from app.services.status_cache import StatusKey

router = APIRouter(prefix="/api/v1/reports", tags=["reports"], dependencies=[READER])


@router.get("", response_model=Page[ReportRead], responses=problem_responses(422))
def read_reports(session: SessionDep, page: PageDep) -> Page[ReportRead]:
    """List the reports being followed up, oldest first."""
    return list_reports(session, limit=page.limit, offset=page.offset)


@router.post(
    "",
    response_model=LoadResult,
    responses={
        201: {"model": LoadResult, "description": "The report was created"},
        **problem_responses(401, 403, 409, 413, 415, 422),
    },
)
def load_report_file(
    session: SessionDep, body: ReportFile, actor: Admin, response: Response
) -> LoadResult:
    """Load a report file (the format of `followup load`, as JSON): create the report or
    update it by natural keys; loading the same file again changes nothing."""
    outcome = load_report(session, body, actor=actor)
    if outcome.created.get("reports"):
        response.status_code = 201
    response.headers["Location"] = f"/api/v1/reports/{outcome.report_id}"
    return LoadResult(
        report_id=outcome.report_id,
        report_code=outcome.report_code,
        created=outcome.created,
        updated=outcome.updated,
    )


@router.get("/{report_id}", response_model=ReportDetail, responses=problem_responses(404, 422))
def read_report(session: SessionDep, report: ReportDep) -> ReportDetail:
    """One report with its recommendations, indicators, responses and actions."""
    return describe_report(session, report)


@router.get(
    "/{report_id}/status",
    response_model=ReportStatusRead,
    responses={304: {"description": "Not modified"}, **problem_responses(404, 422)},
)
async def read_report_status(
    request: Request, report_id: ReportPath, moment: MomentDep
) -> Response:
    """Compliance status of the report and everything under it, explained, as of a moment.
    Send `If-None-Match` with the last ETag: an unchanged status answers 304 at no cost."""
    board: StatusBoard = request.app.state.board
    known = board.peek_report(report_id, moment)
    if known is None:
        known = await run_in_threadpool(board.report_key, report_id, moment)
    key: StatusKey = known
    return await conditional_board(request, key, lambda: board.report_body(key, moment))


@router.get(
    "/{report_id}/status/history",
    response_model=HistoryRead,
    responses={304: {"description": "Not modified"}, **problem_responses(404, 422)},
)
def read_report_history(
    request: Request,
    session: SessionDep,
    report: ReportDep,
    cache: StatusCacheDep,
    start: Annotated[
        date | None, Query(alias="from", description="First day; default 12 months before `to`.")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day; default today.")] = None,
    step: Annotated[Step, Query(description="Distance between points.")] = Step.MONTH,
) -> Response:
    """The report's status counts, rates and each recommendation's status at every step from
    `from` to `to` (and at `to`), each point computed exactly as `?as_of=<date>` would be."""
    key, render = history_view(session, report, start, end, step, utcnow().date())
    return conditional_status(request, key, render, cache)
