"""ETags for the JSON reads that have none of their own: a strong ETag hashed from the body,
`Cache-Control: no-cache`, and 304 when the client already holds that body. (Status reads
carry ETags of their own, named by their data version: see status_reads.)"""

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.preconditions import NO_CACHE, body_tag, none_match


class BodyETagMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
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
            etag = body_tag(body)
            headers = MutableHeaders(raw=start["headers"])
            headers["ETag"] = etag
            headers["Cache-Control"] = NO_CACHE
            if none_match(if_none_match, etag):
                del headers["content-type"]
                del headers["content-length"]
                await send({**start, "status": 304, "headers": headers.raw})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered_send)
