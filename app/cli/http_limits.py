"""The HTTP connection limits `followup serve` keeps, below the application: a cap on the
request line and headers (431), a time to send them (408), and a time a request body may stall
(408), so that a slow or oversized client holds neither memory nor a connection for long.

A front proxy (nginx, see the README) usually keeps such limits too; these hold when there is
none, as with `make run`. The parser is uvicorn's httptools one: only its callbacks are
extended, so a request that keeps the limits is parsed exactly as before."""

import asyncio
import json
from http import HTTPStatus
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from app.config import get_settings


def problem_bytes(status: HTTPStatus, type_: str, detail: str) -> bytes:
    """A whole HTTP/1.1 answer in the API's problem+json shape, closing the connection."""
    body = json.dumps(
        {"type": type_, "title": status.phrase, "status": status.value, "detail": detail}
    ).encode()
    head = (
        f"HTTP/1.1 {status.value} {status.phrase}\r\n"
        f"content-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with header size, header time and body idle limits."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        settings = get_settings()
        self.max_header_bytes = settings.max_header_bytes
        self.header_timeout = settings.header_timeout_seconds
        self.body_idle_timeout = settings.body_idle_timeout_seconds
        # Bytes received since the current request began, while its headers are incomplete,
        # the last three of them (the headers' end may be split across reads), and whether a
        # request began or ended in the read being parsed.
        self.awaiting_headers = True
        self.header_bytes = 0
        self.tail = b""
        self.boundary_crossed = False
        self.header_timer: asyncio.TimerHandle | None = None
        self.body_timer: asyncio.TimerHandle | None = None

    # Connection --------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        # A connection that never sends a request is closed like one that stops mid-header.
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timers()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.awaiting_headers and self._headers_too_large(data):
            self._refuse(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "/problems/headers-too-large",
                f"the request line and headers exceed {self.max_header_bytes} bytes",
                answer=self._between_answers(),
            )
            return
        self.boundary_crossed = False
        super().data_received(data)
        if self.transport.is_closing():
            return
        if self.awaiting_headers:
            # Headers still incomplete after the parser had these bytes. When a request began
            # inside them, where is not known: its bytes here go uncounted (one read at most).
            self.header_bytes = 0 if self.boundary_crossed else self.header_bytes + len(data)
            self.tail = data[-3:]
        elif self.body_timer is not None:
            self._arm_body_timer()  # the body moves: its idle time starts again

    def _headers_too_large(self, data: bytes) -> bool:
        """Whether the headers under way, with what of `data` belongs to them, pass the limit:
        checked before the parser reads them, so that no request over the limit starts."""
        scanned = self.tail + data
        end = scanned.find(b"\r\n\r\n")
        belonging = len(data) if end < 0 else end + 4 - len(self.tail)
        return self.header_bytes + belonging > self.max_header_bytes

    # Parser callbacks ---------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._next_request()
        self._arm_header_timer()

    def on_headers_complete(self) -> None:
        self.awaiting_headers = False
        self._cancel_header_timer()
        super().on_headers_complete()
        self._arm_body_timer()

    def on_message_complete(self) -> None:
        self._cancel_body_timer()
        super().on_message_complete()
        # The bytes that follow are the next request's line and headers.
        self._next_request()

    def _next_request(self) -> None:
        self.awaiting_headers = True
        self.header_bytes = 0
        self.tail = b""
        self.boundary_crossed = True

    # Timers -------------------------------------------------------------------------------

    def _arm_header_timer(self) -> None:
        if self.header_timer is None:
            self.header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _arm_body_timer(self) -> None:
        if self.body_timer is not None:
            self.body_timer.cancel()
        self.body_timer = self.loop.call_later(self.body_idle_timeout, self._body_stalled)

    def _cancel_header_timer(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _cancel_body_timer(self) -> None:
        if self.body_timer is not None:
            self.body_timer.cancel()
            self.body_timer = None

    def _cancel_timers(self) -> None:
        self._cancel_header_timer()
        self._cancel_body_timer()

    def _between_answers(self) -> bool:
        """No answer is being written: one may be written without interleaving another."""
        return self.cycle is None or self.cycle.response_complete

    def _headers_late(self) -> None:
        self.header_timer = None
        if not self.awaiting_headers or self.transport.is_closing():
            return
        if self.header_bytes == 0 and self._between_answers():
            # Nothing of a request arrived: an idle connection, closed without an answer.
            self.transport.close()
            return
        self._refuse(
            HTTPStatus.REQUEST_TIMEOUT,
            "/problems/request-timeout",
            f"the request's headers did not arrive within {self.header_timeout:g} seconds",
            answer=self._between_answers(),
        )

    def _body_stalled(self) -> None:
        self.body_timer = None
        if self.transport.is_closing() or self.cycle is None:
            return
        if self.flow.read_paused:
            # The application is not reading (busy, or the body is buffered up to the
            # high-water mark): the client is not the one stalling.
            self._arm_body_timer()
            return
        cycle = self.cycle
        answer = not cycle.response_started
        # The application, still waiting for the body, hears a disconnect; whatever it answers
        # is dropped, as for a client that went away.
        cycle.disconnected = True
        cycle.message_event.set()
        self._refuse(
            HTTPStatus.REQUEST_TIMEOUT,
            "/problems/request-timeout",
            f"the request body stalled for {self.body_idle_timeout:g} seconds",
            answer=answer,
        )

    def _refuse(self, status: HTTPStatus, type_: str, detail: str, *, answer: bool) -> None:
        """Answer with a problem (unless another answer is under way) and close."""
        self._cancel_timers()
        if answer:
            self.transport.write(problem_bytes(status, type_, detail))
        self.logger.warning("closed a connection: %s", detail)
        self.transport.close()
