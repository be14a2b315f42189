"""Routes for webhooks (admins): register one, list them, read and redeliver deliveries."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.access.decisions import authorize
from app.access.roles import Role
from app.api.auth import AdminDep
from app.api.deps import PageDep, SessionDep
from app.api.writers import AdminWrite
from app.schemas.evidence import MAX_ID
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.webhooks import DeliveryRead, WebhookCreate, WebhookCreated, WebhookRead
from app.webhooks.registry import (
    create_webhook,
    find_webhook,
    list_deliveries,
    list_webhooks,
    redeliver,
)

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])
WebhookId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post(
    "",
    status_code=201,
    response_model=WebhookCreated,
    responses=problem_responses(401, 403, 413, 415, 422),
)
async def register(body: WebhookCreate, write: AdminWrite, response: Response) -> WebhookCreated:
    """Register a receiver of events, signed by the Standard Webhooks convention with the
    secret in this answer (shown once). It hears of changes made from now on."""
    authorize(write.principal, Role.ADMIN, method="POST", public_read=False, whole_portfolio=True)
    created = await write.run(create_webhook, body)
    response.headers["Location"] = f"/api/v1/webhooks/{created.id}"
    return created


@router.get("", response_model=Page[WebhookRead], responses=problem_responses(401, 403, 422))
def read_webhooks(session: SessionDep, page: PageDep, admin: AdminDep) -> Page[WebhookRead]:
    # Their URLs and scopes name other entities' reports: the whole portfolio's admins only.
    authorize(admin, Role.ADMIN, method="GET", public_read=False, whole_portfolio=True)
    return list_webhooks(session, limit=page.limit, offset=page.offset)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[DeliveryRead],
    responses=problem_responses(401, 403, 404, 422),
)
def read_deliveries(
    session: SessionDep, page: PageDep, webhook_id: WebhookId, admin: AdminDep
) -> Page[DeliveryRead]:
    """The webhook's deliveries, newest first: state, attempts, last status and latency."""
    authorize(admin, Role.ADMIN, method="GET", public_read=False, whole_portfolio=True)
    hook = find_webhook(session, webhook_id)
    return list_deliveries(session, hook, limit=page.limit, offset=page.offset)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redelivery",
    response_model=DeliveryRead,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def redeliver_one(
    session: SessionDep,
    webhook_id: WebhookId,
    delivery_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    write: AdminWrite,
) -> DeliveryRead:
    """Send a delivery again now (a failed one gets a new 24 hours of attempts)."""
    hook = find_webhook(session, webhook_id)
    return await write.run(redeliver, hook, delivery_id)
