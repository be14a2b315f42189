"""The dashboard's evidence forms (HTML, outside the JSON API): record evidence against an
indicator or a recommendation, with files; an item's page, where it is given files, assessed,
corrected or withdrawn. Each form posts here and is answered by a redirect to what it wrote
(303), or by the same page again with what was typed and what was refused."""

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from app.access.decisions import Principal
from app.access.roles import Role, allows
from app.api.attachments import measure_all
from app.api.deps import SessionDep
from app.api.entities import EvidenceDep, IndicatorDep, RecommendationDep
from app.api.form_writes import (
    ContributorForm,
    EvaluatorForm,
    LanguageDep,
    PageCaller,
    csrf_of,
    needs,
    sign_in_first,
)
from app.api.runtime import RuntimeDep
from app.api.writers import RequestWrite
from app.attachments.contents import Measured
from app.dashboard.evidence_forms import correction_form, item_context, record_form
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Form, Values, chosen, form_values, optional
from app.dashboard.labels import UiLanguage
from app.dashboard.pages import html, new_nonce
from app.errors import DomainError
from app.models import Evidence
from app.models.evidence import EvidenceTarget
from app.schemas.evidence import AssessmentCreate, EvidenceCreate, WithdrawalCreate
from app.services.assessments import assess_evidence, withdraw_evidence
from app.services.attachments import attach_files
from app.services.evidence import describe_evidence, target_of
from app.services.recording import record_with_files

router = APIRouter(include_in_schema=False)

Failure = (DomainError, ValueError)  # a pydantic ValidationError is a ValueError


async def submitted(request: Request) -> tuple[dict[str, str | list[str]], list[UploadFile]]:
    """The form's text fields, and the files it carries (an empty file input sends none)."""
    form = await request.form()
    files = [v for k, v in form.multi_items() if k == "file" and isinstance(v, UploadFile)]
    return form_values(form.multi_items()), [f for f in files if f.filename]


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


def page(
    request: Request, template: str, context: dict[str, Any], lang: UiLanguage, status: int = 200
) -> HTMLResponse:
    words = FORM_WORDS[lang]
    answer = html(
        request,
        template,
        {"lang": lang, "words": words, "csrf_token": csrf_of(request), **context},
        new_nonce(),
    )
    answer.status_code = status
    return answer


def done(url: str, lang: UiLanguage) -> RedirectResponse:
    return RedirectResponse(f"{url}?lang={lang}&saved=1", status_code=303)


def _back(report_id: int, lang: UiLanguage) -> str:
    return f"/?report={report_id}&lang={lang}"


# Recording ---------------------------------------------------------------------------------


def _record_page(
    request: Request, target: EvidenceTarget, form: Form, lang: UiLanguage, status: int = 200
) -> HTMLResponse:
    heading = FORM_WORDS[lang]["record_for"].format(code=target.code)
    context = {"heading": heading, "forms": [form], "back_url": _back(target.report_id, lang)}
    return page(request, "form.html", context, lang, status)


def _record_action(target: EvidenceTarget) -> str:
    if target.indicator_id is not None:
        return f"/dashboard/indicators/{target.indicator_id}/record"
    return f"/dashboard/recommendations/{target.recommendation_id}/record"


def _show_record_form(
    request: Request,
    target: EvidenceTarget,
    caller: Principal | None,
    runtime_public: bool,
    lang: UiLanguage,
) -> Response:
    if caller is None:
        return sign_in_first(request)
    needs(caller, Role.CONTRIBUTOR, runtime_public)
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
        return _record_page(request, target, form.refused(error), lang, _status(error))
    return done(f"/dashboard/evidence/{created.id}", lang)


def _status(error: Exception) -> int:
    return error.status if isinstance(error, DomainError) else 422


@router.get("/dashboard/indicators/{indicator_id}/record", response_class=HTMLResponse)
def indicator_record_form(
    request: Request,
    indicator: IndicatorDep,
    caller: PageCaller,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    target = target_of(indicator)
    return _show_record_form(request, target, caller, runtime.settings.public_read, lang)


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
    caller: PageCaller,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    target = target_of(recommendation)
    return _show_record_form(request, target, caller, runtime.settings.public_read, lang)


@router.post("/dashboard/recommendations/{recommendation_id}/record", response_class=HTMLResponse)
async def recommendation_record(
    request: Request,
    recommendation: RecommendationDep,
    write: ContributorForm,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    return await _record(request, target_of(recommendation), write, runtime, lang)


# One item ----------------------------------------------------------------------------------


def _item_page(
    request: Request,
    session: SessionDep,
    evidence: Evidence,
    caller: Principal,
    lang: UiLanguage,
    failed: Form | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = item_context(session, evidence, lang, caller.role, csrf_of(request))
    if failed is not None:
        context["forms"][failed.id] = failed
    words = FORM_WORDS[lang]
    context |= {
        "heading": words["evidence_item"].format(id=evidence.id),
        "back_url": _back(evidence.report_id, lang),
        "saved": request.query_params.get("saved") == "1" and failed is None,
    }
    return page(request, "evidence_item.html", context, lang, status)


@router.get("/dashboard/evidence/{evidence_id}", response_class=HTMLResponse)
def evidence_page(
    request: Request,
    session: SessionDep,
    evidence: EvidenceDep,
    caller: PageCaller,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    if caller is None:
        return sign_in_first(request)
    needs(caller, Role.VIEWER, runtime.settings.public_read)
    return _item_page(request, session, evidence, caller, lang)


async def _item_write(
    request: Request,
    session: SessionDep,
    evidence: Evidence,
    write: RequestWrite,
    lang: UiLanguage,
    form_id: str,
    act: Any,
) -> Response:
    """Run one of the item page's forms; the page again, with that form refused, on failure."""
    values, files = await submitted(request)
    try:
        await act(values, files)
    except Failure as error:
        context = item_context(session, evidence, lang, write.principal.role, csrf_of(request))
        form: Form = context["forms"][form_id]
        form.values = values
        return _item_page(
            request, session, evidence, write.principal, lang, form.refused(error), _status(error)
        )
    return done(f"/dashboard/evidence/{evidence.id}", lang)


@router.post("/dashboard/evidence/{evidence_id}/attachments", response_class=HTMLResponse)
async def evidence_attach(
    request: Request,
    session: SessionDep,
    evidence: EvidenceDep,
    write: ContributorForm,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    limit = runtime.settings.max_attachment_bytes

    async def act(_values: Values, files: list[UploadFile]) -> None:
        measured: list[Measured] = await anyio.to_thread.run_sync(
            lambda: measure_all(files, max_bytes=limit)
        )
        if not measured:
            raise ValueError(FORM_WORDS[lang]["file"] + ": " + "choose at least one file")
        await write.run(attach_files, evidence, measured)

    return await _item_write(request, session, evidence, write, lang, "attach", act)


@router.post("/dashboard/evidence/{evidence_id}/assessments", response_class=HTMLResponse)
async def evidence_assess(
    request: Request,
    session: SessionDep,
    evidence: EvidenceDep,
    write: EvaluatorForm,
    lang: LanguageDep,
) -> Response:
    async def act(values: Values, _files: list[UploadFile]) -> None:
        body = AssessmentCreate.model_validate(
            {"verdict": optional(values, "verdict"), "comment": optional(values, "comment") or ""}
        )
        await write.run(assess_evidence, evidence, body)

    return await _item_write(request, session, evidence, write, lang, "assess", act)


@router.post("/dashboard/evidence/{evidence_id}/withdrawal", response_class=HTMLResponse)
async def evidence_withdraw(
    request: Request,
    session: SessionDep,
    evidence: EvidenceDep,
    write: EvaluatorForm,
    lang: LanguageDep,
) -> Response:
    async def act(values: Values, _files: list[UploadFile]) -> None:
        body = WithdrawalCreate.model_validate({"reason": optional(values, "reason") or ""})
        await write.run(withdraw_evidence, evidence, body)

    return await _item_write(request, session, evidence, write, lang, "withdraw", act)


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
    caller: PageCaller,
    runtime: RuntimeDep,
    lang: LanguageDep,
) -> Response:
    if caller is None:
        return sign_in_first(request)
    needs(caller, Role.CONTRIBUTOR, runtime.settings.public_read)
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
    target = EvidenceTarget(
        evidence.report_id, evidence.recommendation_id, evidence.indicator_id, ""
    )
    try:
        target = _target_of_item(session, evidence)
        body = evidence_body(values, supersedes=evidence.id)
        measured = await anyio.to_thread.run_sync(lambda: measure_all(files, max_bytes=limit))
        created = await write.run(
            record_with_files, target, body, measured, may_assess=allows(role, Role.EVALUATOR)
        )
    except Failure as error:
        item = describe_evidence(session, evidence)
        form = correction_form(item, lang, role, csrf_of(request), values)
        return _correction_page(request, evidence, form.refused(error), lang, _status(error))
    return done(f"/dashboard/evidence/{created.id}", lang)


def _target_of_item(session: SessionDep, evidence: Evidence) -> EvidenceTarget:
    """What the item is recorded against (its code is part of what a correction says)."""
    from app.models import Indicator, Recommendation

    record = (
        session.get(Indicator, evidence.indicator_id)
        if evidence.indicator_id is not None
        else session.get(Recommendation, evidence.recommendation_id)
    )
    assert record is not None
    return target_of(record)
