"""The dashboard's sign-in cookie holds a server-side session id, never the API token (issue
13, finding 9): a copied cookie is no API key, and it stops working at sign-out, at expiry and
when its token is revoked."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.api.auth import COOKIE
from app.config import Settings
from app.db import Database
from app.main import create_app
from tests.fakes import FakeClock

SAME_SITE = {"Origin": "http://testserver"}


@pytest.fixture
def browser(settings: Settings, clock: FakeClock, seeded: int) -> Iterator[TestClient]:
    with TestClient(create_app(settings, clock=clock)) as client:
        yield client


def sign_in(browser: TestClient, token: str) -> str:
    signed = browser.post(
        "/login", data={"token": token}, headers=SAME_SITE, follow_redirects=False
    )
    assert signed.status_code == 303, signed.text
    session: str = signed.cookies[COOKIE]
    return session


def reads(browser: TestClient, session: str) -> int:
    code: int = browser.get(
        "/api/v1/reports", headers={"Cookie": f"{COOKIE}={session}"}
    ).status_code
    return code


def test_the_cookie_holds_a_session_id_and_the_database_only_its_hash(
    browser: TestClient, admin_token: str, database: Database
) -> None:
    session = sign_in(browser, admin_token)
    assert session.startswith("fs_")
    assert admin_token not in session
    assert reads(browser, session) == 200
    with database.engine.connect() as connection:
        stored = connection.execute(text("SELECT session_hash FROM browser_session")).scalars()
        assert session not in list(stored)


def test_a_session_id_is_no_api_token(browser: TestClient, admin_token: str) -> None:
    session = sign_in(browser, admin_token)
    browser.cookies.clear()
    as_bearer = {"Authorization": f"Bearer {session}"}
    assert browser.get("/api/v1/reports", headers=as_bearer).status_code == 401
    written = browser.post(
        "/api/v1/tokens", json={"name": "x", "role": "viewer"}, headers=as_bearer
    )
    assert written.status_code == 401


def test_a_cookie_holding_a_token_is_not_honoured(browser: TestClient, admin_token: str) -> None:
    """What older versions kept in the cookie: signing in again is asked for."""
    assert reads(browser, admin_token) == 401


def test_signing_out_ends_the_session_on_the_server(browser: TestClient, admin_token: str) -> None:
    session = sign_in(browser, admin_token)
    kept = session  # a copy, as a thief would keep one
    out = browser.post("/logout", headers=SAME_SITE, follow_redirects=False)
    assert out.status_code == 303
    assert reads(browser, kept) == 401


def test_revoking_the_token_ends_its_sessions(browser: TestClient, admin_token: str) -> None:
    admin = {"Authorization": f"Bearer {admin_token}"}
    made = browser.post("/api/v1/tokens", json={"name": "leaver", "role": "viewer"}, headers=admin)
    session = sign_in(browser, made.json()["token"])
    browser.cookies.clear()
    assert reads(browser, session) == 200
    revoked = browser.post(f"/api/v1/tokens/{made.json()['id']}/revocation", headers=admin)
    assert revoked.status_code == 200
    assert reads(browser, session) == 401


def test_a_session_expires(
    browser: TestClient, admin_token: str, settings: Settings, clock: FakeClock
) -> None:
    session = sign_in(browser, admin_token)
    browser.cookies.clear()
    assert reads(browser, session) == 200
    clock.advance(settings.session_hours * 3600 + 60)
    assert reads(browser, session) == 401
