"""Conditional reads: strong ETags, `If-None-Match` answered with 304, `Cache-Control: no-cache`.

Status routes derive their ETag from the data version, so a 304 costs one indexed lookup and
no status computation. Every other JSON read gets an ETag hashed from its body here.
"""

import hashlib
from collections.abc import Callable

from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.services.status_cache import StatusCache, StatusKey

NO_CACHE = "no-cache"


def strong_etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:40] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison for If-None-Match: W/ prefixes ignored, `*` matches."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def not_modified(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": NO_CACHE})


def conditional_status(
    request: Request, key: StatusKey, render: Callable[[], bytes], cache: StatusCache
) -> Response:
    """Answer 304 from the key alone; otherwise serve the cached body or render it once."""
    etag = key.etag
    if matches(request.headers.get("if-none-match"), etag):
        return not_modified(etag)
    body = cache.get(key)
    if body is None:
        body = render()
        cache.put(key, body)
    return Response(
        body,
        media_type="application/json",
        headers={"ETag": etag, "Cache-Control": NO_CACHE},
    )


class ETagMiddleware:
    """Adds a body-hash ETag to successful JSON GET responses that have none, and turns them
    into 304 when the client already holds that version."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if_none_match = Headers(scope=scope).get("if-none-match")
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                eligible = (
                    message["status"] == 200
                    and "etag" not in headers
                    and headers.get("content-type", "").startswith("application/json")
                )
                if not eligible:
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            etag = strong_etag(body)
            headers = MutableHeaders(raw=start["headers"])
            headers["ETag"] = etag
            headers["Cache-Control"] = NO_CACHE
            if matches(if_none_match, etag):
                del headers["content-type"]
                del headers["content-length"]
                await send({**start, "status": 304, "headers": headers.raw})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered_send)


async def conditional_board(
    request: Request, key: StatusKey, render: Callable[[], tuple[StatusKey, bytes]]
) -> Response:
    """Like conditional_status, for the status board: a cached body is served without a
    thread; rendering (which may read the database) runs in a worker thread."""
    if matches(request.headers.get("if-none-match"), key.etag):
        return not_modified(key.etag)
    cache: StatusCache = request.app.state.status_cache
    body = cache.get(key)
    if body is None:
        key, body = await run_in_threadpool(render)
    return Response(
        body, media_type="application/json", headers={"ETag": key.etag, "Cache-Control": NO_CACHE}
    )
