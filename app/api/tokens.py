"""Routes to issue, list and revoke API tokens (admin only)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from app.api.auth import Admin
from app.api.deps import PageDep, SessionDep
from app.schemas.evidence import MAX_ID
from app.schemas.page import Page
from app.schemas.problem import problem_responses
from app.schemas.tokens import TokenCreate, TokenIssued, TokenRead
from app.services.tokens import issue_token, list_tokens, revoke_token

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])
AUTH = problem_responses(401, 403)


@router.get("", response_model=Page[TokenRead], responses={**AUTH, **problem_responses(422)})
def read_tokens(session: SessionDep, page: PageDep, actor: Admin) -> Page[TokenRead]:
    """Every token ever issued, without secrets."""
    return list_tokens(session, limit=page.limit, offset=page.offset)


@router.post(
    "",
    status_code=201,
    response_model=TokenIssued,
    responses={**AUTH, **problem_responses(409, 413, 415, 422)},
)
def create_token(
    session: SessionDep, body: TokenCreate, actor: Admin, response: Response
) -> TokenIssued:
    """Issue a token; its secret is in this answer only."""
    issued = issue_token(session, name=body.name, role=body.role, actor=actor)
    response.headers["Location"] = f"/api/v1/tokens/{issued.id}"
    return issued


@router.post(
    "/{token_id}/revocation",
    response_model=TokenRead,
    responses={**AUTH, **problem_responses(404, 409, 422)},
)
def revoke(
    request: Request,
    session: SessionDep,
    token_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    actor: Admin,
) -> TokenRead:
    """Revoke a token: it stops working at once here, within seconds on other instances."""
    revoked = revoke_token(session, token_id, actor=actor)
    request.app.state.token_cache.forget()
    return revoked
