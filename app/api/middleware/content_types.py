"""Strict content types: a request body must be declared as what its path takes."""

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.middleware.problems import send_problem
from app.api.paths import EVIDENCE_ATTACHMENTS_PATH, LOGIN, LOGOUT, REPORT_IMPORTS_PATH
from app.errors import UnsupportedMediaType


def expected_type(method: str, path: str) -> str | None:
    """What a request with a body must declare, or None when any (or none) will do."""
    if method not in ("POST", "PUT", "PATCH"):
        return None
    if path in (LOGIN, LOGOUT):
        return "application/x-www-form-urlencoded"
    if REPORT_IMPORTS_PATH.match(path) or EVIDENCE_ATTACHMENTS_PATH.match(path):
        return "multipart/form-data"
    if path.startswith("/api/"):
        return "application/json"
    return None


class ContentTypeMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            expected = expected_type(scope["method"], scope["path"])
            if expected is not None:
                headers = Headers(scope=scope)
                declared = headers.get("content-type", "").split(";")[0].strip().lower()
                has_body = (
                    headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
                )
                if has_body and declared != expected:
                    error = UnsupportedMediaType(
                        f"send the body as {expected}, not {declared or 'an undeclared type'}"
                    )
                    await send_problem(scope, receive, send, error)
                    return
        await self.app(scope, receive, send)
