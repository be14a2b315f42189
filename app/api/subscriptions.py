"""Routes for e-mail subscriptions (admins of the whole portfolio: addresses are personal
data). The unsubscribe link every message carries is app.api.unsubscribe."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.access.decisions import Principal, authorize
from app.access.roles import Role
from app.api.auth import AdminDep
from app.api.deps import PageDep, SessionDep
from app.api.writers import AdminWrite
from app.schemas.evidence import MAX_ID
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.subscriptions import EmailDeliveryRead, SubscriptionCreate, SubscriptionRead
from app.services.subscriptions import (
    find_subscription,
    list_email_deliveries,
    list_subscriptions,
    subscribe,
    unsubscribe,
)

router = APIRouter(prefix="/api/v1/subscriptions", tags=["subscriptions"])
SubscriptionId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _whole_portfolio(principal: Principal, method: str) -> None:
    authorize(principal, Role.ADMIN, method=method, public_read=False, whole_portfolio=True)


@router.post(
    "",
    status_code=201,
    response_model=SubscriptionRead,
    responses=problem_responses(401, 403, 413, 415, 422),
)
async def create(
    body: SubscriptionCreate, write: AdminWrite, response: Response
) -> SubscriptionRead:
    """Subscribe a person to reminders (a progress report due, a target date 30 days away or
    passed) and a weekly digest, within a scope, in their language. Sent once
    FOLLOWUP_SMTP_URL names a server; each message carries an unsubscribe link."""
    _whole_portfolio(write.principal, "POST")
    created = await write.run(subscribe, body)
    response.headers["Location"] = f"/api/v1/subscriptions/{created.id}"
    return created


@router.get("", response_model=Page[SubscriptionRead], responses=problem_responses(401, 403, 422))
def read_all(session: SessionDep, page: PageDep, admin: AdminDep) -> Page[SubscriptionRead]:
    _whole_portfolio(admin, "GET")
    return list_subscriptions(session, limit=page.limit, offset=page.offset)


@router.post(
    "/{subscription_id}/unsubscription",
    response_model=SubscriptionRead,
    responses=problem_responses(401, 403, 404, 422),
)
async def end(subscription_id: SubscriptionId, write: AdminWrite) -> SubscriptionRead:
    """Send it nothing more (kept, marked with when and by whom, for the record)."""
    _whole_portfolio(write.principal, "POST")
    return await write.run(unsubscribe, subscription_id)


@router.get(
    "/{subscription_id}/deliveries",
    response_model=Page[EmailDeliveryRead],
    responses=problem_responses(401, 403, 404, 422),
)
def read_deliveries(
    session: SessionDep, page: PageDep, subscription_id: SubscriptionId, admin: AdminDep
) -> Page[EmailDeliveryRead]:
    """Its messages, newest first: state, attempts and the last error."""
    _whole_portfolio(admin, "GET")
    subscription = find_subscription(session, subscription_id)
    return list_email_deliveries(session, subscription, limit=page.limit, offset=page.offset)
