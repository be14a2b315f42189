"""Early answers to the polls dashboards make all day: the current status of a report, or of
every report, answered from memory before the request enters the framework.

A thin adapter over status reads, not a second implementation: it answers only what status
reads can answer from memory alone, for a caller the routes' own authorization decision lets
read, with the routes' own framing of the answer; everything else goes on to the routes."""

from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from app.access.decisions import authorize
from app.access.roles import Role
from app.api.auth import COOKIE, credential
from app.api.paths import PORTFOLIO_STATUS, REPORT_STATUS, REPORT_STATUS_PATH
from app.api.runtime import Runtime, runtime_of
from app.api.status_answers import send_answer
from app.errors import DomainError
from app.moments import Moment
from app.status_reads.queries import PortfolioQuery, ReportQuery, StatusQuery


@dataclass(frozen=True, slots=True)
class AnsweredRoute:
    """Stands in for the route in `scope["route"]`, so metrics label these requests alike."""

    path: str


REPORT_ROUTE = AnsweredRoute(REPORT_STATUS)
PORTFOLIO_ROUTE = AnsweredRoute(PORTFOLIO_STATUS)


def _query(path: str, runtime: Runtime) -> tuple[StatusQuery, AnsweredRoute] | None:
    """The current status a path asks for, if it is one these answers cover."""
    if path == PORTFOLIO_STATUS:
        return PortfolioQuery(_now(runtime)), PORTFOLIO_ROUTE
    found = REPORT_STATUS_PATH.match(path)
    if found is None:
        return None
    return ReportQuery(found.group("report_id"), _now(runtime)), REPORT_ROUTE


def _now(runtime: Runtime) -> Moment:
    return Moment(as_of=None, now=runtime.clock.now())


def may_read(runtime: Runtime, headers: Headers) -> bool:
    """The routes' decision for this caller, made from memory: False when it is no, or when
    only the database could tell (the route then decides, and answers): an unknown token, or
    one limited to part of the portfolio."""
    cookie = None
    if "authorization" not in headers and "cookie" in headers:
        cookie = cookie_parser(headers["cookie"]).get(COOKIE)
    try:
        secret = credential("GET", headers.get("authorization"), cookie)
        principal = None
        if secret is not None:
            known, principal = runtime.tokens.peek(secret)
            if not known or principal is None:
                return False
        authorize(principal, Role.VIEWER, method="GET", public_read=runtime.settings.public_read)
    except DomainError:
        return False
    # A token limited to part of the portfolio: which reports it reaches, and what its
    # portfolio holds, are for the routes to say (they read the record).
    return principal is None or principal.scope.everything


def _has_body(headers: Headers) -> bool:
    """A poll has none; a request that declares one goes through the routes' body rules."""
    return headers.get("content-length", "0") != "0" or "transfer-encoding" in headers


class EarlyStatusAnswers:
    def __init__(self, app: ASGIApp, *, enabled: bool) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.enabled
            or scope["type"] != "http"
            or scope["method"] != "GET"  # HEAD arrives here as GET (see head_requests)
            or scope.get("query_string")
        ):
            await self.app(scope, receive, send)
            return
        runtime = runtime_of(scope)
        asked = None if runtime is None else _query(scope["path"], runtime)
        if runtime is None or asked is None:
            await self.app(scope, receive, send)
            return
        query, route = asked
        headers = Headers(scope=scope)
        answer = None
        if not _has_body(headers) and may_read(runtime, headers):
            answer = runtime.status.answer_from_memory(query, headers.get("if-none-match"))
        if answer is None:
            await self.app(scope, receive, send)
            return
        scope["route"] = route
        await send_answer(send, answer)
