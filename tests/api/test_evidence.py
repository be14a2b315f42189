"""Evidence over HTTP: append-only records, corrections, withdrawals and verdict history."""

from fastapi.testclient import TestClient

from tests.builders import assess, indicator_ids, post_evidence, signed


def test_recording_evidence_answers_201_with_location_and_attribution(
    client: TestClient, seeded: int
) -> None:
    ind = indicator_ids(client)["R1.a"]
    response = client.post(
        f"/api/v1/indicators/{ind}/evidence",
        json={
            "title": "UNODC Strategy 2021-2025",
            "source_url": "https://www.unodc.org/unodc/en/strategy/index.html",
            "document_symbol": "UNODC/STRAT/2021",
            "effective_on": "2021-02-15",
            "external_id": "strat-2021",
            "assessment": {"verdict": "partially_meets", "comment": "staffing model missing"},
        },
        headers=signed(client, "focal.point@unodc"),
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/api/v1/evidence/{body['id']}"
    assert body["recorded_by"] == "focal.point@unodc"
    assert body["state"] == "current"
    assert body["verdict"] == "partially_meets"
    assert body["assessments"][0]["assessed_by"] == "focal.point@unodc"
    assert client.get(response.headers["location"]).json() == body


def test_the_author_is_the_name_of_the_token_used(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R1.a"]
    response = client.post(f"/api/v1/indicators/{ind}/evidence", json={"title": "Note"})
    assert response.json()["recorded_by"] == "tester"
    assert response.json()["effective_on"] == response.json()["recorded_at"][:10]


def test_a_correction_supersedes_without_editing_the_original(
    client: TestClient, seeded: int
) -> None:
    ind = indicator_ids(client)["R2.c"]
    original = post_evidence(client, ind, verdict="meets", external_id="gender-2022")
    correction = post_evidence(
        client, ind, title="Gender marker report (corrected)", supersedes_id=original["id"]
    )
    assert correction["supersedes_id"] == original["id"]
    assert correction["external_id"] == "gender-2022"
    assert correction["revision"] == 2
    assert correction["verdict"] is None

    before = client.get(f"/api/v1/evidence/{original['id']}").json()
    assert before["state"] == "superseded"
    assert before["superseded_by_id"] == correction["id"]
    assert before["title"] == original["title"]
    assert before["assessments"] == original["assessments"]

    current = client.get(f"/api/v1/indicators/{ind}/evidence").json()
    assert [e["id"] for e in current["items"]] == [correction["id"]]
    everything = client.get(f"/api/v1/indicators/{ind}/evidence", params={"include": "all"}).json()
    assert [e["id"] for e in everything["items"]] == [original["id"], correction["id"]]
    assert everything["total"] == 2

    status = client.get(f"/api/v1/indicators/{ind}/status").json()
    assert status["status"] == "under_review"


def test_a_withdrawal_is_an_event_with_a_reason(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R3.a"]
    item = post_evidence(client, ind, verdict="meets")
    response = client.post(
        f"/api/v1/evidence/{item['id']}/withdrawal",
        json={"reason": "Posted against the wrong report"},
        headers=signed(client, "evaluator"),
    )
    assert response.status_code == 201
    assert response.json()["withdrawn_by"] == "evaluator"
    after = client.get(f"/api/v1/evidence/{item['id']}").json()
    assert after["state"] == "withdrawn"
    assert after["withdrawal"]["reason"] == "Posted against the wrong report"
    assert after["verdict"] == "meets", "the record keeps what was assessed"
    assert client.get(f"/api/v1/indicators/{ind}/evidence").json()["total"] == 0
    assert client.get(f"/api/v1/indicators/{ind}/status").json()["status"] == "no_evidence"


def test_assessments_keep_history_and_the_latest_decides(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R2.a"]
    item = post_evidence(client, ind)
    assess(client, item["id"], "does_not_meet")
    assess(client, item["id"], "meets")
    history = client.get(f"/api/v1/evidence/{item['id']}/assessments").json()
    assert [a["verdict"] for a in history["items"]] == ["does_not_meet", "meets"]
    assert client.get(f"/api/v1/evidence/{item['id']}").json()["verdict"] == "meets"
    assert client.get(f"/api/v1/indicators/{ind}/status").json()["status"] == "met"


def test_evidence_lists_are_paged(client: TestClient, seeded: int) -> None:
    ind = indicator_ids(client)["R1.c"]
    made = [post_evidence(client, ind, title=f"Monitoring report {n}")["id"] for n in range(5)]
    page = client.get(f"/api/v1/indicators/{ind}/evidence", params={"limit": 2, "offset": 2})
    assert page.json()["total"] == 5
    assert (page.json()["limit"], page.json()["offset"]) == (2, 2)
    assert [e["id"] for e in page.json()["items"]] == made[2:4]
