"""What is due to each subscriber, made into delivery rows, claimed and recorded.

Reminders: each subscription keeps a cursor over the change log (the outbox); the reminder
events past it within its scope become delivery rows and the cursor moves, in one transaction.
Digests: once an ISO week is over, one row per subscription for that week ("empty" when
nothing changed in its scope). A row is unique per (subscription, key): nothing is sent twice
for one event, whichever instance makes it. Due rows are claimed as webhook deliveries are
(on PostgreSQL `FOR UPDATE SKIP LOCKED`, under a lease), sent outside any transaction, and
their outcome recorded; an instance killed mid-send leaves the lease to expire, and the
message goes again with the same Message-ID."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from app.access.scopes import ReportRef, Scope
from app.compliance.notices import DATED
from app.models import Change, EmailDelivery, Report, Subscription
from app.services.change_log import PRIVATE_ENTITIES
from app.services.scopes import report_ids_within
from app.webhooks.dispatch import LEASE, insert_new, locked, try_again

REMINDER_KINDS = tuple(str(kind) for kind in DATED)
FAN_OUT_BATCH = 500
CLAIM_BATCH = 20
_DELIVERIES = SQLModel.metadata.tables[EmailDelivery.__tablename__]


@dataclass(frozen=True, slots=True)
class Week:
    """An ISO week, Monday 00:00 UTC to the next."""

    starts: datetime
    ends: datetime

    @staticmethod
    def before(now: datetime) -> "Week":
        """The last week that is over at `now`."""
        monday = now.astimezone(UTC).date() - timedelta(days=now.astimezone(UTC).weekday())
        ends = datetime.combine(monday, time(), tzinfo=UTC)
        return Week(ends - timedelta(days=7), ends)

    @staticmethod
    def named(key: str) -> "Week":
        """The week of a key such as 2026-W49."""
        year, week = key.split("-W")
        starts = datetime.combine(date.fromisocalendar(int(year), int(week), 1), time(), UTC)
        return Week(starts, starts + timedelta(days=7))

    @property
    def key(self) -> str:
        year, week, _ = self.starts.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class Claimed:
    """A message taken for sending: to whom, in what language, about what."""

    delivery_id: int
    subscription: Subscription
    key: str
    change: Change | None  # a reminder's event; None for a digest


def scope_of(subscription: Subscription) -> Scope:
    return Scope(frozenset(subscription.scope_entities), frozenset(subscription.scope_reports))


def _row(
    subscription: Subscription, key: str, now: datetime, **fields: object
) -> dict[str, object]:
    return {
        "subscription_id": subscription.id,
        "key": key,
        "state": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "last_error": "",
        **fields,
    }


def fan_out_reminders(session: Session, now: datetime) -> int:
    """Make the reminders of every subscription's next events; how many were made."""
    latest = session.exec(select(func.max(col(Change.id)))).one() or 0
    subscriptions = session.exec(
        locked(
            session,
            select(Subscription).where(
                col(Subscription.unsubscribed_at).is_(None), col(Subscription.reminders)
            ),
        )
    ).all()
    made = 0
    for subscription in subscriptions:
        if subscription.cursor >= latest:
            continue
        rows = session.exec(
            select(Change, Report.code, Report.entity)
            .join(Report, col(Report.id) == col(Change.report_id))
            .where(col(Change.id) > subscription.cursor, col(Change.id) <= latest)
            .where(col(Change.kind).in_(REMINDER_KINDS))
            .order_by(col(Change.id))
            .limit(FAN_OUT_BATCH)
        ).all()
        scope = scope_of(subscription)
        wanted = [c for c, code, entity in rows if scope.covers(ReportRef(code, entity))]
        if wanted:
            insert_new(
                session,
                _DELIVERIES,
                [_row(subscription, f"change:{c.id}", now, change_id=c.id) for c in wanted],
            )
            made += len(wanted)
        # Ids come in commit order: nothing at or below `latest` can appear any more.
        full = len(rows) == FAN_OUT_BATCH
        cursor = rows[-1][0].id if full else latest
        assert cursor is not None
        subscription.cursor = cursor
        session.add(subscription)
    return made


def changes_in(session: Session, scope: Scope, week: Week) -> int:
    """How many changes (writes, and what followup noticed) a digest of the week would tell."""
    query = (
        select(func.count())
        .select_from(Change)
        .where(
            col(Change.occurred_at) >= week.starts,
            col(Change.occurred_at) < week.ends,
            col(Change.report_id).is_not(None),
            col(Change.entity).not_in(PRIVATE_ENTITIES),
        )
    )
    if not scope.everything:
        query = query.where(col(Change.report_id).in_(report_ids_within(scope)))
    return session.exec(query).one()


def fan_out_digests(session: Session, now: datetime) -> int:
    """Once a week is over, each subscription's digest of it; how many are to be sent."""
    week = Week.before(now)
    key = f"digest:{week.key}"
    done = set(
        session.exec(select(EmailDelivery.subscription_id).where(EmailDelivery.key == key)).all()
    )
    subscriptions = session.exec(
        select(Subscription).where(
            col(Subscription.unsubscribed_at).is_(None),
            col(Subscription.digest),
            col(Subscription.created_at) < week.ends,
        )
    ).all()
    rows = []
    for subscription in subscriptions:
        if subscription.id in done:
            continue
        quiet = changes_in(session, scope_of(subscription), week) == 0
        rows.append(_row(subscription, key, now, state="empty" if quiet else "pending"))
    if rows:
        insert_new(session, _DELIVERIES, rows)
    return sum(1 for row in rows if row["state"] == "pending")


def claim_due(session: Session, now: datetime) -> list[Claimed]:
    """Take the messages due now (each by one instance), leased for a while."""
    rows = session.exec(
        locked(
            session,
            select(EmailDelivery)
            .where(EmailDelivery.state == "pending", col(EmailDelivery.next_attempt_at) <= now)
            .order_by(col(EmailDelivery.id))
            .limit(CLAIM_BATCH),
        )
    ).all()
    claimed = []
    for delivery in rows:
        subscription = session.get(Subscription, delivery.subscription_id)
        assert subscription is not None
        assert delivery.id is not None
        if subscription.unsubscribed_at is not None:
            delivery.state = "unsubscribed"  # left before it was sent: never sent
            session.add(delivery)
            continue
        change = session.get(Change, delivery.change_id) if delivery.change_id else None
        delivery.attempts += 1
        delivery.next_attempt_at = now + LEASE
        session.add(delivery)
        claimed.append(Claimed(delivery.id, subscription, delivery.key, change))
    return claimed


def record_outcome(
    session: Session, delivery_id: int, *, now: datetime, error: str, schedule: Sequence[float]
) -> None:
    delivery = session.get(EmailDelivery, delivery_id)
    assert delivery is not None
    delivery.last_error = error[:2000]
    if not error:
        delivery.state = "sent"
        delivery.sent_at = now
    else:
        try_again(delivery, now, schedule)
    session.add(delivery)
