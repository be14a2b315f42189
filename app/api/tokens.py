"""Routes to issue, list and revoke API tokens (admin only)."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.access.decisions import Principal, authorize
from app.access.roles import Role
from app.access.scopes import Scope
from app.api.auth import AdminDep
from app.api.deps import PageDep, SessionDep
from app.api.writers import AdminWrite
from app.schemas.evidence import MAX_ID
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.tokens import TokenCreate, TokenIssued, TokenRead
from app.services.tokens import issue_token, list_tokens, revoke_token

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])
AUTH = problem_responses(401, 403)


@router.get("", response_model=Page[TokenRead], responses={**AUTH, **problem_responses(422)})
def read_tokens(session: SessionDep, page: PageDep, admin: AdminDep) -> Page[TokenRead]:
    """Every token ever issued, without secrets."""
    _whole_portfolio(admin)
    return list_tokens(session, limit=page.limit, offset=page.offset)


@router.post(
    "",
    status_code=201,
    response_model=TokenIssued,
    responses={**AUTH, **problem_responses(409, 413, 415, 422)},
)
async def create_token(body: TokenCreate, write: AdminWrite, response: Response) -> TokenIssued:
    """Issue a token, for the whole portfolio or limited to entities and/or reports; its
    secret is in this answer only."""
    _whole_portfolio(write.principal)
    scope = Scope(frozenset(body.entities), frozenset(body.reports))
    issued = await write.run(issue_token, name=body.name, role=body.role, scope=scope)
    response.headers["Location"] = f"/api/v1/tokens/{issued.id}"
    return issued


@router.post(
    "/{token_id}/revocation",
    response_model=TokenRead,
    responses={**AUTH, **problem_responses(404, 409, 422)},
)
async def revoke(token_id: Annotated[int, Path(ge=1, le=MAX_ID)], write: AdminWrite) -> TokenRead:
    """Revoke a token: it stops working at once here, and on other instances as soon as they
    next check the data versions (every 0.2 s)."""
    _whole_portfolio(write.principal)
    return await write.run(revoke_token, token_id)


def _whole_portfolio(admin: Principal) -> None:
    authorize(admin, Role.ADMIN, method="POST", public_read=False, whole_portfolio=True)
