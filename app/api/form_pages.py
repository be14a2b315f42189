"""What every page of forms shares: reading a posted form, drawing a page in the forms'
layout, answering a success with a redirect (post, redirect, get) and a refusal's status."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from app.api.form_writes import csrf_of
from app.dashboard.form_labels import FORM_WORDS
from app.dashboard.forms import form_values
from app.dashboard.labels import UiLanguage
from app.dashboard.pages import html, new_nonce
from app.errors import DomainError

Failure = (DomainError, ValueError)  # a pydantic ValidationError is a ValueError


async def submitted(request: Request) -> tuple[dict[str, str | list[str]], list[UploadFile]]:
    """The form's text fields, and the files it carries (an empty file input sends none)."""
    form = await request.form()
    files = [v for k, v in form.multi_items() if k == "file" and isinstance(v, UploadFile)]
    return form_values(form.multi_items()), [f for f in files if f.filename]


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


def back_to_dashboard(report_id: int, lang: UiLanguage) -> str:
    return f"/?report={report_id}&lang={lang}"


def status_of(error: Exception) -> int:
    return error.status if isinstance(error, DomainError) else 422
