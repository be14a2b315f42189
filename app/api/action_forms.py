"""The dashboard's follow-up action forms (HTML): a recommendation's actions, each with a form
to move it (holding the version it was drawn from: a change made meanwhile by someone else is
refused, not overwritten), and a form to add one."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.api.deps import SessionDep
from app.api.entities import ActionDep, RecommendationDep
from app.api.form_pages import Failure, back_to_dashboard, done, page, status_of, submitted
from app.api.form_writes import (
    ContributorForm,
    ContributorPage,
    LanguageDep,
    csrf_of,
)
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Form, Values, optional
from app.dashboard.labels import UiLanguage
from app.dashboard.recommendation_forms import actions_of, add_action_form, update_action_form
from app.models import Action, Recommendation
from app.schemas.action import ActionCreate, ActionUpdate
from app.services.actions import create_action, update_action

router = APIRouter(include_in_schema=False)


def _url(recommendation_id: int) -> str:
    return f"/dashboard/recommendations/{recommendation_id}/actions"


def _actions_page(
    request: Request,
    session: Session,
    rec: Recommendation,
    lang: UiLanguage,
    failed: Form | None = None,
    status: int = 200,
) -> HTMLResponse:
    assert rec.id is not None
    csrf = csrf_of(request)
    forms = [update_action_form(row, lang, csrf) for row in actions_of(session, rec.id)]
    forms.append(add_action_form(_url(rec.id), lang, csrf))
    if failed is not None:
        forms = [failed if f.id == failed.id else f for f in forms]
    words = FORM_WORDS[lang]
    titles = [words["move_action"].format(id=f.id.removeprefix("action-")) for f in forms[:-1]]
    context: dict[str, Any] = {
        "heading": f"{words['actions']}: {rec.code}",
        "forms": forms,
        "form_titles": [*titles, words["add_action"].format(code=rec.code)],
        "back_url": back_to_dashboard(rec.report_id, lang),
        "saved": request.query_params.get("saved") == "1" and failed is None,
    }
    return page(request, "form.html", context, lang, status)


@router.get("/dashboard/recommendations/{recommendation_id}/actions", response_class=HTMLResponse)
def actions_page(
    request: Request,
    session: SessionDep,
    recommendation: RecommendationDep,
    _caller: ContributorPage,
    lang: LanguageDep,
) -> Response:
    return _actions_page(request, session, recommendation, lang)


def _fields(values: Values) -> dict[str, Any]:
    return {
        "description": optional(values, "description") or "",
        "responsible_unit": optional(values, "responsible_unit") or "",
        "due_on": optional(values, "due_on"),
        "state": optional(values, "state"),
        "dropped_reason": optional(values, "dropped_reason"),
        "completed_on": optional(values, "completed_on"),
    }


@router.post("/dashboard/recommendations/{recommendation_id}/actions", response_class=HTMLResponse)
async def action_added(
    request: Request,
    session: SessionDep,
    recommendation: RecommendationDep,
    write: ContributorForm,
    lang: LanguageDep,
) -> Response:
    values, _files = await submitted(request)
    try:
        body = ActionCreate.model_validate(_fields(values))
        await write.run(create_action, recommendation, body)
    except Failure as error:
        assert recommendation.id is not None
        form = add_action_form(_url(recommendation.id), lang, csrf_of(request), values)
        failed = form.refused(error)
        return _actions_page(request, session, recommendation, lang, failed, status_of(error))
    return done(_url(recommendation.id or 0), lang)


@router.post("/dashboard/actions/{action_id}", response_class=HTMLResponse)
async def action_moved(
    request: Request,
    session: SessionDep,
    action: ActionDep,
    write: ContributorForm,
    lang: LanguageDep,
) -> Response:
    values, _files = await submitted(request)
    recommendation = session.get(Recommendation, action.recommendation_id)
    assert recommendation is not None
    drawn_from = optional(values, "etag")
    try:
        body = ActionUpdate.model_validate(_fields(values))
        await write.run(update_action, action, body, if_match=drawn_from)
    except Failure as error:
        form = update_action_form(_reloaded(session, action), lang, csrf_of(request), values)
        failed = form.refused(error)
        return _actions_page(request, session, recommendation, lang, failed, status_of(error))
    return done(_url(action.recommendation_id), lang)


def _reloaded(session: Session, action: Action) -> Action:
    session.refresh(action)
    return action
