"""Dates at the edges of the calendar (issue 13, finding 5): never a 500; a record speaks for
a day from 1900 to 9999, and queries at the edges are answered."""

from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import REPORT, indicator_ids
from tests.evidence_sheets.sheets import csv_bytes, located, refused, upload

HISTORY = f"/api/v1/reports/{REPORT}/status/history"


def test_audit_bounds_beyond_what_utc_can_hold_are_answered(
    client: TestClient, seeded: int
) -> None:
    for bound in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        for name in ("since", "until"):
            response = client.get("/api/v1/audit", params={name: bound})
            assert response.status_code == 200, (name, bound, response.text)
    everything = client.get("/api/v1/audit", params={"since": "0001-01-01T00:00:00+14:00"})
    assert everything.json()["items"]  # before every record: all of them
    nothing = client.get("/api/v1/audit", params={"until": "0001-01-01T00:00:00+14:00"})
    assert nothing.json()["items"] == []


def test_history_bounds_outside_the_calendar_are_422(client: TestClient, seeded: int) -> None:
    assert_problem(client.get(HISTORY, params={"to": "0001-06-30"}), 422, "query.to")
    assert_problem(client.get(HISTORY, params={"from": "1899-12-31"}), 422, "query.from")


def test_a_history_that_ends_on_the_last_day_stops_there(client: TestClient, seeded: int) -> None:
    response = client.get(
        HISTORY, params={"from": "9999-12-25", "to": "9999-12-31", "step": "week"}
    )
    assert response.status_code == 200, response.text
    assert [p["date"] for p in response.json()["points"]] == ["9999-12-25", "9999-12-31"]
    monthly = client.get(
        HISTORY, params={"from": "9999-11-30", "to": "9999-12-31", "step": "month"}
    )
    assert [p["date"] for p in monthly.json()["points"]] == [
        "9999-11-30",
        "9999-12-30",
        "9999-12-31",
    ]


def test_a_record_speaks_for_a_day_from_1900(client: TestClient, seeded: int) -> None:
    url = f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence"
    assert_problem(
        client.post(url, json={"title": "Ancient", "effective_on": "0001-01-01"}),
        422,
        "body.effective_on",
    )
    assert client.post(url, json={"title": "Old", "effective_on": "1900-01-01"}).status_code == 201


def test_an_imported_date_before_1900_is_a_row_error(client: TestClient, seeded: int) -> None:
    rows = [["indicator", "title", "effective_on"], ["R1.a", "Ancient", "0001-01-01"]]
    errors = refused(upload(client, csv_bytes(rows), dry_run=False))
    assert located(errors) == {(2, "effective_on")}
    assert "1900-01-01" in errors[0]["message"]
