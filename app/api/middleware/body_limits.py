"""Request body size limits, enforced while the body streams in (ASGI middleware)."""

import contextlib
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.middleware.problems import send_problem
from app.api.paths import (
    EVIDENCE_ATTACHMENTS_PATH,
    FORM_FILES_PATH,
    FORM_SHEET_PATH,
    REPORT_IMPORTS_PATH,
)
from app.config import Settings
from app.errors import PayloadTooLarge

# How many files one request may attach, and what their multipart framing may add.
FILES_PER_REQUEST = 5
_FRAMING_BYTES = 64 * 1024


def attachments_body_limit(settings: Settings) -> int:
    """A request attaching files: up to FILES_PER_REQUEST files of the largest size allowed
    (each file's own limit is checked once it has arrived, before anything is stored)."""
    return FILES_PER_REQUEST * settings.max_attachment_bytes + _FRAMING_BYTES


class BodyTooLarge(PayloadTooLarge):
    pass


def body_limit(settings: Settings) -> Callable[[str], int]:
    """Spreadsheet uploads and attachments may be large; every other body is small JSON."""

    def limit_for(path: str) -> int:
        if REPORT_IMPORTS_PATH.match(path) or FORM_SHEET_PATH.match(path):
            return settings.max_upload_bytes
        if EVIDENCE_ATTACHMENTS_PATH.match(path) or FORM_FILES_PATH.match(path):
            return attachments_body_limit(settings)
        return settings.max_body_bytes

    return limit_for


class BodyLimitMiddleware:
    """Refuses bodies over the limit for their path: by Content-Length before reading, and by
    counting bytes as they arrive when the length is not declared (chunked uploads)."""

    def __init__(self, app: ASGIApp, *, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0
        exceeded = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise BodyTooLarge(f"the request body is larger than {limit} bytes")
            return message

        async def guarded_send(message: Message) -> None:
            # Frameworks turn errors raised while reading the body into their own 400; once the
            # limit is crossed, whatever the app answers is replaced by the 413 below.
            if not exceeded:
                await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counting_receive, guarded_send)
        if exceeded:
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        error = PayloadTooLarge(f"the request body is larger than {limit} bytes")
        await send_problem(scope, receive, send, error)
