"""Rendering the dashboard's pages and fragments, with the headers every HTML answer gets."""

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, select

from app.access.decisions import Principal
from app.access.roles import Role, allows
from app.access.scopes import EVERYTHING
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.labels import UI, UI_LANGUAGES, UiLanguage
from app.dashboard.views import live_view
from app.models import Indicator, Recommendation, Report, Response
from app.moments import Moment
from app.schemas.page import MAX_PAGE
from app.schemas.report import issue_date_as_written
from app.services.evidence import list_evidence, target_of
from app.services.reports import current_responses, list_reports
from app.status_reads.reads import StatusReads
from app.wording.explanations import explain
from app.wording.terms import term
from app.wording.texts import TextChooser

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
        # Not no-referrer: under it a browser sends `Origin: null` with the page's own form
        # posts, which the same-origin check must refuse. same-origin gives other sites
        # nothing either.
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-cache",
    }


def html(request: Request, template: str, context: dict[str, Any], nonce: str) -> HTMLResponse:
    response = templates.TemplateResponse(request, template, {**context, "nonce": nonce})
    response.headers.update(security_headers(nonce))
    return response


def _records(
    session: Session, report: Report
) -> tuple[list[Recommendation], list[Indicator], dict[int, Response]]:
    """The report's recommendations, indicators and the response in force of each."""
    recommendations = list(
        session.exec(select(Recommendation).where(Recommendation.report_id == report.id)).all()
    )
    indicators = list(session.exec(select(Indicator).where(Indicator.report_id == report.id)).all())
    responses = current_responses(session, [r.id for r in recommendations if r.id is not None])
    return recommendations, indicators, responses


def general_comments(report: Report, language: UiLanguage) -> list[dict[str, Any]]:
    """The entity's comments on the report as a whole, each with what it concerns."""
    chooser = TextChooser(language, report.unofficial_languages)
    ui = UI[language]
    shown = []
    for comment in report.management_comments:
        codes = comment.get("recommendations")
        concerns = (
            ui["all_recommendations"]
            if codes is None
            else ", ".join(codes)
            if codes
            else ui["no_recommendation"]
        )
        shown.append(
            {
                "text": chooser.show(comment["text"]),
                "source_ref": comment.get("source_ref", ""),
                "concerns": concerns,
            }
        )
    return shown


def work_context(role: Role | None, language: UiLanguage) -> dict[str, Any]:
    """Which of the officers' forms a page links to, for the caller's role."""
    return {
        "may_contribute": role is not None and allows(role, Role.CONTRIBUTOR),
        "may_evaluate": role is not None and allows(role, Role.EVALUATOR),
        "fw": FORM_WORDS[language],
    }


def live_context(
    session: Session,
    status: StatusReads,
    report: Report,
    language: UiLanguage,
    role: Role | None = None,
) -> dict[str, Any]:
    records = _records(session, report)
    # The read ends (what it loaded stays usable): status reads take a connection of their
    # own, and a page must never hold two at once (a burst of pages would starve the pool).
    session.commit()
    moment = Moment(as_of=None, now=status.clock.now())
    return {
        "lang": language,
        "ui": UI[language],
        "live": live_view(status, report, records, moment, language),
        "vocabulary_overdue": term("overdue", language),
        "report_id": report.id,
        **work_context(role, language),
    }


def page_context(
    session: Session,
    status: StatusReads,
    report: Report,
    language: UiLanguage,
    poll_seconds: float,
    viewer: Principal | None = None,
) -> dict[str, Any]:
    within = viewer.scope if viewer is not None else EVERYTHING
    reports = list_reports(session, limit=MAX_PAGE, offset=0, within=within).items
    chooser = TextChooser(language, report.unofficial_languages)
    role = viewer.role if viewer is not None else None
    return {
        **live_context(session, status, report, language, role),
        "report": report,
        "reports": reports,
        "report_title": chooser.show(report.title),
        "issued_on": issue_date_as_written(report.issued_on, report.issued_on_precision),
        "general_comments": general_comments(report, language),
        "unofficial_note": ui_unofficial_note(report, language),
        "poll_seconds": poll_seconds,
        "status_url": f"/api/v1/reports/{report.id}/status",
        "live_url": f"/dashboard/reports/{report.id}/live?lang={language}",
    }


def indicator_context(
    session: Session,
    reads: StatusReads,
    indicator: Indicator,
    language: UiLanguage,
    role: Role | None = None,
) -> dict[str, Any]:
    status = reads.indicator_status(indicator, Moment(as_of=None, now=reads.clock.now()))
    report = session.get(Report, indicator.report_id)
    chooser = TextChooser(language, report.unofficial_languages if report else ())
    response = current_responses(session, [indicator.recommendation_id]).get(
        indicator.recommendation_id
    )
    caveats = [
        chooser.show(c["text"])
        for c in (response.caveats if response else [])
        if indicator.code in ((c.get("applies_to") or {}).get("indicators") or [])
    ]
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
        "indicator_text": chooser.show(indicator.text),
        "caveats": caveats,
        "why": explain(status.explanation.rule, status.explanation.params, language),
        "status": status,
        "status_label": term(status.status, language),
        "awaiting_label": term("awaiting_verdict", language),
        "evidence": evidence,
        **work_context(role, language),
    }


def ui_unofficial_note(report: Report, language: UiLanguage) -> str:
    """Says, once per page, which of the texts shown are translations made for followup."""
    if language not in report.unofficial_languages:
        return ""
    return UI[language]["unofficial_note"].format(body=report.oversight_body)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)
