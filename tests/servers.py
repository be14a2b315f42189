"""Real uvicorn servers for the tests that need one: started on a free 127.0.0.1 port."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.records import ROOT, SEED_FILE

FOLLOWUP = str(Path(sys.executable).parent / "followup")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def prepare(database_url: str) -> dict[str, str]:
    """Migrate and seed a database; the environment a server on it runs with, carrying an
    admin token (as FOLLOWUP_TOKEN) made the way an operator makes one."""
    env = {**os.environ, "FOLLOWUP_DATABASE_URL": database_url}
    for args in (("db", "upgrade"), ("load", str(SEED_FILE))):
        subprocess.run([FOLLOWUP, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    made = subprocess.run(
        [FOLLOWUP, "token", "create", "--name", "operator", "--role", "admin", "--quiet"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    env["FOLLOWUP_TOKEN"] = made.stdout.strip()
    return env


def bearer(env: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {env['FOLLOWUP_TOKEN']}"}


@contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[str]:
    """Run `followup serve` until the block ends; yields its base URL once it answers."""
    with server_process(env, log) as (base, _process):
        yield base


@contextmanager
def server_process(
    env: dict[str, str], log: Path, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Like `serving`, also giving the process (to kill it, or to stop it gracefully)."""
    port = port or free_port()
    with log.open("ab") as sink:
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
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)
