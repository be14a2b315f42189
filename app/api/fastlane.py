"""The fast lane for the reads dashboards poll all day: the current status of a report, or of
every report, answered from memory before the request enters the framework.

It serves only what it can serve exactly as the full route would (a cached body whose key is
known, for a caller already known to be a reader) and sends everything else down the normal
path, which remains the one implementation of these routes."""

import re
from dataclasses import dataclass

from starlette.datastructures import Headers, State
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.auth import READ_METHODS, TokenCache
from app.api.conditional import NO_CACHE, matches
from app.clock import utcnow
from app.services.board import StatusBoard
from app.services.status import Moment
from app.services.status_cache import StatusKey

_REPORT = re.compile(r"^/api/v1/reports/([0-9]{1,10}|[a-z][a-z0-9-]{1,99})/status$")
_PORTFOLIO = "/api/v1/status"


@dataclass(frozen=True, slots=True)
class Served:
    """Stands in for the route in `scope["route"]`, so metrics label these requests alike."""

    path: str


REPORT_ROUTE = Served("/api/v1/reports/{report_id}/status")
PORTFOLIO_ROUTE = Served(_PORTFOLIO)


class FastLane:
    def __init__(self, app: ASGIApp, *, public_read: bool, state: State) -> None:
        self.app = app
        self.public_read = public_read
        self.state = state  # the board and the token cache appear there once the app starts

    @property
    def board(self) -> StatusBoard | None:
        board: StatusBoard | None = getattr(self.state, "board", None)
        return board

    @property
    def tokens(self) -> TokenCache | None:
        tokens: TokenCache | None = getattr(self.state, "token_cache", None)
        return tokens

    def _reader(self, headers: Headers) -> bool:
        authorization = headers.get("authorization")
        if authorization is None:
            # Cookies are left to the full path, which knows how to check them.
            return self.public_read and "cookie" not in headers
        scheme, _, secret = authorization.partition(" ")
        if scheme.lower() != "bearer" or self.tokens is None:
            return False
        known, principal = self.tokens.peek(secret.strip())
        return known and principal is not None  # every role may read

    def _key(self, path: str) -> tuple[StatusKey | None, Served | None]:
        assert self.board is not None
        moment = Moment(as_of=None, now=utcnow())
        if path == _PORTFOLIO:
            return self.board.peek_portfolio(moment), PORTFOLIO_ROUTE
        found = _REPORT.match(path)
        if found is None:
            return None, None
        return self.board.peek_report(found.group(1), moment), REPORT_ROUTE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in READ_METHODS
            or scope.get("query_string")
            or self.board is None
        ):
            await self.app(scope, receive, send)
            return
        key, route = self._key(scope["path"])
        headers = Headers(scope=scope)
        if key is None or route is None or not self._reader(headers):
            await self.app(scope, receive, send)
            return
        etag = key.etag.encode()
        if matches(headers.get("if-none-match"), key.etag):
            scope["route"] = route
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(b"etag", etag), (b"cache-control", NO_CACHE.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        body = self.board.cache.get(key) if self.board is not None else None
        if body is None:
            await self.app(scope, receive, send)
            return
        scope["route"] = route
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"etag", etag),
                    (b"cache-control", NO_CACHE.encode()),
                ],
            }
        )
        await send(
            {"type": "http.response.body", "body": body if scope["method"] == "GET" else b""}
        )
