"""The implementation table written out: HTML, the same HTML as an A4 PDF, and XLSX."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.tables.content import ImplementationTable
from app.wording.texts import Shown

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

FORMATS = ("html", "xlsx", "pdf")


def table_html(table: ImplementationTable, nonce: str = "") -> str:
    """The table as one self-contained HTML page (its style inline, tagged with `nonce`)."""
    return _templates.get_template("implementation.html").render(t=table, nonce=nonce)


def write_table_pdf(table: ImplementationTable, path: Path) -> None:
    """The same HTML as an A4 PDF with page numbers; the fonts it uses (Noto CJK for
    Chinese) are embedded, so it prints anywhere."""
    from weasyprint import HTML  # imported here: loading pango is slow and only PDFs need it

    HTML(string=table_html(table), base_url=None).write_pdf(path)


def _cell(shown: Shown | None) -> str:
    if shown is None:
        return ""
    marks = ("*" if shown.unofficial else "") + ("†" if shown.fallback else "")
    return shown.text + (f" {marks}" if marks else "")


def write_table_xlsx(table: ImplementationTable, path: Path) -> None:
    """Sheet `implementation`: a heading row, then one row per recommendation; sheet
    `report`: what the table's header says (moment, rates) and its footnotes."""
    workbook = Workbook()
    rows = workbook.active
    assert rows is not None
    rows.title = "implementation"
    words = table.labels
    rows.append(
        [
            words["number"],
            words["recommendation"],
            words["acceptance"],
            words["status"],
            words["status_source"],
            words["why"],
            words["comment"],
            f"{words['target_date']} ({words['original']})",
            f"{words['target_date']} ({words['current']})",
            words["overdue"],
            "code",
            "status_code",
        ]
    )
    for row in table.rows:
        rows.append(
            [
                row.number,
                _cell(row.text),
                row.acceptance,
                row.status,
                row.basis,
                row.why,
                _cell(row.comment) + (f" ({row.comment_source})" if row.comment else ""),
                row.original_target,
                row.current_target,
                words["yes"] if row.overdue else words["no"],
                row.code,
                row.status_code,
            ]
        )
    for cell in rows[1]:
        cell.font = Font(bold=True)
    for column, width in zip(
        "ABCDEFGHIJKL", (6, 60, 14, 18, 16, 40, 60, 14, 14, 8, 8, 22), strict=True
    ):
        rows.column_dimensions[column].width = width
    for line in rows.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows.freeze_panes = "A2"
    about = workbook.create_sheet("report")
    for key, value in (
        (words["report"], _cell(table.report_title)),
        (words["symbol"], table.symbol),
        (words["oversight_body"], table.oversight_body),
        (words["entity"], table.entity),
        (words["issued"], table.issued_on or ""),
        (words["as_of"], table.as_of),
        (words["known_at"], table.known_at),
        (words["acceptance_rate"], table.acceptance_rate),
        (words["implementation_rate"], table.implementation_rate),
        (words["overdue_count"], table.overdue),
    ):
        about.append([key, value])
    for note in table.footnotes:
        about.append([note])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 80
    workbook.save(path)
