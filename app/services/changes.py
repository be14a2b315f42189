"""Appending to the change log, the ordered record of every write."""

from datetime import datetime
from typing import Any

from sqlalchemy import event, text
from sqlmodel import Session, col, select

from app.models import Change
from app.schemas.changes import ChangePage, ChangeRead

CHANGE_LOG_LOCK = 0x666F6C6C6F77  # "follow": an arbitrary key of this application's own
_ORDERED = "change_log_locked"


@event.listens_for(Session, "after_transaction_end")
def _forget_lock(session: Session, transaction: object) -> None:
    session.info.pop(_ORDERED, None)


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
) -> Change:
    """Add a change row in the caller's transaction, so it commits or rolls back with the write.

    On PostgreSQL the transaction first takes a lock held until it ends, so change ids are
    handed out in commit order: a reader of the change feed that has seen id N will never later
    find a smaller id appear. (SQLite writers are serialised already.)
    """
    postgres = session.bind is not None and session.bind.dialect.name == "postgresql"
    if postgres and not session.info.get(_ORDERED):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOG_LOCK})
        session.info[_ORDERED] = True
    change = Change(
        occurred_at=at,
        actor=actor,
        kind=kind,
        entity=entity,
        entity_id=entity_id,
        report_id=report_id,
        data=data or {},
    )
    session.add(change)
    return change


def list_changes(
    session: Session, *, after: int, limit: int, report_id: int | None = None
) -> ChangePage:
    """Changes after a cursor, oldest first; the cursor of the last one comes back to resume."""
    query = select(Change).where(col(Change.id) > after)
    if report_id is not None:
        query = query.where(Change.report_id == report_id)
    rows = session.exec(query.order_by(col(Change.id)).limit(limit + 1)).all()
    items = [ChangeRead.model_validate(r, from_attributes=True) for r in rows[:limit]]
    return ChangePage(
        items=items,
        next_cursor=items[-1].id if items else after,
        has_more=len(rows) > limit,
    )
