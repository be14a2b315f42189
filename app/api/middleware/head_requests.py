"""HEAD answered for every GET route, as RFC 9110 asks: the GET answer's status and headers
(Content-Length included), without its body. FastAPI routes know GET alone."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadRequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        # A copy: the server reads the method from its own scope to know no body follows.
        inner = {**scope, "method": "GET"}

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(inner, receive, headers_only)
        finally:
            if "route" in inner:  # the route that answered, for the metrics outside
                scope["route"] = inner["route"]
