"""Request hygiene: a request id on every answer, one JSON log line per request, and strict
content types on bodies."""

import json
import logging
import os
import re
import time
from contextvars import ContextVar
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problems import problem_response
from app.errors import UnsupportedMediaType

request_id: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("followup.access")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_MULTIPART_PATH = re.compile(r"^/api/v1/reports/[^/]+/imports$")
_FORM_PATHS = ("/login", "/logout")


def _expected_type(method: str, path: str) -> str | None:
    """What a request with a body must declare, or None when any (or none) will do."""
    if method not in ("POST", "PUT", "PATCH"):
        return None
    if path in _FORM_PATHS:
        return "application/x-www-form-urlencoded"
    if _MULTIPART_PATH.match(path):
        return "multipart/form-data"
    if path.startswith("/api/"):
        return "application/json"
    return None


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """logging.dictConfig for the server: followup's and uvicorn's logs, all JSON to stderr."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            name: {"handlers": ["stderr"], "level": level, "propagate": False}
            for name in ("followup", "uvicorn", "uvicorn.error", "alembic")
        },
    }


class HygieneMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        given = headers.get("x-request-id", "")
        rid = given if _SAFE_ID.match(given) else os.urandom(16).hex()
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def tagged_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            expected = _expected_type(scope["method"], scope["path"])
            declared = headers.get("content-type", "").split(";")[0].strip().lower()
            has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
            if expected and has_body and declared != expected:
                error = UnsupportedMediaType(
                    f"send the body as {expected}, not {declared or 'an undeclared type'}"
                )
                response = problem_response(
                    Request(scope, receive),
                    status=error.status,
                    type_=error.type,
                    title=error.title,
                    detail=error.detail,
                )
                await response(scope, receive, tagged_send)
                return
            await self.app(scope, receive, tagged_send)
        finally:
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "fields": {
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    }
                },
            )
            request_id.reset(token)
