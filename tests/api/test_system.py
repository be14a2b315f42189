"""Probes and the API description."""

from pathlib import Path

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.postgres import sqlite_url


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


def test_not_ready_when_the_schema_is_not_migrated(tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url(tmp_path / "empty.db"))
    with TestClient(create_app(settings)) as client:
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "not at head" in response.json()["detail"]


def test_openapi_documents_the_contract_paths(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/reports",
        "/api/v1/reports/{report_id}",
        "/api/v1/reports/{report_id}/status",
        "/api/v1/recommendations/{recommendation_id}",
        "/api/v1/recommendations/{recommendation_id}/status",
        "/api/v1/indicators/{indicator_id}",
        "/api/v1/indicators/{indicator_id}/status",
        "/api/v1/indicators/{indicator_id}/evidence",
        "/api/v1/evidence/{evidence_id}",
        "/api/v1/evidence/{evidence_id}/assessments",
        "/api/v1/evidence/{evidence_id}/withdrawal",
        "/health",
        "/ready",
    ):
        assert path in paths, path
    assert client.get("/docs").status_code == 200
