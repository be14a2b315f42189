"""Registering webhooks and reading their deliveries back."""

import base64
import secrets
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.access.scopes import Scope
from app.errors import Conflict, NotFound
from app.models import Change, Webhook, WebhookDelivery
from app.schemas.page import Page
from app.schemas.webhooks import DeliveryRead, WebhookCreate, WebhookCreated, WebhookRead
from app.services.paging import paginate
from app.services.tokens import checked_scope
from app.writes.unit_of_work import UnitOfWork


def _read(hook: Webhook) -> WebhookRead:
    assert hook.id is not None
    return WebhookRead(
        id=hook.id,
        url=hook.url,
        kinds=hook.kinds,
        entities=hook.scope_entities,
        reports=hook.scope_reports,
        created_at=hook.created_at,
        created_by=hook.created_by,
        disabled_at=hook.disabled_at,
    )


def create_webhook(unit: UnitOfWork, data: WebhookCreate) -> WebhookCreated:
    """A receiver of the kinds asked for, from the next change on; its signing secret."""
    session = unit.session
    scope = Scope(frozenset(data.entities), frozenset(data.reports))
    checked_scope(session, scope)
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    latest = session.exec(select(func.max(col(Change.id)))).one() or 0
    hook = Webhook(
        url=data.url,
        secret=secret,
        kinds=sorted({str(k) for k in data.kinds}),
        scope_entities=sorted(scope.entities),
        scope_reports=sorted(scope.reports),
        cursor=latest,
        created_at=unit.now,
        created_by=unit.actor,
    )
    session.add(hook)
    session.flush()
    assert hook.id is not None
    unit.record(
        kind="webhook_created",
        entity="webhook",
        entity_id=hook.id,
        report_id=None,
        data={"before": None, "after": {"url": hook.url, "kinds": hook.kinds}},
    )
    return WebhookCreated(**_read(hook).model_dump(), secret=secret)


def list_webhooks(session: Session, *, limit: int, offset: int) -> Page[WebhookRead]:
    return paginate(
        session,
        select(Webhook),
        limit=limit,
        offset=offset,
        order_by=(col(Webhook.id),),
        read=lambda rows: [_read(h) for h in rows],
    )


def find_webhook(session: Session, webhook_id: int) -> Webhook:
    hook = session.get(Webhook, webhook_id)
    if hook is None:
        raise NotFound(f"no webhook with id {webhook_id}")
    return hook


def _deliveries(rows: list[Any]) -> list[DeliveryRead]:
    return [DeliveryRead(kind=str(kind), **delivery.model_dump()) for delivery, kind in rows]


def list_deliveries(
    session: Session, hook: Webhook, *, limit: int, offset: int
) -> Page[DeliveryRead]:
    """A webhook's deliveries, newest first, with each one's last status and latency."""
    query = (
        select(WebhookDelivery, Change.kind)
        .join(Change, col(Change.id) == col(WebhookDelivery.change_id))
        .where(WebhookDelivery.webhook_id == hook.id)
    )
    return paginate(
        session,
        query,  # type: ignore[arg-type]
        limit=limit,
        offset=offset,
        order_by=(col(WebhookDelivery.id).desc(),),
        read=_deliveries,
    )


def redeliver(unit: UnitOfWork, hook: Webhook, delivery_id: int) -> DeliveryRead:
    """Send a delivery again now (a failed one gets a new 24 hours)."""
    delivery = unit.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.webhook_id != hook.id:
        raise NotFound(f"no delivery {delivery_id} of webhook {hook.id}")
    if delivery.state == "pending":
        raise Conflict(f"delivery {delivery_id} is pending already")
    delivery.state = "pending"
    delivery.next_attempt_at = unit.now
    delivery.created_at = unit.now
    unit.session.add(delivery)
    assert hook.id is not None
    unit.record(
        kind="webhook_redelivered",
        entity="webhook",
        entity_id=hook.id,
        report_id=None,
        data={"before": None, "after": {"delivery_id": delivery_id}},
    )
    kind = unit.session.exec(select(Change.kind).where(Change.id == delivery.change_id)).one()
    return DeliveryRead(kind=kind, **delivery.model_dump())
