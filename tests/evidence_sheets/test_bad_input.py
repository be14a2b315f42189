"""Every bad file is refused with 422 problem+json (413 when too large), each error located
at its row and column, and nothing at all is written."""

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.evidence_sheets.sheets import (
    IMPORTS,
    Record,
    csv_bytes,
    located,
    refused,
    upload,
    xlsx_bytes,
)

HEADER = ["report", "indicator", "title", "source_url", "effective_on", "external_id", "verdict"]
GOOD = ["oios-unodc-2021", "R1.a", "Strategy", "https://www.unodc.org/s", "2021-03-01", "s-1", ""]
IN_TWO_DAYS = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()


@pytest.fixture
def nothing_written(client: TestClient, record: Callable[[], Record]) -> Iterator[Record]:
    """The record before the test, checked unchanged after it: no evidence, verdict or import."""
    before = record()
    yield before
    assert record() == before


def with_cell(column: str, value: str, external_id: str = "bad-1") -> list[str]:
    """The good row under another external_id, with one cell changed."""
    row = list(GOOD)
    row[HEADER.index("external_id")] = external_id
    row[HEADER.index(column)] = value
    return row


# Bad cells, one a row: the column each is in and the value in it.
BAD_CELLS = [
    ("indicator", "R9.z"),  # no such indicator in the report
    ("report", "oios-other-2020"),  # the row names another report
    ("verdict", "great"),  # not a verdict
    ("effective_on", "2021-02-30"),  # no such day
    ("effective_on", "05/01/2021"),  # May or January? never guessed
    ("effective_on", IN_TWO_DAYS),  # evidence speaks for the past
    ("source_url", "ftp://files.unodc.org/a.pdf"),  # not http(s)
    ("source_url", "javascript:alert(1)"),
    ("title", "x" * 501),  # over 500 characters
    ("title", "  "),  # required
]


def test_every_bad_cell_of_the_file_is_reported_at_once_at_its_row_and_column(
    client: TestClient, nothing_written: Record
) -> None:
    rows = [
        HEADER,
        GOOD,
        *[with_cell(column, value, f"bad-{n}") for n, (column, value) in enumerate(BAD_CELLS)],
        ["", "R1.b", "Two bad cells in one row", "ftp://x", "2021-13-01", "two", ""],
    ]

    errors = refused(upload(client, csv_bytes(rows), dry_run=False))

    last = len(rows)
    assert located(errors) == {
        *[(n + 3, column) for n, (column, _) in enumerate(BAD_CELLS)],
        (last, "source_url"),
        (last, "effective_on"),
    }
    assert all(e["message"] for e in errors)
    shown = {e["row"]: e.get("value") for e in errors if e["row"] < last}
    assert shown == {n + 3: value.strip()[:200] or None for n, (_, value) in enumerate(BAD_CELLS)}


def test_a_missing_required_column_is_refused_at_the_header(
    client: TestClient, nothing_written: Record
) -> None:
    content = b"indicator,description\nR1.a,A strategy without a title column\n"

    errors = refused(upload(client, content, dry_run=False))

    assert located(errors) == {(1, "title")}


def test_a_duplicated_external_id_is_refused_at_its_second_row(
    client: TestClient, nothing_written: Record
) -> None:
    content = csv_bytes(
        [
            HEADER,
            with_cell("title", "One", "dup"),
            GOOD,
            with_cell("title", "Two", "dup"),
            with_cell("title", "Three", "dup"),
        ]
    )

    errors = refused(upload(client, content))  # a dry run finds it just the same

    assert located(errors) == {(4, "external_id"), (5, "external_id")}
    assert all("row 2" in e["message"] for e in errors)


def test_errors_are_found_throughout_a_long_file(
    client: TestClient, nothing_written: Record
) -> None:
    rows = [HEADER] + [
        ["", "R1.a", f"Item {n}", "", "2021-03-01", f"item-{n}", ""] for n in range(2, 2502)
    ]
    rows[1][HEADER.index("verdict")] = "great"  # row 2
    rows[2400][HEADER.index("indicator")] = "R9.z"  # row 2401, in a later batch

    errors = refused(upload(client, csv_bytes(rows), dry_run=False))

    assert located(errors) == {(2, "verdict"), (2401, "indicator")}


def truncated_xlsx() -> bytes:
    whole = xlsx_bytes([HEADER, GOOD])
    return whole[: len(whole) // 2]


def random_zip_bytes() -> bytes:
    return b"PK\x03\x04" + bytes((n * 37 + 11) % 251 for n in range(4000))


@pytest.mark.parametrize(
    ("content", "file_name", "row"),
    [
        pytest.param(b"", "evidence.csv", 1, id="empty file"),
        pytest.param(csv_bytes([HEADER]), "evidence.csv", 2, id="header only"),
        pytest.param(xlsx_bytes([HEADER]), "evidence.xlsx", 2, id="xlsx header only"),
        pytest.param(
            b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "evidence.csv", 1, id="binary csv"
        ),
        pytest.param(
            "indicator,title\nR1.a,Café\n".encode("cp1252"), "evidence.csv", None, id="not utf-8"
        ),
        pytest.param(random_zip_bytes(), "evidence.xlsx", 1, id="corrupt xlsx"),
        pytest.param(truncated_xlsx(), "evidence.xlsx", 1, id="truncated xlsx"),
        pytest.param(
            bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4088), "evidence.xlsx", 1, id="encrypted xlsx"
        ),
    ],
)
def test_an_unreadable_file_is_refused(
    client: TestClient,
    nothing_written: Record,
    content: bytes,
    file_name: str,
    row: int | None,
) -> None:
    errors = refused(upload(client, content, file_name, dry_run=False))

    assert len(errors) == 1
    assert errors[0]["message"]
    if row is not None:
        assert errors[0]["row"] == row
    else:
        assert errors[0]["row"] in (1, 2)


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_unpacking(
    client: TestClient, nothing_written: Record
) -> None:
    workbook = xlsx_bytes([HEADER, GOOD])
    assert upload(client, workbook, "evidence.xlsx").status_code == 200  # valid on its own
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("xl/media/padding.bin", bytes(16 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 100_000

    errors = refused(upload(client, content, "evidence.xlsx", dry_run=False))

    assert located(errors) == {(1, None)}
    assert "zip bomb" in errors[0]["message"]


def test_an_upload_over_the_configured_limit_is_413(
    client: TestClient, nothing_written: Record, settings: Settings
) -> None:
    small = settings.model_copy(update={"max_upload_bytes": 2048})
    content = csv_bytes([HEADER, *[with_cell("title", f"Item {n}", f"id-{n}") for n in range(40)]])
    assert len(content) > 2048

    with TestClient(create_app(small)) as limited:
        limited.headers["Authorization"] = client.headers["Authorization"]
        assert upload(limited, csv_bytes([HEADER, GOOD])).status_code == 200
        assert chunked_upload(limited, csv_bytes([HEADER, GOOD]), dry_run=True).status_code == 200
        refused(upload(limited, content, dry_run=False), 413)
        refused(chunked_upload(limited, content, dry_run=False), 413)


def chunked_upload(client: TestClient, content: bytes, *, dry_run: bool) -> httpx.Response:
    """A multipart upload that does not declare its length, sent in small chunks."""
    boundary = "followup-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 512):
            yield body[start : start + 512]

    response: httpx.Response = client.post(
        IMPORTS,
        params={"dry_run": str(dry_run).lower()},
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert "content-length" not in response.request.headers
    return response
