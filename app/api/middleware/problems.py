"""Errors answered by middleware, in the same problem+json shape as every route's."""

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from app.api.problems import problem_response
from app.errors import DomainError


async def send_problem(scope: Scope, receive: Receive, send: Send, error: DomainError) -> None:
    response = problem_response(
        Request(scope, receive),
        status=error.status,
        type_=error.type,
        title=error.title,
        detail=error.detail,
        errors=error.errors,
        headers=error.headers,
    )
    await response(scope, receive, send)
