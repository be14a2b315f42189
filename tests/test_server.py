"""Smoke test through a real uvicorn on 127.0.0.1: the way dashboards and scripts reach us."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import bearer, prepare, serving


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = prepare(f"sqlite:///{tmp_path / 'served.db'}")
    with serving(env, tmp_path / "server.log") as base:
        yield base, bearer(env)


def test_served_status_follows_posted_evidence(server: tuple[str, dict[str, str]]) -> None:
    base, auth = server
    with httpx.Client(base_url=base, timeout=10, headers=auth) as http:
        assert http.get("/ready").json()["status"] == "ready"
        report = http.get("/api/v1/reports/oios-unodc-2021").json()
        r3a = report["recommendations"][2]["indicators"][0]["id"]
        created = http.post(
            f"/api/v1/indicators/{r3a}/evidence",
            json={"title": "Joint programme with UNDP", "assessment": {"verdict": "meets"}},
        )
        assert created.status_code == 201
        status = http.get("/api/v1/reports/oios-unodc-2021/status").json()
        assert status["recommendation_counts"]["implemented"] == 1
        assert status["implementation_rate"] == pytest.approx(1 / 3)
