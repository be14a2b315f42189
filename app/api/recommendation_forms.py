"""The dashboard's forms on recommendations and indicators (HTML): an indicator judged as a
whole (evaluators), progress reported (focal points), the oversight body's assessment recorded
(evaluators), follow-up actions added and moved (with the If-Match rule)."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import SessionDep
from app.api.entities import IndicatorDep, RecommendationDep
from app.api.form_pages import Failure, back_to_dashboard, done, page, status_of, submitted
from app.api.form_writes import (
    ContributorForm,
    ContributorPage,
    EvaluatorForm,
    EvaluatorPage,
    LanguageDep,
    csrf_of,
)
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Form, Values, chosen, optional
from app.dashboard.labels import UiLanguage
from app.dashboard.recommendation_forms import (
    current_evidence,
    judgement_form,
    official_form,
    progress_form,
)
from app.models import Indicator, Recommendation
from app.schemas.indicator import IndicatorAssessmentCreate
from app.schemas.progress import ProgressReportCreate
from app.schemas.recommendation import OfficialAssessmentCreate
from app.services.indicator_assessments import judge_indicator
from app.services.official_assessments import assess_recommendation
from app.services.progress_reports import report_progress

router = APIRouter(include_in_schema=False)

MakeForm = Callable[[Values | None], Form]


def _form_page(
    request: Request,
    heading: str,
    form: Form,
    report_id: int,
    lang: UiLanguage,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "heading": heading,
        "forms": [form],
        "back_url": back_to_dashboard(report_id, lang),
        "saved": request.query_params.get("saved") == "1" and status == 200,
    }
    return page(request, "form.html", context, lang, status)


def _shown(
    request: Request, heading: str, make: MakeForm, report_id: int, lang: UiLanguage
) -> Response:
    return _form_page(request, heading, make(None), report_id, lang)


async def _sent(
    request: Request,
    heading: str,
    make: MakeForm,
    report_id: int,
    lang: UiLanguage,
    act: Callable[[Values], Awaitable[Any]],
) -> Response:
    values, _files = await submitted(request)
    try:
        await act(values)
    except Failure as error:
        form = make(values).refused(error)
        return _form_page(request, heading, form, report_id, lang, status_of(error))
    return done(request.url.path, lang)


# An indicator judged as a whole ------------------------------------------------------------


def _judgement(
    request: Request, session: SessionDep, indicator: Indicator, lang: UiLanguage
) -> tuple[str, MakeForm]:
    evidence = current_evidence(
        session, recommendation_id=indicator.recommendation_id, indicator_id=indicator.id
    )
    csrf, url = csrf_of(request), f"/dashboard/indicators/{indicator.id}/judgement"
    heading = FORM_WORDS[lang]["judge_indicator"].format(code=indicator.code)
    return heading, lambda values: judgement_form(url, evidence, lang, csrf, values)


@router.get("/dashboard/indicators/{indicator_id}/judgement", response_class=HTMLResponse)
def judgement_page(
    request: Request,
    session: SessionDep,
    indicator: IndicatorDep,
    _caller: EvaluatorPage,
    lang: LanguageDep,
) -> Response:
    heading, make = _judgement(request, session, indicator, lang)
    return _form_page(request, heading, make(None), indicator.report_id, lang)


@router.post("/dashboard/indicators/{indicator_id}/judgement", response_class=HTMLResponse)
async def judgement_sent(
    request: Request,
    session: SessionDep,
    indicator: IndicatorDep,
    write: EvaluatorForm,
    lang: LanguageDep,
) -> Response:
    heading, make = _judgement(request, session, indicator, lang)

    async def act(values: Values) -> None:
        body = IndicatorAssessmentCreate.model_validate(
            {
                "status": optional(values, "status"),
                "evidence_ids": chosen(values, "evidence_ids"),
                "comment": optional(values, "comment") or "",
                "assessed_on": optional(values, "assessed_on"),
            }
        )
        await write.run(judge_indicator, indicator, body)

    return await _sent(request, heading, make, indicator.report_id, lang, act)


# Progress reports and the oversight body's assessments --------------------------------------


def _progress(
    request: Request, session: SessionDep, rec: Recommendation, lang: UiLanguage
) -> tuple[str, MakeForm]:
    assert rec.id is not None
    evidence = current_evidence(session, recommendation_id=rec.id)
    csrf, url = csrf_of(request), f"/dashboard/recommendations/{rec.id}/progress"
    heading = FORM_WORDS[lang]["report_progress"].format(code=rec.code)
    return heading, lambda values: progress_form(url, evidence, lang, csrf, values)


@router.get("/dashboard/recommendations/{recommendation_id}/progress", response_class=HTMLResponse)
def progress_page(
    request: Request,
    session: SessionDep,
    recommendation: RecommendationDep,
    _caller: ContributorPage,
    lang: LanguageDep,
) -> Response:
    heading, make = _progress(request, session, recommendation, lang)
    return _form_page(request, heading, make(None), recommendation.report_id, lang)


@router.post("/dashboard/recommendations/{recommendation_id}/progress", response_class=HTMLResponse)
async def progress_sent(
    request: Request,
    session: SessionDep,
    recommendation: RecommendationDep,
    write: ContributorForm,
    lang: LanguageDep,
) -> Response:
    heading, make = _progress(request, session, recommendation, lang)

    async def act(values: Values) -> None:
        body = ProgressReportCreate.model_validate(
            {
                "status": optional(values, "status"),
                "narrative": optional(values, "narrative") or "",
                "period": optional(values, "period"),
                "reported_on": optional(values, "reported_on"),
                "expected_completion_on": optional(values, "expected_completion_on"),
                "evidence_ids": chosen(values, "evidence_ids"),
            }
        )
        await write.run(report_progress, recommendation, body)

    return await _sent(request, heading, make, recommendation.report_id, lang, act)


def _official(request: Request, rec: Recommendation, lang: UiLanguage) -> tuple[str, MakeForm]:
    csrf, url = csrf_of(request), f"/dashboard/recommendations/{rec.id}/official-assessment"
    heading = FORM_WORDS[lang]["official_assessment"].format(code=rec.code)
    return heading, lambda values: official_form(url, lang, csrf, values)


@router.get(
    "/dashboard/recommendations/{recommendation_id}/official-assessment",
    response_class=HTMLResponse,
)
def official_page(
    request: Request,
    recommendation: RecommendationDep,
    _caller: EvaluatorPage,
    lang: LanguageDep,
) -> Response:
    heading, make = _official(request, recommendation, lang)
    return _form_page(request, heading, make(None), recommendation.report_id, lang)


@router.post(
    "/dashboard/recommendations/{recommendation_id}/official-assessment",
    response_class=HTMLResponse,
)
async def official_sent(
    request: Request, recommendation: RecommendationDep, write: EvaluatorForm, lang: LanguageDep
) -> Response:
    heading, make = _official(request, recommendation, lang)

    async def act(values: Values) -> None:
        body = OfficialAssessmentCreate.model_validate(
            {
                "status": optional(values, "status"),
                "assessed_on": optional(values, "assessed_on"),
                "source_ref": optional(values, "source_ref") or "",
                "comment": optional(values, "comment") or "",
                "justification": optional(values, "justification"),
            }
        )
        await write.run(assess_recommendation, recommendation, body)

    return await _sent(request, heading, make, recommendation.report_id, lang, act)
