"""The servers a benchmark measures: followup and its baseline in one uvicorn, on 127.0.0.1,
over a SQLite file or a PostgreSQL URL; and the tokens their writes carry."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
FOLLOWUP = str(Path(sys.executable).parent / "followup")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def url_of(database: Path | str) -> str:
    """A SQLite file's URL; a URL (PostgreSQL) as it is."""
    return f"sqlite:///{database}" if isinstance(database, Path) else database


@contextmanager
def server(
    database: Path | str, log: Path, extra: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    env = {
        **os.environ,
        "FOLLOWUP_DATABASE_URL": url_of(database),
        "FOLLOWUP_PUBLIC_READ": "true",
        **(extra or {}),
    }
    port = free_port()
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "tests.bench.app:create_bench_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # busy past its grace period: stopped outright
            process.kill()
            process.wait(timeout=60)


def token(database: Path | str, role: str = "contributor") -> str:
    env = {**os.environ, "FOLLOWUP_DATABASE_URL": url_of(database)}
    made = subprocess.run(
        [
            FOLLOWUP,
            "token",
            "create",
            "--name",
            f"bench-{role}",
            "--role",
            role,
            "--replace",
            "--quiet",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip()
