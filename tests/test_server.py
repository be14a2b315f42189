"""Smoke test through a real uvicorn on 127.0.0.1: the way dashboards and scripts reach us."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, SEED_FILE

FOLLOWUP = str(Path(sys.executable).parent / "followup")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    env = {**os.environ, "FOLLOWUP_DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}"}
    for args in (("db", "upgrade"), ("load", str(SEED_FILE))):
        subprocess.run([FOLLOWUP, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [FOLLOWUP, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "uvicorn did not start within 30 s"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


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
