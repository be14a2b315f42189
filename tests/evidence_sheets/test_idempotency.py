"""A dry run writes nothing; a commit writes once; re-imports create nothing; changed rows
become corrections and new verdicts become assessments."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.builders import indicator_ids
from tests.evidence_sheets.sheets import (
    IMPORTS,
    Record,
    all_evidence,
    by_external_id,
    commit,
    counts,
    csv_bytes,
    upload,
)

HEADER = ["indicator", "title", "description", "effective_on", "external_id", "verdict"]
FILE = csv_bytes(
    [
        HEADER,
        ["R1.a", "Strategy 2021-2025", "Launched in 2021", "2021-03-01", "strategy", "meets"],
        ["R1.b", "Results framework", "", "2021-03-01", "framework", ""],
        ["R3.a", "Joint programmes", "With UNDP", "2023-12-31", "joint", ""],
    ]
)


def test_a_dry_run_is_the_default_and_writes_nothing(
    client: TestClient, seeded: int, record: Callable[[], Record]
) -> None:
    before = record()

    response = client.post(IMPORTS, files={"file": ("evidence.csv", FILE)})

    assert response.status_code == 200, response.text
    assert "location" not in response.headers
    body = response.json()
    assert body["dry_run"] is True
    assert body["import_id"] is None
    assert counts(body) == {"rows": 3, "created": 3, "superseded": 0, "assessed": 0, "unchanged": 0}
    assert record() == before


def test_a_commit_writes_every_row_and_links_each_item_to_its_import(
    client: TestClient, seeded: int, record: Callable[[], Record]
) -> None:
    before = record()

    response = upload(client, FILE, dry_run=False)

    assert response.status_code == 201, response.text
    body = response.json()
    assert counts(body) == {"rows": 3, "created": 3, "superseded": 0, "assessed": 0, "unchanged": 0}
    assert response.headers["location"] == f"/api/v1/imports/{body['import_id']}"
    after = record()
    assert after.evidence == before.evidence + 3
    assert after.assessments == before.assessments + 1
    assert after.imports == before.imports + 1
    for item in by_external_id(client).values():
        read = client.get(f"/api/v1/evidence/{item['id']}").json()
        assert read["import_id"] == body["import_id"]
    assert by_external_id(client)["strategy"]["verdict"] == "meets"


def test_dry_run_may_be_given_as_a_query_parameter_or_a_form_field(
    client: TestClient, seeded: int, record: Callable[[], Record]
) -> None:
    before = record()
    for response in (
        upload(client, FILE, dry_run=True),
        client.post(IMPORTS, files={"file": ("e.csv", FILE)}, data={"dry_run": "true"}),
    ):
        assert response.status_code == 200, response.text
        assert response.json()["dry_run"] is True
    assert record() == before

    response = client.post(IMPORTS, files={"file": ("e.csv", FILE)}, data={"dry_run": "false"})

    assert response.status_code == 201, response.text
    assert response.json()["created"] == 3
    assert record().imports == 1


def test_a_dry_run_predicts_what_the_commit_does(client: TestClient, seeded: int) -> None:
    commit(client, FILE)
    changed = FILE.replace(b"With UNDP", b"With UNDP and UNICEF").replace(
        b"framework,\r\n", b"framework,partially_meets\r\n"
    )

    predicted = upload(client, changed).json()
    done = commit(client, changed)

    assert counts(predicted) == counts(done)
    assert counts(done) == {"rows": 3, "created": 0, "superseded": 1, "assessed": 1, "unchanged": 1}


def test_reimporting_the_same_file_creates_nothing(
    client: TestClient, seeded: int, record: Callable[[], Record]
) -> None:
    commit(client, FILE)
    before = record()

    again = commit(client, FILE)

    assert counts(again) == {
        "rows": 3,
        "created": 0,
        "superseded": 0,
        "assessed": 0,
        "unchanged": 3,
    }
    after = record()
    assert (after.evidence, after.assessments) == (before.evidence, before.assessments)
    assert after.imports == before.imports + 1  # the re-import is itself recorded


def test_a_changed_row_under_the_same_external_id_becomes_a_correction(
    client: TestClient, seeded: int
) -> None:
    commit(client, FILE)
    original = by_external_id(client)["joint"]

    result = commit(client, FILE.replace(b"With UNDP", b"With UNDP and UNICEF"))

    assert counts(result) == {
        "rows": 3,
        "created": 0,
        "superseded": 1,
        "assessed": 0,
        "unchanged": 2,
    }
    correction = by_external_id(client)["joint"]
    assert correction["id"] != original["id"]
    assert correction["description"] == "With UNDP and UNICEF"
    assert correction["supersedes_id"] == original["id"]
    assert correction["revision"] == original["revision"] + 1
    assert correction["import_id"] == result["import_id"]
    old = client.get(f"/api/v1/evidence/{original['id']}").json()
    assert old["state"] == "superseded"
    assert old["description"] == "With UNDP"  # never edited in place
    assert old["superseded_by_id"] == correction["id"]


def test_a_row_with_only_a_new_verdict_is_an_assessment(
    client: TestClient, seeded: int, record: Callable[[], Record]
) -> None:
    commit(client, FILE)
    item = by_external_id(client)["framework"]
    before = record()
    assessed = FILE.replace(b"framework,\r\n", b"framework,does_not_meet\r\n")

    result = commit(client, assessed)

    assert counts(result) == {
        "rows": 3,
        "created": 0,
        "superseded": 0,
        "assessed": 1,
        "unchanged": 2,
    }
    assessed_item = by_external_id(client)["framework"]
    assert assessed_item["id"] == item["id"]
    assert assessed_item["verdict"] == "does_not_meet"
    after = record()
    assert (after.evidence, after.assessments) == (before.evidence, before.assessments + 1)
    # the same verdict again, spelt another way, is nothing new
    again = commit(client, assessed.replace(b"does_not_meet", b"Does Not Meet"))
    assert (again["assessed"], again["unchanged"]) == (0, 3)


def test_rows_without_external_id_get_a_derived_one_and_stay_idempotent(
    client: TestClient, seeded: int
) -> None:
    content = csv_bytes(
        [
            ["indicator", "title", "effective_on"],
            ["R2.a", "Evaluation policy", "2022-01-15"],
            ["R2.b", "Evaluation policy", "2022-01-15"],
        ]
    )

    first = commit(client, content)
    items = all_evidence(client)
    second = commit(client, content)

    assert (first["created"], second["created"], second["unchanged"]) == (2, 0, 2)
    assert len(all_evidence(client)) == len(items) == 2
    derived = [e["external_id"] for e in items]
    assert all(derived)
    assert len(set(derived)) == 2


def test_a_row_is_matched_by_content_only_to_an_item_without_external_id(
    client: TestClient, seeded: int
) -> None:
    """Whatever else its batch holds: an item with an external id answers only to that id."""
    url = f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence"
    said = {"title": "Strategy", "description": "Launched", "effective_on": "2021-03-01"}
    assert client.post(url, json=said).status_code == 201  # no external id
    assert client.post(url, json={**said, "external_id": "named"}).status_code == 201
    sheet = [["indicator", "title", "description", "effective_on", "external_id"]]
    row = ["R1.a", "Strategy", "Launched", "2021-03-01"]

    alone = commit(client, csv_bytes([*sheet, [*row, "other"]]))
    together = commit(client, csv_bytes([*sheet, [*row, "named"], [*row, "other"]]))

    assert (alone["created"], alone["unchanged"]) == (0, 1)
    assert (together["created"], together["unchanged"]) == (0, 2)
    assert len(all_evidence(client)) == 2
