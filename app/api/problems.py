"""Every error answer, rendered as RFC 9457 application/problem+json by one set of handlers."""

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from app.errors import DomainError, ErrorDetail
from app.schemas.problem import PROBLEM_MEDIA_TYPE, Problem, ProblemError

logger = logging.getLogger("followup.errors")
BODY_PARSE_FAILURE = "There was an error parsing the body"


def problem_response(
    request: Request,
    *,
    status: int,
    type_: str,
    title: str,
    detail: str,
    errors: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=type_,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=[
            ProblemError(
                message=e.message, field=e.field, row=e.row, column=e.column, value=e.value
            )
            for e in errors or []
        ],
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


async def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(
        request,
        status=exc.status,
        type_=exc.type,
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
    )


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = exc.errors()
    errors = [ErrorDetail(field=_field(tuple(e["loc"])), message=e["msg"]) for e in raw]
    if any(e.get("type") == "json_invalid" for e in raw):
        detail = "the request body is not well-formed JSON"
    else:
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        if len(errors) > 5:
            detail += f" (and {len(errors) - 5} more)"
    return problem_response(
        request,
        status=422,
        type_="/problems/validation",
        title="The request is not valid",
        detail=detail,
        errors=errors,
    )


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == BODY_PARSE_FAILURE:
        # FastAPI's answer to a body it cannot decode at all (e.g. JSON nested too deep).
        return problem_response(
            request,
            status=422,
            type_="/problems/validation",
            title="The request is not valid",
            detail="the request body could not be parsed",
            errors=[ErrorDetail(field="body", message="the body could not be parsed")],
        )
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    if exc.status_code == 404 and detail == phrase:
        detail = f"nothing at {request.url.path}"
    return problem_response(
        request,
        status=exc.status_code,
        type_="about:blank",
        title=phrase,
        detail=detail,
        headers=dict(exc.headers) if exc.headers else None,
    )


async def on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # The trace goes to the log only: responses never reveal the service's insides.
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(
        request,
        status=500,
        type_="/problems/internal",
        title="Internal server error",
        detail="the server failed to handle the request; it has been logged",
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected_error)
