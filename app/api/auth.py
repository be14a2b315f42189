"""Who is calling: the credential a request carries (a Bearer token; the dashboard's sign-in
cookie for reads), the principal it names, and the role checks of the routes."""

from collections.abc import Awaitable, Callable
from functools import cache
from typing import Annotated

import anyio
from fastapi import Depends, Request

from app.access.decisions import READ_METHODS, Principal, authorize
from app.access.roles import Role
from app.access.scopes import ReportRef
from app.api.middleware.write_credentials import (
    bearer_secret,
    principal_of,
    write_principal_of,
)
from app.api.runtime import Runtime, RuntimeDep
from app.errors import DomainError
from app.services.browser_sessions import SESSION_PREFIX
from app.services.scopes import reports_of_path

# The dashboard's sign-in cookie: a server-side session id (services.browser_sessions), never
# an API token.
COOKIE = "followup_session"


def credential(method: str, authorization: str | None, cookie: str | None) -> str | None:
    """The token a request presents, or None. The sign-in cookie counts for reads only: a
    cookie rides along on cross-site requests, so writes must carry the Authorization header."""
    if authorization is not None:
        return bearer_secret(authorization)
    if cookie is None or not cookie.startswith(SESSION_PREFIX):
        return None  # e.g. a cookie of an older version, which held the token itself
    return cookie if method in READ_METHODS else None


async def get_principal(request: Request, runtime: RuntimeDep) -> Principal | None:
    """The caller, by token; None when no token was sent. Async, so that a known token costs no
    trip through the thread pool."""
    identified = write_principal_of(request)
    if identified is not None:
        return identified
    secret = credential(
        request.method, request.headers.get("authorization"), request.cookies.get(COOKIE)
    )
    if secret is None:
        return None
    return await principal_of(runtime, secret)


async def authorized(
    request: Request, runtime: Runtime, principal: Principal | None, needed: Role
) -> Principal:
    """The caller, if `access.decisions.authorize` lets them do this request: their role, and,
    for a token limited to part of the portfolio, the report(s) the path concerns (found only
    for such tokens: an unscoped caller costs no lookup)."""
    public = runtime.settings.public_read
    if principal is None or principal.scope.everything:
        return authorize(principal, needed, method=request.method, public_read=public)
    params = dict(request.path_params)

    def find() -> tuple[list[ReportRef], str] | None:
        with runtime.database.read_session() as session:
            return reports_of_path(session, params)

    found = await anyio.to_thread.run_sync(find)
    if found is None or not found[0]:  # no report in the path, or an id naming nothing
        return authorize(principal, needed, method=request.method, public_read=public)
    refs, unseen = found
    # A content several reports hold: reaching one of them is enough.
    report = next((ref for ref in refs if principal.scope.covers(ref)), refs[0])
    return authorize(
        principal,
        needed,
        method=request.method,
        public_read=public,
        report=report,
        unseen=unseen,
    )


@cache
def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets through callers whose role allows `role` (one per role, so that
    FastAPI resolves it once per request however many routes and routers ask for it)."""

    async def check(
        request: Request,
        runtime: RuntimeDep,
        principal: Annotated[Principal | None, Depends(get_principal)],
    ) -> Principal:
        return await authorized(request, runtime, principal, role)

    return check


AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]
READER = Depends(require(Role.VIEWER))
EVALUATOR = Depends(require(Role.EVALUATOR))


async def viewer_or_none(request: Request, runtime: RuntimeDep) -> Principal | None:
    """The caller if they may read, else None (pages redirect to sign-in instead of a 401)."""
    try:
        principal = await get_principal(request, runtime)
        return await require(Role.VIEWER)(request, runtime, principal)
    except DomainError:
        return None


MaybeViewer = Annotated[Principal | None, Depends(viewer_or_none)]
