"""The dashboard's evidence forms (HTML, outside the JSON API): record evidence against an
indicator or a recommendation, with files; an item's page, where it is given files, assessed,
corrected or withdrawn. Each form posts here and is answered by a redirect to what it wrote
(303), or by the same page again with what was typed and what was refused."""

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access.decisions import Principal
from app.access.roles import Role, allows
from app.api.attachments import measure_all
from app.api.deps import SessionDep
from app.api.entities import EvidenceDep, IndicatorDep, RecommendationDep
from app.api.form_pages import Failure, back_to_dashboard, done, page, status_of, submitted
from app.api.form_writes import (
    ContributorForm,
    ContributorPage,
    LanguageDep,
    csrf_of,
)
from app.api.runtime import RuntimeDep
from app.api.writers import RequestWrite
from app.dashboard.evidence_forms import correction_form, record_form
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Form, Values, chosen, optional
from app.dashboard.labels import UiLanguage
from app.models import Evidence
from app.models.evidence import EvidenceTarget
from app.schemas.evidence import EvidenceCreate
from app.services.evidence import describe_evidence, target_of, target_of_item
from app.services.recording import record_with_files

router = APIRouter(include_in_schema=False)


def evidence_body(values: Values, *, supersedes: int | None = None) -> EvidenceCreate:
    verdict = optional(values, "verdict")
    body: dict[str, Any] = {
        "title": values.get("title", ""),
        "description": optional(values, "description") or "",
        "source_url": optional(values, "source_url"),
        "document_symbol": optional(values, "document_symbol"),
        "effective_on": optional(values, "effective_on"),
        "external_id": optional(values, "external_id"),
        "supersedes_id": supersedes,
        "attachments": chosen(values, "attachments"),
    }
    if verdict is not None:
        body["assessment"] = {"verdict": verdict, "comment": optional(values, "comment") or ""}
    return EvidenceCreate.model_validate(body)


# Recording ---------------------------------------------------------------------------------


def _record_page(
    request: Request, target: EvidenceTarget, form: Form, lang: UiLanguage, status: int = 200
) -> HTMLResponse:
    heading = FORM_WORDS[lang]["record_for"].format(code=target.code)
    context = {
        "heading": heading,
        "forms": [form],
        "back_url": back_to_dashboard(target.report_id, lang),
    }
    return page(request, "form.html", context, lang, status)


def _record_action(target: EvidenceTarget) -> str:
    if target.indicator_id is not None:
        return f"/dashboard/indicators/{target.indicator_id}/record"
    return f"/dashboard/recommendations/{target.recommendation_id}/record"


def _show_record_form(
    request: Request, target: EvidenceTarget, caller: Principal, lang: UiLanguage
) -> Response:
    form = record_form(_record_action(target), lang, caller.role, csrf_of(request))
    return _record_page(request, target, form, lang)


async def _record(
    request: Request,
    target: EvidenceTarget,
    write: RequestWrite,
    runtime: RuntimeDep,
    lang: UiLanguage,
) -> Response:
    values, files = await submitted(request)
    role = write.principal.role
    limit = runtime.settings.max_attachment_bytes
    try:
        body = evidence_body(values)
        measured = await anyio.to_thread.run_sync(lambda: measure_all(files, max_bytes=limit))
        created = await write.run(
            record_with_files, target, body, measured, may_assess=allows(role, Role.EVALUATOR)
        )
    except Failure as error:
        form = record_form(_record_action(target), lang, role, csrf_of(request), values)
        return _record_page(request, target, form.refused(error), lang, status_of(error))
    return done(f"/dashboard/evidence/{created.id}", lang)


@router.get("/dashboard/indicators/{indicator_id}/record", response_class=HTMLResponse)
def indicator_record_form(
    request: Request,
    indicator: IndicatorDep,
    caller: ContributorPage,
    lang: LanguageDep,
) -> Response:
    return _show_record_form(request, target_of(indicator), caller, lang)


@router.post("/dashboard/indicators/{indicator_id}/record", response_class=HTMLResponse)
async def indicator_record(
    request: Request,
    indicator: IndicatorDep,
    write: ContributorForm,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    return await _record(request, target_of(indicator), write, runtime, lang)


@router.get("/dashboard/recommendations/{recommendation_id}/record", response_class=HTMLResponse)
def recommendation_record_form(
    request: Request,
    recommendation: RecommendationDep,
    caller: ContributorPage,
    lang: LanguageDep,
) -> Response:
    return _show_record_form(request, target_of(recommendation), caller, lang)


@router.post("/dashboard/recommendations/{recommendation_id}/record", response_class=HTMLResponse)
async def recommendation_record(
    request: Request,
    recommendation: RecommendationDep,
    write: ContributorForm,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    return await _record(request, target_of(recommendation), write, runtime, lang)


# Correcting --------------------------------------------------------------------------------


def _correction_page(
    request: Request, evidence: Evidence, form: Form, lang: UiLanguage, status: int = 200
) -> HTMLResponse:
    words = FORM_WORDS[lang]
    context = {
        "heading": f"{words['correct_item']} #{evidence.id}",
        "forms": [form],
        "back_url": f"/dashboard/evidence/{evidence.id}?lang={lang}",
    }
    return page(request, "form.html", context, lang, status)


@router.get("/dashboard/evidence/{evidence_id}/correction", response_class=HTMLResponse)
def evidence_correction_form(
    request: Request,
    session: SessionDep,
    evidence: EvidenceDep,
    caller: ContributorPage,
    lang: LanguageDep,
) -> Response:
    item = describe_evidence(session, evidence)
    form = correction_form(item, lang, caller.role, csrf_of(request))
    return _correction_page(request, evidence, form, lang)


@router.post("/dashboard/evidence/{evidence_id}/correction", response_class=HTMLResponse)
async def evidence_correct(
    request: Request,
    session: SessionDep,
    evidence: EvidenceDep,
    write: ContributorForm,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    values, files = await submitted(request)
    role = write.principal.role
    limit = runtime.settings.max_attachment_bytes
    try:
        target = target_of_item(session, evidence)
        body = evidence_body(values, supersedes=evidence.id)
        measured = await anyio.to_thread.run_sync(lambda: measure_all(files, max_bytes=limit))
        created = await write.run(
            record_with_files, target, body, measured, may_assess=allows(role, Role.EVALUATOR)
        )
    except Failure as error:
        item = describe_evidence(session, evidence)
        form = correction_form(item, lang, role, csrf_of(request), values)
        return _correction_page(request, evidence, form.refused(error), lang, status_of(error))
    return done(f"/dashboard/evidence/{created.id}", lang)
