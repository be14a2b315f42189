"""Status over HTTP: the seed's starting point, how evidence moves it, and as_of."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import (
    REPORT,
    assess,
    indicator_ids,
    post_evidence,
    recommendation_ids,
    report_status,
    statuses,
)
from tests.fakes import FakeClock

# The status suites run with polls answered early (before routing) and by the routes alone.
pytestmark = pytest.mark.parametrize(
    "early_status_answers", [True, False], ids=["early-answers", "routes-only"]
)


def test_fresh_seed_is_not_started_with_no_evidence(client: TestClient, seeded: int) -> None:
    status = report_status(client)
    assert status["recommendation_counts"]["not_started"] == 3
    assert status["recommendations"][0]["explanation"]["summary"] == (
        "R1 not_started: no evidence recorded, no follow-up action under way and no progress "
        "reported"
    )
    assert status["indicator_counts"]["no_evidence"] == 7
    assert status["acceptance_rate"] == 1.0
    assert status["implementation_rate"] == 0.0
    assert status["progress"] == 0.0
    assert {r["acceptance"] for r in status["recommendations"]} == {"accepted"}
    # Issued in March 2021, with no progress reported since: every cycle has passed.
    assert {tuple(r["flags"]) for r in status["recommendations"]} == {("progress_report_due",)}
    assert status["recommendations"][0]["indicators"][2]["explanation"]["summary"] == (
        "R1.c no_evidence: no current evidence"
    )


def test_status_follows_evidence_and_assessments(client: TestClient, seeded: int) -> None:
    ids = indicator_ids(client)
    for code in ("R1.a", "R1.b", "R1.c"):
        post_evidence(client, ids[code], verdict="meets")
    partial = post_evidence(client, ids["R2.a"], verdict="partially_meets")
    post_evidence(client, ids["R2.b"])
    post_evidence(client, ids["R3.a"], verdict="does_not_meet")

    found = statuses(report_status(client))
    assert found["R1"] == "implemented"
    assert found["R2"] == "partially_implemented"
    assert (found["R2.a"], found["R2.b"], found["R2.c"]) == (
        "partially_met",
        "under_review",
        "no_evidence",
    )
    assert (found["R3"], found["R3.a"]) == ("in_progress", "not_met")

    status = report_status(client)
    assert status["implementation_rate"] == 1 / 3
    assert status["progress"] == (1 + 0.5 / 3 + 0) / 3
    r2a = status["recommendations"][1]["indicators"][0]
    assert r2a["explanation"]["evidence_ids"] == [partial["id"]]
    assert f"evidence {partial['id']} partially_meets (assessed" in r2a["explanation"]["summary"]


def test_as_of_a_moment_before_a_write_shows_the_earlier_state(
    clocked: TestClient, clock: FakeClock, seeded: int
) -> None:
    ids = indicator_ids(clocked)
    before_evidence = clock.now()
    evidence = post_evidence(clocked, ids["R3.a"])
    between = clock.now()
    assess(clocked, evidence["id"], "meets")

    assert statuses(report_status(clocked))["R3"] == "implemented"
    # What the tracker said at that moment: the item, not yet its verdict.
    then = {"as_of": between.isoformat(), "known_at": between.isoformat()}
    earlier = clocked.get(f"/api/v1/reports/{REPORT}/status", params=then).json()
    assert statuses(earlier)["R3.a"] == "under_review"
    assert earlier["known_at"] is not None
    # What was true at that moment, as known now: the verdict judges the item it speaks for.
    assert statuses(report_status(clocked, as_of=between.isoformat()))["R3.a"] == "met"
    known_before = {"as_of": before_evidence.isoformat(), "known_at": before_evidence.isoformat()}
    before_all = clocked.get(f"/api/v1/reports/{REPORT}/status", params=known_before).json()
    assert statuses(before_all)["R3.a"] == "no_evidence"


def test_a_backlog_entered_today_counts_for_the_days_it_speaks_for(
    clocked: TestClient, clock: FakeClock, seeded: int
) -> None:
    """Evidence entered today about last year shows in last year's status and trend, as known
    now; not as the tracker said it before the evidence was entered."""
    before_entry = clock.now()
    last_year = (before_entry - timedelta(days=365)).date()
    post_evidence(
        clocked, indicator_ids(clocked)["R3.a"], verdict="meets", effective_on=str(last_year)
    )
    then = (last_year + timedelta(days=30)).isoformat()
    assert statuses(report_status(clocked, as_of=then))["R3"] == "implemented"
    told = {"as_of": then, "known_at": before_entry.isoformat()}
    assert (
        statuses(clocked.get(f"/api/v1/reports/{REPORT}/status", params=told).json())["R3"]
        == "not_started"
    )
    history = f"/api/v1/reports/{REPORT}/status/history"
    span = {"from": then, "to": then, "step": "day"}
    [point] = clocked.get(history, params=span).json()["points"]
    assert point["recommendation_counts"]["implemented"] == 1
    for known in ("same", before_entry.isoformat()):
        [point] = clocked.get(history, params={**span, "known_at": known}).json()["points"]
        assert point["recommendation_counts"]["implemented"] == 0, known


def test_as_of_before_the_seed_was_loaded_knows_nothing_of_it(
    client: TestClient, seeded: int
) -> None:
    status = report_status(client, as_of="2020-01-01")
    assert status["recommendations"] == []
    assert status["acceptance_rate"] is None
    assert status["implementation_rate"] is None
    assert status["as_of"].startswith("2020-01-01T23:59:59")


def test_recommendation_and_indicator_status_agree_with_the_report(
    client: TestClient, seeded: int
) -> None:
    ids = indicator_ids(client)
    recs = recommendation_ids(client)
    post_evidence(client, ids["R1.b"], verdict="partially_meets")
    report = report_status(client)
    rec = client.get(f"/api/v1/recommendations/{recs['R1']}/status").json()
    ind = client.get(f"/api/v1/indicators/{ids['R1.b']}/status").json()
    assert rec["status"] == report["recommendations"][0]["status"] == "partially_implemented"
    assert rec["progress"] == report["recommendations"][0]["progress"] == 0.5 / 3
    assert ind["status"] == "partially_met"
    assert ind["recommendation_code"] == "R1"
    assert ind["report"]["code"] == REPORT
    assert ind["explanation"] == report["recommendations"][0]["indicators"][1]["explanation"]


def test_a_recommendation_or_indicator_asked_for_before_it_was_recorded_is_not_found(
    client: TestClient, seeded: int
) -> None:
    rec = recommendation_ids(client)["R2"]
    ind = indicator_ids(client)["R2.b"]
    for path, code in (
        (f"/api/v1/recommendations/{rec}/status", "recommendation R2"),
        (f"/api/v1/indicators/{ind}/status", "indicator R2.b"),
    ):
        before = assert_problem(client.get(path, params={"as_of": "2020-01-01"}), 404)
        assert before["detail"].startswith(f"{code} was not yet in the record as of 2020-01-01")
        assert client.get(path, params={"as_of": "2030-01-01"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/no-such-report/status",
        "/api/v1/reports/no-such-report/status/history?from=2026-02-01&to=2026-01-01",
        "/api/v1/recommendations/999999/status",
        "/api/v1/indicators/999999/status",
        "/api/v1/status",
    ],
)
def test_a_malformed_moment_is_refused_before_anything_is_looked_up(
    client: TestClient, seeded: int, path: str
) -> None:
    """What the request says is checked first (422), then what it names (404)."""
    asked = path if "?" in path else f"{path}?as_of=yesterday"
    assert_problem(client.get(asked), 422)


def test_report_status_accepts_the_numeric_id_too(client: TestClient, seeded: int) -> None:
    by_id = client.get(f"/api/v1/reports/{seeded}/status", params={"as_of": "2030-01-01"})
    by_code = client.get(f"/api/v1/reports/{REPORT}/status", params={"as_of": "2030-01-01"})
    assert by_id.status_code == 200
    assert by_id.json() == by_code.json()


def test_a_follow_up_action_under_way_puts_its_recommendation_in_progress(
    clocked: TestClient, clock: FakeClock, seeded: int
) -> None:
    rec = recommendation_ids(clocked)["R2"]
    created = clocked.post(
        f"/api/v1/recommendations/{rec}/actions",
        json={"description": "Draft the results framework with the regional offices"},
    ).json()
    assert statuses(report_status(clocked))["R2"] == "not_started"  # only planned
    before = clock.now()
    url = f"/api/v1/actions/{created['id']}"
    started = clocked.patch(
        url, json={"state": "in_progress"}, headers={"If-Match": clocked.get(url).headers["etag"]}
    )
    assert started.status_code == 200
    status = report_status(clocked)
    assert statuses(status)["R2"] == "in_progress"
    assert (
        f"follow-up action {created['id']} under way"
        in (status["recommendations"][1]["explanation"]["summary"])
    )
    assert statuses(report_status(clocked, as_of=before.isoformat()))["R2"] == "not_started"


def test_acceptance_and_implementation_rates_as_the_jiu_reports_them(
    client: TestClient, seeded: int
) -> None:
    recs = recommendation_ids(client)
    respond = f"/api/v1/recommendations/{recs['R3']}/responses"
    pending = client.post(respond, json={"acceptance": "under_consideration", "text": {"en": "?"}})
    assert pending.status_code == 201, pending.text
    post_evidence(client, indicator_ids(client)["R3.a"], verdict="meets")
    status = report_status(client)
    assert status["recommendations"][2]["acceptance"] == "under_consideration"
    assert status["acceptance_rate"] == 1.0  # two decided, both accepted; R3 left out
    assert status["implementation_rate"] == 0.0  # R3 is implemented, but not accepted (yet)
    assert status["acceptance_counts"] == {
        "accepted": 2,
        "partially_accepted": 0,
        "not_accepted": 0,
        "under_consideration": 1,
    }
    assert status["rate_basis"] == {"decided": 2, "accepting": 2, "committed": 2, "implemented": 0}
    client.post(
        respond,
        json={"acceptance": "not_accepted", "text": {"en": "No"}, "justification": "mandate"},
    )
    decided = report_status(client)
    assert decided["acceptance_rate"] == 2 / 3
    assert decided["acceptance_counts"]["not_accepted"] == 1
    assert decided["rate_basis"]["decided"] == 3
