"""Subscribing people to e-mail reminders and digests, and letting them leave."""

import secrets

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.access.scopes import Scope
from app.errors import NotFound
from app.models import Change, EmailDelivery, Subscription
from app.schemas.page import Page
from app.schemas.subscriptions import EmailDeliveryRead, SubscriptionCreate, SubscriptionRead
from app.services.paging import paginate
from app.services.tokens import checked_scope
from app.writes.unit_of_work import UnitOfWork


def read_subscription(subscription: Subscription) -> SubscriptionRead:
    assert subscription.id is not None
    return SubscriptionRead(
        id=subscription.id,
        email=subscription.email,
        language=subscription.language,
        reminders=subscription.reminders,
        digest=subscription.digest,
        entities=subscription.scope_entities,
        reports=subscription.scope_reports,
        created_at=subscription.created_at,
        created_by=subscription.created_by,
        unsubscribed_at=subscription.unsubscribed_at,
    )


def _audit(unit: UnitOfWork, kind: str, subscription: Subscription) -> None:
    assert subscription.id is not None
    unit.record(
        kind=kind,
        entity="subscription",
        entity_id=subscription.id,
        report_id=None,
        data={"before": None, "after": {"email": subscription.email}},
    )


def subscribe(unit: UnitOfWork, data: SubscriptionCreate) -> SubscriptionRead:
    """A person's subscription, from the next event on (the digest from this week's on)."""
    session = unit.session
    scope = Scope(frozenset(data.entities), frozenset(data.reports))
    checked_scope(session, scope)
    subscription = Subscription(
        email=str(data.email),
        language=str(data.language),
        scope_entities=sorted(scope.entities),
        scope_reports=sorted(scope.reports),
        reminders=data.reminders,
        digest=data.digest,
        unsubscribe_token=secrets.token_urlsafe(32),
        cursor=session.exec(select(func.max(col(Change.id)))).one() or 0,
        created_at=unit.now,
        created_by=unit.actor,
    )
    session.add(subscription)
    session.flush()
    _audit(unit, "subscription_created", subscription)
    return read_subscription(subscription)


def list_subscriptions(session: Session, *, limit: int, offset: int) -> Page[SubscriptionRead]:
    return paginate(
        session,
        select(Subscription),
        limit=limit,
        offset=offset,
        order_by=(col(Subscription.id),),
        read=lambda rows: [read_subscription(s) for s in rows],
    )


def find_subscription(session: Session, subscription_id: int) -> Subscription:
    found = session.get(Subscription, subscription_id)
    if found is None:
        raise NotFound(f"no subscription with id {subscription_id}")
    return found


def subscription_of_link(session: Session, token: str) -> Subscription | None:
    """The subscription an unsubscribe link names (None: no such link)."""
    if not 20 <= len(token) <= 64:
        return None
    return session.exec(select(Subscription).where(Subscription.unsubscribe_token == token)).first()


def unsubscribe(unit: UnitOfWork, subscription_id: int) -> SubscriptionRead:
    """No more e-mails to it (the subscription is kept, marked: who asked, and when, is in the
    audit log). Leaving twice is leaving once."""
    subscription = find_subscription(unit.session, subscription_id)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = unit.now
        unit.session.add(subscription)
        _audit(unit, "subscription_ended", subscription)
    return read_subscription(subscription)


def list_email_deliveries(
    session: Session, subscription: Subscription, *, limit: int, offset: int
) -> Page[EmailDeliveryRead]:
    """The subscription's messages, newest first, with each one's state and last error."""
    return paginate(
        session,
        select(EmailDelivery).where(EmailDelivery.subscription_id == subscription.id),
        limit=limit,
        offset=offset,
        order_by=(col(EmailDelivery.id).desc(),),
        read=lambda rows: [EmailDeliveryRead.model_validate(d.model_dump()) for d in rows],
    )
