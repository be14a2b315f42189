"""Routes of the web dashboard (HTML, outside the JSON API and its schema)."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse

from app.api.deps import IndicatorDep, ReportDep, SessionDep
from app.dashboard.pages import (
    choose_language,
    html,
    indicator_context,
    live_context,
    new_nonce,
    page_context,
)
from app.services.reports import find_report, first_report

router = APIRouter(include_in_schema=False)

Lang = Annotated[str | None, Query(pattern="^(zh|en)$")]
AcceptLanguage = Annotated[str | None, Header()]


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    lang: Lang = None,
    report: Annotated[str | None, Query(max_length=100)] = None,
    accept_language: AcceptLanguage = None,
) -> HTMLResponse:
    """The dashboard of one report (the first, unless ?report= names another)."""
    language = choose_language(lang, accept_language)
    chosen = find_report(session, report) if report else first_report(session)
    poll = request.app.state.settings.dashboard_poll_seconds
    if chosen is None:
        return html(request, "empty.html", {"lang": language}, new_nonce())
    return html(request, "page.html", page_context(session, chosen, language, poll), new_nonce())


@router.get("/dashboard/reports/{report_id}/live", response_class=HTMLResponse)
def dashboard_live(
    request: Request, session: SessionDep, report: ReportDep, lang: Lang = None
) -> HTMLResponse:
    """The part of the dashboard that changes with the data, re-fetched after a change."""
    language = choose_language(lang, None)
    return html(request, "live.html", live_context(session, report, language), new_nonce())


@router.get("/dashboard/indicators/{indicator_id}", response_class=HTMLResponse)
def dashboard_indicator(
    request: Request, session: SessionDep, indicator: IndicatorDep, lang: Lang = None
) -> HTMLResponse:
    """One indicator's evidence, verdicts and explanation."""
    language = choose_language(lang, None)
    context = indicator_context(session, indicator, language)
    return html(request, "indicator.html", context, new_nonce())
