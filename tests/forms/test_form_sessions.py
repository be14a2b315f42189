"""A dashboard session writes only while it lasts: after sign-out (on any instance), once its
token is revoked, and past its expiry, a form post is refused and writes nothing."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from app.access.roles import Role
from app.api.auth import COOKIE
from app.config import Settings
from app.db import Database
from app.main import create_app
from app.models import Evidence
from tests.fakes import FakeClock
from tests.forms.signed_in import SAME_SITE, csrf_of
from tests.records import issue


@pytest.fixture
def browser(settings: Settings, clock: FakeClock, seeded: int) -> Iterator[TestClient]:
    with TestClient(create_app(settings, clock=clock), headers=SAME_SITE) as client:
        yield client


@pytest.fixture
def record_url(client: TestClient, seeded: int) -> str:
    detail = client.get("/api/v1/reports/oios-unodc-2021").json()
    return f"/dashboard/indicators/{detail['recommendations'][0]['indicators'][0]['id']}/record"


def signed_in_as(browser: TestClient, token: str, url: str) -> tuple[str, str]:
    """The session id and the CSRF token of a browser signed in with `token`."""
    answer = browser.post("/login", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 303
    return browser.cookies[COOKIE], csrf_of(browser.get(url).text)


def post(browser: TestClient, url: str, session: str, csrf: str) -> int:
    browser.cookies.clear()
    browser.cookies.set(COOKIE, session)
    code: int = browser.post(url, data={"csrf_token": csrf, "title": "Late"}).status_code
    return code


def evidence(database: Database) -> int:
    with database.read_session() as session:
        found: int = session.exec(select(func.count()).select_from(Evidence)).one()
        return found


def test_a_signed_out_session_writes_nothing(
    browser: TestClient, database: Database, record_url: str
) -> None:
    session, csrf = signed_in_as(browser, issue(database, "officer", Role.EVALUATOR), record_url)
    assert (
        browser.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code
        == 303
    )
    assert post(browser, record_url, session, csrf) == 401
    assert evidence(database) == 0


def test_a_revoked_tokens_session_writes_nothing(
    browser: TestClient, database: Database, admin_token: str, record_url: str
) -> None:
    admin = {"Authorization": f"Bearer {admin_token}"}
    made = browser.post(
        "/api/v1/tokens", json={"name": "leaver", "role": "evaluator"}, headers=admin
    )
    session, csrf = signed_in_as(browser, made.json()["token"], record_url)
    revoked = browser.post(f"/api/v1/tokens/{made.json()['id']}/revocation", headers=admin)
    assert revoked.status_code == 200
    assert post(browser, record_url, session, csrf) == 401
    assert evidence(database) == 0


def test_an_expired_session_writes_nothing(
    browser: TestClient, database: Database, settings: Settings, clock: FakeClock, record_url: str
) -> None:
    session, csrf = signed_in_as(browser, issue(database, "officer", Role.EVALUATOR), record_url)
    clock.advance(settings.session_hours * 3600 + 60)
    assert post(browser, record_url, session, csrf) == 401
    assert evidence(database) == 0
