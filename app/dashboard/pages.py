"""Rendering the dashboard's pages and fragments, with the headers every HTML answer gets."""

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, col, select

from app.dashboard.labels import UI, UI_LANGUAGES, UiLanguage, localized
from app.dashboard.views import live_view
from app.models import Indicator, Recommendation, Report
from app.moments import Moment
from app.schemas.page import MAX_PAGE
from app.services.evidence import list_evidence, target_of
from app.status_reads.reads import StatusReads
from app.wording.terms import term

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def choose_language(lang: str | None, accept_language: str | None) -> UiLanguage:
    """The `lang` asked for, else the browser's preference between Chinese and English."""
    if lang in UI_LANGUAGES:
        return "zh" if lang == "zh" else "en"
    preferred = (accept_language or "").lower()
    zh, en = preferred.find("zh"), preferred.find("en")
    return "zh" if zh != -1 and (en == -1 or zh < en) else "en"


def security_headers(nonce: str) -> dict[str, str]:
    """The headers every HTML answer gets: everything the page needs is inline and
    nonce-tagged, nothing may load from elsewhere, and no other site may frame it."""
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-cache",
    }


def html(request: Request, template: str, context: dict[str, Any], nonce: str) -> HTMLResponse:
    response = templates.TemplateResponse(request, template, {**context, "nonce": nonce})
    response.headers.update(security_headers(nonce))
    return response


def _recommendations_and_indicators(
    session: Session, report: Report
) -> tuple[list[Recommendation], list[Indicator]]:
    recommendations = list(
        session.exec(select(Recommendation).where(Recommendation.report_id == report.id)).all()
    )
    indicators = list(session.exec(select(Indicator).where(Indicator.report_id == report.id)).all())
    return recommendations, indicators


def live_context(
    session: Session, status: StatusReads, report: Report, language: UiLanguage
) -> dict[str, Any]:
    recommendations, indicators = _recommendations_and_indicators(session, report)
    # The read ends (what it loaded stays usable): status reads take a connection of their
    # own, and a page must never hold two at once (a burst of pages would starve the pool).
    session.commit()
    moment = Moment(as_of=None, now=status.clock.now())
    return {
        "lang": language,
        "ui": UI[language],
        "live": live_view(status, report, recommendations, indicators, moment, language),
        "vocabulary_overdue": term("overdue", language),
    }


def page_context(
    session: Session,
    status: StatusReads,
    report: Report,
    language: UiLanguage,
    poll_seconds: float,
) -> dict[str, Any]:
    reports = session.exec(select(Report).order_by(col(Report.id)).limit(MAX_PAGE)).all()
    return {
        **live_context(session, status, report, language),
        "report": report,
        "reports": reports,
        "report_title": localized(report.title, language),
        "poll_seconds": poll_seconds,
        "status_url": f"/api/v1/reports/{report.id}/status",
        "live_url": f"/dashboard/reports/{report.id}/live?lang={language}",
    }


def indicator_context(
    session: Session, reads: StatusReads, indicator: Indicator, language: UiLanguage
) -> dict[str, Any]:
    status = reads.indicator_status(indicator, Moment(as_of=None, now=reads.clock.now()))
    page = list_evidence(session, target_of(indicator), include_all=False, limit=MAX_PAGE, offset=0)
    evidence = [
        {
            **item.model_dump(),
            "verdict_label": term(item.verdict, language) if item.verdict else "",
            "comment": item.assessments[-1].comment if item.assessments else "",
        }
        for item in page.items
    ]
    return {
        "lang": language,
        "ui": UI[language],
        "indicator": indicator,
        "indicator_text": localized(indicator.text, language),
        "status": status,
        "status_label": term(status.status, language),
        "awaiting_label": term("awaiting_verdict", language),
        "evidence": evidence,
    }


def new_nonce() -> str:
    return secrets.token_urlsafe(16)
