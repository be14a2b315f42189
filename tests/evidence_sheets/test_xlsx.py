"""XLSX workbooks: the first sheet or one named `evidence`, date cells, formulas as text."""

from collections.abc import Callable
from datetime import date, datetime

from fastapi.testclient import TestClient
from openpyxl import Workbook

from tests.evidence_sheets.sheets import (
    Record,
    by_external_id,
    commit,
    located,
    refused,
    upload,
    workbook_bytes,
    xlsx_bytes,
)

HEADER = ["indicator", "title", "effective_on", "external_id"]


def test_the_first_sheet_of_a_workbook_is_read(client: TestClient, seeded: int) -> None:
    content = xlsx_bytes(
        [HEADER, ["R1.a", "Strategy", "2021-03-01", "s-1"], ["R1.b", "Framework", None, "f-1"]],
        sheet="Whatever it is called",
    )

    result = commit(client, content, "evidence.xlsx")

    assert result["file_format"] == "xlsx"
    assert (result["rows"], result["created"]) == (2, 2)
    assert set(by_external_id(client)) == {"s-1", "f-1"}


def test_a_sheet_named_evidence_is_read_even_when_it_is_not_first(
    client: TestClient, seeded: int
) -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "notes"
    notes.append(["this sheet is", "not evidence"])
    notes.append(["R9.z", "and would fail"])
    evidence = workbook.create_sheet("Evidence")
    evidence.append(HEADER)
    evidence.append(["R2.a", "Evaluation policy", "2022-01-15", "policy"])

    result = commit(client, workbook_bytes(workbook), "book.xlsx")

    assert (result["rows"], result["created"]) == (1, 1)
    assert by_external_id(client)["policy"]["title"] == "Evaluation policy"


def test_a_real_excel_date_cell_gives_the_effective_date(client: TestClient, seeded: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["R1.a", "Dated by a date cell", date(2021, 3, 1), "d-1"])
    sheet.append(["R1.b", "Dated by a datetime cell", datetime(2020, 12, 31), "d-2"])
    assert sheet["C2"].is_date
    assert sheet["C3"].is_date

    commit(client, workbook_bytes(workbook), "dates.xlsx")

    items = by_external_id(client)
    assert items["d-1"]["effective_on"] == "2021-03-01"
    assert items["d-2"]["effective_on"] == "2020-12-31"


def test_a_formula_cell_is_imported_as_its_text_and_never_evaluated(
    client: TestClient, seeded: int
) -> None:
    formula = '=HYPERLINK("http://x","y")'
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["R1.a", formula, "2021-03-01", "f-1"])
    assert sheet["B2"].data_type == "f"  # a real formula cell, not text

    commit(client, workbook_bytes(workbook), "formula.xlsx")

    assert by_external_id(client)["f-1"]["title"] == formula


def test_xlsx_errors_name_the_sheet_row(
    client: TestClient, seeded: int, record: Callable[[], Record]
) -> None:
    content = xlsx_bytes(
        [
            HEADER,
            ["R1.a", "Good", "2021-03-01", "g-1"],
            [None, None, None, None],  # row 3, empty: skipped, but counted
            ["R1.a", "Bad date", "2021-02-30", "b-1"],
        ]
    )
    before = record()

    errors = refused(upload(client, content, "book.xlsx", dry_run=False))

    assert located(errors) == {(4, "effective_on")}
    assert record() == before
