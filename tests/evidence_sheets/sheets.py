"""Spreadsheets built in memory, sent to the import endpoint, and what the record holds."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import SQLModel, select

from app.db import Database
from app.models import Assessment, Change, Evidence
from tests.builders import REPORT, indicator_ids, recommendation_ids, signed

IMPORTS = f"/api/v1/reports/{REPORT}/imports"
COLUMNS = [
    "report",
    "indicator",
    "title",
    "description",
    "source_url",
    "document_symbol",
    "effective_on",
    "external_id",
    "verdict",
    "comment",
    "evidence_id",
]
PROBLEM = "application/problem+json"

Cell = Any
Row = Sequence[Cell]


def csv_bytes(rows: Sequence[Row], *, delimiter: str = ",", bom: bool = False) -> bytes:
    """Rows as a UTF-8 CSV file, quoted as a spreadsheet would quote them."""
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode()


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: Sequence[Row], *, sheet: str = "Sheet1") -> bytes:
    """Rows on the only sheet of a workbook."""
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    return workbook_bytes(workbook)


def upload(
    client: TestClient,
    content: bytes,
    file_name: str = "evidence.csv",
    *,
    dry_run: bool | None = None,
    actor: str | None = None,
) -> httpx.Response:
    params = {} if dry_run is None else {"dry_run": str(dry_run).lower()}
    headers = {} if actor is None else signed(client, actor)
    response: httpx.Response = client.post(
        IMPORTS, params=params, files={"file": (file_name, content)}, headers=headers
    )
    return response


def commit(client: TestClient, content: bytes, file_name: str = "evidence.csv") -> dict[str, Any]:
    """Import for real; the result of a successful, committed import."""
    response = upload(client, content, file_name, dry_run=False)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    assert result["dry_run"] is False
    return result


def counts(result: dict[str, Any]) -> dict[str, int]:
    keys = ("rows", "created", "superseded", "assessed", "unchanged")
    return {key: result[key] for key in keys}


def all_evidence(client: TestClient) -> list[dict[str, Any]]:
    """Every evidence item of the report, superseded and withdrawn ones included: of its
    indicators, and of its recommendations themselves."""
    found: list[dict[str, Any]] = []
    lists = [f"/api/v1/indicators/{i}/evidence" for i in indicator_ids(client).values()]
    lists += [f"/api/v1/recommendations/{r}/evidence" for r in recommendation_ids(client).values()]
    for url in lists:
        page = client.get(url, params={"include": "all", "limit": 500}).json()
        assert page["total"] == len(page["items"])
        found += page["items"]
    return found


def by_external_id(client: TestClient) -> dict[str, dict[str, Any]]:
    """The current evidence item for each external id."""
    return {
        e["external_id"]: e
        for e in all_evidence(client)
        if e["state"] == "current" and e["external_id"] is not None
    }


def imports_page(client: TestClient) -> dict[str, Any]:
    response = client.get(IMPORTS, params={"limit": 500})
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


@dataclass(frozen=True)
class Record:
    """How much the record holds: evidence items, verdicts, logged changes, committed imports."""

    evidence: int
    assessments: int
    changes: int
    imports: int


def count_record(client: TestClient, database: Database) -> Record:
    with database.read_session() as session:

        def count(table: type[SQLModel]) -> int:
            return session.exec(select(func.count()).select_from(table)).one()

        evidence, assessments, changes = count(Evidence), count(Assessment), count(Change)
    return Record(
        evidence=evidence,
        assessments=assessments,
        changes=changes,
        imports=imports_page(client)["total"],
    )


def refused(response: httpx.Response, status: int = 422) -> list[dict[str, Any]]:
    """The errors of a problem+json refusal."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    errors: list[dict[str, Any]] = body.get("errors", [])
    return errors


def located(errors: list[dict[str, Any]]) -> set[tuple[int | None, str | None]]:
    """The (row, column) of each error."""
    return {(e.get("row"), e.get("column")) for e in errors}
