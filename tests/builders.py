"""Small helpers that build records through the public API, as a user would."""

from typing import Any

from fastapi.testclient import TestClient

REPORT = "oios-unodc-2021"


def signed(client: TestClient, name: str, role: str = "evaluator") -> dict[str, str]:
    """Headers acting as `name` (a token issued once per client through the admin API)."""
    issued: dict[str, str] = client.__dict__.setdefault("_tokens", {})
    if name not in issued:
        response = client.post("/api/v1/tokens", json={"name": name, "role": role})
        assert response.status_code == 201, response.text
        issued[name] = response.json()["token"]
    return {"Authorization": f"Bearer {issued[name]}"}


def indicator_ids(client: TestClient, report: str = REPORT) -> dict[str, int]:
    """Indicator ids by code (R1.a ...)."""
    detail = client.get(f"/api/v1/reports/{report}").json()
    return {i["code"]: i["id"] for r in detail["recommendations"] for i in r["indicators"]}


def recommendation_ids(client: TestClient, report: str = REPORT) -> dict[str, int]:
    detail = client.get(f"/api/v1/reports/{report}").json()
    return {r["code"]: r["id"] for r in detail["recommendations"]}


def post_evidence(
    client: TestClient,
    indicator_id: int,
    *,
    verdict: str | None = None,
    actor: str = "officer",
    **fields: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"title": "Strategy document", **fields}
    if verdict is not None:
        body["assessment"] = {"verdict": verdict, "comment": "checked"}
    response = client.post(
        f"/api/v1/indicators/{indicator_id}/evidence", json=body, headers=signed(client, actor)
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def assess(client: TestClient, evidence_id: int, verdict: str) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/evidence/{evidence_id}/assessments",
        json={"verdict": verdict, "comment": ""},
        headers=signed(client, "evaluator"),
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def report_status(client: TestClient, as_of: str | None = None) -> dict[str, Any]:
    params = {"as_of": as_of} if as_of else {}
    response = client.get(f"/api/v1/reports/{REPORT}/status", params=params)
    assert response.status_code == 200, response.text
    status: dict[str, Any] = response.json()
    return status


def statuses(status: dict[str, Any]) -> dict[str, str]:
    """Status by code, for recommendations and indicators alike."""
    found = {}
    for rec in status["recommendations"]:
        found[rec["code"]] = rec["status"]
        for ind in rec["indicators"]:
            found[ind["code"]] = ind["status"]
    return found
