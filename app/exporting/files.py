"""Writing the export workbook, the evidence CSV and the import templates to files."""

import csv
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from sqlmodel import Session

from app.compliance.vocabulary import Verdict
from app.evidence_sheets.columns import SHEET_COLUMNS, CellValue
from app.exporting.rows import (
    ACTION_COLUMNS,
    ATTACHMENT_COLUMNS,
    STATUS_COLUMNS,
    action_rows,
    attachment_rows,
    evidence_rows,
    status_rows,
)
from app.models import Report
from app.schemas.status import ReportStatusRead
from app.services.evidence import targets_of


def _csv_cell(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def write_evidence_csv(session: Session, report: Report, path: Path) -> None:
    # UTF-8 with a BOM: the form spreadsheets recognise as UTF-8 when they open a CSV.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(SHEET_COLUMNS)
        for row in evidence_rows(session, report):
            writer.writerow([_csv_cell(v) for v in row])


def write_export_workbook(
    session: Session,
    report: Report,
    path: Path,
    status: ReportStatusRead,
    language: str | None = None,
) -> None:
    """Sheets `status` (the report's status as given, explained in `language`; without one,
    in the English summary), `evidence` (the import format), `actions` and `attachments` (the
    files of the evidence listed), written streaming."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in (
        ("status", STATUS_COLUMNS, status_rows(report, status, language)),
        ("evidence", SHEET_COLUMNS, evidence_rows(session, report)),
        ("actions", ACTION_COLUMNS, action_rows(session, report)),
        ("attachments", ATTACHMENT_COLUMNS, attachment_rows(session, report)),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(list(columns))
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def _example(report: Report, indicator: str) -> list[CellValue]:
    values: dict[str, CellValue] = {
        "report": report.code,
        "indicator": indicator,
        "title": "EXAMPLE (delete this row): UNODC Strategy 2021-2025",
        "description": "What the document shows for this indicator",
        "source_url": "https://www.unodc.org/unodc/en/strategy/index.html",
        "document_symbol": "",
        "effective_on": date(2021, 2, 1),
        "external_id": "example-1",
        "verdict": "partially_meets",
        "comment": "Optional: an evaluator's verdict and comment",
        "evidence_id": None,
    }
    return [values[name] for name in SHEET_COLUMNS]


def _indicator_codes(session: Session, report: Report) -> list[str]:
    """What the `indicator` column may name: the report's indicators, then its
    recommendations (evidence of a recommendation itself)."""
    targets = targets_of(session, report)
    indicators = sorted(code for code, t in targets.items() if t.indicator_id is not None)
    recommendations = sorted(code for code, t in targets.items() if t.indicator_id is None)
    return indicators + recommendations


def write_template_csv(session: Session, report: Report, path: Path) -> None:
    codes = _indicator_codes(session, report)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(SHEET_COLUMNS)
        writer.writerow([_csv_cell(v) for v in _example(report, codes[0] if codes else "R1.a")])


def write_template_workbook(session: Session, report: Report, path: Path) -> None:
    """An `evidence` sheet with the headers and one example row; the indicator and verdict
    columns offer drop-down lists (kept on a hidden `lists` sheet, so any number fits)."""
    codes = _indicator_codes(session, report)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "evidence"
    sheet.append(list(SHEET_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(_example(report, codes[0] if codes else "R1.a"))
    lists = workbook.create_sheet("lists")
    for n, code in enumerate(codes, start=1):
        lists.cell(row=n, column=1, value=code)
    for n, verdict in enumerate(Verdict, start=1):
        lists.cell(row=n, column=2, value=str(verdict))
    lists.sheet_state = "hidden"
    for column, source, title in (
        ("indicator", f"lists!$A$1:$A${max(1, len(codes))}", "Indicator"),
        ("verdict", f"lists!$B$1:$B${len(Verdict)}", "Verdict"),
    ):
        letter = chr(ord("A") + SHEET_COLUMNS.index(column))
        validation = DataValidation(
            type="list",
            formula1=f"={source}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=f"Choose a {column} from the list",
        )
        validation.add(f"{letter}2:{letter}1048576")
        sheet.add_data_validation(validation)
    widths = (18, 10, 48, 40, 40, 18, 14, 18, 16, 30, 12)
    for letter, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.save(path)
