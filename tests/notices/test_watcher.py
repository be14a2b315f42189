"""Derived events, once each: a status in force that moved, a target date 30 days away, a
target date passed, a progress report falling due. The first look only records where things
stand; the change feed lists writes, not these; the audit log has them. The watcher is driven
round by round here (its loop is off); tests/notices/test_delivery.py runs it in the
background to a real receiver."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.notices.listeners import somebody_listens
from app.notices.watcher import Watcher, record_notices
from tests.builders import recommendation_ids
from tests.fakes import FakeClock
from tests.records import runtime

NOTICE_KINDS = [
    "recommendation_status_changed",
    "progress_report_due",
    "target_date_approaching",
    "recommendation_overdue",
]
START = datetime(2026, 12, 3, 12, tzinfo=UTC)
DAY = 86_400.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def app(
    settings: Settings, admin_token: str, clock: FakeClock, seeded: int
) -> Iterator[TestClient]:
    still = settings.model_copy(update={"deliver_webhooks": False})
    with TestClient(create_app(still, clock=clock)) as client:
        client.headers["Authorization"] = f"Bearer {admin_token}"
        yield client


@pytest.fixture
def watcher(app: TestClient, clock: FakeClock) -> Watcher:
    made = app.post(
        "/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "kinds": NOTICE_KINDS}
    )
    assert made.status_code == 201, made.text
    parts = runtime(app)
    return Watcher(parts.database, parts.status, clock, somebody_listens, poll_seconds=1)


def announced(app: TestClient) -> list[dict[str, Any]]:
    audit = app.get("/api/v1/audit", params={"actor": "followup", "limit": 500})
    assert audit.status_code == 200, audit.text
    items: list[dict[str, Any]] = audit.json()["items"]
    return items


def a_round(watcher: Watcher, app: TestClient) -> int:
    runtime(app).status.saw_write()  # what the test just wrote is seen at once
    return watcher.step()


def test_the_first_look_announces_nothing(app: TestClient, watcher: Watcher) -> None:
    # Every accepted recommendation of the seed has owed a progress report since 2022 (none
    # was made): that is where things stood when somebody began to listen, not news.
    assert a_round(watcher, app) == 0
    assert a_round(watcher, app) == 0
    assert announced(app) == []


def test_nobody_listening_nothing_is_looked_at(app: TestClient, clock: FakeClock) -> None:
    parts = runtime(app)
    idle = Watcher(parts.database, parts.status, clock, somebody_listens, poll_seconds=1)
    hooked = app.post(
        "/api/v1/webhooks", json={"url": "http://127.0.0.1:9/h", "kinds": ["evidence_recorded"]}
    )
    assert hooked.status_code == 201
    assert idle.step() == 0
    assert idle.watched == {}  # a webhook of writes only: no status was computed


def test_dated_notices_come_once_each(app: TestClient, watcher: Watcher, clock: FakeClock) -> None:
    rec = recommendation_ids(app)["R1"]
    target = START.date() + timedelta(days=40)
    a_round(watcher, app)
    moved = app.post(
        f"/api/v1/recommendations/{rec}/target-date-changes",
        json={"new_date": target.isoformat(), "reason": "Strategy adopted later"},
    )
    assert moved.status_code == 201, moved.text
    assert a_round(watcher, app) == 0  # 40 days away: not yet
    clock.advance(11 * DAY)  # 29 days away
    assert a_round(watcher, app) == 1
    assert a_round(watcher, app) == 0
    clock.advance(30 * DAY)  # the day after the target date
    assert a_round(watcher, app) == 1
    clock.advance(DAY)
    assert a_round(watcher, app) == 0
    found = announced(app)
    assert [e["kind"] for e in found] == ["target_date_approaching", "recommendation_overdue"]
    for event in found:
        assert event["entity"] == "recommendation"
        assert event["entity_id"] == rec
        assert event["data"]["recommendation"] == "R1"
        assert event["data"]["report"] == "oios-unodc-2021"
        assert event["data"]["date"] == target.isoformat()


def test_a_new_target_date_is_a_new_notice(
    app: TestClient, watcher: Watcher, clock: FakeClock
) -> None:
    rec = recommendation_ids(app)["R1"]
    a_round(watcher, app)
    for days, reason in ((20, "First"), (25, "Moved by the board")):
        moved = app.post(
            f"/api/v1/recommendations/{rec}/target-date-changes",
            json={"new_date": (START.date() + timedelta(days=days)).isoformat(), "reason": reason},
        )
        assert moved.status_code == 201, moved.text
        clock.advance(1)
        assert a_round(watcher, app) == 1
    dates = [e["data"]["date"] for e in announced(app)]
    assert dates == [(START.date() + timedelta(days=d)).isoformat() for d in (20, 25)]


def test_a_status_that_moved_is_announced_with_the_one_before(
    app: TestClient, watcher: Watcher
) -> None:
    rec = recommendation_ids(app)["R2"]
    a_round(watcher, app)
    before = app.get(f"/api/v1/recommendations/{rec}/status").json()["status"]
    for status in ("implemented", "in_progress"):
        assessed = app.post(
            f"/api/v1/recommendations/{rec}/assessments",
            json={"status": status, "source_ref": "A/77/5 para. 12"},
        )
        assert assessed.status_code == 201, assessed.text
        assert a_round(watcher, app) == 1
        assert a_round(watcher, app) == 0
    found = announced(app)
    assert [(e["data"]["previous_status"], e["data"]["status"]) for e in found] == [
        (before, "implemented"),
        ("implemented", "in_progress"),
    ]
    assert {e["kind"] for e in found} == {"recommendation_status_changed"}
    # The feed lists the assessments (writes), not the events.
    feed = app.get("/api/v1/changes", params={"limit": 500}).json()["items"]
    assert "recommendation_status_changed" not in {c["kind"] for c in feed}
    assert "recommendation_assessed" in {c["kind"] for c in feed}


def test_a_progress_report_falling_due_is_announced(
    app: TestClient, watcher: Watcher, clock: FakeClock
) -> None:
    rec = recommendation_ids(app)["R3"]
    reported = app.post(
        f"/api/v1/recommendations/{rec}/progress-reports",
        json={"status": "in_progress", "narrative": "Road map drafted"},
    )
    assert reported.status_code == 201, reported.text
    assert a_round(watcher, app) == 0  # reported today: nothing due
    clock.advance(100 * DAY)
    assert a_round(watcher, app) == 0  # within the cycle
    clock.advance(90 * DAY)  # more than a whole cycle (6 months) since the report
    assert a_round(watcher, app) == 1
    clock.advance(DAY)
    assert a_round(watcher, app) == 0
    [event] = announced(app)
    assert event["kind"] == "progress_report_due"
    assert event["data"]["recommendation"] == "R3"
    assert date.fromisoformat(event["data"]["date"]) == date(2027, 6, 3)


def test_a_report_that_moved_after_the_look_waits_for_the_next_round(
    app: TestClient, watcher: Watcher
) -> None:
    rec = recommendation_ids(app)["R2"]
    a_round(watcher, app)
    runtime(app).status.saw_write()
    looked = [watcher._look(r, watcher.clock.now()) for r in sorted(watcher.watched)]
    assessed = app.post(
        f"/api/v1/recommendations/{rec}/assessments",
        json={"status": "implemented", "source_ref": "A/77/5"},
    )
    assert assessed.status_code == 201
    with runtime(app).database.write_session() as session:
        # Looked at before the assessment: its report has moved since, so nothing is written.
        assert record_notices(session, looked, watcher.clock.now()) == 0
        session.commit()
    assert a_round(watcher, app) == 1
