"""Appending to the change log, the ordered record of every write."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, insert, text
from sqlmodel import Session, SQLModel, col, select

from app.db import WROTE
from app.models import Change
from app.schemas.changes import ChangePage, ChangeRead
from app.services.idempotency import applying, mark_applied
from app.services.versions import bump

CHANGE_LOG_LOCK = 0x666F6C6C6F77  # "follow": an arbitrary key of this application's own
_ORDERED = "change_log_locked"
_APPLIED = "idempotency_applied"
CHANGE_TABLE = SQLModel.metadata.tables[Change.__tablename__]
_INSERT_CHANGE = insert(CHANGE_TABLE)  # one statement, compiled once and cached


@event.listens_for(Session, "after_transaction_end")
def _forget_lock(session: Session, transaction: Any) -> None:
    if transaction.parent is not None:  # a flush's inner transaction: the lock is still held
        return
    session.info.pop(_ORDERED, None)
    session.info.pop(_APPLIED, None)


def record_change(
    session: Session,
    *,
    at: datetime,
    actor: str,
    kind: str,
    entity: str,
    entity_id: int,
    report_id: int | None,
    data: dict[str, Any] | None = None,
) -> None:
    """Add a change row in the caller's transaction, so it commits or rolls back with the write.

    On PostgreSQL the transaction first takes a lock held until it ends, so change ids are
    handed out in commit order: a reader of the change feed that has seen id N will never later
    find a smaller id appear. (SQLite writers are serialised already.)
    """
    postgres = session.bind is not None and session.bind.dialect.name == "postgresql"
    if postgres and not session.info.get(_ORDERED):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOG_LOCK})
        session.info[_ORDERED] = True
    # Once per request: a transaction of the committer holds several requests' writes, each
    # marking its own idempotency record (see app.committer).
    applied: set[int | None] = session.info.setdefault(_APPLIED, set())
    if (record_id := applying.get()) not in applied:
        mark_applied(session, record_id)
        applied.add(record_id)
    bump(session, report_id)
    session.info[WROTE] = True
    # A Core insert: the change log is written on every request that writes, and needs none of
    # the ORM's bookkeeping.
    session.execute(
        _INSERT_CHANGE,
        {
            "occurred_at": at,
            "actor": actor,
            "kind": kind,
            "entity": entity,
            "entity_id": entity_id,
            "report_id": report_id,
            "data": data or {},
        },
    )


@dataclass(frozen=True)
class AuditFilter:
    entity: str | None = None
    entity_id: int | None = None
    actor: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None


# Token events belong to the audit log, not to the feed that dashboards follow.
PRIVATE_ENTITIES = ("token",)


def list_changes(
    session: Session,
    *,
    after: int,
    limit: int,
    report_id: int | None = None,
    audit: AuditFilter | None = None,
) -> ChangePage:
    """Changes after a cursor, oldest first; the cursor of the last one comes back to resume.
    Without an audit filter this is the public feed, without token events."""
    query = select(Change).where(col(Change.id) > after)
    if report_id is not None:
        query = query.where(Change.report_id == report_id)
    if audit is None:
        query = query.where(col(Change.entity).not_in(PRIVATE_ENTITIES))
    else:
        for column, value in (
            (Change.entity, audit.entity),
            (Change.entity_id, audit.entity_id),
            (Change.actor, audit.actor),
            (Change.kind, audit.kind),
        ):
            if value is not None:
                query = query.where(col(column) == value)
        if audit.since is not None:
            query = query.where(col(Change.occurred_at) >= _utc(audit.since))
        if audit.until is not None:
            query = query.where(col(Change.occurred_at) < _utc(audit.until))
    rows = session.exec(query.order_by(col(Change.id)).limit(limit + 1)).all()
    items = [ChangeRead.model_validate(r, from_attributes=True) for r in rows[:limit]]
    return ChangePage(
        items=items,
        next_cursor=items[-1].id if items else after,
        has_more=len(rows) > limit,
    )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
