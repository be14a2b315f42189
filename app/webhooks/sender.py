"""The instance's delivery loop: fan out, claim what is due, send it signed, record how it
went. Runs in the background of every instance (PostgreSQL shares the work out, row by row;
SQLite has one process)."""

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from datetime import datetime

import anyio
import httpx
from sqlmodel import select
from standardwebhooks.webhooks import Webhook as Signer

from app.clock import Clock
from app.db import Database
from app.models import Change, Webhook
from app.webhooks.dispatch import Claimed, claim_due, fan_out, record_outcome

log = logging.getLogger("followup.webhooks")
TIMEOUT_SECONDS = 10.0


def payload(change: Change) -> bytes:
    """What a receiver is sent: the change as the change feed gives it."""
    body = {
        "type": change.kind,
        "timestamp": change.occurred_at.isoformat(),
        "data": {
            "change_id": change.id,
            "entity": change.entity,
            "entity_id": change.entity_id,
            "report_id": change.report_id,
            "actor": change.actor,
            **change.data,
        },
    }
    return json.dumps(body, ensure_ascii=False, default=str).encode()


def signed_headers(claimed: Claimed, body: bytes, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers: the event's id (the change id: the same on every retry),
    the time of sending, and the signature of both with the body."""
    message_id = f"chg_{claimed.change.id}"
    signature = Signer(claimed.secret).sign(message_id, at, body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
    }


class Dispatcher:
    def __init__(
        self, database: Database, clock: Clock, schedule: Sequence[float], poll_seconds: float
    ) -> None:
        self.database = database
        self.clock = clock
        self.schedule = tuple(schedule)
        self.poll_seconds = poll_seconds

    def _anything_to_do(self) -> bool:
        """A read first, so that an instance with nothing to send never takes the write lock."""
        with self.database.read_session() as session:
            return session.exec(select(Webhook.id).limit(1)).first() is not None

    def step(self) -> list[Claimed]:
        """Fan out and claim, in one short write transaction (blocking)."""
        if not self._anything_to_do():
            return []
        with self.database.write_session() as session:
            now = self.clock.now()
            fan_out(session, now)
            claimed = claim_due(session, now)
            session.commit()
            return claimed

    def _record(self, claimed: Claimed, status: int | None, latency_ms: int, error: str) -> None:
        with self.database.write_session() as session:
            record_outcome(
                session,
                claimed.delivery_id,
                now=self.clock.now(),
                status=status,
                latency_ms=latency_ms,
                error=error,
                schedule=self.schedule,
            )
            session.commit()

    async def send(self, client: httpx.AsyncClient, claimed: Claimed) -> None:
        body = payload(claimed.change)
        headers = signed_headers(claimed, body, self.clock.now())
        started = time.perf_counter()
        status, error = None, ""
        try:
            answer = await client.post(claimed.url, content=body, headers=headers)
            status = answer.status_code
            if not 200 <= status < 300:
                error = answer.text[:500]
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        latency = int((time.perf_counter() - started) * 1000)
        await anyio.to_thread.run_sync(lambda: self._record(claimed, status, latency, error))

    async def run(self) -> None:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            while True:
                try:
                    claimed = await anyio.to_thread.run_sync(self.step)
                    if claimed:
                        await asyncio.gather(*(self.send(client, c) for c in claimed))
                        continue
                except Exception:  # the loop must outlive any one failure
                    log.exception("webhook delivery step failed")
                await asyncio.sleep(self.poll_seconds)
