"""Reading the change log (the ordered record of every write; units of work append to it):
the public change feed and the audit log."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.access.scopes import EVERYTHING, Scope
from app.compliance.notices import NoticeKind
from app.models import Change
from app.moments import to_utc
from app.schemas.changes import ChangePage, ChangeRead
from app.services.scopes import report_ids_within


@dataclass(frozen=True)
class AuditFilter:
    entity: str | None = None
    entity_id: int | None = None
    actor: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None


# Token, webhook and subscription events belong to the audit log, not to the feed that
# dashboards follow.
PRIVATE_ENTITIES = ("token", "webhook", "subscription")
# What followup noticed by itself is not a write in the record: it reaches webhooks, reminders
# and the audit log (actor "followup"), not the feed.
NOTICED = tuple(str(kind) for kind in NoticeKind)


def list_changes(
    session: Session,
    *,
    after: int,
    limit: int,
    report_id: int | None = None,
    audit: AuditFilter | None = None,
    within: Scope = EVERYTHING,
) -> ChangePage:
    """Changes after a cursor, oldest first; the cursor of the last one comes back to resume.
    Without an audit filter this is the public feed, without token events. Within a scope,
    only the changes of the reports it reaches (none that concern no report)."""
    query = select(Change).where(col(Change.id) > after)
    if report_id is not None:
        query = query.where(Change.report_id == report_id)
    if not within.everything:
        query = query.where(col(Change.report_id).in_(report_ids_within(within)))
    if audit is None:
        query = query.where(
            col(Change.entity).not_in(PRIVATE_ENTITIES), col(Change.kind).not_in(NOTICED)
        )
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
            query = query.where(col(Change.occurred_at) >= to_utc(audit.since))
        if audit.until is not None:
            query = query.where(col(Change.occurred_at) < to_utc(audit.until))
    rows = session.exec(query.order_by(col(Change.id)).limit(limit + 1)).all()
    items = [ChangeRead.model_validate(r, from_attributes=True) for r in rows[:limit]]
    return ChangePage(
        items=items,
        next_cursor=items[-1].id if items else after,
        has_more=len(rows) > limit,
    )
