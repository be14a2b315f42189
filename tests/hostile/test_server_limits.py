"""`followup serve` keeps connection limits of its own (issue 13, finding 4): a cap on the
request line and headers (431), a time to send them and a time a body may stall (408), so that
a slow or oversized client holds neither memory nor a connection, with no proxy in front."""

import json
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import bearer, prepare, serving

TIMEOUT = 1.0  # header and body timeouts of the server under test, in seconds


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    database = tmp_path_factory.mktemp("limits") / "limits.db"
    return {
        **prepare(f"sqlite:///{database}"),
        "FOLLOWUP_HEADER_TIMEOUT_SECONDS": str(TIMEOUT),
        "FOLLOWUP_BODY_IDLE_TIMEOUT_SECONDS": str(TIMEOUT),
    }


@pytest.fixture(scope="module")
def base(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(env, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


def connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def problem_of(answer: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert b"content-type: application/problem+json" in head.lower()
    problem: dict[str, object] = json.loads(body)
    return status, problem


def test_headers_beyond_the_limit_get_431_and_the_connection_is_closed(base: str) -> None:
    with connect(base) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 40_000)
        status, problem = problem_of(read_all(sock))
    assert status == 431
    assert problem["status"] == 431
    assert "32768 bytes" in str(problem["detail"])


def test_a_whole_request_over_the_limit_gets_431_first_or_later_on_a_connection(
    base: str,
) -> None:
    """Headers that arrive whole, in one read, are measured too; and so are those of a later
    request on a kept-alive connection."""
    with httpx.Client(base_url=base) as client:
        assert client.get("/health", headers={"X-Padding": "a" * 40_000}).status_code == 431
    with httpx.Client(base_url=base) as client:
        assert client.get("/health").status_code == 200
        refused = client.get("/health", headers={"X-Padding": "a" * 40_000})
        assert refused.status_code == 431
        assert refused.json()["type"] == "/problems/headers-too-large"


def send_until_answered(sock: socket.socket, chunk: bytes, *, most: int, every: float) -> int:
    """Send `chunk` again and again (pausing `every` seconds) until the server answers or
    closes, or `most` bytes are sent; the bytes sent."""
    sent = 0
    while sent < most:
        readable, _, _ = select.select([sock], [], [], every)
        if readable:
            break
        try:
            sock.sendall(chunk)
        except OSError:  # reset or broken pipe: the server has closed
            break
        sent += len(chunk)
    return sent


def test_an_endless_header_is_cut_off_near_the_limit(base: str) -> None:
    """The 300 MB header of the finding: the server stops reading long before."""
    with connect(base) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ")
        sent = send_until_answered(sock, b"a" * 65536, most=300 * 2**20, every=0)
    assert sent < 16 * 2**20


def test_headers_within_the_limit_are_served(base: str) -> None:
    answer = httpx.get(f"{base}/health", headers={"X-Padding": "a" * 20_000})
    assert answer.status_code == 200


def test_headers_sent_too_slowly_get_408(base: str) -> None:
    """A slow-loris client sends a byte now and then, never finishing its headers: the time
    counts from the request's first byte, not from the last one."""
    started = time.monotonic()
    with connect(base) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        send_until_answered(sock, b"X", most=200, every=0.1)  # 20 s of trickling at most
        status, problem = problem_of(read_all(sock))
    assert status == 408
    assert "headers" in str(problem["detail"])
    assert time.monotonic() - started < 10


def test_a_connection_that_never_sends_a_request_is_closed(base: str) -> None:
    with connect(base) as sock:
        assert read_all(sock) == b""


def test_a_stalled_body_gets_408(base: str, env: dict[str, str]) -> None:
    token = bearer(env)["Authorization"].encode()
    with connect(base) as sock:
        sock.sendall(
            b"POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + b"\r\n"
            b'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":'
        )
        status, problem = problem_of(read_all(sock))
    assert status == 408
    assert "body" in str(problem["detail"])


def test_a_slow_body_that_keeps_moving_is_served(base: str, env: dict[str, str]) -> None:
    """The body timeout is an idle time: an upload on a slow line still completes."""
    token = bearer(env)["Authorization"].encode()
    body = json.dumps({"name": "slow-line", "role": "viewer"}).encode()
    with connect(base) as sock:
        sock.sendall(
            b"POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + b"\r\n"
            b"Content-Type: application/json\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        step = max(1, len(body) // 5)
        for start in range(0, len(body), step):
            sock.sendall(body[start : start + step])
            time.sleep(TIMEOUT / 2)
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 201"), answer[:200]


def test_keep_alive_connections_serve_several_requests(base: str) -> None:
    with httpx.Client(base_url=base) as client:
        for _ in range(3):
            assert client.get("/health").status_code == 200
            time.sleep(TIMEOUT / 2)


def test_a_limit_is_a_setting(tmp_path: Path, env: dict[str, str]) -> None:
    with serving({**env, "FOLLOWUP_MAX_HEADER_BYTES": "65536"}, tmp_path / "s.log") as url:
        answer = httpx.get(f"{url}/health", headers={"X-Padding": "a" * 40_000})
    assert answer.status_code == 200


def start_slow_write(base: str, env: dict[str, str]) -> socket.socket:
    """A write whose body is still on its way: a request in flight, waiting for the client."""
    token = bearer(env)["Authorization"].encode()
    sock = connect(base)
    sock.sendall(
        b"POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + b"\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
    )
    return sock


def test_beyond_the_requests_in_flight_writes_get_503_and_polls_are_still_answered(
    tmp_path: Path, env: dict[str, str]
) -> None:
    limited = {**env, "FOLLOWUP_MAX_IN_FLIGHT": "2", "FOLLOWUP_BODY_IDLE_TIMEOUT_SECONDS": "30"}
    with serving(limited, tmp_path / "s.log") as url:
        auth = bearer(env)
        slow = [start_slow_write(url, env) for _ in range(2)]
        try:
            time.sleep(0.5)  # both are in the application, waiting for their bodies
            asked = {"name": "refused", "role": "viewer"}
            shed = httpx.post(f"{url}/api/v1/tokens", json=asked, headers=auth)
            assert shed.status_code == 503
            assert shed.headers["content-type"] == "application/problem+json"
            assert int(shed.headers["retry-after"]) >= 1
            assert "FOLLOWUP_MAX_IN_FLIGHT" in shed.json()["detail"]
            # What dashboards poll, and the probes, are never shed.
            assert httpx.get(f"{url}/api/v1/status", headers=auth).status_code == 200
            assert httpx.get(f"{url}/health").status_code == 200
            assert httpx.get(f"{url}/ready").status_code == 200
        finally:
            for sock in slow:
                sock.close()
        time.sleep(0.5)  # the application hears the disconnects and lets go of both
        asked = {"name": "after", "role": "viewer"}
        made = httpx.post(f"{url}/api/v1/tokens", json=asked, headers=auth)
        assert made.status_code == 201, made.text


def test_one_caller_cannot_take_every_place(tmp_path: Path, env: dict[str, str]) -> None:
    """A client holding uploads open is refused beyond its own share; others are served."""
    limited = {
        **env,
        "FOLLOWUP_MAX_IN_FLIGHT_PER_CALLER": "2",
        "FOLLOWUP_BODY_IDLE_TIMEOUT_SECONDS": "30",
    }
    with serving(limited, tmp_path / "s.log") as url:
        auth = bearer(env)
        other = httpx.post(
            f"{url}/api/v1/tokens", json={"name": "colleague", "role": "admin"}, headers=auth
        ).json()["token"]
        slow = [start_slow_write(url, env) for _ in range(2)]
        try:
            time.sleep(0.5)
            asked = {"name": "refused", "role": "viewer"}
            shed = httpx.post(f"{url}/api/v1/tokens", json=asked, headers=auth)
            assert shed.status_code == 503
            assert "FOLLOWUP_MAX_IN_FLIGHT_PER_CALLER" in shed.json()["detail"]
            asked = {"name": "served", "role": "viewer"}
            served = httpx.post(
                f"{url}/api/v1/tokens", json=asked, headers={"Authorization": f"Bearer {other}"}
            )
            assert served.status_code == 201, served.text
        finally:
            for sock in slow:
                sock.close()
