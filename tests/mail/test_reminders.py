"""Reminders and digests through a real SMTP server (aiosmtpd on 127.0.0.1, STARTTLS and a
login): each arrives once, in the subscriber's language, as plain text and HTML, with an
unsubscribe link that works; a server that offers no STARTTLS gets nothing."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.config import Settings
from app.main import create_app
from app.models import EmailDelivery, Notice
from tests.builders import indicator_ids, recommendation_ids
from tests.fakes import FakeClock
from tests.mail.smtp_server import Mailbox, smtp_server
from tests.records import runtime
from tests.webhooks.receiver import eventually

START = datetime(2026, 12, 3, 12, tzinfo=UTC)  # a Thursday, in ISO week 2026-W49
DAY = 86_400.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def mail(tmp_path: Path) -> Iterator[tuple[str, Path, Mailbox]]:
    with smtp_server(tmp_path) as found:
        yield found


@pytest.fixture
def app(
    settings: Settings,
    admin_token: str,
    clock: FakeClock,
    seeded: int,
    mail: tuple[str, Path, Mailbox],
) -> Iterator[TestClient]:
    url, ca_file, _box = mail
    mailing = settings.model_copy(
        update={
            "webhook_poll_seconds": 0.05,
            "webhook_retry_seconds": "0.1",
            "smtp_url": url,
            "smtp_ca_file": str(ca_file),
            "smtp_from": "followup <followup@example.org>",
            "public_url": "https://followup.example.org",
        }
    )
    with TestClient(create_app(mailing, clock=clock)) as client:
        client.headers["Authorization"] = f"Bearer {admin_token}"
        yield client


def subscribe(app: TestClient, email: str, language: str, **fields: object) -> dict[str, object]:
    made = app.post("/api/v1/subscriptions", json={"email": email, "language": language, **fields})
    assert made.status_code == 201, made.text
    created: dict[str, object] = made.json()
    return created


def looked_at_everything(app: TestClient) -> None:
    """Wait for the watcher's first look (where each recommendation stands: no reminder)."""
    database = runtime(app).database

    def looked() -> bool:
        with database.read_session() as session:
            return len(session.exec(select(Notice.id)).all()) >= 3

    eventually(looked)


def quiet(app: TestClient) -> None:
    """Nothing pending: every message made so far has been sent (or given up)."""
    database = runtime(app).database

    def done() -> bool:
        with database.read_session() as session:
            states = session.exec(select(EmailDelivery.state)).all()
            return "pending" not in states

    eventually(done)


def noticed(app: TestClient, kind: str, recommendation: str) -> bool:
    found = app.get("/api/v1/audit", params={"kind": kind}).json()["items"]
    return any(event["data"]["recommendation"] == recommendation for event in found)


def plain_and_html(message: EmailMessage) -> tuple[str, str]:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None
    assert html is not None
    return str(plain.get_content()), str(html.get_content())


def test_a_reminder_arrives_once_in_each_subscribers_language(
    app: TestClient, clock: FakeClock, mail: tuple[str, Path, Mailbox]
) -> None:
    box = mail[2]
    subscribe(app, "focal.point@example.org", "zh", entities=["UNODC"], digest=False)
    subscribe(app, "evaluator@example.org", "en", digest=False)
    looked_at_everything(app)
    rec = recommendation_ids(app)["R1"]
    target = START.date() + timedelta(days=40)
    moved = app.post(
        f"/api/v1/recommendations/{rec}/target-date-changes",
        json={"new_date": target.isoformat(), "reason": "Strategy adopted later"},
    )
    assert moved.status_code == 201, moved.text
    clock.advance(11 * DAY)  # 29 days before the target date
    eventually(lambda: len(box.to("focal.point@example.org")) == 1)
    eventually(lambda: len(box.to("evaluator@example.org")) == 1)
    quiet(app)
    clock.advance(1)
    quiet(app)
    [zh] = box.to("focal.point@example.org")
    [en] = box.to("evaluator@example.org")
    assert zh["Subject"] == "目标日期还有 29 天：oios-unodc-2021 建议 R1"
    assert en["Subject"] == "Target date in 29 days: R1 of oios-unodc-2021"
    assert zh["Content-Language"] == "zh"
    assert zh["From"] == "followup <followup@example.org>"
    plain, html = plain_and_html(zh)
    assert f"目标日期为 {target.isoformat()}，还有 29 天" in plain
    assert "https://followup.example.org/?report=oios-unodc-2021" in plain
    assert "退订" in plain
    assert 'lang="zh"' in html
    assert "https://followup.example.org/unsubscribe/" in html
    plain_en, _ = plain_and_html(en)
    assert "The target date of recommendation R1 of report oios-unodc-2021" in plain_en
    assert en["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert en["List-Unsubscribe"].startswith("<https://followup.example.org/unsubscribe/")


def test_the_digest_of_a_week_arrives_once(
    app: TestClient, clock: FakeClock, mail: tuple[str, Path, Mailbox]
) -> None:
    box = mail[2]
    subscribe(app, "head@example.org", "en", reminders=False)
    subscribe(app, "zh.head@example.org", "zh", reminders=False)
    looked_at_everything(app)
    indicator = indicator_ids(app)["R1.a"]
    for title in ("Strategy draft", "Board minutes"):
        made = app.post(f"/api/v1/indicators/{indicator}/evidence", json={"title": title})
        assert made.status_code == 201
    rec = recommendation_ids(app)["R2"]
    assessed = app.post(
        f"/api/v1/recommendations/{rec}/assessments",
        json={"status": "implemented", "source_ref": "A/78/5"},
    )
    assert assessed.status_code == 201
    eventually(lambda: noticed(app, "recommendation_status_changed", "R2"))
    quiet(app)
    assert box.messages == []  # the week is not over
    clock.advance(4 * DAY)  # Monday 7 December: week 49 is over
    eventually(lambda: len(box.messages) == 2)
    clock.advance(DAY)
    quiet(app)
    [en] = box.to("head@example.org")
    [zh] = box.to("zh.head@example.org")
    assert en["Subject"].startswith("followup weekly digest, 2026-W49:")
    assert zh["Subject"].startswith("followup 每周摘要（2026-W49）")
    plain, html = plain_and_html(en)
    assert "Evidence recorded: 2" in plain
    assert "oios-unodc-2021 R2:" in plain
    assert "-> Implemented" in plain
    assert "Evidence recorded" in html
    plain_zh, _ = plain_and_html(zh)
    assert "记录证据: 2" in plain_zh
    assert "已执行" in plain_zh
    # A quiet week: its digest is made (once) but not sent.
    clock.advance(7 * DAY)
    database = runtime(app).database

    def made_for_week_50() -> bool:
        with database.read_session() as session:
            keys = session.exec(
                select(EmailDelivery.state).where(EmailDelivery.key == "digest:2026-W50")
            ).all()
            return list(keys) == ["empty", "empty"]

    eventually(made_for_week_50)
    quiet(app)
    assert len(box.messages) == 2


def test_the_unsubscribe_link_asks_then_stops_everything(
    app: TestClient, clock: FakeClock, mail: tuple[str, Path, Mailbox]
) -> None:
    box = mail[2]
    made = subscribe(app, "leaving@example.org", "en")
    looked_at_everything(app)
    app.post(f"/api/v1/indicators/{indicator_ids(app)['R1.a']}/evidence", json={"title": "x"})
    clock.advance(4 * DAY)
    eventually(lambda: len(box.to("leaving@example.org")) == 1)
    link = box.to("leaving@example.org")[0]["List-Unsubscribe"].strip("<>")
    path = httpx.URL(link).path
    secret = app.headers.pop("Authorization")  # whoever holds the link: nobody signed in
    asked = app.get(path)
    assert asked.status_code == 200
    assert "Stop sending reminders and digests to leaving@example.org?" in asked.text
    assert '<form method="post">' in asked.text
    assert "default-src 'none'" in asked.headers["content-security-policy"]
    # What a mail provider's one-click unsubscribe posts (RFC 8058), without any sign-in.
    left = app.post(
        path,
        content="List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert left.status_code == 200
    assert "leaving@example.org will receive no more e-mails" in left.text
    again = app.post(path)
    assert again.status_code == 200
    app.headers["Authorization"] = secret
    listed = app.get("/api/v1/subscriptions").json()["items"]
    assert [s["unsubscribed_at"] is not None for s in listed if s["id"] == made["id"]] == [True]
    audit = app.get("/api/v1/audit", params={"kind": "subscription_ended"}).json()["items"]
    assert [a["actor"] for a in audit] == ["unsubscribe link of leaving@example.org"]
    clock.advance(7 * DAY)  # another week: no digest for those who left
    app.post(f"/api/v1/indicators/{indicator_ids(app)['R1.a']}/evidence", json={"title": "y"})
    clock.advance(7 * DAY)
    quiet(app)
    assert len(box.to("leaving@example.org")) == 1
    unknown = app.get("/unsubscribe/" + "x" * 43)
    assert unknown.status_code == 404
    assert "not known" in unknown.text
