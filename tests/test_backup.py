"""Backup and restore, as an operator runs them: every table comes back, and so does the status."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlmodel import SQLModel

from app.access.roles import Role
from app.config import Settings
from app.db import Database
from app.main import create_app
from app.migrate import upgrade
from tests.attachments.files import pdf, png
from tests.builders import indicator_ids, post_evidence
from tests.conftest import MakeDatabase
from tests.postgres import (
    sqlite_url,
)
from tests.records import ROOT, SEED_FILE, issue, load_file

FOLLOWUP = str(Path(sys.executable).parent / "followup")
# A PNG with 2.5 MiB of every byte value trailing it: three chunks.
PNG_OVER_CHUNKS = png() + bytes(range(256)) * (10 * 1024)


def every_table(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = {}
            for table in SQLModel.metadata.sorted_tables:
                order = list(table.primary_key.columns)
                rows = connection.execute(select(table).order_by(*order)).all()
                found[table.name] = [tuple(row) for row in rows]
            found["alembic_version"] = [
                tuple(r) for r in connection.exec_driver_sql("SELECT * FROM alembic_version")
            ]
            return found
    finally:
        engine.dispose()


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOLLOWUP_DATABASE_URL": url}
    return subprocess.run(
        [FOLLOWUP, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def status(url: str, token: str) -> tuple[str, bytes]:
    with TestClient(create_app(Settings(database_url=url))) as client:
        response = client.get(
            "/api/v1/reports/oios-unodc-2021/status",
            headers={"Authorization": f"Bearer {token}"},
        )
    return response.headers["etag"], response.content


def test_backup_and_restore_round_trip(make_database: MakeDatabase, tmp_path: Path) -> None:
    source = make_database("source")
    upgrade(source)
    database = Database.from_settings(Settings(database_url=source))
    load_file(database, SEED_FILE)
    token = issue(database, "operator", Role.ADMIN)
    database.dispose()
    with TestClient(create_app(Settings(database_url=source))) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        ids = indicator_ids(client)
        post_evidence(client, ids["R1.a"], verdict="meets", source_url="https://unodc.org/s")
        gender = post_evidence(client, ids["R2.c"], title="Gender marker, 2023")
        # Attachments live in the database: a file over several chunks, with every byte value.
        attached = client.post(
            f"/api/v1/evidence/{gender['id']}/attachments",
            files=[
                ("file", ("gender marker.pdf", pdf(), "application/pdf")),
                ("file", ("chart.png", PNG_OVER_CHUNKS, "image/png")),
            ],
        )
        assert attached.status_code == 201, attached.text
        client.post(
            "/api/v1/reports/oios-unodc-2021/imports",
            params={"dry_run": "false"},
            files={"file": ("e.csv", "indicator,title,verdict\nR3.a,Joint programme,meets\n")},
        )
    before = every_table(source)
    assert len(before["evidence"]) == 3
    assert len(before["attachment_chunk"]) == 4
    before_status = status(source, token)

    archive = tmp_path / "followup.backup"
    made = run(source, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    target = make_database("target")
    restored = run(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr

    assert every_table(target) == before
    assert status(target, token) == before_status
    with TestClient(create_app(Settings(database_url=target))) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        for sent in (pdf(), PNG_OVER_CHUNKS):
            url = f"/api/v1/attachments/{hashlib.sha256(sent).hexdigest()}"
            assert client.get(url).content == sent
    again = run(target, "restore", str(archive))
    assert again.returncode == 1, "a database holding reports is not overwritten by accident"
    assert "--force" in again.stderr
    assert run(target, "restore", "--force", str(archive)).returncode == 0
    assert every_table(target) == before


def test_a_backup_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    result = run(sqlite_url(tmp_path / "t.db"), "restore", str(bogus))
    assert result.returncode == 1
    assert "neither a SQLite backup nor a pg_dump" in result.stderr
