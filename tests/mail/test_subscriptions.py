"""Subscriptions over the API (admins of the whole portfolio: addresses are personal data),
the SMTP URL's forms, and a server that offers no STARTTLS getting nothing."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.access.roles import Role
from app.config import Settings
from app.db import Database
from app.mail.smtp import SmtpServer
from app.main import create_app
from app.models import EmailDelivery
from tests.builders import indicator_ids
from tests.fakes import FakeClock
from tests.mail.smtp_server import smtp_server
from tests.records import issue, runtime
from tests.scopes.portfolio import scoped_token
from tests.webhooks.receiver import eventually


def test_a_subscription_is_made_listed_and_ended(client: TestClient, seeded: int) -> None:
    made = client.post(
        "/api/v1/subscriptions",
        json={"email": "focal.point@example.org", "language": "zh", "entities": ["UNODC"]},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert made.headers["location"] == f"/api/v1/subscriptions/{body['id']}"
    assert body["reminders"] is True
    assert body["digest"] is True
    assert body["entities"] == ["UNODC"]
    assert "unsubscribe_token" not in body
    listed = client.get("/api/v1/subscriptions").json()["items"]
    assert [s["email"] for s in listed] == ["focal.point@example.org"]
    ended = client.post(f"/api/v1/subscriptions/{body['id']}/unsubscription")
    assert ended.status_code == 200
    assert ended.json()["unsubscribed_at"] is not None
    assert client.get(f"/api/v1/subscriptions/{body['id']}/deliveries").json()["items"] == []
    assert client.post("/api/v1/subscriptions/999/unsubscription").status_code == 404
    # Subscriptions are the audit log's, not the change feed's.
    feed = client.get("/api/v1/changes").json()["items"]
    assert not [c for c in feed if c["entity"] == "subscription"]
    audit = client.get("/api/v1/audit", params={"entity": "subscription"}).json()["items"]
    assert [a["kind"] for a in audit] == ["subscription_created", "subscription_ended"]


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"email": "not an address", "language": "en"}, "email"),
        ({"email": "a@example.org", "language": "fr"}, "language"),
        ({"email": "a@example.org", "language": "en", "entities": ["Nowhere"]}, "entities"),
        ({"email": "a@example.org", "language": "en", "unknown": 1}, "unknown"),
    ],
)
def test_a_bad_subscription_is_refused_with_its_field(
    client: TestClient, seeded: int, fields: dict[str, object], where: str
) -> None:
    refused = client.post("/api/v1/subscriptions", json=fields)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert where in refused.text
    assert client.get("/api/v1/subscriptions").json()["items"] == []


def test_only_admins_of_the_whole_portfolio_manage_subscriptions(
    client: TestClient, database: Database, seeded: int
) -> None:
    scoped = scoped_token(client, "unodc-admin", "admin", entities=["UNODC"])
    contributor = issue(database, "contributor", Role.CONTRIBUTOR)
    for secret in (scoped, contributor):
        auth = {"Authorization": f"Bearer {secret}"}
        made = client.post(
            "/api/v1/subscriptions",
            json={"email": "a@example.org", "language": "en"},
            headers=auth,
        )
        assert made.status_code == 403
        assert client.get("/api/v1/subscriptions", headers=auth).status_code == 403


def test_the_smtp_url_forms() -> None:
    plain = SmtpServer.parse("smtp://user:p%40ss@mail.example.org")
    assert (plain.host, plain.port, plain.starttls, plain.implicit_tls) == (
        "mail.example.org",
        587,
        True,
        False,
    )
    assert (plain.username, plain.password) == ("user", "p@ss")
    tls = SmtpServer.parse("smtps://mail.example.org")
    assert (tls.port, tls.implicit_tls, tls.starttls) == (465, True, False)
    relay = SmtpServer.parse("smtp://127.0.0.1:25?starttls=false")
    assert (relay.port, relay.starttls) == (25, False)
    with pytest.raises(ValueError, match="smtp://"):
        SmtpServer.parse("http://mail.example.org")


def test_a_server_without_starttls_gets_nothing(
    settings: Settings, admin_token: str, seeded: int, tmp_path: Path, clock: FakeClock
) -> None:
    with smtp_server(tmp_path, starttls=False) as (url, _ca, box):
        mailing = settings.model_copy(
            update={"webhook_poll_seconds": 0.05, "webhook_retry_seconds": "0.1", "smtp_url": url}
        )
        with TestClient(create_app(mailing, clock=clock)) as app:
            app.headers["Authorization"] = f"Bearer {admin_token}"
            made = app.post(
                "/api/v1/subscriptions",
                json={"email": "a@example.org", "language": "en", "reminders": False},
            )
            assert made.status_code == 201
            app.post(
                f"/api/v1/indicators/{indicator_ids(app)['R1.a']}/evidence", json={"title": "x"}
            )
            clock.advance(8 * 86_400)
            database = runtime(app).database

            def tried() -> bool:
                with database.read_session() as session:
                    rows = session.exec(select(EmailDelivery)).all()
                    return any(r.attempts >= 1 and r.last_error for r in rows)

            eventually(tried)
            log = app.get(f"/api/v1/subscriptions/{made.json()['id']}/deliveries").json()
            assert "STARTTLS" in log["items"][0]["last_error"]
            assert box.messages == []
