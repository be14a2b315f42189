"""Load shedding: beyond a number of requests in flight in this process, or in flight for one
caller, a request is answered 503 with Retry-After at once instead of queueing for worker
threads and database connections behind the others (where it would wait, time out and be
retried, adding to the load).

The per-caller limit keeps one client (say, a script holding 150 uploads open) from taking
every place; the process limit keeps the sum bounded. Polls of status are never shed: they
are answered from memory, cost little and are what dashboards show; neither are the probes,
which must tell the truth about an overloaded process. The limits count requests past the
early answers, so a poll answered there never counts."""

from collections import Counter

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.auth import COOKIE
from app.api.middleware.problems import send_problem
from app.api.middleware.write_credentials import bearer_secret
from app.errors import Overloaded, Unauthorized

PROBES = frozenset({"/health", "/ready", "/metrics"})
STATUS_ENDINGS = ("/status", "/status/history")


def sheddable(scope: Scope) -> bool:
    path: str = scope["path"]
    if path in PROBES:
        return False
    return not (scope["method"] in ("GET", "HEAD") and path.endswith(STATUS_ENDINGS))


def caller_of(scope: Scope) -> str:
    """Whom a request counts against: its token (bearer or sign-in cookie), else anonymous.
    Only counted here, never trusted: the routes authenticate."""
    headers = Headers(scope=scope)
    authorization = headers.get("authorization")
    if authorization is not None:
        try:
            return f"token {bearer_secret(authorization)}"
        except Unauthorized:
            return "malformed"
    cookie = headers.get("cookie")
    if cookie is not None:
        signed_in = cookie_parser(cookie).get(COOKIE)
        if signed_in:
            return f"token {signed_in}"
    return "anonymous"


class LoadShedding:
    def __init__(self, app: ASGIApp, *, limit: int, per_caller: int) -> None:
        self.app = app
        self.limit = limit
        self.per_caller = per_caller
        # Only ever touched on the event loop: no lock.
        self.in_flight = 0
        self.by_caller: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not sheddable(scope):
            await self.app(scope, receive, send)
            return
        caller = caller_of(scope)
        refusal = self._refusal(caller)
        if refusal is not None:
            await send_problem(scope, receive, send, Overloaded(refusal))
            return
        self.in_flight += 1
        self.by_caller[caller] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.by_caller[caller] -= 1
            if not self.by_caller[caller]:
                del self.by_caller[caller]

    def _refusal(self, caller: str) -> str | None:
        if self.in_flight >= self.limit:
            return (
                f"{self.limit} requests are already being served by this instance "
                "(FOLLOWUP_MAX_IN_FLIGHT); try again shortly"
            )
        if self.by_caller[caller] >= self.per_caller:
            return (
                f"{self.per_caller} requests of this caller are already being served "
                "(FOLLOWUP_MAX_IN_FLIGHT_PER_CALLER); try again once one has ended"
            )
        return None
