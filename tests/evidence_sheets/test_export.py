"""Exports give the evidence back in the import format: re-importing them changes nothing,
and no cell of theirs runs as a formula. Templates show the columns and offer lists."""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.exporting.rows import STATUS_COLUMNS
from tests.builders import REPORT, indicator_ids, post_evidence, recommendation_ids
from tests.evidence_sheets.sheets import COLUMNS, Record, commit, counts, upload

EXPORT = f"/api/v1/reports/{REPORT}/export"
TEMPLATE = f"/api/v1/reports/{REPORT}/imports/template"
VERDICTS = {"meets", "partially_meets", "does_not_meet"}
INDICATORS = {"R1.a", "R1.b", "R1.c", "R2.a", "R2.b", "R2.c", "R3.a"}
# Evidence may also be recorded against a recommendation itself.
RECOMMENDATIONS = {"R1", "R2", "R3"}
# Text that a spreadsheet would run as a formula, as posted, and as an export must show it.
ESCAPED = {
    "=SUM(1,2)": "'=SUM(1,2)",
    "+1 more programme": "'+1 more programme",
    "-3 points since 2020": "'-3 points since 2020",
    "@UNODC/JP/1": "'@UNODC/JP/1",
    "@mention of the focal point": "'@mention of the focal point",
}


@pytest.fixture
def posted(client: TestClient, seeded: int) -> int:
    """Evidence recorded through the API, as users do; returns how many items are current."""
    ids = indicator_ids(client)
    post_evidence(
        client,
        ids["R1.a"],
        verdict="partially_meets",
        title="UNODC Strategy 2021-2025",
        description='Thematic, geographic; and "field"\nresults',
        source_url="https://www.unodc.org/unodc/en/strategy/index.html",
        effective_on="2021-03-01",
        external_id="strategy",
    )
    post_evidence(client, ids["R1.b"], title="=SUM(1,2)", effective_on="2021-04-01")
    post_evidence(
        client,
        ids["R2.a"],
        title="+1 more programme",
        description="-3 points since 2020",
        document_symbol="@UNODC/JP/1",
        effective_on="2022-06-30",
    )
    post_evidence(client, ids["R2.b"], title="@mention of the focal point", verdict="meets")
    first = post_evidence(client, ids["R3.a"], title="Joint programmes", external_id="joint")
    post_evidence(client, ids["R3.a"], title="Joint programmes, 2023", supersedes_id=first["id"])
    gone = post_evidence(client, ids["R2.c"], title="Recorded by mistake")
    response = client.post(f"/api/v1/evidence/{gone['id']}/withdrawal", json={"reason": "dup"})
    assert response.status_code == 201, response.text
    # Evidence of a recommendation itself exports under the recommendation's code.
    own = client.post(
        f"/api/v1/recommendations/{recommendation_ids(client)['R3']}/evidence",
        json={"title": "Joint plan with UNDP", "effective_on": "2023-05-02"},
    )
    assert own.status_code == 201, own.text
    return 6


def download(client: TestClient, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, response.text
    content: bytes = response.content
    return content


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def workbook(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def sheet_rows(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_reimporting_an_export_changes_nothing(
    client: TestClient, posted: int, suffix: str, record: Callable[[], Record]
) -> None:
    exported = download(client, f"{EXPORT}.{suffix}")
    before = record()

    result = commit(client, exported, f"{REPORT}.{suffix}")

    assert counts(result) == {
        "rows": posted,
        "created": 0,
        "superseded": 0,
        "assessed": 0,
        "unchanged": posted,
    }
    after = record()
    assert (after.evidence, after.assessments) == (before.evidence, before.assessments)


def test_the_csv_export_is_the_evidence_sheet_in_the_import_format_and_escaped(
    client: TestClient, posted: int
) -> None:
    rows = csv_rows(download(client, f"{EXPORT}.csv"))

    assert rows[0] == COLUMNS
    titles = [row[COLUMNS.index("title")] for row in rows[1:]]
    assert len(titles) == posted
    assert "Joint programmes, 2023" in titles
    assert "Joint programmes" not in titles  # superseded
    assert "Recorded by mistake" not in titles  # withdrawn
    strategy = dict(zip(COLUMNS, rows[titles.index("UNODC Strategy 2021-2025") + 1], strict=True))
    assert strategy == {
        "report": REPORT,
        "indicator": "R1.a",
        "title": "UNODC Strategy 2021-2025",
        "description": 'Thematic, geographic; and "field"\nresults',
        "source_url": "https://www.unodc.org/unodc/en/strategy/index.html",
        "document_symbol": "",
        "effective_on": "2021-03-01",
        "external_id": "strategy",
        "verdict": "partially_meets",
        "comment": "checked",
        "evidence_id": strategy["evidence_id"],
    }
    assert strategy["evidence_id"].isdigit()
    joint_plan = rows[titles.index("Joint plan with UNDP") + 1]
    assert joint_plan[COLUMNS.index("indicator")] == "R3"
    # cells a spreadsheet would run as formulas are escaped with a leading apostrophe
    cells = {cell for row in rows for cell in row}
    assert set(ESCAPED.values()) <= cells
    assert not set(ESCAPED) & cells


def test_the_xlsx_export_has_status_evidence_and_actions_sheets_and_is_escaped(
    client: TestClient, posted: int
) -> None:
    book = workbook(download(client, f"{EXPORT}.xlsx"))

    assert book.sheetnames == ["status", "evidence", "actions", "attachments"]
    rows = sheet_rows(book["evidence"])
    assert rows[0] == COLUMNS
    assert len(rows) == posted + 1
    assert [row[:2] for row in sheet_rows(book["status"])[1:3]] == [
        ["report", REPORT],
        ["recommendation", "R1"],
    ]
    assert sheet_rows(book["actions"])[0][:2] == ["recommendation", "action_id"]
    status = [dict(zip(STATUS_COLUMNS, row, strict=True)) for row in sheet_rows(book["status"])]
    assert tuple(status[0].values()) == STATUS_COLUMNS
    by_level = {(row["level"], row["code"]): row for row in status[1:]}
    # The sources side by side: R2.b's evidence meets, so the indicator is met (derived).
    r2b = by_level["indicator", "R2.b"]
    assert (r2b["status"], r2b["status_basis"], r2b["derived"]) == ("met", "derived", "met")
    r2 = by_level["recommendation", "R2"]
    assert (r2["status"], r2["status_basis"], r2["derived"]) == (
        "partially_implemented",
        "derived",
        "partially_implemented",
    )
    assert (r2["official"], r2["reported"]) == (None, None)
    # R3's own evidence shows on a row of its own.
    assert by_level["recommendation evidence", "R3"]["status"] == "under_review"
    # The report's row gives each rate with the counts behind it.
    report_row = by_level["report", REPORT]
    assert report_row["status"] == "implementation rate 0.00 (0 of 3)"
    assert report_row["acceptance"] == "acceptance rate 1.00 (3 of 3)"
    assert report_row["overdue"] == 0
    # cells a spreadsheet would run as formulas are text with a leading apostrophe
    cells = {cell.value: cell.data_type for row in book["evidence"].iter_rows() for cell in row}
    for escaped in ESCAPED.values():
        assert cells.get(escaped) == "s", escaped
    assert "f" not in cells.values()
    assert not set(ESCAPED) & set(cells)


def reimported(client: TestClient) -> dict[str, Any]:
    """What a dry run of each export says, by format: the counts, or the errors."""
    found: dict[str, Any] = {}
    for suffix in ("csv", "xlsx"):
        response = upload(client, download(client, f"{EXPORT}.{suffix}"), f"export.{suffix}")
        body = response.json()
        found[suffix] = counts(body) if response.status_code == 200 else body.get("errors")
    return found


def test_a_title_starting_with_an_apostrophe_survives_the_round_trip(
    client: TestClient, seeded: int
) -> None:
    post_evidence(client, indicator_ids(client)["R1.a"], title="'=' marks a formula in Excel")

    no_op = {"rows": 1, "created": 0, "superseded": 0, "assessed": 0, "unchanged": 1}
    assert reimported(client) == {"csv": no_op, "xlsx": no_op}


def test_identical_items_without_external_id_survive_the_round_trip(
    client: TestClient, seeded: int
) -> None:
    """The API records the same document twice under one indicator; its export re-imports."""
    indicator = indicator_ids(client)["R1.a"]
    post_evidence(client, indicator, title="Board minutes", effective_on="2022-05-01")
    post_evidence(client, indicator, title="Board minutes", effective_on="2022-05-01")

    no_op = {"rows": 2, "created": 0, "superseded": 0, "assessed": 0, "unchanged": 2}
    assert reimported(client) == {"csv": no_op, "xlsx": no_op}


def test_control_characters_never_reach_the_record_or_break_an_export(
    client: TestClient, seeded: int
) -> None:
    """A vertical tab, as pasted from a word processor, cannot be stored in an XLSX cell: the
    API refuses it with a clear error, so every export stays writable."""
    response = client.post(
        f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence",
        json={"title": "Minutes", "description": "Part one\x0bPart two"},
    )
    assert response.status_code == 422
    assert "U+000B" in response.text

    assert client.get(f"{EXPORT}.xlsx").status_code == 200


def list_values(book: Workbook, formula: str) -> set[str]:
    """The choices a list validation offers: an inline list or a range on some sheet."""
    source = formula.removeprefix("=")
    if source.startswith('"'):
        return set(source.strip('"').split(","))
    sheet, cells = source.rsplit("!", 1)
    found = book[sheet.strip("'")][cells.replace("$", "")]
    rows = found if isinstance(found, tuple) else ((found,),)
    return {str(cell.value) for row in rows for cell in row if cell.value is not None}


def test_the_xlsx_template_has_the_columns_an_example_and_drop_down_lists(
    client: TestClient, seeded: int
) -> None:
    template = download(client, f"{TEMPLATE}.xlsx")

    book = workbook(template)
    sheet = book.worksheets[0]
    rows = sheet_rows(sheet)
    assert rows[0] == COLUMNS
    example = dict(zip(COLUMNS, rows[1], strict=True))
    assert example["indicator"] in INDICATORS
    assert example["title"]
    assert example["verdict"] in VERDICTS
    letter = {name: chr(ord("A") + COLUMNS.index(name)) for name in ("indicator", "verdict")}
    offered: dict[str, set[str]] = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        for name, column in letter.items():
            if f"{column}2" in validation.sqref and f"{column}5000" in validation.sqref:
                assert validation.formula1 is not None
                offered[name] = list_values(book, validation.formula1)
    assert offered == {"indicator": INDICATORS | RECOMMENDATIONS, "verdict": VERDICTS}
    # and its example row is a valid row
    assert counts(upload(client, template, "template.xlsx").json())["created"] == 1


def test_the_csv_template_has_the_columns_and_an_example(client: TestClient, seeded: int) -> None:
    template = download(client, f"{TEMPLATE}.csv")

    rows = csv_rows(template)
    assert rows[0] == COLUMNS
    assert len(rows) == 2
    example = dict(zip(COLUMNS, rows[1], strict=True))
    assert example["indicator"] in INDICATORS
    assert example["title"]
    # and its example row is a valid row
    assert counts(upload(client, template, "template.csv").json())["created"] == 1


def test_an_edited_export_row_corrects_its_item_by_evidence_id(
    client: TestClient, seeded: int
) -> None:
    """Items recorded without an external_id are still named in exports, by evidence_id."""
    item = post_evidence(client, indicator_ids(client)["R2.a"], title="Research brief")
    rows = csv_rows(download(client, f"{EXPORT}.csv"))
    rows[1][COLUMNS.index("title")] = "Research brief (final)"
    edited = io.StringIO()
    csv.writer(edited).writerows(rows)

    result = commit(client, edited.getvalue().encode(), "edited.csv")

    assert counts(result)["superseded"] == 1
    current = client.get(f"/api/v1/evidence/{item['id']}").json()
    assert current["state"] == "superseded"
    correction = client.get(f"/api/v1/evidence/{current['superseded_by_id']}").json()
    assert correction["title"] == "Research brief (final)"
    assert correction["external_id"] is None


def test_an_unknown_evidence_id_is_refused(client: TestClient, seeded: int) -> None:
    sheet = f"indicator,title,evidence_id\nR1.a,Strategy,{10**6}\n".encode()
    response = upload(client, sheet, "unknown.csv")
    assert response.status_code == 422
    assert response.json()["errors"][0]["column"] == "evidence_id"


def test_the_status_sheet_has_official_reported_and_derived_side_by_side_with_flags(
    client: TestClient, posted: int
) -> None:
    r1 = recommendation_ids(client)["R1"]
    assessed = client.post(
        f"/api/v1/recommendations/{r1}/assessments",
        json={"status": "implemented", "assessed_on": "2024-03-31", "source_ref": "A/79/1"},
    )
    assert assessed.status_code == 201, assessed.text
    reported = client.post(
        f"/api/v1/recommendations/{r1}/progress-reports",
        json={"status": "in_progress", "narrative": "Road map", "reported_on": "2024-01-10"},
    )
    assert reported.status_code == 201, reported.text
    book = workbook(download(client, f"{EXPORT}.xlsx"))
    rows = [dict(zip(STATUS_COLUMNS, row, strict=True)) for row in sheet_rows(book["status"])]
    r1_row = next(r for r in rows if (r["level"], r["code"]) == ("recommendation", "R1"))
    assert r1_row["status"] == "implemented"
    assert r1_row["status_basis"] == "official"
    assert r1_row["official"] == "implemented"
    assert str(r1_row["official_on"])[:10] == "2024-03-31"
    assert r1_row["reported"] == "in_progress"
    assert r1_row["derived"] == "partially_implemented"
    assert r1_row["flags"] == "official_differs_from_evidence"


def test_the_status_sheet_explains_in_the_language_asked(client: TestClient, posted: int) -> None:
    def explanations(params: dict[str, str]) -> dict[str, str]:
        answer = client.get(f"{EXPORT}.xlsx", params=params)
        assert answer.status_code == 200, answer.text
        rows = list(load_workbook(io.BytesIO(answer.content))["status"].iter_rows(values_only=True))
        column = {name: n for n, name in enumerate(rows[0])}
        return {
            f"{r[column['level']]}:{r[column['code']]}": str(r[column["explanation"]])
            for r in rows[1:]
        }

    status = client.get(f"/api/v1/reports/{REPORT}/status").json()
    summaries = explanations({})
    assert summaries["report:" + REPORT] == status["explanation"]["summary"]
    chinese = explanations({"lang": "zh"})
    assert chinese.keys() == summaries.keys()
    assert chinese["recommendation:R1"].startswith("R1 部分执行")
    assert "部分绩效指标已达到或部分达到" in chinese["recommendation:R1"]
    assert all("_" not in text for text in chinese.values()), chinese
    assert client.get(f"{EXPORT}.xlsx", params={"lang": "de"}).status_code == 422
