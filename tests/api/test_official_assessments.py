"""The oversight body's assessments over HTTP: recorded by evaluators, listed, in force from the
day they speak for, prevailing over the evidence, with flags where the two disagree."""

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import (
    REPORT,
    indicator_ids,
    post_evidence,
    recommendation_ids,
    report_status,
    signed,
)
from tests.fakes import FakeClock


def recommendation_status(client: TestClient, code: str, **params: str) -> dict[str, object]:
    rec = recommendation_ids(client)[code]
    response = client.get(f"/api/v1/recommendations/{rec}/status", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_an_official_assessment_prevails_over_the_evidence(
    clocked: TestClient, clock: FakeClock, seeded: int
) -> None:
    ids, recs = indicator_ids(clocked), recommendation_ids(clocked)
    for code in ("R1.a", "R1.b", "R1.c"):
        post_evidence(clocked, ids[code], verdict="meets")
    before = recommendation_status(clocked, "R1")
    assert (before["status"], before["status_basis"]) == ("implemented", "derived")
    assert before["flags"] == ["ready_for_validation"]  # implemented: nothing more is due
    assert before["official"] is None

    clock.advance(86_400)
    review = {
        "status": "partially_implemented",
        "source_ref": "E/AC.51/2024/5, para. 12",
        "comment": "The road map lacks a timeline for the regional offices.",
    }
    created = clocked.post(
        f"/api/v1/recommendations/{recs['R1']}/assessments",
        json=review,
        headers=signed(clocked, "oios.ied"),
    )
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/api/v1/recommendations/{recs['R1']}/assessments"
    assessment = created.json()
    assert assessment["assessed_on"] == clock.now().date().isoformat()
    assert assessment["recorded_by"] == "oios.ied"

    after = recommendation_status(clocked, "R1")
    assert (after["status"], after["status_basis"]) == ("partially_implemented", "official")
    assert after["derived"]["status"] == "implemented"  # type: ignore[index]
    assert after["official"]["source_ref"] == review["source_ref"]  # type: ignore[index]
    assert after["flags"] == [
        "ready_for_validation",
        "official_differs_from_evidence",
        "progress_report_due",
    ]
    assert after["explanation"]["rule"] == "recommendation.official.partially_implemented"  # type: ignore[index]
    report = report_status(clocked)
    assert report["recommendations"][0]["status"] == "partially_implemented"
    assert report["implementation_rate"] == 0.0
    yesterday = (clock.now() - timedelta(days=1)).date().isoformat()
    assert recommendation_status(clocked, "R1", as_of=yesterday)["status_basis"] == "derived"

    listed = clocked.get(f"/api/v1/recommendations/{recs['R1']}/assessments").json()
    assert [a["id"] for a in listed["items"]] == [assessment["id"]]


def test_a_closure_without_implementation_needs_a_justification_and_counts_against(
    client: TestClient, seeded: int
) -> None:
    url = f"/api/v1/recommendations/{recommendation_ids(client)['R2']}/assessments"
    assert_problem(client.post(url, json={"status": "closed_not_implemented"}), 422, "body")
    closed = client.post(
        url,
        json={
            "status": "closed_not_implemented",
            "justification": "Management accepts the risk of not acting",
        },
    )
    assert closed.status_code == 201, closed.text
    report = report_status(client)
    assert report["recommendation_counts"]["closed_not_implemented"] == 1
    assert report["implementation_rate"] == 0.0  # it stays in the denominator
    assert (
        client.get(f"/api/v1/reports/{REPORT}").json()["recommendations"][1]["closure"]["reason"]
        == "closed_not_implemented"
    )


def test_an_assessment_never_speaks_for_a_day_not_yet_reached(
    clocked: TestClient, clock: FakeClock, seeded: int
) -> None:
    url = f"/api/v1/recommendations/{recommendation_ids(clocked)['R3']}/assessments"
    tomorrow = (clock.now() + timedelta(days=1)).date().isoformat()
    assert_problem(
        clocked.post(url, json={"status": "implemented", "assessed_on": tomorrow}),
        422,
        "body.assessed_on",
    )


def test_only_evaluators_record_official_assessments(client: TestClient, seeded: int) -> None:
    url = f"/api/v1/recommendations/{recommendation_ids(client)['R3']}/assessments"
    refused = client.post(
        url, json={"status": "implemented"}, headers=signed(client, "focal", "contributor")
    )
    assert_problem(refused, 403)
    assert client.get(url).json()["items"] == []


def test_a_closure_is_an_official_assessment(client: TestClient, seeded: int) -> None:
    rec = recommendation_ids(client)["R3"]
    closed = client.post(
        f"/api/v1/recommendations/{rec}/closure", json={"justification": "Superseded"}
    ).json()
    listed = client.get(f"/api/v1/recommendations/{rec}/assessments").json()["items"]
    assert [(a["id"], a["status"]) for a in listed] == [(closed["id"], "no_longer_relevant")]
    status = recommendation_status(client, "R3")
    assert (status["status"], status["status_basis"]) == ("no_longer_relevant", "official")
    feed = client.get("/api/v1/changes", params={"limit": 500}).json()["items"]
    assert feed[-1]["kind"] == "recommendation_assessed"
    assert feed[-1]["data"]["after"]["status"] == "no_longer_relevant"


def test_an_indicator_judged_as_a_whole(client: TestClient, seeded: int) -> None:
    """Two items that each half-meet R2.b's two parts meet it together, as an evaluator says."""
    ids = indicator_ids(client)
    first = post_evidence(client, ids["R2.b"], verdict="partially_meets", title="Global part")
    second = post_evidence(client, ids["R2.b"], verdict="partially_meets", title="Regional part")
    other = post_evidence(client, ids["R2.a"])
    url = f"/api/v1/indicators/{ids['R2.b']}/assessments"
    judgement = {"status": "met", "evidence_ids": [first["id"], second["id"]], "comment": "Both"}
    assert_problem(
        client.post(url, json={**judgement, "evidence_ids": [other["id"]]}),
        422,
        "body.evidence_ids",
    )
    made = client.post(url, json=judgement)
    assert made.status_code == 201, made.text
    assert made.headers["location"] == url
    status = client.get(f"/api/v1/indicators/{ids['R2.b']}/status").json()
    assert (status["status"], status["status_basis"]) == ("met", "official")
    assert status["derived"]["status"] == "partially_met"
    assert status["official"]["evidence_ids"] == [first["id"], second["id"]]
    assert status["explanation"]["rule"] == "indicator.official.met"
    assert [a["id"] for a in client.get(url).json()["items"]] == [made.json()["id"]]
    refused = client.post(url, json=judgement, headers=signed(client, "focal", "contributor"))
    assert_problem(refused, 403)
