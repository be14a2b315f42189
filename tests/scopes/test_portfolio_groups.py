"""The portfolio by oversight body, entity and year: each group's counts and rates are those of
its reports counted together, the oldest open recommendation is named, a poll is answered with
an ETag and 304, and a scoped token sees its groups only."""

import pytest
from fastapi.testclient import TestClient

from tests.scopes.portfolio import OURS, THEIRS, Record, portfolio_of_two, scoped_token


@pytest.fixture
def two(client: TestClient, seeded: int) -> tuple[Record, Record]:
    return portfolio_of_two(client)


def groups(client: TestClient, group_by: str, **headers: str) -> dict[str, dict[str, object]]:
    answer = client.get("/api/v1/portfolio", params={"group_by": group_by}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["group_by"] == group_by
    return {g["key"]: g for g in answer.json()["groups"]}


def test_groups_by_body_entity_and_year(client: TestClient, two: tuple[Record, Record]) -> None:
    by_body = groups(client, "oversight_body")
    assert list(by_body) == ["JIU", "OIOS"]
    assert by_body["OIOS"]["reports"] == [OURS]
    assert by_body["JIU"]["reports"] == [THEIRS]
    assert list(groups(client, "entity")) == ["UNDP", "UNODC"]
    by_year = groups(client, "year")
    assert list(by_year) == ["2021"]
    assert by_year["2021"]["reports"] == [OURS, THEIRS]


def test_a_groups_figures_are_its_reports_counted_together(
    client: TestClient, two: tuple[Record, Record]
) -> None:
    whole = client.get("/api/v1/status").json()
    lines = {line["report"]["code"]: line for line in whole["reports"]}
    for key, group in groups(client, "oversight_body").items():
        reports = group["reports"]
        assert isinstance(reports, list)
        [code] = reports
        line = lines[code]
        totals = group["totals"]
        assert isinstance(totals, dict)
        assert totals["recommendation_counts"] == line["recommendation_counts"], key
        assert totals["acceptance_counts"] == line["acceptance_counts"], key
        assert totals["acceptance_rate"] == line["acceptance_rate"], key
        assert totals["implementation_rate"] == line["implementation_rate"], key
        assert totals["overdue"] == line["overdue"], key
    together = groups(client, "year")["2021"]["totals"]
    assert together == whole["totals"]


def test_the_oldest_open_recommendation_is_named(
    client: TestClient, two: tuple[Record, Record]
) -> None:
    oldest = groups(client, "year")["2021"]["oldest_open"]
    assert oldest == {"report": OURS, "recommendation": "R1", "issued_on": "2021-03-01"}


def test_a_poll_gets_304_and_a_write_moves_it(
    client: TestClient, two: tuple[Record, Record]
) -> None:
    first = client.get("/api/v1/portfolio", params={"group_by": "entity"})
    etag = first.headers["etag"]
    again = client.get(
        "/api/v1/portfolio", params={"group_by": "entity"}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    other = client.get("/api/v1/portfolio", params={"group_by": "year"})
    assert other.headers["etag"] != etag
    client.post(
        f"/api/v1/recommendations/{two[0].recommendation_id}/assessments",
        json={"status": "implemented"},
    )
    moved = client.get(
        "/api/v1/portfolio", params={"group_by": "entity"}, headers={"If-None-Match": etag}
    )
    assert moved.status_code == 200
    unodc = {g["key"]: g for g in moved.json()["groups"]}["UNODC"]
    assert unodc["totals"]["recommendation_counts"]["implemented"] == 1
    assert unodc["oldest_open"]["recommendation"] == "R2"


def test_as_of_a_past_day(client: TestClient, two: tuple[Record, Record]) -> None:
    past = client.get(
        "/api/v1/portfolio", params={"group_by": "entity", "as_of": "2021-06-30"}
    ).json()
    assert past["as_of"].startswith("2021-06-30")
    assert {g["key"] for g in past["groups"]} == {"UNDP", "UNODC"}


def test_a_scoped_token_sees_its_groups_only(
    client: TestClient, two: tuple[Record, Record]
) -> None:
    token = scoped_token(client, "unodc.viewer", "viewer", entities=["UNODC"])
    seen = groups(client, "oversight_body", Authorization=f"Bearer {token}")
    assert list(seen) == ["OIOS"]
