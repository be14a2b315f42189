"""CSV files: comma or semicolon, with or without a BOM, quoted fields, free header order."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.evidence_sheets.sheets import (
    Record,
    by_external_id,
    commit,
    counts,
    csv_bytes,
    located,
    refused,
    upload,
)

# A description holding both delimiters and line breaks: it must come back exactly.
AWKWARD = 'Results, outcomes; and "impact"\nmeasured yearly\r\nsince 2021'


@pytest.mark.parametrize(
    ("delimiter", "bom"),
    [
        pytest.param(",", False, id="comma"),
        pytest.param(";", True, id="semicolon with a BOM"),
    ],
)
def test_a_csv_file_is_read_whatever_its_delimiter_and_bom(
    client: TestClient, seeded: int, delimiter: str, bom: bool
) -> None:
    content = csv_bytes(
        [
            ["indicator", "title", "description", "effective_on", "external_id"],
            ["R1.a", "Strategy 2021-2025", AWKWARD, "2021-03-01", "strategy"],
            ["R2.b", "Gender marker; programme reviews", "", "2022-06-30", "marker"],
        ],
        delimiter=delimiter,
        bom=bom,
    )
    assert content.count(b"\xef\xbb\xbf") == (1 if bom else 0)

    result = commit(client, content)

    assert counts(result) == {
        "rows": 2,
        "created": 2,
        "superseded": 0,
        "assessed": 0,
        "unchanged": 0,
    }
    assert result["file_format"] == "csv"
    assert result["warnings"] == []
    items = by_external_id(client)
    assert items["strategy"]["title"] == "Strategy 2021-2025"
    assert items["strategy"]["description"] == AWKWARD
    assert items["strategy"]["effective_on"] == "2021-03-01"
    assert items["marker"]["title"] == "Gender marker; programme reviews"


def test_quoted_fields_keep_their_delimiters_and_line_breaks(
    client: TestClient, seeded: int
) -> None:
    content = (
        b"indicator;title;description;external_id\r\n"
        b'R1.a;"Strategy; volume 1";"first line\r\nsecond, line";vol-1\r\n'
    )

    commit(client, content)

    item = by_external_id(client)["vol-1"]
    assert item["title"] == "Strategy; volume 1"
    assert item["description"] == "first line\r\nsecond, line"


def test_header_names_are_matched_in_any_case_and_order(client: TestClient, seeded: int) -> None:
    content = (
        "\ufeffEXTERNAL_ID, Title ,Owner,Effective_On,Verdict,INDICATOR,Source_URL\n"
        "jp-2023,Joint programmes,Jane,2023-12-31,Meets,r3.A,https://www.unodc.org/jp\n"
    ).encode()

    result = commit(client, content)

    assert [(w["row"], w["column"]) for w in result["warnings"]] == [(1, "Owner")]  # ignored
    item = by_external_id(client)["jp-2023"]
    assert item["title"] == "Joint programmes"
    assert item["effective_on"] == "2023-12-31"
    assert item["source_url"] == "https://www.unodc.org/jp"
    assert item["verdict"] == "meets"
    detail = client.get(f"/api/v1/indicators/{item['indicator_id']}").json()
    assert detail["code"] == "R3.a"


def test_errors_name_rows_as_a_person_sees_them(
    client: TestClient, seeded: int, record: Callable[[], Record]
) -> None:
    """The header is row 1; a quoted line break does not start a new row; blank rows count."""
    content = (
        b"indicator,title,description\n"
        b'R1.a,Strategy,"two\nlines"\n'  # row 2, over two lines of text
        b"\n"  # row 3, blank: skipped, but counted
        b"R9.z,Unknown indicator,\n"  # row 4
    )
    before = record()

    errors = refused(upload(client, content, dry_run=False))

    assert located(errors) == {(4, "indicator")}
    assert errors[0]["value"] == "R9.z"
    assert record() == before


def test_a_row_may_name_a_recommendation_for_evidence_of_it_itself(
    client: TestClient, seeded: int
) -> None:
    content = csv_bytes(
        [
            ["indicator", "title", "effective_on", "external_id", "verdict"],
            ["r2", "Gender strategy adopted", "2024-03-08", "gender-strategy", "meets"],
            ["R2.a", "Programme review", "2024-04-01", "review", ""],
        ]
    )
    assert counts(commit(client, content)) == {
        "rows": 2,
        "created": 2,
        "superseded": 0,
        "assessed": 0,
        "unchanged": 0,
    }
    items = by_external_id(client)
    assert items["gender-strategy"]["indicator_id"] is None
    assert items["review"]["indicator_id"] is not None
    assert items["gender-strategy"]["recommendation_id"] == items["review"]["recommendation_id"]
    # A row that moves an item from its recommendation to an indicator is refused.
    moved = csv_bytes(
        [
            ["indicator", "title", "effective_on", "external_id"],
            ["R2.b", "Gender strategy adopted (revised)", "2024-03-08", "gender-strategy"],
        ]
    )
    problem = refused(upload(client, moved, dry_run=False), 422)
    assert located(problem) == {(2, "indicator")}
    unknown = csv_bytes([["indicator", "title"], ["R9", "Nothing to hold it"]])
    problem = refused(upload(client, unknown, dry_run=False), 422)
    assert "no indicator or recommendation R9" in str(problem)
