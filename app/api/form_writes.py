"""Writes from the dashboard's forms: a signed-in browser session may write, but only from
followup's own pages. Every form post must come from this site (`Origin`, `Sec-Fetch-Site`)
and carry its session's CSRF token; then the role is checked as for the API. API clients keep
writing with `Authorization: Bearer` (the JSON API never takes the cookie for a write)."""

from collections.abc import AsyncIterator
from contextlib import suppress
from functools import cache
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from app.access.decisions import Principal
from app.access.roles import Role
from app.api.auth import COOKIE, authorized
from app.api.deps import SessionDep
from app.api.middleware.write_credentials import principal_of
from app.api.origins import require_same_origin
from app.api.runtime import RuntimeDep
from app.api.writers import RequestWrite
from app.dashboard.labels import UiLanguage
from app.dashboard.pages import choose_language
from app.errors import Forbidden, Unauthorized
from app.services.browser_sessions import SESSION_PREFIX, csrf_matches, csrf_token_of

CSRF_FIELD = "csrf_token"


def session_secret(request: Request) -> str:
    secret = request.cookies.get(COOKIE)
    if secret is None or not secret.startswith(SESSION_PREFIX):
        raise Unauthorized("sign in to the dashboard to send this form")
    return secret


async def parsed_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, parsed once (files spooled to disk) and closed after the answer."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(parsed_form)]


async def form_caller(request: Request, runtime: RuntimeDep, form: FormDep) -> Principal:
    """Who sends a form: from this site, with the session's CSRF token, signed in. Checked in
    this order, so a cross-site post learns nothing and writes nothing."""
    require_same_origin(request)
    secret = session_secret(request)
    sent = form.get(CSRF_FIELD)
    if not csrf_matches(secret, sent if isinstance(sent, str) else None):
        raise Forbidden("this form has no valid CSRF token of your session: reload the page")
    return await principal_of(runtime, secret)


@cache
def form_writing_as(role: Role) -> Any:
    """A form's write, by a caller whose role allows `role`, in its own transaction."""

    async def bound(
        request: Request,
        runtime: RuntimeDep,
        session: SessionDep,
        principal: Annotated[Principal, Depends(form_caller)],
    ) -> RequestWrite:
        await authorized(request, runtime, principal, role)
        return RequestWrite(runtime.writer, principal, None, session)

    return bound


ContributorForm = Annotated[RequestWrite, Depends(form_writing_as(Role.CONTRIBUTOR))]
EvaluatorForm = Annotated[RequestWrite, Depends(form_writing_as(Role.EVALUATOR))]


class SignInFirst(Exception):
    """A page of forms asked for without a session: answered by a redirect to sign in, and
    back here after."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


async def sign_in_first(request: Request, exc: Exception) -> RedirectResponse:
    target = exc.target if isinstance(exc, SignInFirst) else "/"
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


@cache
def page_caller_as(role: Role) -> Any:
    """Who asks for a page of forms: signed in (else sent to sign in), with a role that may
    use them (else 403)."""

    async def bound(request: Request, runtime: RuntimeDep) -> Principal:
        secret = request.cookies.get(COOKIE)
        caller = None
        if secret is not None and secret.startswith(SESSION_PREFIX):
            with suppress(Unauthorized):
                caller = await principal_of(runtime, secret)
        if caller is None:
            query = f"?{request.url.query}" if request.url.query else ""
            raise SignInFirst(request.url.path + query)
        # Asked for by GET: outside the caller's scope, the page is not found (as a report
        # that does not exist); its form's post would be refused (403).
        return await authorized(request, runtime, caller, role)

    return bound


ViewerPage = Annotated[Principal, Depends(page_caller_as(Role.VIEWER))]
ContributorPage = Annotated[Principal, Depends(page_caller_as(Role.CONTRIBUTOR))]
EvaluatorPage = Annotated[Principal, Depends(page_caller_as(Role.EVALUATOR))]


def csrf_of(request: Request) -> str:
    return csrf_token_of(session_secret(request))


async def form_language(request: Request) -> UiLanguage:
    """The page's language: the form's hidden field, the query, else the browser's."""
    if request.method == "POST":
        sent = (await request.form()).get("lang")
        if isinstance(sent, str) and sent in ("zh", "en"):
            return choose_language(sent, None)
    return choose_language(request.query_params.get("lang"), request.headers.get("accept-language"))


LanguageDep = Annotated[UiLanguage, Depends(form_language)]
