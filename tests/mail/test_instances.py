"""Two `followup serve` instances on one database, both mailing: each reminder reaches its
subscriber once (each event is noticed by one of them, each message sent by one)."""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select

from app.db import normalize_url
from app.models import Notice
from tests.mail.smtp_server import smtp_server
from tests.servers import bearer, prepare, server_process
from tests.webhooks.receiver import eventually


def noticed(database_url: str) -> int:
    engine = create_engine(normalize_url(database_url))
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(Notice)).scalar_one())
    finally:
        engine.dispose()


def test_two_instances_send_each_reminder_once(database_url: str, tmp_path: Path) -> None:
    with smtp_server(tmp_path) as (url, ca_file, box):
        env = {
            **prepare(database_url),
            "FOLLOWUP_WEBHOOK_POLL_SECONDS": "0.05",
            "FOLLOWUP_SMTP_URL": url,
            "FOLLOWUP_SMTP_CA_FILE": str(ca_file),
        }
        auth = bearer(env)
        with (
            server_process(env, tmp_path / "a.log") as (first, _a),
            server_process(env, tmp_path / "b.log") as (second, _b),
        ):
            made = httpx.post(
                f"{first}/api/v1/subscriptions",
                json={"email": "focal.point@example.org", "language": "en", "digest": False},
                headers=auth,
            )
            assert made.status_code == 201, made.text
            eventually(lambda: noticed(database_url) >= 3, seconds=30)  # the first look
            report = httpx.get(f"{first}/api/v1/reports/oios-unodc-2021", headers=auth).json()
            target = (datetime.now(UTC).date() + timedelta(days=10)).isoformat()
            for n, rec in enumerate(report["recommendations"]):
                base = (first, second)[n % 2]
                moved = httpx.post(
                    f"{base}/api/v1/recommendations/{rec['id']}/target-date-changes",
                    json={"new_date": target, "reason": "Brought forward"},
                    headers=auth,
                )
                assert moved.status_code == 201, moved.text
            eventually(lambda: len(box.messages) >= 3, seconds=30)
            time.sleep(1)
        subjects = sorted(str(m["Subject"]) for m in box.messages)
        assert subjects == [
            f"Target date in 10 days: {code} of oios-unodc-2021" for code in ("R1", "R2", "R3")
        ]
        assert len({m["Message-ID"] for m in box.messages}) == 3
