"""A status read's answer as HTTP: the same status line, headers and body whether the route or
the early answer to a poll sends it."""

from starlette.responses import Response
from starlette.types import Send

from app.preconditions import NO_CACHE
from app.status_reads.queries import StatusAnswer

JSON = b"application/json"


def raw_headers(answer: StatusAnswer) -> list[tuple[bytes, bytes]]:
    headers = [(b"etag", answer.etag.encode()), (b"cache-control", NO_CACHE.encode())]
    if answer.body is not None:
        headers[:0] = [(b"content-type", JSON), (b"content-length", b"%d" % len(answer.body))]
    return headers


def status_code(answer: StatusAnswer) -> int:
    return 304 if answer.body is None else 200


class StatusResponse(Response):
    """What a status route returns: exactly `raw_headers`, nothing added."""

    def __init__(self, answer: StatusAnswer) -> None:
        super().__init__(content=answer.body or b"", status_code=status_code(answer))
        self.raw_headers = raw_headers(answer)


async def send_answer(send: Send, answer: StatusAnswer) -> None:
    """Send the answer as raw ASGI messages (the early answers, before any route)."""
    await send(
        {
            "type": "http.response.start",
            "status": status_code(answer),
            "headers": raw_headers(answer),
        }
    )
    await send({"type": "http.response.body", "body": answer.body or b""})
