"""The entity's progress reports over HTTP: sent by its focal points, listed, shown beside the
official and the derived status, with the flags they raise and settle."""

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import indicator_ids, post_evidence, recommendation_ids, signed
from tests.fakes import FakeClock


def recommendation(client: TestClient, code: str) -> dict[str, object]:
    rec = recommendation_ids(client)[code]
    body: dict[str, object] = client.get(f"/api/v1/recommendations/{rec}/status").json()
    return body


def test_a_focal_point_reports_progress_and_it_shows_beside_the_status(
    client: TestClient, seeded: int
) -> None:
    recs, ids = recommendation_ids(client), indicator_ids(client)
    item = post_evidence(client, ids["R2.a"])
    url = f"/api/v1/recommendations/{recs['R2']}/progress-reports"
    sent = client.post(
        url,
        json={
            "status": "in_progress",
            "narrative": "Gender considerations are being integrated into the programme reviews.",
            "period": "2026-H2",
            "expected_completion_on": "2027-06-30",
            "evidence_ids": [item["id"]],
        },
        headers=signed(client, "unodc.focal", "contributor"),
    )
    assert sent.status_code == 201, sent.text
    assert sent.headers["location"] == url
    assert sent.json()["recorded_by"] == "unodc.focal"
    status = recommendation(client, "R2")
    assert status["reported"]["status"] == "in_progress"  # type: ignore[index]
    assert status["reported"]["period"] == "2026-H2"  # type: ignore[index]
    assert "progress_report_due" not in status["flags"]  # type: ignore[operator]
    assert [r["id"] for r in client.get(url).json()["items"]] == [sent.json()["id"]]
    feed = client.get("/api/v1/changes", params={"limit": 500}).json()["items"]
    assert feed[-1]["kind"] == "progress_reported"


def test_a_claim_of_implementation_without_support_is_flagged(
    client: TestClient, seeded: int
) -> None:
    url = f"/api/v1/recommendations/{recommendation_ids(client)['R3']}/progress-reports"
    claim = {"status": "implemented", "narrative": "Done with UNDP and UN-Women."}
    assert client.post(url, json=claim).status_code == 201
    status = recommendation(client, "R3")
    assert (status["status"], status["flags"]) == ("in_progress", ["claim_not_supported"])
    post_evidence(client, indicator_ids(client)["R3.a"], verdict="meets")
    assert recommendation(client, "R3")["flags"] == ["ready_for_validation"]


def test_a_report_is_checked_before_it_is_recorded(
    clocked: TestClient, clock: FakeClock, seeded: int
) -> None:
    recs, ids = recommendation_ids(clocked), indicator_ids(clocked)
    url = f"/api/v1/recommendations/{recs['R1']}/progress-reports"
    other = post_evidence(clocked, ids["R2.a"])
    tomorrow = (clock.now() + timedelta(days=1)).date().isoformat()
    for body, field in (
        ({"status": "in_progress"}, "body.narrative"),
        ({"status": "done", "narrative": "x"}, "body.status"),
        ({"status": "in_progress", "narrative": "x", "reported_on": tomorrow}, "body.reported_on"),
        (
            {"status": "in_progress", "narrative": "x", "evidence_ids": [other["id"]]},
            "body.evidence_ids",
        ),
    ):
        assert_problem(clocked.post(url, json=body), 422, field)
    assert clocked.get(url).json()["items"] == []
    viewer = signed(clocked, "reader", "viewer")
    assert_problem(
        clocked.post(url, json={"status": "in_progress", "narrative": "x"}, headers=viewer), 403
    )
