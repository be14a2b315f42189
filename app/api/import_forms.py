"""The dashboard's spreadsheet import (HTML): upload a file, see what the dry run found (the
counts, and every row error in a table), then confirm. A clean file is kept in the attachment
store by its SHA-256 at the dry run, so the confirmation names it by hash instead of asking
for it again, and any instance can carry it out; the import record names the same hash."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, BinaryIO

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access.roles import Role, allows
from app.api.deps import SessionDep
from app.api.entities import ReportDep
from app.api.form_pages import Failure, back_to_dashboard, page, status_of, submitted
from app.api.form_writes import (
    ContributorForm,
    ContributorPage,
    LanguageDep,
    csrf_of,
)
from app.api.heavy_slots import HeavySlot
from app.api.runtime import Runtime, RuntimeDep
from app.api.writers import RequestWrite
from app.attachments.contents import chunks_of, find_content, measure, store
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import Field, Form, optional
from app.dashboard.labels import UiLanguage
from app.errors import DomainError, ErrorDetail, Invalid
from app.evidence_sheets.outcome import ImportLimits, SheetUpload, file_name_of
from app.evidence_sheets.past_imports import find_import, import_result
from app.evidence_sheets.service import check_staged, import_staged, stage_evidence_sheet
from app.models import Report
from app.schemas.imports import ImportResult
from app.writes.unit_of_work import UnitOfWork

router = APIRouter(include_in_schema=False)
Slot = Annotated[None, HeavySlot]


def _url(report: Report) -> str:
    return f"/dashboard/reports/{report.id}/import"


def _upload_form(report: Report, lang: UiLanguage, csrf: str) -> Form:
    field = Field("file", "file", required=True, label="sheet")
    return Form(_url(report), FORM_WORDS[lang]["check_sheet"], [field], lang, csrf, id="sheet")


def _confirm_form(report: Report, result: ImportResult, lang: UiLanguage, csrf: str) -> Form:
    fields = [Field("sheet", "hidden"), Field("file_name", "hidden")]
    values = {"sheet": result.sha256, "file_name": result.file_name}
    words = FORM_WORDS[lang]
    url = f"{_url(report)}/confirm"
    return Form(url, words["confirm_import"], fields, lang, csrf, values, id="confirm")


def _page(
    request: Request, report: Report, lang: UiLanguage, status: int = 200, **shown: Any
) -> HTMLResponse:
    words = FORM_WORDS[lang]
    context = {
        "heading": words["import_sheet"].format(code=report.code),
        "back_url": back_to_dashboard(report.id or 0, lang),
        "upload": _upload_form(report, lang, csrf_of(request)),
        **shown,
    }
    return page(request, "import.html", context, lang, status)


@router.get("/dashboard/reports/{report_id}/import", response_class=HTMLResponse)
def import_page(
    request: Request,
    session: SessionDep,
    report: ReportDep,
    _caller: ContributorPage,
    lang: LanguageDep,
) -> Response:
    imported = request.query_params.get("imported", "")
    said = ""
    if imported.isdigit():
        record = find_import(session, int(imported))
        said = FORM_WORDS[lang]["imported"].format(
            created=record.created, corrected=record.superseded
        )
    return _page(request, report, lang, imported=said)


def _refusal(request: Request, report: Report, lang: UiLanguage, error: Exception) -> Response:
    """The page again with every row error of a refused file in a table."""
    details = error.errors if isinstance(error, DomainError) else []
    rows = details or [ErrorDetail(message=str(error))]
    detail = error.detail if isinstance(error, DomainError) else str(error)
    refusal = FORM_WORDS[lang]["refused_form"].format(detail=detail)
    return _page(request, report, lang, status_of(error), row_errors=rows, refusal=refusal)


def _sheet(runtime: Runtime, stream: BinaryIO, name: str, write: RequestWrite) -> SheetUpload:
    return SheetUpload(
        stream=stream,
        file_name=file_name_of(name),
        limits=ImportLimits.of(runtime.settings),
        may_assess=allows(write.principal.role, Role.EVALUATOR),
    )


@router.post("/dashboard/reports/{report_id}/import", response_class=HTMLResponse)
async def import_checked(
    request: Request,
    session: SessionDep,
    report: ReportDep,
    write: ContributorForm,
    runtime: RuntimeDep,
    lang: LanguageDep,
    _slot: Slot,
) -> Response:
    """The dry run: nothing is imported; a clean file is kept for the confirmation."""
    _values, files = await submitted(request)
    actor, now = write.principal.name, runtime.clock.now()
    try:
        if len(files) != 1:
            message = "choose one CSV or XLSX file"
            raise Invalid(message, errors=[ErrorDetail(message=message, field="file")])
        upload = _sheet(runtime, files[0].file, files[0].filename or "", write)
        limit = runtime.settings.max_upload_bytes

        def dry_run() -> ImportResult:
            staged = stage_evidence_sheet(
                session, report, upload, actor=actor, now=now, dry_run=True
            )
            try:
                return import_result(check_staged(session, report, staged, actor=actor, now=now))
            finally:
                staged.close()

        result = await anyio.to_thread.run_sync(dry_run)
        kept = await anyio.to_thread.run_sync(
            lambda: measure(upload.file_name, files[0].file, max_bytes=limit)
        )

        def keep(unit: UnitOfWork) -> None:
            store(unit.session, kept, now=unit.now, actor=unit.actor)

        await write.run(keep)
    except Failure as error:
        return _refusal(request, report, lang, error)
    confirm = _confirm_form(report, result, lang, csrf_of(request))
    return _page(request, report, lang, result=result, confirm=confirm)


@contextmanager
def _kept_file(runtime: Runtime, sha256: str, chunks: int) -> Iterator[BinaryIO]:
    """A kept sheet's bytes in a temporary file (spooled to disk past 1 MiB)."""
    with tempfile.SpooledTemporaryFile(max_size=1 << 20) as copy:
        for chunk in chunks_of(runtime.database, sha256, chunks):
            copy.write(chunk)
        copy.seek(0)
        yield copy  # type: ignore[misc]


@router.post("/dashboard/reports/{report_id}/import/confirm", response_class=HTMLResponse)
async def import_confirmed(
    request: Request,
    session: SessionDep,
    report: ReportDep,
    write: ContributorForm,
    runtime: RuntimeDep,
    lang: LanguageDep,
    _slot: Slot,
) -> Response:
    values, _files = await submitted(request)
    actor, now = write.principal.name, runtime.clock.now()
    sha256 = optional(values, "sheet") or ""
    try:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise Invalid("the confirmation names no checked file: upload it again")
        content = find_content(session, sha256)
        if content is None:
            raise Invalid("the checked file is no longer kept: upload it again")
        with _kept_file(runtime, sha256, content.chunks) as stream:
            upload = _sheet(runtime, stream, optional(values, "file_name") or "upload", write)
            staged = await anyio.to_thread.run_sync(
                lambda: stage_evidence_sheet(
                    session, report, upload, actor=actor, now=now, dry_run=False
                )
            )
            try:
                outcome = await write.run(import_staged, report, staged)
            finally:
                staged.close()
    except Failure as error:
        return _refusal(request, report, lang, error)
    return RedirectResponse(
        f"{_url(report)}?lang={lang}&imported={outcome.import_id}", status_code=303
    )
