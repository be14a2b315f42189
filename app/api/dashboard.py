"""Routes of the web dashboard (HTML, outside the JSON API and its schema)."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Header, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access.decisions import Principal, authorize
from app.access.roles import Role
from app.access.scopes import ReportRef
from app.api.auth import COOKIE, READER, MaybeViewer
from app.api.deps import SessionDep
from app.api.entities import IndicatorDep, ReportDep
from app.api.origins import require_same_origin
from app.api.paths import LOGIN, LOGOUT
from app.api.runtime import RuntimeDep
from app.dashboard.pages import (
    choose_language,
    html,
    indicator_context,
    live_context,
    new_nonce,
    page_context,
)
from app.dashboard.portfolio_page import Filters, portfolio_context
from app.moments import Moment
from app.schemas.portfolio import GroupBy
from app.schemas.text import QueryText
from app.services.browser_sessions import SESSION_PREFIX, end_session, start_session
from app.services.reports import find_report, first_report

router = APIRouter(include_in_schema=False)

Lang = Annotated[str | None, Query(pattern="^(zh|en)$")]
AcceptLanguage = Annotated[str | None, Header()]
Reader = Annotated[Principal, READER]


def _to_sign_in(request: Request) -> RedirectResponse:
    """To the sign-in page, and back here after."""
    target = quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""))
    return RedirectResponse(f"{LOGIN}?next={target}", status_code=303)


def _safe_next(url: str | None) -> str:
    """Only paths of this site: never an open redirect."""
    return url if url and url.startswith("/") and not url.startswith("//") else "/"


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    lang: Lang = None,
    report: Annotated[QueryText | None, Query(max_length=100)] = None,
    accept_language: AcceptLanguage = None,
    viewer: MaybeViewer = None,
) -> Response:
    """The dashboard of one report (the first, unless ?report= names another)."""
    language = choose_language(lang, accept_language)
    if viewer is None:
        return _to_sign_in(request)
    chosen = find_report(session, report) if report else first_report(session, viewer.scope)
    if chosen is not None:
        # A token limited to part of the portfolio sees its reports only (the same 404 as a
        # report that does not exist, unless reads are public).
        authorize(
            viewer,
            Role.VIEWER,
            method="GET",
            public_read=runtime.settings.public_read,
            report=ReportRef(chosen.code, chosen.entity),
            unseen=f"no report with id or code {report!r}",
        )
    if chosen is None:
        return html(request, "empty.html", {"lang": language}, new_nonce())
    poll = runtime.settings.dashboard_poll_seconds
    context = page_context(session, runtime.status, chosen, language, poll, viewer)
    return html(request, "page.html", context, new_nonce())


@router.get("/dashboard/reports/{report_id}/live", response_class=HTMLResponse)
def dashboard_live(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    report: ReportDep,
    caller: Reader,
    lang: Lang = None,
) -> HTMLResponse:
    """The part of the dashboard that changes with the data, re-fetched after a change."""
    language = choose_language(lang, None)
    context = live_context(session, runtime.status, report, language, caller.role)
    return html(request, "live.html", context, new_nonce())


@router.get("/dashboard/indicators/{indicator_id}", response_class=HTMLResponse)
def dashboard_indicator(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    indicator: IndicatorDep,
    caller: Reader,
    lang: Lang = None,
) -> HTMLResponse:
    """One indicator's evidence, verdicts and explanation."""
    language = choose_language(lang, None)
    context = indicator_context(session, runtime.status, indicator, language, caller.role)
    return html(request, "indicator.html", context, new_nonce())


@router.get(LOGIN, response_class=HTMLResponse)
def login_form(
    request: Request,
    lang: Lang = None,
    next_url: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
    accept_language: AcceptLanguage = None,
) -> HTMLResponse:
    """Sign in to the dashboard with an API token: the browser keeps a session id (an HttpOnly
    cookie, for reads), never the token."""
    language = choose_language(lang, accept_language)
    context = {"lang": language, "next_url": _safe_next(next_url), "error": None}
    return html(request, "login.html", context, new_nonce())


@router.post(LOGIN, response_class=HTMLResponse)
def login(
    request: Request,
    runtime: RuntimeDep,
    token: Annotated[str, Form(max_length=200)],
    next_url: Annotated[str | None, Form(alias="next", max_length=2000)] = None,
) -> Response:
    require_same_origin(request)
    principal: Principal | None = runtime.tokens.principal(runtime.database, token.strip())
    hours = runtime.settings.session_hours
    session_id = None
    if principal is not None:
        session_id = runtime.writer.run_in_new_session(
            principal.name, lambda unit: start_session(unit, token.strip(), hours=hours)
        )
    if session_id is None:
        language = choose_language(None, request.headers.get("accept-language"))
        context = {
            "lang": language,
            "next_url": _safe_next(next_url),
            "error": "无效或已撤销的令牌。" if language == "zh" else "Unknown or revoked token.",
        }
        page = html(request, "login.html", context, new_nonce())
        page.status_code = 401
        return page
    response = RedirectResponse(_safe_next(next_url), status_code=303)
    response.set_cookie(
        COOKIE,
        session_id,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=int(hours * 3600),
    )
    return response


@router.post(LOGOUT)
def logout(request: Request, runtime: RuntimeDep) -> Response:
    """Sign out: the session ends on the server (on every instance), not only in this browser."""
    require_same_origin(request)
    session_id = request.cookies.get(COOKIE)
    if session_id is not None and session_id.startswith(SESSION_PREFIX):
        who = runtime.tokens.principal(runtime.database, session_id)
        runtime.writer.run_in_new_session(
            who.name if who is not None else "system", lambda unit: end_session(unit, session_id)
        )
    response = RedirectResponse(LOGIN, status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/portfolio", response_class=HTMLResponse)
def portfolio_page(
    request: Request,
    runtime: RuntimeDep,
    viewer: MaybeViewer,
    lang: Lang = None,
    group_by: GroupBy = GroupBy.OVERSIGHT_BODY,
    oversight_body: Annotated[QueryText | None, Query(max_length=100)] = None,
    entity: Annotated[QueryText | None, Query(max_length=100)] = None,
    year: Annotated[QueryText | None, Query(max_length=10)] = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    """The portfolio by oversight body, entity or year, filtered by any of them."""
    if viewer is None:
        return _to_sign_in(request)
    language = choose_language(lang, accept_language)
    moment = Moment(as_of=None, now=runtime.clock.now())
    summaries = runtime.status.portfolio_summaries(moment, viewer.scope)
    filters = Filters(oversight_body or None, entity or None, year or None)
    context = portfolio_context(summaries, group_by, filters, language)
    return html(request, "portfolio.html", context, new_nonce())
