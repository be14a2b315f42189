"""Routes of the implementation table: a report as member states follow it, one row per
recommendation, in any of the six UN languages, as HTML, XLSX or an A4 PDF."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, HTMLResponse

from app.api.auth import READER
from app.api.deps import MomentDep, SessionDep
from app.api.downloads import XLSX, download, file_content, temporary_path
from app.api.entities import ReportDep
from app.api.heavy_slots import HeavySlot
from app.api.runtime import RuntimeDep
from app.dashboard.pages import new_nonce, security_headers
from app.errors import FeatureUnavailable
from app.schemas.problem import problem_responses
from app.tables.content import ImplementationTable, implementation_table
from app.tables.files import table_html, write_table_pdf, write_table_xlsx

PDF = "application/pdf"

router = APIRouter(prefix="/api/v1/reports/{report_id}", tags=["implementation table"])

TableLanguage = Annotated[
    Literal["ar", "en", "es", "fr", "ru", "zh"],
    Query(
        description="The table's language; a text missing in it is shown in its original "
        "language, and the table says so."
    ),
]
PROBLEMS = problem_responses(404, 422)


def _table(
    session: SessionDep, runtime: RuntimeDep, report: ReportDep, moment: MomentDep, lang: str
) -> ImplementationTable:
    _, status = runtime.status.report_status(report, moment)
    session.commit()  # end the read of the status's own snapshot before reading texts
    return implementation_table(session, report, status, lang, moment.now)


@router.get(
    "/implementation-table.html",
    response_class=HTMLResponse,
    dependencies=[READER],
    responses={200: file_content("text/html", "The table as one HTML page"), **PROBLEMS},
)
def implementation_table_html(
    session: SessionDep,
    runtime: RuntimeDep,
    report: ReportDep,
    moment: MomentDep,
    lang: TableLanguage = "en",
) -> HTMLResponse:
    """The implementation table as one self-contained HTML page: a header (report, oversight
    body, entity, `as_of`, `known_at`, rates), one row per recommendation (its text,
    acceptance, status in force and whether it is official, the entity's latest comment,
    target dates, overdue) and footnotes for unofficial translations."""
    nonce = new_nonce()
    table = _table(session, runtime, report, moment, lang)
    return HTMLResponse(table_html(table, nonce), headers=security_headers(nonce))


@router.get(
    "/implementation-table.xlsx",
    response_class=FileResponse,
    dependencies=[READER, HeavySlot],
    responses={
        200: file_content(XLSX, "Sheet implementation (one row per recommendation) and report"),
        **problem_responses(404, 422, 429),
    },
)
def implementation_table_xlsx(
    session: SessionDep,
    runtime: RuntimeDep,
    report: ReportDep,
    moment: MomentDep,
    lang: TableLanguage = "en",
) -> FileResponse:
    """The implementation table as a workbook: sheet `implementation`, a heading row and one
    row per recommendation; sheet `report`, the header and footnotes."""
    table = _table(session, runtime, report, moment, lang)
    path = temporary_path(".xlsx")
    write_table_xlsx(table, path)
    return download(path, XLSX, f"{report.code}-implementation-{lang}.xlsx")


@router.get(
    "/implementation-table.pdf",
    response_class=FileResponse,
    dependencies=[READER, HeavySlot],
    responses={
        200: file_content(PDF, "The HTML table as an A4 PDF with page numbers, fonts embedded"),
        **problem_responses(404, 422, 429, 503),
    },
)
def implementation_table_pdf(
    session: SessionDep,
    runtime: RuntimeDep,
    report: ReportDep,
    moment: MomentDep,
    lang: TableLanguage = "en",
) -> FileResponse:
    """The same HTML drawn as an A4 PDF with page numbers (WeasyPrint), the fonts it uses
    embedded so that Chinese prints anywhere. 503 when the server lacks pango."""
    table = _table(session, runtime, report, moment, lang)
    path = temporary_path(".pdf")
    try:
        write_table_pdf(table, path)
    except OSError as exc:  # WeasyPrint could not load pango
        path.unlink(missing_ok=True)
        raise FeatureUnavailable(
            f"PDF tables need the pango library on the server ({exc}); install Debian's "
            "libpango-1.0-0 and fonts-noto-cjk (make pdf), or ask for the .html or .xlsx table"
        ) from exc
    return download(path, PDF, f"{report.code}-implementation-{lang}.pdf")
