"""The forms on recommendations and indicators over HTTP: judgements, progress reports, the
oversight body's assessments and follow-up actions, each refused next to its field and
allowed only to the roles that may write it."""

import html
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import Database
from tests.forms.signed_in import csrf_of, element, signed_in

REPORT = "/api/v1/reports/oios-unodc-2021"


@pytest.fixture
def ids(client: TestClient, seeded: int) -> dict[str, Any]:
    detail = client.get(REPORT).json()
    first = detail["recommendations"][0]
    return {"rec": first["id"], "ind": first["indicators"][0]["id"], "code": first["code"]}


@pytest.fixture
def officer(settings: Settings, database: Database, seeded: int) -> Iterator[TestClient]:
    with signed_in(settings, database, "officer@oios", "evaluator") as client:
        yield client


@pytest.fixture
def focal_point(settings: Settings, database: Database, seeded: int) -> Iterator[TestClient]:
    with signed_in(settings, database, "focal.point@unodc", "contributor") as client:
        yield client


def test_judging_an_indicator_as_a_whole(officer: TestClient, ids: dict[str, Any]) -> None:
    url = f"/dashboard/indicators/{ids['ind']}/judgement"
    page = officer.get(url)
    assert page.status_code == 200
    token = csrf_of(page.text)
    refused = officer.post(url, data={"csrf_token": token, "comment": "seen the strategy"})
    assert refused.status_code == 422
    assert element(refused.text, "judge-status")["aria-invalid"] == "true"
    assert "seen the strategy</textarea>" in refused.text
    sent = officer.post(
        url,
        data={"csrf_token": token, "status": "met", "comment": "seen the strategy"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    judged = officer.get(f"/api/v1/indicators/{ids['ind']}/assessments").json()["items"]
    assert [(j["status"], j["recorded_by"]) for j in judged] == [("met", "officer@oios")]


def test_a_focal_point_reports_progress_but_records_no_official_assessment(
    focal_point: TestClient, ids: dict[str, Any]
) -> None:
    url = f"/dashboard/recommendations/{ids['rec']}/progress"
    token = csrf_of(focal_point.get(url).text)
    refused = focal_point.post(url, data={"csrf_token": token, "status": "in_progress"})
    assert refused.status_code == 422
    assert element(refused.text, "progress-narrative")["aria-invalid"] == "true"
    assert "selected" in element(refused.text, "progress-status") or (
        '<option value="in_progress" selected>' in refused.text
    )
    sent = focal_point.post(
        url,
        data={"csrf_token": token, "status": "in_progress", "narrative": "Staffing model drafted"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    reports = focal_point.get(f"/api/v1/recommendations/{ids['rec']}/progress-reports").json()
    assert [r["narrative"] for r in reports["items"]] == ["Staffing model drafted"]
    official = f"/dashboard/recommendations/{ids['rec']}/official-assessment"
    assert focal_point.get(official).status_code == 403
    posted = focal_point.post(official, data={"csrf_token": token, "status": "implemented"})
    assert posted.status_code == 403


def test_the_oversight_body_assessment_and_a_closure_that_must_say_why(
    officer: TestClient, ids: dict[str, Any]
) -> None:
    url = f"/dashboard/recommendations/{ids['rec']}/official-assessment"
    token = csrf_of(officer.get(url).text)
    refused = officer.post(
        url, data={"csrf_token": token, "status": "closed_not_implemented", "source_ref": "A/1"}
    )
    assert refused.status_code == 422
    assert "justification" in refused.text
    assert element(refused.text, "official-source_ref")["value"] == "A/1"
    sent = officer.post(
        url,
        data={"csrf_token": token, "status": "implemented", "source_ref": "OIOS validation"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    status = officer.get(f"/api/v1/recommendations/{ids['rec']}/status").json()
    assert status["status"] == "implemented"


def test_actions_are_added_and_moved_with_the_version_they_were_drawn_from(
    focal_point: TestClient, ids: dict[str, Any]
) -> None:
    url = f"/dashboard/recommendations/{ids['rec']}/actions"
    token = csrf_of(focal_point.get(url).text)
    refused = focal_point.post(url, data={"csrf_token": token, "state": "planned"})
    assert refused.status_code == 422
    assert element(refused.text, "add-action-description")["aria-invalid"] == "true"
    added = focal_point.post(
        url,
        data={"csrf_token": token, "description": "Staffing review", "state": "planned"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    [action] = focal_point.get(f"/api/v1/recommendations/{ids['rec']}/actions").json()["items"]
    page = focal_point.get(url).text
    drawn = element(page, f"action-{action['id']}")
    assert drawn["action"] == f"/dashboard/actions/{action['id']}"
    etag = html.unescape(page.split('name="etag" value="')[1].split('"')[0])
    assert etag == focal_point.get(f"/api/v1/actions/{action['id']}").headers["etag"]
    move = {
        "csrf_token": token,
        "description": "Staffing review",
        "state": "in_progress",
        "etag": etag,
    }
    assert (
        focal_point.post(
            f"/dashboard/actions/{action['id']}", data=move, follow_redirects=False
        ).status_code
        == 303
    )
    # The same form again, drawn before that change: refused, not overwritten.
    stale = focal_point.post(
        f"/dashboard/actions/{action['id']}", data={**move, "state": "dropped"}
    )
    assert stale.status_code == 412
    assert 'role="alert"' in stale.text
    state = focal_point.get(f"/api/v1/actions/{action['id']}").json()["state"]
    assert state == "in_progress"


def test_the_commonest_messages_are_said_in_the_pages_language(
    focal_point: TestClient, ids: dict[str, Any]
) -> None:
    url = f"/dashboard/recommendations/{ids['rec']}/progress"
    token = csrf_of(focal_point.get(url).text)
    refused = focal_point.post(
        url, data={"csrf_token": token, "lang": "zh", "reported_on": "2026/01/01"}
    )
    assert refused.status_code == 422
    assert '<p class="field-error" id="progress-status-error">请从选项中选择一项。</p>' in (
        refused.text
    )
    assert '<p class="field-error" id="progress-narrative-error">此项为必填。</p>' in refused.text
    assert "YYYY-MM-DD" in refused.text
