"""Conditional reads: strong ETags derived from data, 304 on match, across app instances."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import Settings
from app.main import create_app
from app.status_reads.versions import CHECK_EVERY_SECONDS
from tests.builders import REPORT, assess, indicator_ids, post_evidence, recommendation_ids
from tests.fakes import FakeClock
from tests.records import runtime

STATUS = f"/api/v1/reports/{REPORT}/status"
# The status suites run with polls answered early (before routing) and by the routes alone.
pytestmark = pytest.mark.parametrize(
    "early_status_answers", [True, False], ids=["early-answers", "routes-only"]
)


@pytest.fixture
def second(
    settings: Settings, seeded: int, admin_token: str, clock: FakeClock
) -> Iterator[TestClient]:
    """Another app instance on the same database, with its own engine and cache."""
    with TestClient(create_app(settings, clock=clock)) as other:
        other.headers["Authorization"] = f"Bearer {admin_token}"
        yield other


def etag(client: TestClient, path: str, **params: Any) -> str:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-cache"
    value: str = response.headers["etag"]
    assert value.startswith('"'), "a strong ETag"
    assert value.endswith('"')
    return value


def test_identical_reads_carry_the_same_etag_and_body(client: TestClient, seeded: int) -> None:
    first, again = client.get(STATUS), client.get(STATUS)
    assert first.headers["etag"] == again.headers["etag"]
    assert first.content == again.content


def test_a_matching_if_none_match_gets_304_without_a_body(client: TestClient, seeded: int) -> None:
    tag = etag(client, STATUS)
    response = client.get(STATUS, headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == tag
    other = client.get(STATUS, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


@pytest.mark.parametrize("path", [STATUS, "/api/v1/status"])
def test_answering_304_to_a_poll_reads_nothing_from_the_database(
    clocked: TestClient, seeded: int, path: str
) -> None:
    tag = etag(clocked, path)
    statements: list[str] = []
    engine = runtime(clocked).database.engine

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert clocked.get(path, headers={"If-None-Match": tag}).status_code == 304
        assert clocked.get(path).status_code == 200  # the body, from the cache
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []


def test_two_instances_on_one_database_agree(
    clocked: TestClient, second: TestClient, clock: FakeClock, seeded: int
) -> None:
    for path in (STATUS, "/api/v1/reports", f"/api/v1/reports/{REPORT}"):
        assert etag(clocked, path) == etag(second, path)
    before = etag(second, STATUS)
    post_evidence(clocked, indicator_ids(clocked)["R1.a"], verdict="meets")
    assert etag(second, STATUS) == before  # within its check interval, the other instance...
    clock.advance(CHECK_EVERY_SECONDS)  # ...re-reads the versions once it has passed
    assert etag(clocked, STATUS) == etag(second, STATUS) != before
    assert clocked.get(STATUS).content == second.get(STATUS).content


def test_every_kind_of_write_changes_the_status_etag(client: TestClient, seeded: int) -> None:
    ids, recs = indicator_ids(client), recommendation_ids(client)
    seen = {etag(client, STATUS)}

    def changed() -> None:
        tag = etag(client, STATUS)
        assert tag not in seen
        seen.add(tag)

    item = post_evidence(client, ids["R1.a"])
    changed()
    assess(client, item["id"], "meets")
    changed()
    client.post(f"/api/v1/evidence/{item['id']}/withdrawal", json={"reason": "wrong file"})
    changed()
    client.post(
        f"/api/v1/recommendations/{recs['R2']}/target-date-changes",
        json={"new_date": "2020-01-01", "reason": "agreed"},
    )
    changed()
    client.post(
        f"/api/v1/recommendations/{recs['R3']}/responses",
        json={"acceptance": "not_accepted", "text": {"en": "No"}, "justification": "mandate"},
    )
    changed()
    client.post(f"/api/v1/recommendations/{recs['R3']}/closure", json={"justification": "moot"})
    changed()


def test_an_old_etag_no_longer_matches_after_a_write(client: TestClient, seeded: int) -> None:
    tag = etag(client, STATUS)
    post_evidence(client, indicator_ids(client)["R2.b"])
    response = client.get(STATUS, headers={"If-None-Match": tag})
    assert response.status_code == 200
    assert response.json()["indicator_counts"]["under_review"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports",
        f"/api/v1/reports/{REPORT}",
        f"/api/v1/reports/{REPORT}/status/history",
        "/api/v1/changes",
        "/api/v1/indicators/1/evidence",
        "/api/v1/indicators/1/status",
        "/api/v1/recommendations/1/status",
    ],
)
def test_lists_and_statuses_answer_304_when_unchanged(
    client: TestClient, seeded: int, path: str
) -> None:
    tag = etag(client, path)
    assert client.get(path, headers={"If-None-Match": tag}).status_code == 304
    assert client.get(path, headers={"If-None-Match": f'W/{tag}, "x"'}).status_code == 304


def test_current_status_is_marked_current_and_versioned(client: TestClient, seeded: int) -> None:
    body = client.get(STATUS).json()
    assert body["as_of"] is None
    assert body["data_version"] > 0
    post_evidence(client, indicator_ids(client)["R3.a"])
    assert client.get(STATUS).json()["data_version"] > body["data_version"]
