"""The instance's mail loop: make what is due to subscribers, claim it, write it in their
language, hand it to the SMTP server, record how it went. Runs in the background of every
instance when FOLLOWUP_SMTP_URL is set (PostgreSQL shares the work out, row by row)."""

import asyncio
import logging
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage

import anyio
from sqlmodel import col, select

from app.clock import Clock
from app.db import Database
from app.mail import messages
from app.mail.digests import digest_of
from app.mail.outbox import (
    Claimed,
    Week,
    claim_due,
    fan_out_digests,
    fan_out_reminders,
    record_outcome,
    scope_of,
)
from app.mail.smtp import SmtpServer
from app.models import Subscription

log = logging.getLogger("followup.mail")
DIGEST = "digest:"


class Mailer:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        server: SmtpServer,
        head: messages.Letterhead,
        schedule: Sequence[float],
        poll_seconds: float,
    ) -> None:
        self.database = database
        self.clock = clock
        self.server = server
        self.head = head
        self.schedule = tuple(schedule)
        self.poll_seconds = poll_seconds

    def _anybody(self) -> bool:
        """A read first, so that an instance with nobody subscribed never takes the write lock."""
        with self.database.read_session() as session:
            query = select(Subscription.id).where(col(Subscription.unsubscribed_at).is_(None))
            return session.exec(query.limit(1)).first() is not None

    def step(self) -> list[Claimed]:
        """Make and claim, in one short write transaction (blocking)."""
        if not self._anybody():
            return []
        with self.database.write_session() as session:
            now = self.clock.now()
            fan_out_reminders(session, now)
            fan_out_digests(session, now)
            claimed = claim_due(session, now)
            session.commit()
            return claimed

    def compose(self, claimed: Claimed) -> EmailMessage:
        if claimed.key.startswith(DIGEST):
            week = Week.named(claimed.key.removeprefix(DIGEST))
            with self.database.read_session() as session:
                found = digest_of(session, scope_of(claimed.subscription), week)
            return messages.digest(self.head, claimed.subscription, claimed.delivery_id, found)
        assert claimed.change is not None
        return messages.reminder(
            self.head, claimed.subscription, claimed.delivery_id, claimed.change
        )

    def deliver(self, claimed: Claimed) -> None:
        """Write the message, send it, record the outcome (blocking)."""
        error = ""
        try:
            self.server.send(self.compose(claimed))
        except (smtplib.SMTPException, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        with self.database.write_session() as session:
            record_outcome(
                session,
                claimed.delivery_id,
                now=self.clock.now(),
                error=error,
                schedule=self.schedule,
            )
            session.commit()

    async def run(self) -> None:
        while True:
            try:
                claimed = await anyio.to_thread.run_sync(self.step)
                for one in claimed:  # one connection at a time: SMTP servers limit them
                    await anyio.to_thread.run_sync(self.deliver, one)
                if claimed:
                    continue
            except Exception:  # the loop must outlive any one failure
                log.exception("mail step failed")
            await asyncio.sleep(self.poll_seconds)
