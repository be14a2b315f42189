"""Routes for reports: the list, one report with everything under it, its status and history."""

from datetime import date
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request, Response
from sqlmodel import select

from app.access.decisions import Principal, authorize
from app.access.roles import Role
from app.access.scopes import ReportRef
from app.api.auth import READER
from app.api.deps import MomentDep, PageDep, SessionDep
from app.api.entities import ReportDep, ReportPath
from app.api.paths import REPORT_STATUS
from app.api.runtime import RuntimeDep
from app.api.status_answers import StatusResponse
from app.api.writers import AdminWrite
from app.models import Report
from app.moments import parse_as_of
from app.report_files.document import LoadResult, ReportFile
from app.report_files.upsert import upsert_report
from app.schemas.history import HistoryRead, Step
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.report import ReportDetail, ReportRead
from app.schemas.status import ReportStatusRead
from app.services.reports import describe_report, list_reports
from app.status_reads.history import Period
from app.status_reads.queries import HistoryQuery, ReportQuery

router = APIRouter(tags=["reports"], dependencies=[READER])
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Not modified"}}


@router.get("/api/v1/reports", response_model=Page[ReportRead], responses=problem_responses(422))
def read_reports(
    session: SessionDep, page: PageDep, caller: Annotated[Principal, READER]
) -> Page[ReportRead]:
    """List the reports being followed up (those your token reaches), oldest first."""
    return list_reports(session, limit=page.limit, offset=page.offset, within=caller.scope)


def _stored_ref(session: SessionDep, code: str) -> ReportRef | None:
    found = session.exec(select(Report).where(Report.code == code)).first()
    session.commit()  # the read ends: the write takes its own turn
    return ReportRef(found.code, found.entity) if found is not None else None


@router.post(
    "/api/v1/reports",
    response_model=LoadResult,
    responses={
        201: {"model": LoadResult, "description": "The report was created"},
        **problem_responses(401, 403, 409, 413, 415, 422),
    },
)
async def load_report_file(
    body: ReportFile, write: AdminWrite, response: Response, session: SessionDep
) -> LoadResult:
    """Load a report file (the format of `followup load`, as JSON): create the report or
    update it by natural keys; loading the same file again changes nothing."""
    doc = body.report
    if not write.principal.scope.everything:
        # An administrator limited to part of the portfolio loads only reports within it, as
        # they are (the stored report's entity) and as the file would make them.
        stored = await anyio.to_thread.run_sync(lambda: _stored_ref(session, doc.code))
        for ref in (stored, ReportRef(doc.code, doc.entity)):
            if ref is not None:
                authorize(write.principal, Role.ADMIN, method="POST", public_read=False, report=ref)
    outcome = await write.run(upsert_report, body)
    if outcome.created.get("reports"):
        response.status_code = 201
    response.headers["Location"] = f"/api/v1/reports/{outcome.report_id}"
    return LoadResult(
        report_id=outcome.report_id,
        report_code=outcome.report_code,
        created=outcome.created,
        updated=outcome.updated,
    )


@router.get(
    "/api/v1/reports/{report_id}",
    response_model=ReportDetail,
    responses=problem_responses(404, 422),
)
def read_report(session: SessionDep, report: ReportDep) -> ReportDetail:
    """One report with its recommendations, indicators, responses and actions."""
    return describe_report(session, report)


@router.get(
    REPORT_STATUS,
    response_model=ReportStatusRead,
    responses={**NOT_MODIFIED, **problem_responses(404, 422)},
)
async def read_report_status(
    request: Request, runtime: RuntimeDep, report_id: ReportPath, moment: MomentDep
) -> Response:
    """Compliance status of the report and everything under it, explained, as of a moment.
    Send `If-None-Match` with the last ETag: an unchanged status answers 304 at no cost."""
    query = ReportQuery(report_id, moment)
    return StatusResponse(await runtime.status.answer(query, request.headers.get("if-none-match")))


@router.get(
    "/api/v1/reports/{report_id}/status/history",
    response_model=HistoryRead,
    responses={**NOT_MODIFIED, **problem_responses(404, 422)},
)
async def read_report_history(
    request: Request,
    runtime: RuntimeDep,
    report_id: ReportPath,
    start: Annotated[
        date | None, Query(alias="from", description="First day; default 12 months before `to`.")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day; default today.")] = None,
    step: Annotated[Step, Query(description="Distance between points.")] = Step.MONTH,
    known_at: Annotated[
        str | None,
        Query(
            max_length=64,
            description="How much of the record each point reads: default all of it (what "
            "was true at each date, as known now); a date or datetime (what the tracker said "
            "then); `same` (each point as the record stood at that point).",
            examples=["same", "2025-01-15"],
            json_schema_extra={
                "anyOf": [
                    {"type": "string", "enum": ["same"]},
                    {"type": "string", "format": "date"},
                    {"type": "string", "format": "date-time"},
                ]
            },
        ),
    ] = None,
) -> Response:
    """The report's status counts, rates and each recommendation's status at every step from
    `from` to `to` (and at `to`), each point computed exactly as `?as_of=<date>` would be."""
    same = known_at is not None and known_at.strip().lower() == "same"
    period = Period.asked(
        start,
        end,
        step,
        today=runtime.clock.now().date(),
        known_at=parse_as_of(known_at, field="query.known_at") if known_at and not same else None,
        as_recorded=same,
    )
    query = HistoryQuery(report_id, period)
    return StatusResponse(await runtime.status.answer(query, request.headers.get("if-none-match")))
