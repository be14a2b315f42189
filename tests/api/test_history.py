"""History: each step computed exactly as ?as_of= would compute it."""

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import REPORT, indicator_ids, post_evidence


def test_every_point_agrees_with_as_of(client: TestClient, seeded: int) -> None:
    ids = indicator_ids(client)
    post_evidence(client, ids["R1.a"], verdict="meets", effective_on="2021-05-01")
    post_evidence(client, ids["R2.b"], verdict="partially_meets")
    today = datetime.now(UTC).date()
    start = (today - timedelta(days=6)).isoformat()
    history = client.get(
        f"/api/v1/reports/{REPORT}/status/history",
        params={"from": start, "to": today.isoformat(), "step": "day"},
    ).json()
    assert history["from"] == start
    assert [p["date"] for p in history["points"]][-1] == today.isoformat()
    assert len(history["points"]) == 7
    for point in history["points"]:
        status = client.get(f"/api/v1/reports/{REPORT}/status", params={"as_of": point["date"]})
        expected = status.json()
        for field in (
            "recommendation_counts",
            "indicator_counts",
            "acceptance_rate",
            "implementation_rate",
            "progress",
        ):
            assert point[field] == expected[field], (point["date"], field)
        assert [(r["code"], r["status"]) for r in point["recommendations"]] == [
            (r["code"], r["status"]) for r in expected["recommendations"]
        ]
    assert history["points"][-1]["recommendation_counts"]["partially_implemented"] == 2


@pytest.mark.parametrize(
    ("start", "end", "step", "dates"),
    [
        (
            "2026-01-31",
            "2026-04-15",
            "month",
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-15"],
        ),
        ("2026-01-01", "2026-01-15", "week", ["2026-01-01", "2026-01-08", "2026-01-15"]),
        ("2026-01-01", "2026-01-01", "day", ["2026-01-01"]),
    ],
)
def test_steps_run_from_start_and_close_at_the_end(
    client: TestClient, seeded: int, start: str, end: str, step: str, dates: list[str]
) -> None:
    history = client.get(
        f"/api/v1/reports/{REPORT}/status/history",
        params={"from": start, "to": end, "step": step},
    ).json()
    assert [p["date"] for p in history["points"]] == dates


def test_default_is_twelve_months_by_month(client: TestClient, seeded: int) -> None:
    history = client.get(f"/api/v1/reports/{REPORT}/status/history").json()
    assert history["step"] == "month"
    assert history["to"] == datetime.now(UTC).date().isoformat()
    assert len(history["points"]) == 13


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-02-01", "to": "2026-01-01"}, "query.from"),
        ({"from": "2000-01-01", "to": "2026-01-01", "step": "day"}, "query.step"),
        ({"step": "year"}, "query.step"),
        ({"from": "yesterday"}, "query.from"),
    ],
)
def test_bad_history_ranges_are_422(
    client: TestClient, seeded: int, params: dict[str, str], field: str
) -> None:
    response = client.get(f"/api/v1/reports/{REPORT}/status/history", params=params)
    assert_problem(response, 422, field)


def test_the_date_of_a_point_is_the_end_of_that_day() -> None:
    from app.moments import end_of

    assert end_of(date(2026, 3, 1)).isoformat() == "2026-03-01T23:59:59.999999+00:00"
