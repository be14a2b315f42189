"""Routes for spreadsheet imports into a report, their record, and the import templates."""

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse

from app.access.roles import Role, allows
from app.api.auth import READER, ContributorDep
from app.api.deps import DatabaseDep, PageDep, ReportDep, SessionDep
from app.api.downloads import CSV, XLSX, download, temporary_path
from app.errors import ErrorDetail, Invalid
from app.exporting.files import write_template_csv, write_template_workbook
from app.importing.service import ImportLimits, import_evidence
from app.schemas.imports import ImportRead, ImportResult
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.services.imports import find_import, import_result, list_imports
from app.services.reports import find_report

router = APIRouter(tags=["imports"], dependencies=[READER])

ReportRef = Annotated[
    str,
    Path(pattern=r"^([0-9]{1,10}|[a-z][a-z0-9-]{1,99})$", description="Report id or code."),
]


def _dry_run(query: bool | None, form: bool | None) -> bool:
    if query is not None and form is not None and query != form:
        message = "dry_run is given twice, as a query parameter and a form field, with two values"
        raise Invalid(message, errors=[ErrorDetail(message=message, field="query.dry_run")])
    chosen = query if query is not None else form
    return True if chosen is None else chosen


@router.post(
    "/api/v1/reports/{report_id}/imports",
    response_model=ImportResult,
    responses={
        201: {"model": ImportResult, "description": "Imported (not a dry run)"},
        **problem_responses(404, 409, 413, 422),
    },
)
def import_spreadsheet(
    report_id: ReportRef,
    request: Request,
    response: Response,
    database: DatabaseDep,
    principal: ContributorDep,
    file: Annotated[UploadFile, File(description="A CSV (UTF-8) or XLSX file.")],
    dry_run: Annotated[
        bool | None, Query(description="Validate only (the default); false to import.")
    ] = None,
    dry_run_form: Annotated[
        bool | None, Form(alias="dry_run", description="Same as the query parameter.")
    ] = None,
) -> ImportResult:
    """Import evidence rows from a spreadsheet: all rows or none. A dry run (the default)
    checks every row and reports what an import would do, writing nothing."""
    checking = _dry_run(dry_run, dry_run_form)
    settings = request.app.state.settings
    limits = ImportLimits(
        max_unpacked_bytes=settings.import_max_unpacked_bytes,
        max_errors=settings.import_max_errors,
    )
    # A dry run only reads, so it never holds the write lock while it works.
    with database.read_session() if checking else database.write_session() as session:
        outcome = import_evidence(
            session,
            find_report(session, report_id),
            file.file,
            file_name=file.filename or "upload",
            dry_run=checking,
            actor=principal.name,
            limits=limits,
            may_assess=allows(principal.role, Role.EVALUATOR),
        )
    if not checking:
        response.status_code = 201
        response.headers["Location"] = f"/api/v1/imports/{outcome.import_id}"
    return import_result(outcome)


@router.get(
    "/api/v1/reports/{report_id}/imports",
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
    responses={200: {"content": {XLSX: {}}}, **problem_responses(404, 422)},
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
    responses={200: {"content": {CSV: {}}}, **problem_responses(404, 422)},
)
def download_template_csv(session: SessionDep, report: ReportDep) -> FileResponse:
    """A CSV to fill in: the columns and an example row."""
    path = temporary_path(".csv")
    write_template_csv(session, report, path)
    return download(path, CSV, f"{report.code}-evidence-template.csv")
