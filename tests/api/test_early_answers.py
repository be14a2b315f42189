"""The early answers to status polls are an adapter, not a second implementation: with them on
or off, every status path answers byte for byte alike, whatever the method, the credentials
and the ETag sent."""

from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from app.api.auth import COOKIE
from app.api.middleware import early_status
from app.api.middleware.early_status import EarlyStatusAnswers
from app.api.runtime import STATE_KEY
from app.config import Settings
from app.main import create_app
from app.status_reads.queries import StatusAnswer
from tests.builders import REPORT, indicator_ids, post_evidence, recommendation_ids
from tests.fakes import FakeClock
from tests.records import runtime

# Headers that differ by nature between two answers (a fresh request id each time).
UNIQUE = {"x-request-id"}


@pytest.fixture
def pair(
    database_url: str, admin_token: str, clock: FakeClock, seeded: int
) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps on one database and one clock: polls answered early by the first only."""
    early = create_app(Settings(database_url=database_url), clock=clock)
    routes = create_app(
        Settings(database_url=database_url, early_status_answers=False), clock=clock
    )
    with TestClient(early) as on, TestClient(routes) as off:
        on.headers["Authorization"] = off.headers["Authorization"] = f"Bearer {admin_token}"
        yield on, off


def paths(client: TestClient, report_id: int) -> list[str]:
    rec = recommendation_ids(client)["R1"]
    ind = indicator_ids(client)["R1.a"]
    return [
        f"/api/v1/reports/{REPORT}/status",
        f"/api/v1/reports/{report_id}/status",
        "/api/v1/status",
        f"/api/v1/recommendations/{rec}/status",
        f"/api/v1/indicators/{ind}/status",
        f"/api/v1/reports/{REPORT}/status/history",
        "/api/v1/reports/no-such-report/status",
        "/api/v1/reports/NOT-A-CODE/status",
    ]


def answer(
    client: TestClient, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> Any:
    response = client.request(method, path, headers=headers, content=body or None)
    kept = {k: v for k, v in response.headers.items() if k not in UNIQUE}
    return response.status_code, kept, response.content


def sign_in(client: TestClient, token: str) -> str:
    """A dashboard session, as a browser gets one; the client keeps no cookie of it."""
    signed = client.post(
        "/login",
        data={"token": token},
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    session: str = signed.cookies[COOKIE]
    client.cookies.clear()
    return session


def credentials(token: str, session: str) -> dict[str, dict[str, str]]:
    return {
        "bearer": {"Authorization": f"Bearer {token}"},
        "cookie": {"Cookie": f"{COOKIE}={session}"},
        "anonymous": {},
        "unknown token": {"Authorization": "Bearer fu_nobody"},
        "malformed": {"Authorization": "Basic dXNlcjpwYXNz"},
    }


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_every_status_path_answers_alike_with_early_answers_on_or_off(
    pair: tuple[TestClient, TestClient],
    admin_token: str,
    seeded: int,
    method: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    on, off = pair
    early: list[str] = []  # the requests the early answers took
    asking = ["warming up"]
    answering = early_status.send_answer  # type: ignore[attr-defined]

    async def counted(send: Send, status_answer: StatusAnswer) -> None:
        early.append(asking[0])
        await answering(send, status_answer)

    monkeypatch.setattr(early_status, "send_answer", counted)
    session = sign_in(on, admin_token)
    post_evidence(on, indicator_ids(on)["R1.a"], verdict="meets")
    runtime(off).status.saw_write()  # a write through the other instance, seen at once
    asked = paths(on, seeded)
    etags = {path: on.get(path).headers.get("etag", '"none"') for path in asked}  # now cached
    for client in (on, off):
        del client.headers["Authorization"]
        # The session is looked up once (as the bearer token was by the reads above); from
        # then on it is known from memory.
        client.get("/api/v1/reports", headers=credentials(admin_token, session)["cookie"])
    for path in asked:
        conditions = {
            "no etag": {},
            "current etag": {"If-None-Match": etags[path]},
            "older etag": {"If-None-Match": '"an-older-one"'},
        }
        for who, auth in credentials(admin_token, session).items():
            for condition, sent in conditions.items():
                headers = {**auth, **sent}
                asking[0] = f"{path} {who}"
                got_on = answer(on, method, path, headers)
                got_off = answer(off, method, path, headers)
                assert got_on == got_off, (path, who, condition)
    # Current report and portfolio statuses, for callers the routes let read, were answered
    # early (each under three conditions); everything else went on to the routes.
    polled = asked[:3] if method != "OPTIONS" else []
    expected = [f"{p} {who}" for p in polled for who in ("bearer", "cookie") for _ in range(3)]
    assert sorted(e for e in early if e != "warming up") == sorted(expected)


def test_a_poll_with_an_oversized_body_is_refused_alike(
    pair: tuple[TestClient, TestClient], seeded: int
) -> None:
    on, off = pair
    path = "/api/v1/status"
    on.get(path)  # cached: the early answers could serve it
    body = b"x" * (Settings().max_body_bytes + 1)
    got_on = answer(on, "GET", path, {}, body)
    assert got_on == answer(off, "GET", path, {}, body)
    assert got_on[0] == 413


def test_head_is_get_without_its_body(pair: tuple[TestClient, TestClient], seeded: int) -> None:
    on, _ = pair
    path = f"/api/v1/reports/{REPORT}/status"
    get, head = on.get(path), on.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]


def test_options_on_a_status_path_is_method_not_allowed(
    pair: tuple[TestClient, TestClient], seeded: int
) -> None:
    on, _ = pair
    on.get("/api/v1/status")  # cached: the early answers could serve it, and must not
    response = on.options("/api/v1/status")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["content-length"]) == len(response.content) > 0


def test_a_cached_poll_is_answered_before_routing(
    pair: tuple[TestClient, TestClient], admin_token: str, seeded: int
) -> None:
    on, _ = pair
    path = f"/api/v1/reports/{REPORT}/status"
    expected = on.get(path)
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(b"authorization", f"Bearer {admin_token}".encode())],
        "state": {STATE_KEY: runtime(on)},
    }

    async def unreachable(_scope: Scope, _receive: Receive, _send: Send) -> None:
        raise AssertionError("the poll reached the routes")

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    anyio.run(EarlyStatusAnswers(unreachable, enabled=True), scope, receive, send)
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == expected.content
    assert dict(sent[0]["headers"])[b"etag"] == expected.headers["etag"].encode()
