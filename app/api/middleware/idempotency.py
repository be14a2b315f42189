"""The Idempotency-Key header on POST: a retried request gets the first answer, not a second
write. The body streams to a spooled file while it is hashed, so uploads stay out of memory."""

import hashlib
import re
import tempfile
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.middleware.problems import send_problem
from app.api.middleware.write_credentials import bearer_secret
from app.api.runtime import Runtime, runtime_of
from app.errors import Conflict, DomainError, ErrorDetail, Invalid
from app.services.idempotency import Claim, Outcome, claim, complete, release

HEADER = "idempotency-key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_KEPT_HEADERS = ("content-type", "location", "etag")
# Kept instead of an answer too large to keep: its size.
OMITTED = "replay-omitted-bytes"
_CHUNK = 64 * 1024
# Where the request's idempotency record is kept for the unit of work of its write.
_STATE_KEY = "idempotency_record"

Body = tempfile.SpooledTemporaryFile[bytes]


def idempotency_record_of(request: Request) -> int | None:
    """The idempotency record of the request being answered (None: it sent no key)."""
    found: int | None = request.scope.get("state", {}).get(_STATE_KEY)
    return found


def _key_error(reason: str) -> Invalid:
    return Invalid(reason, errors=[ErrorDetail(message=reason, field="header.idempotency-key")])


def _refusal(outcome: Outcome) -> DomainError | None:
    """Why a claimed key stops the request here (None: go ahead, or replay)."""
    match outcome:
        case Outcome.MISMATCH:
            return _key_error("this Idempotency-Key was used for a different request")
        case Outcome.BUSY:
            return Conflict("a request with this Idempotency-Key is still being answered")
        case Outcome.LOST:
            return Conflict(
                "the request with this Idempotency-Key was carried out but its answer was "
                "lost; it will not be repeated: read the resource to see it"
            )
        case Outcome.NEW | Outcome.REPLAY:
            return None


def _omitted(taken: Claim) -> Conflict:
    where = taken.headers.get("location")
    return Conflict(
        "the request with this Idempotency-Key was carried out; its answer "
        f"({taken.headers[OMITTED]} bytes) was too large to keep for retries"
        + (f": read the result at {where}" if where else "")
    )


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers.get(HEADER)
        runtime = runtime_of(scope)
        if key is None or runtime is None:
            await self.app(scope, receive, send)
            return
        if not _KEY.match(key):
            error = _key_error("Idempotency-Key must be 1-255 visible ASCII characters")
            await send_problem(scope, receive, send, error)
            return
        with tempfile.SpooledTemporaryFile(max_size=1 << 20) as body:
            fingerprint = await _spool(scope, headers, receive, body)
            if fingerprint is None:  # the client went away
                return
            # Keys belong to the caller's token (as written in any case or spacing): two
            # clients never share a key space. Writes reach here authenticated.
            secret = bearer_secret(headers.get("authorization")) or ""
            principal = hashlib.sha256(secret.encode()).hexdigest()
            taken: Claim = await anyio.to_thread.run_sync(
                lambda: claim(
                    runtime.database,
                    principal=principal,
                    key=key,
                    method=scope["method"],
                    path=scope["path"],
                    fingerprint=fingerprint,
                    now=runtime.clock.now(),
                )
            )
            if taken.outcome is Outcome.REPLAY and OMITTED in taken.headers:
                await send_problem(scope, receive, send, _omitted(taken))
                return
            if taken.outcome is Outcome.REPLAY:
                await _send_kept(send, taken)
                return
            refusal = _refusal(taken.outcome)
            if refusal is not None:
                await send_problem(scope, receive, send, refusal)
                return
            assert taken.record_id is not None
            body.seek(0)
            await self._answer(scope, body, receive, send, runtime, taken.record_id)

    async def _answer(
        self,
        scope: Scope,
        body: Body,
        receive: Receive,
        send: Send,
        runtime: Runtime,
        record_id: int,
    ) -> None:
        """Answer the request as the first with its key, and keep the answer for retries."""
        database = runtime.database
        scope.setdefault("state", {})[_STATE_KEY] = record_id
        start: Message = {}
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        try:
            await self.app(scope, _replaying(body, receive), capture)
        except BaseException:
            await anyio.to_thread.run_sync(lambda: release(database, record_id))
            raise
        status = start.get("status", 500)
        content = b"".join(parts)
        kept = {
            k.decode().lower(): v.decode()
            for k, v in start.get("headers", [])
            if k.decode().lower() in _KEPT_HEADERS
        }
        if 200 <= status < 300:
            # An answer too large to keep is not kept: the key still blocks a second write,
            # and a retry is told where the result is instead (a stored answer must not be a
            # way to fill the disk).
            stored = content
            if len(content) > runtime.settings.idempotency_max_replay_bytes:
                kept[OMITTED], stored = str(len(content)), b""
            await anyio.to_thread.run_sync(
                lambda: complete(database, record_id, status, kept, stored)
            )
        else:  # refused requests write nothing (all or nothing): the key may be used again
            await anyio.to_thread.run_sync(lambda: release(database, record_id))
        await send(start)
        await send({"type": "http.response.body", "body": content})


async def _spool(scope: Scope, headers: Headers, receive: Receive, body: Body) -> str | None:
    """Read the whole body into `body`; the request's fingerprint (None if the client left)."""
    digest = hashlib.sha256()
    for part in (
        scope["method"],
        scope["path"],
        scope.get("query_string", b"").decode(),
        headers.get("content-type", ""),
    ):
        digest.update(part.encode() + b"\x00")
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        digest.update(chunk)
        body.write(chunk)
        if not message.get("more_body", False):
            return digest.hexdigest()


def _replaying(body: Body, receive: Receive) -> Callable[[], Awaitable[Message]]:
    """A `receive` that gives the spooled body again, then whatever the client sends."""
    done = False

    async def replay() -> Message:
        nonlocal done
        if done:  # the body was given whole: from now on, only a disconnect can come
            return await receive()
        chunk = body.read(_CHUNK)
        done = len(chunk) < _CHUNK
        message: dict[str, Any] = {"type": "http.request", "body": chunk, "more_body": not done}
        return message

    return replay


async def _send_kept(send: Callable[[Message], Awaitable[None]], taken: Claim) -> None:
    headers = [(k.encode(), v.encode()) for k, v in taken.headers.items()]
    headers.append((b"idempotent-replayed", b"true"))
    headers.append((b"content-length", str(len(taken.body)).encode()))
    await send({"type": "http.response.start", "status": taken.status, "headers": headers})
    await send({"type": "http.response.body", "body": taken.body})
