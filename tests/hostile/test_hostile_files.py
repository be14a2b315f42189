"""Files that broke or strained the import (issue 13, findings 1, 2, 5, 7, 8): each is a 422
naming what is wrong (never a 500), and nothing an answer echoes grows with the file."""

import io
import os
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from app.config import Settings
from app.evidence_sheets.readers import ReadLimits, open_sheet
from app.evidence_sheets.workbook_parts import SharedStringLimits
from app.main import create_app
from tests.evidence_sheets.sheets import (
    Record,
    commit,
    csv_bytes,
    imports_page,
    located,
    refused,
    upload,
    workbook_bytes,
)
from tests.hostile.workbooks import (
    GOOD,
    HEADER,
    header_row,
    inline,
    rewritten,
    sheet_xml,
    valid,
    with_member_header,
    with_shared_strings,
)

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def nothing_written(client: TestClient, record: Callable[[], Record]) -> Record:
    return record()


def date_styled(value: float) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([GOOD[0], GOOD[1], value, GOOD[3]])
    sheet["C2"].number_format = "yyyy-mm-dd"
    return workbook_bytes(book)


BROKEN = [
    pytest.param(
        rewritten(valid(), {"xl/workbook.xml": lambda _: b"<workbook"}), id="workbook.xml"
    ),
    pytest.param(
        rewritten(valid(), {"xl/sharedStrings.xml": lambda _: b"<sst><si><t>x</sst>"}),
        id="sharedStrings.xml",
    ),
    pytest.param(
        rewritten(
            valid(), {"xl/styles.xml": lambda x: x.replace(b'numFmtId="0"', b'numFmtId="abc"')}
        ),
        id="numFmtId not a number",
    ),
    pytest.param(with_member_header(valid(), SHEET, flags=0x1), id="encrypted member"),
    pytest.param(with_member_header(valid(), SHEET, method=99), id="compression method 99"),
    pytest.param(
        rewritten(valid(), {SHEET: lambda _: sheet_xml(header_row() + '<row r="1048577"/>')}),
        id="a row past Excel's last",
    ),
    pytest.param(
        rewritten(
            valid(),
            {
                SHEET: lambda _: sheet_xml(
                    header_row() + f'<row r="2">{inline("B2", "x" * 40_000)}</row>'
                )
            },
        ),
        id="an inline cell past Excel's 32,767 characters",
    ),
    pytest.param(
        with_shared_strings(["Strategy", "y" * 40_000]),
        id="a shared string past Excel's 32,767 characters",
    ),
]


@pytest.mark.parametrize("content", BROKEN)
def test_a_broken_or_hostile_workbook_is_a_422_at_row_1_or_where_reading_stopped(
    client: TestClient, nothing_written: Record, content: bytes, record: Callable[[], Record]
) -> None:
    errors = refused(upload(client, content, "evidence.xlsx", dry_run=False))
    assert len(errors) == 1
    assert errors[0]["row"] in (1, 2)
    assert errors[0]["message"]
    assert record() == nothing_written


def test_a_date_styled_cell_that_is_no_calendar_day_is_a_row_error(
    client: TestClient, nothing_written: Record
) -> None:
    errors = refused(upload(client, date_styled(99_999_999), "evidence.xlsx", dry_run=False))
    assert located(errors) == {(2, "effective_on")}


def test_a_bomb_beside_an_incompressible_member_is_refused(
    client: TestClient, nothing_written: Record
) -> None:
    buffer = io.BytesIO(valid())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/media/noise.bin", os.urandom(3 << 20), zipfile.ZIP_STORED)
        archive.writestr("xl/media/bomb.bin", bytes(32 << 20), zipfile.ZIP_DEFLATED)
    errors = refused(upload(client, buffer.getvalue(), "evidence.xlsx", dry_run=False))
    assert "bomb.bin" in errors[0]["message"]
    assert "zip bomb" in errors[0]["message"]


def test_shared_strings_beyond_the_configured_count_are_refused(
    client: TestClient, settings: Settings, seeded: int
) -> None:
    content = with_shared_strings([f"Item {n}" for n in range(1100)])
    assert upload(client, content, "evidence.xlsx").status_code == 200
    few = settings.model_copy(update={"import_max_shared_strings": 1024})
    with TestClient(create_app(few)) as limited:
        limited.headers["Authorization"] = client.headers["Authorization"]
        errors = refused(upload(limited, content, "evidence.xlsx"))
    assert "1,024 shared strings" in errors[0]["message"]


def test_cells_far_right_of_the_header_are_never_read_into_a_row() -> None:
    wide = "".join(
        f'<row r="{n}">{inline(f"A{n}", "R1.a")}{inline(f"B{n}", "Item")}<c r="ZZZ{n}"/></row>'
        for n in range(2, 200)
    )
    content = rewritten(valid(), {SHEET: lambda _: sheet_xml(header_row() + wide)})
    limits = ReadLimits(max_unpacked=1 << 30, shared_strings=SharedStringLimits(1 << 20, 1 << 26))
    with open_sheet(io.BytesIO(content), "e.xlsx", limits=limits) as sheet:
        number, header = next(sheet.rows)
        assert (number, header) == (1, HEADER)
        sheet.keep_columns(len(HEADER))
        widths = {len(cells) for _, cells in sheet.rows}
    assert widths == {2}  # A and B; the cell at ZZZ is skipped, not padded up to it


def test_header_warnings_do_not_grow_with_the_file(client: TestClient, seeded: int) -> None:
    unknown = [f"{n}" + "x" * 30_000 for n in range(30)]
    content = csv_bytes([[*HEADER, *unknown], [*GOOD, *[""] * 30]])
    response = upload(client, content)
    assert response.status_code == 200, response.text[:500]
    warnings = response.json()["warnings"]
    assert len(warnings) == 21
    assert warnings[-1]["message"] == "10 more unknown columns are ignored"
    assert all(len(w["message"]) < 200 for w in warnings)
    assert len(response.content) < 20_000


def test_a_csv_line_longer_than_any_row_is_refused(
    client: TestClient, nothing_written: Record
) -> None:
    content = b"indicator,title," + b"z" * (2 << 20) + b"\nR1.a,x,\n"
    errors = refused(upload(client, content, dry_run=False))
    assert errors[0]["row"] == 1
    assert "longer than" in errors[0]["message"]


def test_a_file_name_keeps_no_control_or_bidirectional_characters(
    client: TestClient, seeded: int
) -> None:
    content = csv_bytes([HEADER, GOOD])
    result = commit(client, content, "C:\\Users\\me\\evi\x1b[31mdence\u202e.csv")
    assert result["file_name"] == "evi[31mdence.csv"
    assert imports_page(client)["items"][0]["file_name"] == "evi[31mdence.csv"
