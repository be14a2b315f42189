"""Smoke test through a real uvicorn on 127.0.0.1: the way dashboards and scripts reach us."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import prepare, serving


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    env = prepare(f"sqlite:///{tmp_path / 'served.db'}")
    with serving(env, tmp_path / "server.log") as base:
        yield base


def test_served_status_follows_posted_evidence(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        assert http.get("/ready").json()["status"] == "ready"
        report = http.get("/api/v1/reports/oios-unodc-2021").json()
        r3a = report["recommendations"][2]["indicators"][0]["id"]
        created = http.post(
            f"/api/v1/indicators/{r3a}/evidence",
            json={"title": "Joint programme with UNDP", "assessment": {"verdict": "meets"}},
            headers={"X-Actor": "smoke"},
        )
        assert created.status_code == 201
        status = http.get("/api/v1/reports/oios-unodc-2021/status").json()
        assert status["recommendation_counts"]["implemented"] == 1
        assert status["implementation_rate"] == pytest.approx(1 / 3)
