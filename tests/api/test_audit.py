"""The audit log: every write with who, when and its values before and after; and nothing,
through the API or the database, can update or delete the record."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.db import Database
from tests.assertions import assert_problem
from tests.builders import assess, indicator_ids, post_evidence, recommendation_ids, signed


def audit(client: TestClient, **filters: object) -> list[dict[str, Any]]:
    response = client.get("/api/v1/audit", params={"limit": 500, **filters})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_every_write_is_audited_with_before_and_after(client: TestClient, seeded: int) -> None:
    ids, recs = indicator_ids(client), recommendation_ids(client)
    item = post_evidence(client, ids["R1.a"], actor="focal.point")
    assess(client, item["id"], "meets")
    client.post(f"/api/v1/evidence/{item['id']}/withdrawal", json={"reason": "wrong report"})
    client.post(
        f"/api/v1/recommendations/{recs['R2']}/target-date-changes",
        json={"new_date": "2027-01-31", "reason": "new cycle"},
    )
    client.post(f"/api/v1/recommendations/{recs['R3']}/closure", json={"justification": "moot"})
    entries = audit(client)
    kinds = [e["kind"] for e in entries]
    for kind in (
        "report_loaded",
        "response_recorded",
        "token_created",
        "evidence_recorded",
        "evidence_assessed",
        "evidence_withdrawn",
        "target_date_changed",
        "recommendation_assessed",
    ):
        assert kind in kinds
    for entry in entries:
        assert entry["actor"]
        assert entry["occurred_at"]
        assert {"before", "after"} <= set(entry["data"])
    withdrawn = next(e for e in entries if e["kind"] == "evidence_withdrawn")
    assert withdrawn["data"] == {
        "before": {"state": "current"},
        "after": {"state": "withdrawn", "withdrawal_id": 1, "reason": "wrong report"},
    }
    assessed = [e for e in entries if e["kind"] == "evidence_assessed"]
    assert assessed[-1]["data"]["before"] == {"verdict": None}
    recorded = next(e for e in entries if e["kind"] == "evidence_recorded")
    assert recorded["actor"] == "focal.point"


def test_the_audit_log_filters(client: TestClient, seeded: int) -> None:
    item = post_evidence(client, indicator_ids(client)["R2.a"], actor="alice")
    post_evidence(client, indicator_ids(client)["R2.b"], actor="bob")
    assert {e["actor"] for e in audit(client, actor="alice")} == {"alice"}
    by_item = audit(client, entity="evidence", entity_id=item["id"])
    assert [e["kind"] for e in by_item] == ["evidence_recorded"]
    assert all(e["kind"] == "token_created" for e in audit(client, kind="token_created"))
    assert audit(client, since="2999-01-01T00:00:00Z") == []


def test_token_events_stay_out_of_the_public_change_feed(client: TestClient, seeded: int) -> None:
    signed(client, "carol", "viewer")
    feed = client.get("/api/v1/changes", params={"limit": 500}).json()["items"]
    assert not [e for e in feed if e["entity"] == "token"]
    assert [e for e in audit(client) if e["entity"] == "token"]


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_only_evaluators_and_admins_read_the_audit_log(
    client: TestClient, seeded: int, role: str
) -> None:
    response = client.get("/api/v1/audit", headers=signed(client, f"a-{role}", role))
    assert_problem(response, 403)
    assert client.get("/api/v1/audit", headers=signed(client, "an-evaluator")).status_code == 200


def test_no_api_path_updates_or_deletes_the_record(client: TestClient, seeded: int) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    changing = {
        (path, method.upper())
        for path, operations in paths.items()
        for method in operations
        if method in ("put", "patch", "delete")
    }
    # Follow-up actions are plans, changed with If-Match and audited; nothing else changes.
    assert changing == {("/api/v1/actions/{action_id}", "PATCH")}
    item = post_evidence(client, indicator_ids(client)["R1.c"], verdict="meets")
    for url in (
        f"/api/v1/evidence/{item['id']}",
        f"/api/v1/evidence/{item['id']}/assessments",
        "/api/v1/audit",
        "/api/v1/changes",
    ):
        for method in ("PUT", "PATCH", "DELETE"):
            assert client.request(method, url, json={}).status_code == 405, (method, url)
    assert (
        client.get(f"/api/v1/evidence/{item['id']}").json()
        == client.get(f"/api/v1/evidence/{item['id']}").json()
    )


@pytest.mark.parametrize(
    "table",
    [
        "evidence",
        "assessment",
        "withdrawal",
        "change",
        "response",
        "attachment_content",
        "attachment_chunk",
        "evidence_attachment",
    ],
)
@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET {column} = {column}", "DELETE FROM {table}"]
)
def test_the_database_itself_refuses_to_rewrite_the_record(
    client: TestClient, seeded: int, database: Database, table: str, statement: str
) -> None:
    item = post_evidence(client, indicator_ids(client)["R1.b"], verdict="meets")
    attached = client.post(
        f"/api/v1/evidence/{item['id']}/attachments",
        files={"file": ("minutes.csv", b"date,decision\n2026-01-01,adopted\n", "text/csv")},
    )
    assert attached.status_code == 201
    client.post(f"/api/v1/evidence/{item['id']}/withdrawal", json={"reason": "test"})
    column = "sha256" if table in ("attachment_content", "attachment_chunk") else "id"
    sql = text(statement.format(table=f'"{table}"', column=column))
    with database.write_session() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(sql)


def test_a_verdict_is_logged_alike_with_new_evidence_or_later(
    client: TestClient, seeded: int
) -> None:
    url = f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence"
    item = client.post(url, json={"title": "Strategy", "assessment": {"verdict": "meets"}}).json()
    later = client.post(
        f"/api/v1/evidence/{item['id']}/assessments", json={"verdict": "partially_meets"}
    ).json()

    logged = audit(client, kind="evidence_assessed", entity_id=item["id"])

    assert [e["data"] for e in logged] == [
        {
            "before": {"verdict": None},
            "after": {
                "assessment_id": item["assessments"][0]["id"],
                "verdict": "meets",
                "comment": "",
            },
        },
        {
            "before": {"verdict": "meets"},
            "after": {"assessment_id": later["id"], "verdict": "partially_meets", "comment": ""},
        },
    ]
