"""Polls of status through a real uvicorn, with a raw HTTP client: GET, HEAD and OPTIONS answer
alike whether polls are answered early or by the routes alone, and the connection stays usable
(uvicorn refuses a response whose length does not match its body)."""

import socket
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.servers import prepare, serving

PATHS = ("/api/v1/reports/oios-unodc-2021/status", "/api/v1/status", "/api/v1/reports/1/status")
# Headers that differ by nature between two answers.
UNIQUE = {b"date", b"x-request-id", b"server"}

Answer = tuple[bytes, tuple[tuple[bytes, bytes], ...], bytes]


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """Two servers on one database, polls answered early by the first only; and a token."""
    env = prepare(f"sqlite:///{tmp_path / 'shared.db'}")
    with ExitStack() as stack:
        early = stack.enter_context(serving(env, tmp_path / "early.log"))
        routes = stack.enter_context(
            serving({**env, "FOLLOWUP_EARLY_STATUS_ANSWERS": "false"}, tmp_path / "routes.log")
        )
        yield early, routes, env["FOLLOWUP_TOKEN"]


def exchange(connection: socket.socket, method: str, path: str, headers: dict[str, str]) -> Answer:
    """Send one request on an open connection and read its whole answer, as the bytes came."""
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        assert chunk, "the server closed the connection"
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status, *fields = head.split(b"\r\n")
    parsed = tuple(
        (name.strip().lower(), value.strip())
        for name, _, value in (field.partition(b":") for field in fields)
    )
    length = int(dict(parsed).get(b"content-length", b"0"))
    expected = 0 if method == "HEAD" or status.split()[1] == b"304" else length
    while len(body) < expected:
        chunk = connection.recv(65536)
        assert chunk, "the server closed the connection mid-body"
        body += chunk
    assert len(body) == expected, "more bytes than the answer announced"
    return status, tuple(h for h in parsed if h[0] not in UNIQUE), body


def test_status_polls_answer_alike_on_a_real_server(servers: tuple[str, str, str]) -> None:
    early, routes, token = servers
    auth = {"Authorization": f"Bearer {token}"}
    for base in (early, routes):
        for path in PATHS:  # cached everywhere: the early answers could serve them all
            assert httpx.get(base + path, headers=auth, timeout=10).status_code == 200
    etag = httpx.get(early + PATHS[0], headers=auth, timeout=10).headers["etag"]
    with ExitStack() as stack:
        connections = []
        for base in (early, routes):
            port = int(base.rsplit(":", 1)[1])
            connections.append(stack.enter_context(socket.create_connection(("127.0.0.1", port))))
        for path in PATHS:
            for method in ("OPTIONS", "HEAD", "GET"):
                for condition in ({}, {"If-None-Match": etag}):
                    headers = {**auth, **condition}
                    got = [exchange(c, method, path, headers) for c in connections]
                    assert got[0] == got[1], (method, path, condition)
        # Every answer above came back whole, and each connection still serves the next.
        last = [exchange(c, "GET", PATHS[1], auth) for c in connections]
        assert last[0][0] == last[1][0] == b"HTTP/1.1 200 OK"


def test_head_on_a_real_server_has_the_get_headers_and_no_body(
    servers: tuple[str, str, str],
) -> None:
    early, _, token = servers
    auth = {"Authorization": f"Bearer {token}"}
    port = int(early.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as connection:
        get = exchange(connection, "GET", PATHS[0], auth)
        head = exchange(connection, "HEAD", PATHS[0], auth)
        options = exchange(connection, "OPTIONS", PATHS[0], auth)
    assert head[0] == get[0] == b"HTTP/1.1 200 OK"
    assert head[1] == get[1]
    assert head[2] == b""
    assert dict(head[1])[b"content-length"] == str(len(get[2])).encode()
    assert options[0] == b"HTTP/1.1 405 Method Not Allowed"
