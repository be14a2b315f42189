"""Webhook deliveries survive what servers go through: a server killed (SIGKILL) after a write
and before its delivery delivers it once restarted; two instances on one database never
deliver one event twice. Real `followup serve` processes, a real receiver."""

import json
import signal
import time
from pathlib import Path

import httpx

from tests.servers import bearer, prepare, server_process
from tests.webhooks.receiver import eventually, receiver


def indicator(base: str, auth: dict[str, str]) -> int:
    report = httpx.get(f"{base}/api/v1/reports/oios-unodc-2021", headers=auth).json()
    found: int = report["recommendations"][0]["indicators"][0]["id"]
    return found


def test_a_write_before_a_kill_is_delivered_after_the_restart(
    database_url: str, tmp_path: Path
) -> None:
    env = prepare(database_url)
    auth = bearer(env)
    # Looks for deliveries once at start, then not for a minute: the kill comes first.
    slow = {**env, "FOLLOWUP_WEBHOOK_POLL_SECONDS": "60"}
    with receiver() as (url, got):
        with server_process(slow, tmp_path / "first.log") as (base, process):
            made = httpx.post(
                f"{base}/api/v1/webhooks",
                json={"url": url, "kinds": ["evidence_recorded"]},
                headers=auth,
            )
            assert made.status_code == 201, made.text
            written = httpx.post(
                f"{base}/api/v1/indicators/{indicator(base, auth)}/evidence",
                json={"title": "Recorded just before the crash"},
                headers=auth,
            )
            assert written.status_code == 201
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        assert got.requests == []
        fast = {**env, "FOLLOWUP_WEBHOOK_POLL_SECONDS": "0.1"}
        with server_process(fast, tmp_path / "second.log"):
            eventually(lambda: len(got.requests) == 1, seconds=30)
        body = json.loads(got.requests[0][1])
        assert body["data"]["after"]["title"] == "Recorded just before the crash"


def test_two_instances_never_deliver_one_event_twice(database_url: str, tmp_path: Path) -> None:
    env = {**prepare(database_url), "FOLLOWUP_WEBHOOK_POLL_SECONDS": "0.05"}
    auth = bearer(env)
    with (
        receiver() as (url, got),
        server_process(env, tmp_path / "a.log") as (first, _a),
        server_process(env, tmp_path / "b.log") as (second, _b),
    ):
        made = httpx.post(
            f"{first}/api/v1/webhooks",
            json={"url": url, "kinds": ["evidence_recorded"]},
            headers=auth,
        )
        assert made.status_code == 201
        target = indicator(first, auth)
        for n in range(30):
            base = first if n % 2 else second
            posted = httpx.post(
                f"{base}/api/v1/indicators/{target}/evidence",
                json={"title": f"Item {n}"},
                headers=auth,
            )
            assert posted.status_code == 201
        eventually(lambda: len(got.requests) >= 30, seconds=30)
        time.sleep(1)
        ids = [headers["webhook-id"] for headers, _ in got.requests]
        assert len(ids) == 30
        assert len(set(ids)) == 30
