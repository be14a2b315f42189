"""An evidence item's page (HTML): its files and verdicts, and the forms a role may use on it:
attach files, assess, withdraw (a correction has its own page: see evidence_forms)."""

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.access.decisions import Principal
from app.api.attachments import measure_all
from app.api.deps import SessionDep
from app.api.entities import EvidenceDep
from app.api.form_pages import Failure, back_to_dashboard, done, page, status_of, submitted
from app.api.form_writes import (
    ContributorForm,
    EvaluatorForm,
    LanguageDep,
    ViewerPage,
    csrf_of,
)
from app.api.runtime import RuntimeDep
from app.api.writers import RequestWrite
from app.attachments.contents import Measured
from app.dashboard.evidence_forms import item_context
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Form, Values, messages_of, optional
from app.dashboard.labels import UiLanguage
from app.models import Evidence
from app.schemas.evidence import AssessmentCreate, WithdrawalCreate
from app.services.assessments import assess_evidence, withdraw_evidence
from app.services.attachments import attach_files

router = APIRouter(include_in_schema=False)


def _item_page(
    request: Request,
    session: SessionDep,
    evidence: Evidence,
    caller: Principal,
    lang: UiLanguage,
    failed: Form | None = None,
    status: int = 200,
    refusal: str | None = None,
) -> HTMLResponse:
    context = item_context(session, evidence, lang, caller.role, csrf_of(request))
    if failed is not None:
        context["forms"][failed.id] = failed
    words = FORM_WORDS[lang]
    context |= {
        "heading": words["evidence_item"].format(id=evidence.id),
        "back_url": back_to_dashboard(evidence.report_id, lang),
        "saved": request.query_params.get("saved") == "1" and status == 200,
        "refusal": words["refused_form"].format(detail=refusal) if refusal else None,
    }
    return page(request, "evidence_item.html", context, lang, status)


@router.get("/dashboard/evidence/{evidence_id}", response_class=HTMLResponse)
def evidence_page(
    request: Request,
    session: SessionDep,
    evidence: EvidenceDep,
    caller: ViewerPage,
    lang: LanguageDep,
) -> Response:
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
        form: Form | None = context["forms"].get(form_id)
        if form is None:  # the item no longer takes this form (withdrawn or corrected meanwhile)
            refusal = messages_of(error, lang)[1] or str(error)
            return _item_page(
                request, session, evidence, write.principal, lang, None, status_of(error), refusal
            )
        form.values = values
        return _item_page(
            request, session, evidence, write.principal, lang, form.refused(error), status_of(error)
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
