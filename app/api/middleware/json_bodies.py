"""JSON bodies with a key written twice are refused: which of the two values was meant cannot
be known, and the usual reading (the last one wins) silently drops the other."""

import json
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.middleware.problems import send_problem
from app.errors import ErrorDetail, Invalid

_WRITES = ("POST", "PUT", "PATCH")


class DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


def duplicate_key(body: bytes) -> str | None:
    """The first key an object of the body repeats (None: none, or not JSON at all, which the
    routes refuse in their own words)."""
    try:
        json.loads(body, object_pairs_hook=_no_duplicates)
    except DuplicateKey as exc:
        return exc.key
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        return None
    return None


class JsonBodyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITES:
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
        if declared != "application/json":
            await self.app(scope, receive, send)
            return
        # Bodies are small here: the body limit outside this middleware caps them.
        parts: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            parts.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(parts)
        key = duplicate_key(body)
        if key is not None:
            text = f"the key {key[:100]!r} appears twice in one JSON object; send it once"
            error = Invalid(text, errors=[ErrorDetail(message=text, field=f"body.{key[:100]}")])
            await send_problem(scope, _given(b"", receive), send, error)
            return
        await self.app(scope, _given(body, receive), send)


def _given(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body read already, then whatever the client sends."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
