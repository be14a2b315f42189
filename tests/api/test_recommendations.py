"""Responses, actions, target dates and closures over HTTP."""

from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import (
    REPORT,
    indicator_ids,
    post_evidence,
    recommendation_ids,
    signed,
    statuses,
)


def test_report_detail_nests_everything(client: TestClient, seeded: int) -> None:
    detail = client.get(f"/api/v1/reports/{REPORT}").json()
    assert detail["oversight_body"] == "OIOS"
    assert [r["code"] for r in detail["recommendations"]] == ["R1", "R2", "R3"]
    first = detail["recommendations"][0]
    assert [i["code"] for i in first["indicators"]] == ["R1.a", "R1.b", "R1.c"]
    assert first["response"]["acceptance"] == "accepted"
    assert first["actions"] == []
    assert first["closure"] is None
    one = client.get(f"/api/v1/recommendations/{first['id']}").json()
    assert one == first
    indicator = client.get(f"/api/v1/indicators/{first['indicators'][0]['id']}").json()
    assert indicator == first["indicators"][0]


def test_reports_are_listed_in_pages(client: TestClient, seeded: int) -> None:
    page = client.get("/api/v1/reports").json()
    assert page["total"] == 1
    assert (page["limit"], page["offset"]) == (50, 0)
    assert page["items"][0]["code"] == REPORT
    assert_problem(client.get("/api/v1/reports", params={"limit": 0}), 422, "query.limit")
    assert_problem(client.get("/api/v1/reports", params={"limit": 501}), 422, "query.limit")


def test_a_new_response_version_keeps_the_earlier_one(client: TestClient, seeded: int) -> None:
    rec = recommendation_ids(client)["R3"]
    post_evidence(client, indicator_ids(client)["R3.a"], verdict="meets")
    response = client.post(
        f"/api/v1/recommendations/{rec}/responses",
        json={
            "acceptance": "not_accepted",
            "text": {"en": "UNODC no longer accepts this recommendation."},
            "justification": "Mandate changed by the Commission.",
        },
        headers=signed(client, "unodc.focal"),
    )
    assert response.status_code == 201
    assert response.json()["recorded_by"] == "unodc.focal"
    versions = client.get(f"/api/v1/recommendations/{rec}/responses").json()
    assert [v["acceptance"] for v in versions["items"]] == ["not_accepted", "accepted"]
    assert client.get(f"/api/v1/recommendations/{rec}").json()["response"]["acceptance"] == (
        "not_accepted"
    )
    status = client.get(f"/api/v1/reports/{REPORT}/status").json()
    assert statuses(status)["R3"] == "not_accepted"
    assert status["acceptance_rate"] == 2 / 3


def test_the_report_reads_as_the_report_wrote_it(client: TestClient, seeded: int) -> None:
    detail = client.get(f"/api/v1/reports/{REPORT}").json()
    assert (detail["issued_on"], detail["issued_on_precision"]) == ("2021-03", "month")
    assert detail["unofficial_languages"] == ["en"]
    comments = detail["management_comments"]
    assert len(comments) == 6
    assert comments[5]["recommendations"] is None  # all of them
    assert comments[4]["recommendations"] == ["R1", "R2"]
    r1, r2, r3 = (r["response"] for r in detail["recommendations"])
    assert r2["caveats"] == []
    assert r2["caveat_records"] == []
    assert [c["text"] for c in r3["caveat_records"]] == r3["caveats"]
    assert r3["caveat_records"][1]["applies_to"] == {"indicators": ["R3.a"], "part": None}
    assert r1["caveat_records"][1]["applies_to"]["part"]["en"].startswith("an optimal staffing")
    listed = client.get("/api/v1/reports").json()["items"][0]
    assert listed["issued_on"] == "2021-03"


def test_a_response_takes_caveat_records_or_texts(client: TestClient, seeded: int) -> None:
    rec = recommendation_ids(client)["R3"]
    url = f"/api/v1/recommendations/{rec}/responses"
    caveat = {
        "text": {"en": "Disaggregation by SDG may be challenging."},
        "source_ref": "letter of 2024-05-06",
        "applies_to": {"indicators": ["R3.a"]},
    }
    body = {
        "acceptance": "accepted",
        "text": {"en": "Accepted."},
        "caveats": [caveat, {"en": "Subject to resources."}],
    }
    made = client.post(url, json=body, headers=signed(client, "unodc.focal"))
    assert made.status_code == 201, made.text
    records = made.json()["caveat_records"]
    assert records[0]["applies_to"] == {"indicators": ["R3.a"], "part": None}
    assert records[1] == {
        "text": {"en": "Subject to resources."},
        "source_ref": "",
        "applies_to": None,
    }
    wrong = {**body, "caveats": [{**caveat, "applies_to": {"indicators": ["R1.a"]}}]}
    refused = client.post(url, json=wrong, headers=signed(client, "unodc.focal"))
    assert_problem(refused, 422, "body.caveats.0.applies_to.indicators.0")
    empty = {**body, "caveats": [{**caveat, "applies_to": {}}]}
    assert client.post(url, json=empty, headers=signed(client, "unodc.focal")).status_code == 422
    versions = client.get(url).json()
    assert versions["total"] == 2, "the refused versions wrote nothing"


def test_actions_move_through_their_states(client: TestClient, seeded: int) -> None:
    rec = recommendation_ids(client)["R1"]
    created = client.post(
        f"/api/v1/recommendations/{rec}/actions",
        json={
            "description": "Adopt the UNODC Strategy 2021-2025",
            "responsible_unit": "Strategic Planning and Interagency Affairs Unit",
            "due_on": "2021-12-31",
        },
        headers=signed(client, "planner"),
    )
    assert created.status_code == 201
    action = created.json()
    assert action["state"] == "planned"
    assert created.headers["location"] == f"/api/v1/actions/{action['id']}"

    url = f"/api/v1/actions/{action['id']}"
    tag = client.get(url).headers["etag"]
    done = client.patch(url, json={"state": "completed"}, headers={"If-Match": tag})
    assert done.status_code == 200
    assert done.json()["state"] == "completed"
    assert done.json()["completed_on"] is not None
    assert done.json()["version"] == 2
    tag = done.headers["etag"]

    assert_problem(
        client.patch(url, json={"state": "dropped"}, headers={"If-Match": tag}), 422, "body.state"
    )
    dropped = client.patch(
        url,
        json={"state": "dropped", "dropped_reason": "Superseded by the new strategy"},
        headers={"If-Match": tag},
    )
    assert dropped.json()["state"] == "dropped"
    assert dropped.json()["completed_on"] is None
    listed = client.get(f"/api/v1/recommendations/{rec}/actions").json()
    assert [a["state"] for a in listed["items"]] == ["dropped"]
    assert_problem(
        client.post(
            f"/api/v1/recommendations/{rec}/actions", json={"state": "dropped", "description": "x"}
        ),
        422,
        "body",
    )


def test_moving_the_target_date_keeps_history_and_flags_overdue(
    client: TestClient, seeded: int
) -> None:
    rec = recommendation_ids(client)["R2"]
    first = client.post(
        f"/api/v1/recommendations/{rec}/target-date-changes",
        json={"new_date": "2022-12-31", "reason": "Agreed in the action plan"},
        headers=signed(client, "oios"),
    )
    assert first.status_code == 201
    assert first.json()["previous_date"] is None
    second = client.post(
        f"/api/v1/recommendations/{rec}/target-date-changes",
        json={"new_date": "2099-06-30", "reason": "New strategy cycle"},
    )
    assert second.json()["previous_date"] == "2022-12-31"
    detail = client.get(f"/api/v1/recommendations/{rec}").json()
    assert detail["current_target_date"] == "2099-06-30"
    assert [c["new_date"] for c in detail["target_date_changes"]] == ["2022-12-31", "2099-06-30"]
    status = client.get(f"/api/v1/recommendations/{rec}/status").json()
    assert status["overdue"] is False
    assert_problem(
        client.post(
            f"/api/v1/recommendations/{rec}/target-date-changes", json={"new_date": "2030-01-01"}
        ),
        422,
        "body.reason",
    )


def test_closing_as_no_longer_relevant_once(client: TestClient, seeded: int) -> None:
    rec = recommendation_ids(client)["R3"]
    closed = client.post(
        f"/api/v1/recommendations/{rec}/closure",
        json={"justification": "Overtaken by the UN development system reform"},
        headers=signed(client, "oios.evaluator"),
    )
    assert closed.status_code == 201
    assert closed.json()["reason"] == "no_longer_relevant"
    assert closed.json()["closed_by"] == "oios.evaluator"
    assert_problem(
        client.post(f"/api/v1/recommendations/{rec}/closure", json={"justification": "again"}),
        409,
    )
    status = client.get(f"/api/v1/reports/{REPORT}/status").json()
    assert statuses(status)["R3"] == "no_longer_relevant"
    assert status["implementation_rate"] == 0.0
    assert (
        client.get(f"/api/v1/recommendations/{rec}").json()["closure"]["id"]
        == (closed.json()["id"])
    )


def test_changing_an_action_needs_the_etag_it_was_read_with(
    client: TestClient, seeded: int
) -> None:
    rec = recommendation_ids(client)["R2"]
    action = client.post(
        f"/api/v1/recommendations/{rec}/actions", json={"description": "Map programmes"}
    ).json()
    url = f"/api/v1/actions/{action['id']}"
    read = client.get(url).headers["etag"]
    assert_problem(client.patch(url, json={"state": "in_progress"}), 428)
    first = client.patch(url, json={"state": "in_progress"}, headers={"If-Match": read})
    assert first.status_code == 200
    stale = client.patch(url, json={"state": "completed"}, headers={"If-Match": read})
    assert_problem(stale, 412)
    assert client.get(url).json()["state"] == "in_progress", "the stale change was refused"
    assert client.get(url).headers["etag"] == first.headers["etag"]


def test_a_target_date_move_says_when_it_was_decided(client: TestClient, seeded: int) -> None:
    url = f"/api/v1/recommendations/{recommendation_ids(client)['R2']}/target-date-changes"
    assert_problem(
        client.post(
            url, json={"new_date": "2030-01-01", "reason": "x", "decided_on": "2999-01-01"}
        ),
        422,
        "body.decided_on",
    )
    moved = client.post(
        url,
        json={
            "new_date": "2027-06-30",
            "reason": "Agreed in the 2024 review",
            "decided_on": "2024-05-02",
        },
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["decided_on"] == "2024-05-02"
    at_the_time = client.get(
        f"/api/v1/recommendations/{recommendation_ids(client)['R2']}/status",
        params={"as_of": "2024-06-01"},
    ).json()
    assert at_the_time["current_target_date"] == "2027-06-30"
