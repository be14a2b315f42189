"""Routes exporting a report's record as spreadsheets."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from app.api.auth import READER
from app.api.deps import MomentDep, SessionDep
from app.api.downloads import CSV, XLSX, download, file_content, temporary_path
from app.api.entities import ReportDep
from app.api.heavy_slots import HeavySlot
from app.api.runtime import RuntimeDep
from app.exporting.files import write_evidence_csv, write_export_workbook
from app.schemas.problem import problem_responses

# A whole report read and written out: each export holds a heavy-work slot while it runs.
router = APIRouter(
    prefix="/api/v1/reports/{report_id}", tags=["exports"], dependencies=[READER, HeavySlot]
)


@router.get(
    "/export.xlsx",
    response_class=FileResponse,
    responses={
        200: file_content(XLSX, "The workbook: status, evidence and actions sheets"),
        **problem_responses(404, 422, 429),
    },
)
def export_workbook(
    session: SessionDep,
    runtime: RuntimeDep,
    report: ReportDep,
    moment: MomentDep,
    lang: Annotated[
        Literal["ar", "en", "es", "fr", "ru", "zh"] | None,
        Query(
            description="The language of the status sheet's explanations; default: the "
            "English summary, statuses named by code."
        ),
    ] = None,
) -> FileResponse:
    """The report as a workbook: `status` (explained, as of `as_of`), `evidence` (current
    items in the import format: importing it again changes nothing) and `actions`."""
    _, status = runtime.status.report_status(report, moment)
    path = temporary_path(".xlsx")
    write_export_workbook(session, report, path, status, lang)
    return download(path, XLSX, f"{report.code}.xlsx")


@router.get(
    "/export.csv",
    response_class=FileResponse,
    responses={
        200: file_content(CSV, "The evidence sheet as CSV (UTF-8)"),
        **problem_responses(404, 422, 429),
    },
)
def export_evidence_csv(session: SessionDep, report: ReportDep) -> FileResponse:
    """The report's current evidence as CSV, in the import format."""
    path = temporary_path(".csv")
    write_evidence_csv(session, report, path)
    return download(path, CSV, f"{report.code}-evidence.csv")
