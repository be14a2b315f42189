"""The status served from memory always equals the status computed afresh, after every kind
of write; and the portfolio of every report agrees with each report's own status."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.db import Database
from tests.builders import REPORT, assess, indicator_ids, post_evidence, recommendation_ids
from tests.records import JIU_STYLE, load_file, runtime, status_afresh

# The polling suites run with polls answered early (before routing) and by the routes alone.
pytestmark = pytest.mark.parametrize(
    "early_status_answers", [True, False], ids=["early-answers", "routes-only"]
)


def fresh(database: Database) -> dict[str, Any]:
    """The current status computed now from the record, bypassing every cache."""
    return status_afresh(database, REPORT, None).model_dump(mode="json")


Write = Callable[[TestClient], object]


def _evidence(client: TestClient) -> object:
    return post_evidence(client, indicator_ids(client)["R1.a"])


def _assessed(client: TestClient) -> object:
    return assess(client, post_evidence(client, indicator_ids(client)["R1.b"])["id"], "meets")


def _withdrawn(client: TestClient) -> object:
    item = post_evidence(client, indicator_ids(client)["R2.a"], verdict="meets")
    return client.post(f"/api/v1/evidence/{item['id']}/withdrawal", json={"reason": "wrong"})


def _corrected(client: TestClient) -> object:
    item = post_evidence(client, indicator_ids(client)["R2.b"], verdict="partially_meets")
    return post_evidence(client, indicator_ids(client)["R2.b"], supersedes_id=item["id"])


def _responded(client: TestClient) -> object:
    return client.post(
        f"/api/v1/recommendations/{recommendation_ids(client)['R3']}/responses",
        json={"acceptance": "not_accepted", "text": {"en": "No"}, "justification": "mandate"},
    )


def _moved(client: TestClient) -> object:
    return client.post(
        f"/api/v1/recommendations/{recommendation_ids(client)['R2']}/target-date-changes",
        json={"new_date": "2020-01-01", "reason": "agreed"},
    )


def _closed(client: TestClient) -> object:
    return client.post(
        f"/api/v1/recommendations/{recommendation_ids(client)['R1']}/closure",
        json={"justification": "moot"},
    )


def _imported(client: TestClient) -> object:
    return client.post(
        f"/api/v1/reports/{REPORT}/imports",
        params={"dry_run": "false"},
        files={"file": ("e.csv", b"indicator,title,verdict\nR3.a,Joint work,meets\n")},
    )


@pytest.mark.parametrize(
    "write",
    [_evidence, _assessed, _withdrawn, _corrected, _responded, _moved, _closed, _imported],
    ids=lambda w: w.__name__.strip("_"),
)
def test_the_served_status_equals_a_fresh_computation_after_each_write(
    client: TestClient, seeded: int, database: Database, write: Write
) -> None:
    served_before = client.get(f"/api/v1/reports/{REPORT}/status").json()
    assert served_before == fresh(database)
    write(client)
    served = client.get(f"/api/v1/reports/{REPORT}/status")
    assert served.json() == fresh(database)
    assert served.json() != served_before


def test_the_portfolio_agrees_with_each_report(client: TestClient, seeded: int) -> None:
    post_evidence(client, indicator_ids(client)["R1.a"], verdict="meets")
    portfolio = client.get("/api/v1/status")
    assert portfolio.status_code == 200
    body = portfolio.json()
    assert body["as_of"] is None
    [summary] = body["reports"]
    status = client.get(f"/api/v1/reports/{REPORT}/status").json()
    for field in (
        "recommendation_counts",
        "acceptance_counts",
        "indicator_counts",
        "overdue",
        "rate_basis",
        "acceptance_rate",
        "implementation_rate",
        "progress",
        "data_version",
    ):
        assert summary[field] == status[field]
    tag = portfolio.headers["etag"]
    assert client.get("/api/v1/status", headers={"If-None-Match": tag}).status_code == 304
    post_evidence(client, indicator_ids(client)["R1.b"])
    assert client.get("/api/v1/status", headers={"If-None-Match": tag}).status_code == 200


def test_the_portfolio_totals_count_every_recommendation_once(
    client: TestClient, seeded: int, database: Database
) -> None:
    load_file(database, JIU_STYLE)  # two recommendations: one accepted, one without a response
    runtime(client).status.saw_write()
    post_evidence(client, indicator_ids(client)["R1.a"], verdict="meets")
    body = client.get("/api/v1/status").json()
    totals, reports = body["totals"], body["reports"]
    assert (totals["reports"], totals["recommendations"]) == (2, 5)
    for field in ("recommendation_counts", "acceptance_counts", "rate_basis"):
        for key in totals[field]:
            assert totals[field][key] == sum(r[field][key] for r in reports), (field, key)
    assert totals["acceptance_counts"] == {
        "accepted": 4,
        "partially_accepted": 0,
        "not_accepted": 0,
        "under_consideration": 1,
    }
    assert totals["overdue"] == sum(r["overdue"] for r in reports)
    basis = totals["rate_basis"]
    assert totals["acceptance_rate"] == basis["accepting"] / basis["decided"] == 1.0
    assert totals["implementation_rate"] == basis["implemented"] / basis["committed"] == 0.0
    as_before = client.get("/api/v1/status", params={"as_of": "2020-01-01"}).json()["totals"]
    assert as_before["recommendations"] == 0
    assert as_before["acceptance_rate"] is None


def test_the_portfolio_as_of_a_past_date(client: TestClient, seeded: int) -> None:
    body = client.get("/api/v1/status", params={"as_of": "2020-01-01"}).json()
    assert body["as_of"].startswith("2020-01-01")
    assert body["reports"][0]["recommendation_counts"]["not_started"] == 0


def test_a_past_status_from_the_whole_record_equals_one_read_up_to_that_moment(
    client: TestClient, seeded: int, database: Database
) -> None:
    """`?as_of=` is judged from the report's whole record held in memory; it must equal the
    status computed from only what was recorded by then, just before and at every write."""
    for write in (_evidence, _assessed, _withdrawn, _corrected, _responded, _moved, _closed):
        write(client)
    _imported(client)
    changes = client.get("/api/v1/changes", params={"limit": 500}).json()["items"]
    moments = sorted({datetime.fromisoformat(c["occurred_at"]) for c in changes})
    assert len(moments) >= 8
    for moment in moments:
        for at in (moment - timedelta(microseconds=1), moment):
            # As the record stood then (what the tracker said at that moment)...
            served = client.get(
                f"/api/v1/reports/{REPORT}/status",
                params={"as_of": at.isoformat(), "known_at": at.isoformat()},
            )
            assert served.status_code == 200
            expected = status_afresh(database, REPORT, at, known_at=at)
            assert served.json() == expected.model_dump(mode="json"), at
            # ...and what was true then, as known now.
            served = client.get(
                f"/api/v1/reports/{REPORT}/status", params={"as_of": at.isoformat()}
            )
            expected = status_afresh(database, REPORT, at)
            assert served.json() == expected.model_dump(mode="json"), at
