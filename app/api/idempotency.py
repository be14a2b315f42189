"""The Idempotency-Key header on POST: a retried request gets the first answer, not a second
write. The body streams to a spooled file while it is hashed, so uploads stay out of memory."""

import hashlib
import re
import tempfile
from collections.abc import Awaitable, Callable

from anyio import to_thread
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problems import problem_response
from app.db import Database
from app.errors import Conflict, DomainError, ErrorDetail, Invalid
from app.services.idempotency import Claim, Outcome, applying, claim, complete, release

HEADER = "idempotency-key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_KEPT_HEADERS = ("content-type", "location", "etag")
_CHUNK = 64 * 1024


async def _problem(scope: Scope, receive: Receive, send: Send, error: DomainError) -> None:
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


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, *, database: Callable[[], Database]) -> None:
        self.app = app
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers.get(HEADER)
        if key is None:
            await self.app(scope, receive, send)
            return
        if not _KEY.match(key):
            text = "Idempotency-Key must be 1-255 visible ASCII characters"
            error = Invalid(
                text, errors=[ErrorDetail(message=text, field="header.idempotency-key")]
            )
            await _problem(scope, receive, send, error)
            return
        with tempfile.SpooledTemporaryFile(max_size=1 << 20) as body:
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
                    return
                chunk = message.get("body", b"")
                digest.update(chunk)
                body.write(chunk)
                if not message.get("more_body", False):
                    break
            # Keys belong to the caller's credentials: two clients never share a key space.
            principal = hashlib.sha256(headers.get("authorization", "").encode()).hexdigest()
            database = self.database()
            taken: Claim = await to_thread.run_sync(
                lambda: claim(
                    database,
                    principal=principal,
                    key=key,
                    method=scope["method"],
                    path=scope["path"],
                    fingerprint=digest.hexdigest(),
                )
            )
            match taken.outcome:
                case Outcome.REPLAY:
                    await _send_kept(send, taken)
                    return
                case Outcome.MISMATCH:
                    reason = "this Idempotency-Key was used for a different request"
                    await _problem(
                        scope,
                        receive,
                        send,
                        Invalid(
                            reason,
                            errors=[ErrorDetail(message=reason, field="header.idempotency-key")],
                        ),
                    )
                    return
                case Outcome.BUSY:
                    busy = Conflict("a request with this Idempotency-Key is still being answered")
                    await _problem(scope, receive, send, busy)
                    return
                case Outcome.LOST:
                    lost = Conflict(
                        "the request with this Idempotency-Key was carried out but its answer "
                        "was lost; it will not be repeated: read the resource to see it"
                    )
                    await _problem(scope, receive, send, lost)
                    return
                case Outcome.NEW:
                    pass
            assert taken.record_id is not None
            body.seek(0)
            await self._answer(scope, body, receive, send, database, taken.record_id)

    async def _answer(
        self,
        scope: Scope,
        body: tempfile.SpooledTemporaryFile[bytes],
        receive: Receive,
        send: Send,
        database: Database,
        record_id: int,
    ) -> None:
        done = False

        async def replay() -> Message:
            nonlocal done
            if done:  # the body was given whole: from now on, only a disconnect can come
                return await receive()
            chunk = body.read(_CHUNK)
            done = len(chunk) < _CHUNK
            return {"type": "http.request", "body": chunk, "more_body": not done}

        start: Message = {}
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        token = applying.set(record_id)
        try:
            await self.app(scope, replay, capture)
        except BaseException:
            await to_thread.run_sync(lambda: release(database, record_id))
            raise
        finally:
            applying.reset(token)
        status = start.get("status", 500)
        content = b"".join(parts)
        kept = {
            k.decode().lower(): v.decode()
            for k, v in start.get("headers", [])
            if k.decode().lower() in _KEPT_HEADERS
        }
        if 200 <= status < 300:
            await to_thread.run_sync(lambda: complete(database, record_id, status, kept, content))
        else:  # refused requests write nothing (all or nothing): the key may be used again
            await to_thread.run_sync(lambda: release(database, record_id))
        await send(start)
        await send({"type": "http.response.body", "body": content})


async def _send_kept(send: Callable[[Message], Awaitable[None]], taken: Claim) -> None:
    headers = [(k.encode(), v.encode()) for k, v in taken.headers.items()]
    headers.append((b"idempotent-replayed", b"true"))
    headers.append((b"content-length", str(len(taken.body)).encode()))
    await send({"type": "http.response.start", "status": taken.status, "headers": headers})
    await send({"type": "http.response.body", "body": taken.body})
