"""Fanning the change log out to webhooks, and delivering what is due.

Fan-out: each webhook keeps a cursor over the change log (the outbox: written with the write,
ids in commit order); the changes past it that the webhook wants, within its scope, become
delivery rows, and the cursor moves, in one transaction. Delivery: due rows are claimed (on
PostgreSQL `FOR UPDATE SKIP LOCKED`, so each is taken by one instance; SQLite has one writer)
by moving their next attempt past a lease, sent outside any transaction, and their outcome
recorded: delivered, or the next attempt on the backoff schedule, or failed once 24 hours have
passed since the event. An instance killed mid-send leaves the lease to expire: the event is
sent again (receivers deduplicate on `webhook-id`, which is the change id)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.access.scopes import ReportRef, Scope
from app.models import Change, Report, Webhook, WebhookDelivery

FAN_OUT_BATCH = 500
CLAIM_BATCH = 20
LEASE = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(hours=24)
# Seconds to wait before each further attempt (the Standard Webhooks schedule).
RETRY_SCHEDULE = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
_DELIVERIES = SQLModel.metadata.tables[WebhookDelivery.__tablename__]


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery taken for sending: where, signed with what, saying what."""

    delivery_id: int
    url: str
    secret: str
    change: Change


Row = TypeVar("Row")


def locked(session: Session, query: SelectOfScalar[Row]) -> SelectOfScalar[Row]:
    """Rows another instance holds are skipped, not waited for (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True)
    return query


def insert_new(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose unique key is not taken yet (a delivery is made once)."""
    dialect = session.get_bind().dialect.name
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
    session.execute(statement.values(rows).on_conflict_do_nothing())


def fan_out(session: Session, now: datetime) -> int:
    """Make the deliveries of every webhook's next changes; how many were made."""
    made = 0
    hooks = session.exec(
        locked(session, select(Webhook).where(col(Webhook.disabled_at).is_(None)))
    ).all()
    for hook in hooks:
        rows = session.exec(
            select(Change, Report.code, Report.entity)
            .outerjoin(Report, col(Report.id) == col(Change.report_id))
            .where(col(Change.id) > hook.cursor)
            .order_by(col(Change.id))
            .limit(FAN_OUT_BATCH)
        ).all()
        if not rows:
            continue
        scope = Scope(frozenset(hook.scope_entities), frozenset(hook.scope_reports))
        wanted = [
            change
            for change, code, entity in rows
            if change.kind in hook.kinds
            and code is not None
            and scope.covers(ReportRef(code, entity))
        ]
        if wanted:
            insert_new(
                session,
                _DELIVERIES,
                [
                    {
                        "webhook_id": hook.id,
                        "change_id": change.id,
                        "state": "pending",
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                        "last_error": "",
                    }
                    for change in wanted
                ],
            )
            made += len(wanted)
        last = rows[-1][0].id
        assert last is not None
        hook.cursor = last
        session.add(hook)
    return made


def claim_due(session: Session, now: datetime) -> list[Claimed]:
    """Take the deliveries due now (each by one instance), leased for a while."""
    rows = session.exec(
        locked(
            session,
            select(WebhookDelivery)
            .where(
                WebhookDelivery.state == "pending",
                col(WebhookDelivery.next_attempt_at) <= now,
            )
            .order_by(col(WebhookDelivery.id))
            .limit(CLAIM_BATCH),
        )
    ).all()
    claimed = []
    for delivery in rows:
        hook = session.get(Webhook, delivery.webhook_id)
        change = session.get(Change, delivery.change_id)
        assert hook is not None
        assert change is not None
        assert delivery.id is not None
        delivery.attempts += 1
        delivery.next_attempt_at = now + LEASE
        session.add(delivery)
        claimed.append(Claimed(delivery.id, hook.url, hook.secret, change))
    return claimed


class Attempted(Protocol):
    attempts: int
    created_at: datetime
    state: str
    next_attempt_at: datetime


def next_attempt(delivery: Attempted, now: datetime, schedule: Sequence[float]) -> datetime | None:
    """When to try again after a failed attempt (of a webhook or an e-mail); None once 24
    hours have passed."""
    wait = schedule[min(delivery.attempts - 1, len(schedule) - 1)] if schedule else 0.0
    at = now + timedelta(seconds=wait)
    return None if at - delivery.created_at > GIVE_UP_AFTER else at


def try_again(delivery: Attempted, now: datetime, schedule: Sequence[float]) -> None:
    """After a failed attempt: the next one on the schedule, or failed for good."""
    again = next_attempt(delivery, now, schedule)
    if again is None:
        delivery.state = "failed"
    else:
        delivery.next_attempt_at = again


def record_outcome(
    session: Session,
    delivery_id: int,
    *,
    now: datetime,
    status: int | None,
    latency_ms: int,
    error: str,
    schedule: Sequence[float],
) -> None:
    delivery = session.get(WebhookDelivery, delivery_id)
    assert delivery is not None
    delivery.last_status = status
    delivery.last_latency_ms = latency_ms
    delivery.last_error = error[:2000]
    if status is not None and 200 <= status < 300:
        delivery.state = "delivered"
        delivery.delivered_at = now
    else:
        try_again(delivery, now, schedule)
    session.add(delivery)
