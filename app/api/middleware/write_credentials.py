"""Writes name their caller before anything else is done for them: an anonymous or unknown
caller's write is refused from its headers, before its body is read or spooled and before an
Idempotency-Key is claimed (both cost the service; neither may be free to a stranger)."""

import anyio
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.access.decisions import READ_METHODS, Principal
from app.api.middleware.problems import send_problem
from app.api.runtime import Runtime, runtime_of
from app.errors import DomainError, Unauthorized
from app.services.browser_sessions import SESSION_PREFIX

# Where the caller, once known here, is kept for the routes (they need not look it up again).
_STATE_KEY = "write_principal"
API = "/api/"


def write_principal_of(request: Request) -> Principal | None:
    """The caller this middleware already identified for a write (None: not a write)."""
    found: Principal | None = request.scope.get("state", {}).get(_STATE_KEY)
    return found


async def principal_of(runtime: Runtime, secret: str) -> Principal:
    """Who a token (or a dashboard session) names: from memory when known, else looked up in
    a worker thread; Unauthorized when it is unknown or revoked."""
    known, principal = runtime.tokens.peek(secret)
    if not known:
        principal = await anyio.to_thread.run_sync(
            runtime.tokens.principal, runtime.database, secret
        )
    if principal is None:
        raise Unauthorized("the token is unknown or has been revoked")
    return principal


def bearer_secret(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (any case, any spacing), None
    without the header; Unauthorized when it is not a Bearer token."""
    if authorization is None:
        return None
    scheme, _, secret = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized("send the token as: Authorization: Bearer <token>")
    if secret.strip().startswith(SESSION_PREFIX):
        # A dashboard session id lives in its cookie alone; a stolen one is no API key.
        raise Unauthorized("a dashboard session is not an API token: send an API token")
    return secret.strip()


class WriteCredentialsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in READ_METHODS
            or not scope["path"].startswith(API)
        ):
            await self.app(scope, receive, send)
            return
        runtime = runtime_of(scope)
        if runtime is None:
            await self.app(scope, receive, send)
            return
        try:
            # The sign-in cookie never counts for a write (it rides along on cross-site
            # requests): only the header does.
            secret = bearer_secret(Headers(scope=scope).get("authorization"))
            if secret is None:
                raise Unauthorized("a write needs a token: Authorization: Bearer <token>")
            principal = await principal_of(runtime, secret)
        except DomainError as error:
            await send_problem(scope, receive, send, error)
            return
        scope.setdefault("state", {})[_STATE_KEY] = principal
        await self.app(scope, receive, send)
