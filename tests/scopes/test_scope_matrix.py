"""Every route that names a report, or anything under one, asked by a token limited to one
entity about another entity's report: a write is refused (403), a read is not found (404, the
answer a report that does not exist gets, so codes do not leak), over the API and in the
browser, and nothing is written. The routes are taken from the application itself: a new route
is checked the day it is added. The same requests about the token's own report pass the scope
check."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from app.config import Settings
from app.db import Database
from app.main import create_app
from app.models import Change
from tests.attachments.files import pdf
from tests.forms.signed_in import SAME_SITE, csrf_of
from tests.scopes.portfolio import THEIRS, Record, portfolio_of_two, scoped_token

PARAMETER = re.compile(r"\{(\w+)\}")
MULTIPART = re.compile(r"/(attachments|imports|import|record|correction)$")


def routes_naming_a_report(client: TestClient) -> list[tuple[str, str]]:
    """(method, path template) of every route whose path names a report or something under
    one."""
    names = set(Record.__dataclass_fields__)
    found = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute):
            continue
        if not names & set(PARAMETER.findall(route.path)):
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append((method, route.path))
    return found


def filled(template: str, record: Record) -> str:
    values = record.path_values()
    return PARAMETER.sub(lambda m: values[m.group(1)], template)


def send(client: TestClient, method: str, path: str, headers: dict[str, str], csrf: str) -> Any:
    if path.startswith("/dashboard/"):
        if method == "GET":
            return client.get(path, headers=headers, follow_redirects=False)
        return client.post(
            path,
            data={"csrf_token": csrf, "title": "x", "reason": "x", "description": "x"},
            files={"file": ("x.pdf", pdf("x"), "application/pdf")}
            if MULTIPART.search(path)
            else None,
            headers=headers,
            follow_redirects=False,
        )
    if method == "GET":
        return client.get(path, headers=headers)
    if MULTIPART.search(path):
        return client.request(
            method,
            path,
            files={"file": ("x.csv", b"indicator,title\n", "text/csv")},
            headers=headers,
        )
    return client.request(method, path, json={}, headers={**headers, "If-Match": '"x"'})


@pytest.fixture
def two(client: TestClient, seeded: int) -> tuple[Record, Record]:
    return portfolio_of_two(client)


@pytest.fixture
def unodc(
    settings: Settings, client: TestClient, two: tuple[Record, Record]
) -> Iterator[tuple[TestClient, str, dict[str, str]]]:
    """A browser signed in with an evaluator token of UNODC; its CSRF token; its API header."""
    token = scoped_token(client, "unodc.evaluator", "evaluator", entities=["UNODC"])
    with TestClient(create_app(settings), headers=SAME_SITE) as browser:
        assert (
            browser.post("/login", data={"token": token}, follow_redirects=False).status_code == 303
        )
        page = browser.get(f"/dashboard/evidence/{two[0].evidence_id}")
        yield browser, csrf_of(page.text), {"Authorization": f"Bearer {token}"}


def changes(database: Database) -> int:
    with database.read_session() as session:
        found: int = session.exec(select(func.count()).select_from(Change)).one()
        return found


def test_every_route_refuses_another_entitys_report(
    client: TestClient,
    database: Database,
    two: tuple[Record, Record],
    unodc: tuple[TestClient, str, dict[str, str]],
) -> None:
    browser, csrf, bearer = unodc
    theirs = two[1]
    routes = routes_naming_a_report(client)
    assert len(routes) > 40  # the API and the dashboard's pages and forms
    before = changes(database)
    wrong = []
    for method, template in routes:
        path = filled(template, theirs)
        headers = {} if path.startswith("/dashboard/") else bearer
        answer = send(browser, method, path, headers, csrf)
        expected = 404 if method == "GET" else 403
        leaks = THEIRS in answer.text or "UNDP" in answer.text
        if answer.status_code != expected or (expected == 404 and leaks):
            wrong.append((method, template, answer.status_code, answer.text[:200]))
    assert wrong == []
    assert changes(database) == before


def test_the_same_requests_about_its_own_report_pass_the_scope_check(
    client: TestClient, two: tuple[Record, Record], unodc: tuple[TestClient, str, dict[str, str]]
) -> None:
    browser, csrf, bearer = unodc
    refused = []
    for method, template in routes_naming_a_report(client):
        path = filled(template, two[0])
        headers = {} if path.startswith("/dashboard/") else bearer
        answer = send(browser, method, path, headers, csrf)
        if answer.status_code in (401, 403, 404):
            refused.append((method, template, answer.status_code, answer.text[:200]))
    assert refused == []
