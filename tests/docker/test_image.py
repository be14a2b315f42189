"""The Docker image, really built and run: healthy, non-root, serving the seeded status."""

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.docker.engine import (
    ROOT,
    DockerUnavailable,
    docker,
    ensure_base_image,
    ensure_engine,
    proxy_build_args,
)
from tests.servers import free_port

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    try:
        ensure_engine()
        ensure_base_image()
    except DockerUnavailable as exc:
        pytest.skip(f"Docker test skipped: {exc}")
    tag = f"followup:test-{uuid.uuid4().hex[:8]}"
    docker("build", "--tag", tag, *proxy_build_args(), str(ROOT), timeout=1800)
    yield tag
    docker("image", "rm", "--force", tag, check=False)


@pytest.fixture
def container(image: str) -> Iterator[tuple[str, str]]:
    port = free_port()
    name = f"followup-test-{uuid.uuid4().hex[:8]}"
    docker(
        "run",
        "--detach",
        "--name",
        name,
        "--publish",
        f"127.0.0.1:{port}:8000",
        "--env",
        "FOLLOWUP_MIGRATE_ON_START=true",
        "--env",
        "FOLLOWUP_LOAD_ON_START=/app/seed_data",
        "--env",
        "FOLLOWUP_PUBLIC_READ=true",
        image,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(1)
        else:
            pytest.fail("the container never answered /health:\n" + docker("logs", name))
        yield name, base
    finally:
        docker("rm", "--force", name, check=False)


def test_the_image_serves_the_seeded_report(container: tuple[str, str]) -> None:
    name, base = container
    assert httpx.get(f"{base}/ready", timeout=10).json()["status"] == "ready"
    status = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021/status", timeout=10).json()
    assert status["recommendation_counts"]["not_started"] == 3
    assert status["indicator_counts"]["no_evidence"] == 7
    table = httpx.get(
        f"{base}/api/v1/reports/oios-unodc-2021/implementation-table.pdf",
        params={"lang": "zh"},
        timeout=60,
    )
    assert table.status_code == 200, table.text
    assert table.content.startswith(b"%PDF"), "the image draws PDF tables (pango, Noto CJK)"
    assert docker("exec", name, "id", "-u").strip() != "0", "the service runs as a non-root user"
    assert "/data/followup.db" in docker("exec", name, "sh", "-c", "ls /data/*.db")
    health = docker("inspect", "--format", "{{json .Config.Healthcheck.Test}}", name)
    assert "/health" in health
    # The healthcheck's own command, run now rather than after its first interval.
    docker(
        "exec",
        name,
        "python",
        "-c",
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')",
    )


def test_the_image_migrates_only_when_asked(image: str) -> None:
    output = docker(
        "run",
        "--rm",
        "--entrypoint",
        "sh",
        image,
        "-c",
        "followup status 2>&1 || true",
        timeout=120,
    )
    assert "no such table" in output or "error" in output.lower()
