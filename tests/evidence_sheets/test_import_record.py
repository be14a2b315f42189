"""Each committed import is recorded: who, when, which file (SHA-256), and what it did."""

import hashlib
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.evidence_sheets.sheets import csv_bytes, imports_page, upload, xlsx_bytes

HEADER = ["indicator", "title", "effective_on", "external_id", "verdict"]
FIRST = csv_bytes(
    [
        HEADER,
        ["R1.a", "Strategy", "2021-03-01", "strategy", ""],
        ["R1.b", "Results framework", "2021-03-01", "framework", ""],
    ]
)
SECOND = xlsx_bytes(
    [
        HEADER,
        ["R1.a", "Strategy, revised", "2021-03-01", "strategy", ""],
        ["R1.b", "Results framework", "2021-03-01", "framework", "meets"],
        ["R2.a", "Evaluation policy", "2022-01-15", "policy", ""],
    ]
)


def test_committed_imports_are_listed_with_their_file_digest_counts_and_author(
    client: TestClient, seeded: int
) -> None:
    started = datetime.now(UTC) - timedelta(seconds=5)
    first = upload(client, FIRST, "first.csv", dry_run=False, actor="focal.point@unodc.org")
    dry = upload(client, SECOND, "second.xlsx", dry_run=True, actor="someone")  # not recorded
    bad = upload(client, b"indicator,title\nR9.z,x\n", "bad.csv", dry_run=False)  # neither
    second = upload(client, SECOND, "second.xlsx", dry_run=False, actor="evaluator")
    assert [r.status_code for r in (first, dry, bad, second)] == [201, 200, 422, 201]
    assert first.json()["sha256"] == hashlib.sha256(FIRST).hexdigest()

    page = imports_page(client)

    assert page["total"] == 2
    newest, oldest = page["items"]
    assert oldest["id"] == first.json()["import_id"]
    assert newest["id"] == second.json()["import_id"]
    assert {key: oldest[key] for key in ("report_id", "file_name", "file_format")} == {
        "report_id": seeded,
        "file_name": "first.csv",
        "file_format": "csv",
    }
    assert (oldest["sha256"], oldest["size_bytes"]) == (
        hashlib.sha256(FIRST).hexdigest(),
        len(FIRST),
    )
    assert (newest["sha256"], newest["size_bytes"]) == (
        hashlib.sha256(SECOND).hexdigest(),
        len(SECOND),
    )
    assert (oldest["imported_by"], newest["imported_by"]) == ("focal.point@unodc.org", "evaluator")
    counted = ("rows", "created", "superseded", "assessed", "unchanged")
    assert [oldest[key] for key in counted] == [2, 2, 0, 0, 0]
    assert [newest[key] for key in counted] == [3, 1, 1, 1, 0]
    imported_at = datetime.fromisoformat(newest["imported_at"])
    if imported_at.tzinfo is None:
        imported_at = imported_at.replace(tzinfo=UTC)
    assert started <= imported_at <= datetime.now(UTC) + timedelta(seconds=5)


def test_one_import_is_read_by_its_id(client: TestClient, seeded: int) -> None:
    created = upload(client, FIRST, "first.csv", dry_run=False)

    response = client.get(created.headers["location"])

    assert response.status_code == 200, response.text
    assert response.json() == imports_page(client)["items"][0]
    missing = client.get("/api/v1/imports/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
