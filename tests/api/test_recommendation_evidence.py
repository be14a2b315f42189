"""Evidence of a recommendation itself over HTTP: the one criterion of a recommendation without
indicators (a JIU-style report), activity beside the indicators of one that has them."""

from typing import Any

from fastapi.testclient import TestClient

from app.db import Database
from tests.assertions import assert_problem
from tests.builders import indicator_ids, post_evidence, recommendation_ids, signed
from tests.records import JIU_STYLE, load_file, runtime


def record(
    client: TestClient, rec_id: int, *, actor: str = "officer", role: str = "evaluator", **body: Any
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/recommendations/{rec_id}/evidence",
        json={"title": "Business continuity policy", **body},
        headers=signed(client, actor, role),
    )
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/v1/evidence/{response.json()['id']}"
    created: dict[str, Any] = response.json()
    return created


def rec_status(client: TestClient, rec_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/recommendations/{rec_id}/status")
    assert response.status_code == 200, response.text
    status: dict[str, Any] = response.json()
    return status


def test_beside_indicators_a_recommendations_own_evidence_is_activity(
    client: TestClient, seeded: int
) -> None:
    r2 = recommendation_ids(client)["R2"]
    assert rec_status(client, r2)["own_evidence"] is None
    item = record(client, r2, assessment={"verdict": "meets", "comment": "adopted"})
    assert (item["recommendation_id"], item["indicator_id"]) == (r2, None)
    status = rec_status(client, r2)
    assert status["status"] == "in_progress"  # met, yet the indicators are the criteria
    own = status["own_evidence"]
    assert (own["status"], own["criterion"], own["evidence_count"]) == ("met", False, 1)
    assert "R2 itself met" in status["derived"]["explanation"]["summary"]
    assert [i["status"] for i in status["indicators"]] == ["no_evidence"] * 3
    listed = client.get(f"/api/v1/recommendations/{r2}/evidence").json()["items"]
    assert [e["id"] for e in listed] == [item["id"]]
    # An indicator's list holds only its own items.
    r2a = indicator_ids(client)["R2.a"]
    assert client.get(f"/api/v1/indicators/{r2a}/evidence").json()["items"] == []
    change = client.get("/api/v1/changes", params={"limit": 500}).json()["items"][-2]
    assert change["kind"] == "evidence_recorded"
    assert change["data"]["after"]["recommendation_code"] == "R2"


def test_a_correction_stays_where_its_item_was_recorded(client: TestClient, seeded: int) -> None:
    recs = recommendation_ids(client)
    of_indicator = post_evidence(client, indicator_ids(client)["R2.a"])
    response = client.post(
        f"/api/v1/recommendations/{recs['R2']}/evidence",
        json={"title": "Corrected", "supersedes_id": of_indicator["id"]},
        headers=signed(client, "officer"),
    )
    assert_problem(response, 422)
    own = record(client, recs["R1"])
    elsewhere = client.post(
        f"/api/v1/recommendations/{recs['R2']}/evidence",
        json={"title": "Corrected", "supersedes_id": own["id"]},
        headers=signed(client, "officer"),
    )
    assert_problem(elsewhere, 422)
    corrected = record(client, recs["R1"], title="Policy, as adopted", supersedes_id=own["id"])
    assert (corrected["revision"], corrected["supersedes_id"]) == (2, own["id"])


def test_a_focal_point_records_but_does_not_assess(client: TestClient, seeded: int) -> None:
    r3 = recommendation_ids(client)["R3"]
    response = client.post(
        f"/api/v1/recommendations/{r3}/evidence",
        json={"title": "Joint plan", "assessment": {"verdict": "meets", "comment": ""}},
        headers=signed(client, "unodc.focal", "contributor"),
    )
    assert_problem(response, 403)
    assert record(client, r3, actor="unodc.focal", role="contributor")["recorded_by"] == (
        "unodc.focal"
    )
    assert_problem(client.post("/api/v1/recommendations/999999/evidence", json={"title": "x"}), 404)


def test_a_jiu_style_report_without_indicators_can_be_implemented(
    client: TestClient, database: Database, seeded: int
) -> None:
    load_file(database, JIU_STYLE)
    runtime(client).status.saw_write()
    report = client.get("/api/v1/reports/jiu-style-example/status").json()
    by_code = {r["code"]: r for r in report["recommendations"]}
    assert (by_code["R1"]["status"], by_code["R1"]["acceptance"]) == ("not_started", "accepted")
    assert by_code["R2"]["acceptance"] == "under_consideration"
    assert by_code["R1"]["own_evidence"]["criterion"] is True
    assert by_code["R1"]["own_evidence"]["status"] == "no_evidence"
    r1 = by_code["R1"]["id"]

    item = record(client, r1, effective_on="2025-11-20")
    assert rec_status(client, r1)["status"] == "in_progress"  # awaiting a verdict
    verdict = client.post(
        f"/api/v1/evidence/{item['id']}/assessments",
        json={"verdict": "meets", "comment": "Policy adopted on 20 November 2025"},
        headers=signed(client, "evaluator"),
    )
    assert verdict.status_code == 201, verdict.text
    status = rec_status(client, r1)
    assert (status["status"], status["status_basis"], status["progress"]) == (
        "implemented",
        "derived",
        1.0,
    )
    assert status["flags"] == ["ready_for_validation"]
    assert status["derived"]["explanation"]["evidence_ids"] == [item["id"]]
    report = client.get("/api/v1/reports/jiu-style-example/status").json()
    assert report["implementation_rate"] == 1.0
    assert report["acceptance_rate"] == 1.0
    # As of before the item's date it was not yet so.
    before = client.get(f"/api/v1/recommendations/{r1}/status", params={"as_of": "2025-11-01"})
    assert before.json()["status"] == "not_started"
    # A progress report may cite the recommendation's own evidence.
    reported = client.post(
        f"/api/v1/recommendations/{r1}/progress-reports",
        json={"status": "implemented", "narrative": "Adopted.", "evidence_ids": [item["id"]]},
    )
    assert reported.status_code == 201, reported.text
