"""Authentication (Bearer tokens; a cookie for the dashboard's reads) and role checks."""

import hashlib
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from app.access.roles import Role, allows
from app.db import Database
from app.errors import DomainError, Forbidden, Unauthorized
from app.services.tokens import authenticate

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
COOKIE = "followup_token"
# A revoked token stops working within this many seconds on every instance.
TOKEN_CACHE_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    role: Role


ANONYMOUS = Principal(name="anonymous", role=Role.VIEWER)


class TokenCache:
    """Recently checked tokens, so that polling dashboards do not cost a lookup per request."""

    def __init__(self, seconds: float = TOKEN_CACHE_SECONDS) -> None:
        self.seconds = seconds
        self._entries: dict[str, tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def peek(self, secret: str) -> tuple[bool, Principal | None]:
        """(known, principal) from memory only: known is False when the database must say."""
        key = hashlib.sha256(secret.encode()).hexdigest()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return True, hit[1]
        return False, None

    def principal(self, database: Database, secret: str) -> Principal | None:
        """Blocking on a miss: call from a worker thread."""
        known, found_before = self.peek(secret)
        if known:
            return found_before
        key = hashlib.sha256(secret.encode()).hexdigest()
        now = time.monotonic()
        with database.read_session() as session:
            token = authenticate(session, secret)
            found = Principal(name=token.name, role=token.role) if token else None
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[key] = (now + self.seconds, found)
        return found

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()


def _secret(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("send the token as: Authorization: Bearer <token>")
        return secret.strip()
    # The dashboard's login cookie counts for reads only: a cookie rides along on cross-site
    # requests, so writes must carry the Authorization header.
    if request.method in READ_METHODS:
        return request.cookies.get(COOKIE)
    return None


async def get_principal(request: Request) -> Principal | None:
    """The caller, by token; None when no token was sent. Async, so that a known token costs no
    trip through the thread pool."""
    secret = _secret(request)
    if secret is None:
        return None
    cache: TokenCache = request.app.state.token_cache
    known, principal = cache.peek(secret)
    if not known:
        principal = await run_in_threadpool(cache.principal, request.app.state.database, secret)
    if principal is None:
        raise Unauthorized("the token is unknown or has been revoked")
    return principal


def require(role: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets through callers whose role allows `role`."""

    async def check(
        request: Request, principal: Annotated[Principal | None, Depends(get_principal)]
    ) -> Principal:
        if principal is None:
            public = request.app.state.settings.public_read
            if role is Role.VIEWER and public and request.method in READ_METHODS:
                return ANONYMOUS
            raise Unauthorized(f"this needs an API token with the {role} role or higher")
        if not allows(principal.role, role):
            raise Forbidden(
                f"{principal.name} has the {principal.role} role; this needs {role} or higher"
            )
        return principal

    return check


def acting_as(role: Role) -> Callable[..., Awaitable[str]]:
    """The name recorded as the author of a write, once its role is checked."""

    async def name(principal: Annotated[Principal, Depends(require(role))]) -> str:
        return principal.name

    return name


ViewerDep = Annotated[Principal, Depends(require(Role.VIEWER))]
ContributorDep = Annotated[Principal, Depends(require(Role.CONTRIBUTOR))]
Contributor = Annotated[str, Depends(acting_as(Role.CONTRIBUTOR))]
Evaluator = Annotated[str, Depends(acting_as(Role.EVALUATOR))]
Admin = Annotated[str, Depends(acting_as(Role.ADMIN))]
EvaluatorOrAbove = Depends(require(Role.EVALUATOR))
READER = Depends(require(Role.VIEWER))


async def viewer_or_none(request: Request) -> Principal | None:
    """The caller if they may read, else None (pages redirect to sign-in instead of a 401)."""
    try:
        return await require(Role.VIEWER)(request, await get_principal(request))
    except DomainError:
        return None


MaybeViewer = Annotated[Principal | None, Depends(viewer_or_none)]
