"""Writes name their caller before anything is done for them (issue 13, findings 3 and 6): an
anonymous write is refused from its headers, its body never read and no Idempotency-Key
claimed; a key belongs to the token however the header spells it."""

import asyncio
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from app.config import Settings
from app.db import Database
from app.main import create_app
from app.models import IdempotencyRecord
from tests.builders import REPORT, indicator_ids


def idempotency_rows(database: Database) -> int:
    with database.read_session() as session:
        return session.exec(select(func.count()).select_from(IdempotencyRecord)).one()


def call_without_reading_the_body(settings: Settings, headers: dict[str, str]) -> dict[str, Any]:
    """POST an upload straight to the ASGI app, with a body that fails the test if read."""
    app = create_app(settings)
    sent: list[MutableMapping[str, Any]] = []
    read: list[bool] = []

    async def receive() -> dict[str, Any]:
        read.append(True)
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"/api/v1/reports/{REPORT}/imports",
        "raw_path": f"/api/v1/reports/{REPORT}/imports".encode(),
        "query_string": b"dry_run=false",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"multipart/form-data; boundary=b"),
            (b"content-length", b"45000000"),
            *[(k.lower().encode(), v.encode()) for k, v in headers.items()],
        ],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }

    async def run() -> None:
        async with app.router.lifespan_context(app) as state:
            scope["state"] = dict(state or {})
            await app(scope, receive, send)

    # In a thread of its own: a session-wide browser (Playwright's sync API) may keep an event
    # loop running in the main thread, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    return {"status": start["status"], "read": bool(read)}


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="anonymous"),
        pytest.param({"Idempotency-Key": "k-anon"}, id="anonymous with a key"),
        pytest.param({"Authorization": "Bearer fu_not-a-token"}, id="unknown token"),
        pytest.param({"Authorization": "Basic dXNlcjpwYXNz"}, id="not a bearer token"),
    ],
)
def test_a_write_without_a_known_token_is_refused_before_its_body_is_read(
    settings: Settings, database: Database, seeded: int, headers: dict[str, str]
) -> None:
    answered = call_without_reading_the_body(settings, headers)
    assert answered == {"status": 401, "read": False}
    assert idempotency_rows(database) == 0


def test_an_idempotency_key_belongs_to_the_token_however_the_header_is_written(
    client: TestClient, seeded: int
) -> None:
    token = client.headers["Authorization"].split(" ", 1)[1]
    url = f"/api/v1/indicators/{indicator_ids(client)['R1.a']}/evidence"
    answers = [
        client.post(
            url,
            json={"title": "Strategy"},
            headers={"Authorization": written, "Idempotency-Key": "spelt-three-ways"},
        )
        for written in (f"Bearer {token}", f"bearer {token}", f"Bearer  {token}")
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert {a.json()["id"] for a in answers} == {answers[0].json()["id"]}
    assert [a.headers.get("idempotent-replayed") for a in answers] == [None, "true", "true"]


def test_an_answer_too_large_to_keep_still_blocks_a_second_write(
    client: TestClient, settings: Settings, seeded: int
) -> None:
    small = settings.model_copy(update={"idempotency_max_replay_bytes": 1024})
    with TestClient(create_app(small)) as limited:
        limited.headers["Authorization"] = client.headers["Authorization"]
        url = f"/api/v1/indicators/{indicator_ids(limited)['R1.a']}/evidence"
        body = {"title": "Strategy", "description": "d" * 2000}
        key = {"Idempotency-Key": "big-answer"}
        first = limited.post(url, json=body, headers=key)
        again = limited.post(url, json=body, headers=key)
        items = limited.get(url, params={"include": "all"}).json()["total"]
    assert first.status_code == 201
    assert len(first.content) > 1024
    assert again.status_code == 409
    assert first.headers["location"] in again.json()["detail"]
    assert items == 1
