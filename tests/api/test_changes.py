"""The change feed: every write exactly once, in order, across pages."""

from typing import Any

from fastapi.testclient import TestClient

from tests.builders import assess, indicator_ids, post_evidence, recommendation_ids


def read_all(client: TestClient, limit: int, after: int = 0) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = client.get("/api/v1/changes", params={"after": after, "limit": limit}).json()
        items += page["items"]
        if not page["has_more"]:
            assert page["next_cursor"] == (items[-1]["id"] if items else after)
            return items
        after = page["next_cursor"]


def test_the_feed_lists_every_write_once_in_order(client: TestClient, seeded: int) -> None:
    start = client.get("/api/v1/changes", params={"limit": 500}).json()["next_cursor"]
    ids, recs = indicator_ids(client), recommendation_ids(client)
    made = [post_evidence(client, ids[code]) for code in ("R1.a", "R1.b", "R2.a", "R3.a")]
    assess(client, made[0]["id"], "meets")
    client.post(f"/api/v1/evidence/{made[1]['id']}/withdrawal", json={"reason": "duplicate"})
    client.post(
        f"/api/v1/recommendations/{recs['R1']}/actions", json={"description": "Adopt strategy"}
    )
    client.post(
        f"/api/v1/recommendations/{recs['R2']}/target-date-changes",
        json={"new_date": "2027-01-01", "reason": "new cycle"},
    )
    client.post(f"/api/v1/recommendations/{recs['R3']}/closure", json={"justification": "moot"})

    for limit in (1, 2, 3, 100):
        items = read_all(client, limit, after=start)
        positions = [item["id"] for item in items]
        assert positions == sorted(set(positions)), "each change once, in order"
        assert [item["kind"] for item in items] == [
            "evidence_recorded",
            "evidence_recorded",
            "evidence_recorded",
            "evidence_recorded",
            "evidence_assessed",
            "evidence_withdrawn",
            "action_created",
            "target_date_changed",
            "recommendation_assessed",
        ]
    assert items[0]["actor"] == "officer"
    assert items[0]["entity_id"] == made[0]["id"]


def test_the_feed_can_follow_one_report(client: TestClient, seeded: int) -> None:
    page = client.get("/api/v1/changes", params={"report_id": seeded, "limit": 500}).json()
    assert page["items"]
    assert {item["report_id"] for item in page["items"]} == {seeded}
    assert client.get("/api/v1/changes", params={"report_id": 999}).json()["items"] == []


def test_a_cursor_past_the_end_returns_nothing_new(client: TestClient, seeded: int) -> None:
    end = read_all(client, 500)[-1]["id"]
    page = client.get("/api/v1/changes", params={"after": end}).json()
    assert page == {"items": [], "next_cursor": end, "has_more": False}
