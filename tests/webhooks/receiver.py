"""A real HTTP receiver on 127.0.0.1 that keeps what it is sent, and can refuse the first
attempts (a receiver that is down)."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    refuse_first: int = 0
    refused: int = 0
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def receiver(refuse_first: int = 0) -> Iterator[tuple[str, Received]]:
    kept = Received(refuse_first=refuse_first)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with kept.lock:
                if kept.refused < kept.refuse_first:
                    kept.refused += 1
                    self.send_response(503)
                    self.end_headers()
                    return
                kept.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", kept
    finally:
        server.shutdown()
        server.server_close()


def eventually(check: Callable[[], bool], seconds: float = 15) -> None:
    """Wait for what a background loop does (deliveries are not instant by design)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)
