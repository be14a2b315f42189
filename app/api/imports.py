"""Routes for spreadsheet imports into a report, their record, and the import templates."""

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, File, Form, Path, Query, Response, UploadFile
from fastapi.responses import FileResponse

from app.access.roles import Role, allows
from app.api.auth import READER
from app.api.deps import PageDep, SessionDep
from app.api.downloads import CSV, XLSX, download, file_content, temporary_path
from app.api.entities import ReportDep
from app.api.heavy_slots import HeavySlot
from app.api.paths import REPORT_IMPORTS
from app.api.runtime import Runtime, RuntimeDep
from app.api.writers import ContributorWrite
from app.errors import ErrorDetail, Invalid
from app.evidence_sheets.outcome import ImportLimits, SheetUpload, file_name_of
from app.evidence_sheets.past_imports import find_import, import_result, list_imports
from app.evidence_sheets.service import check_staged, import_staged, stage_evidence_sheet
from app.exporting.files import write_template_csv, write_template_workbook
from app.schemas.imports import ImportRead, ImportResult
from app.schemas.page import Page
from app.schemas.problem import problem_responses

router = APIRouter(tags=["imports"], dependencies=[READER])


async def dry_run_asked(
    query: Annotated[
        bool | None,
        Query(alias="dry_run", description="Validate only (the default); false to import."),
    ] = None,
    form: Annotated[
        bool | None, Form(alias="dry_run", description="Same as the query parameter.")
    ] = None,
) -> bool:
    """Whether the upload is a dry run (the default), said once, as a query parameter or a
    form field."""
    if query is not None and form is not None and query != form:
        message = "dry_run is given twice, as a query parameter and a form field, with two values"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="query.dry_run")])
    chosen = query if query is not None else form
    return True if chosen is None else chosen


def _upload(runtime: Runtime, file: UploadFile, write: ContributorWrite) -> SheetUpload:
    return SheetUpload(
        stream=file.file,
        file_name=file_name_of(file.filename),
        limits=ImportLimits.of(runtime.settings),
        may_assess=allows(write.principal.role, Role.EVALUATOR),
    )


@router.post(
    REPORT_IMPORTS,
    response_model=ImportResult,
    responses={
        201: {"model": ImportResult, "description": "Imported (not a dry run)"},
        **problem_responses(404, 409, 413, 422, 429),
    },
)
async def import_spreadsheet(
    # In this order: who may import (401, 403), what was asked (422), then into what (404);
    # then whether the caller may start another import now (429).
    write: ContributorWrite,
    dry_run: Annotated[bool, Depends(dry_run_asked)],
    report: ReportDep,
    session: SessionDep,
    runtime: RuntimeDep,
    response: Response,
    file: Annotated[UploadFile, File(description="A CSV (UTF-8) or XLSX file.")],
    _slot: Annotated[None, HeavySlot],
) -> ImportResult:
    """Import evidence rows from a spreadsheet: all rows or none. A dry run (the default)
    checks every row and reports what an import would do, writing nothing."""
    upload = _upload(runtime, file, write)
    actor, now = write.principal.name, runtime.clock.now()
    # Read and checked first, without the write lock (a file with errors ends here)...
    staged = await anyio.to_thread.run_sync(
        lambda: stage_evidence_sheet(session, report, upload, actor=actor, now=now, dry_run=dry_run)
    )
    try:
        if dry_run:
            outcome = await anyio.to_thread.run_sync(
                lambda: check_staged(session, report, staged, actor=actor, now=now)
            )
            return import_result(outcome)
        # ... then matched and written, holding the write lock only for that.
        outcome = await write.run(import_staged, report, staged)
    finally:
        staged.close()
    response.status_code = 201
    response.headers["Location"] = f"/api/v1/imports/{outcome.import_id}"
    return import_result(outcome)


@router.get(
    REPORT_IMPORTS,
    response_model=Page[ImportRead],
    responses=problem_responses(404, 422),
)
def read_imports(session: SessionDep, report: ReportDep, page: PageDep) -> Page[ImportRead]:
    """Past imports into the report: who, when, which file (SHA-256), and what they did."""
    return list_imports(session, report, limit=page.limit, offset=page.offset)


@router.get(
    "/api/v1/imports/{import_id}", response_model=ImportRead, responses=problem_responses(404)
)
def read_import(
    session: SessionDep, import_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> ImportRead:
    """One past import."""
    return find_import(session, import_id)


@router.get(
    "/api/v1/reports/{report_id}/imports/template.xlsx",
    response_class=FileResponse,
    responses={
        200: file_content(XLSX, "The import template as a workbook"),
        **problem_responses(404, 422),
    },
)
def download_template_xlsx(session: SessionDep, report: ReportDep) -> FileResponse:
    """An XLSX to fill in: the columns, an example row, drop-down lists of indicators and
    verdicts."""
    path = temporary_path(".xlsx")
    write_template_workbook(session, report, path)
    return download(path, XLSX, f"{report.code}-evidence-template.xlsx")


@router.get(
    "/api/v1/reports/{report_id}/imports/template.csv",
    response_class=FileResponse,
    responses={
        200: file_content(CSV, "The import template as CSV (UTF-8)"),
        **problem_responses(404, 422),
    },
)
def download_template_csv(session: SessionDep, report: ReportDep) -> FileResponse:
    """A CSV to fill in: the columns and an example row."""
    path = temporary_path(".csv")
    write_template_csv(session, report, path)
    return download(path, CSV, f"{report.code}-evidence-template.csv")
