"""Imports on PostgreSQL write their rows with COPY: the same rows and change-log entries as
SQLite's executemany, and still all or nothing when a later batch fails."""

import io
import json
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from app.config import Settings
from app.db import Database
from app.errors import Conflict
from app.evidence_sheets.matching import RowEffect
from app.evidence_sheets.outcome import ImportLimits, ImportOutcome, SheetUpload
from app.evidence_sheets.service import BATCH, import_staged, stage_evidence_sheet
from app.services.reports import find_report
from tests.builders import REPORT
from tests.conftest import empty_postgres
from tests.evidence_sheets.sheets import csv_bytes
from tests.postgres import sqlite_url
from tests.records import SEED_FILE, load_file, write

pytestmark = pytest.mark.postgres

CODES = ["R1.a", "R1.b", "R1.c", "R2.a", "R2.b", "R2.c", "R3.a"]
ROWS = BATCH + 300  # two batches: the second one written by a COPY of its own
VERDICTS = ["", "meets", "partially_meets", "does_not_meet"]
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def sheet(revision: str, shift: int) -> bytes:
    rows = [["indicator", "title", "effective_on", "external_id", "verdict", "comment"]]
    for n in range(ROWS):
        verdict = VERDICTS[(n + shift) % 4]
        comment = f"Comment {n}" if n % 5 == 0 and verdict else ""
        rows.append([CODES[n % 7], f"Item {n}{revision}", "2026-01-15", f"c-{n}", verdict, comment])
    return csv_bytes(rows)


def import_sheet(database: Database, content: bytes) -> ImportOutcome:
    """Both passes of an import, as the endpoint runs them."""
    with database.read_session() as session:
        report = find_report(session, REPORT)
        upload = SheetUpload(
            stream=io.BytesIO(content), file_name="c.csv", limits=ImportLimits.of(Settings())
        )
        staged = stage_evidence_sheet(
            session, report, upload, actor="importer", now=NOW, dry_run=False
        )
        session.commit()
    try:
        return write(database, lambda unit: import_staged(unit, report, staged), actor="importer")
    finally:
        staged.close()


@pytest.fixture
def both(sqlite_template: Path, postgres_database: str, tmp_path: Path) -> Iterator[list[Database]]:
    """A seeded SQLite database and a seeded PostgreSQL one."""
    path = tmp_path / "followup.db"
    shutil.copy(sqlite_template, path)
    databases = [
        Database.from_settings(Settings(database_url=url))
        for url in (sqlite_url(path), postgres_database)
    ]
    for database in databases:
        load_file(database, SEED_FILE)
    yield databases
    for database in databases:
        database.dispose()
    empty_postgres(postgres_database)


def record_of(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """What the imports wrote, without what only a backend decides (ids, times)."""
    queries = {
        "evidence": "SELECT i.code, e.title, e.description, e.source_url, e.document_symbol, "
        "e.effective_on, e.external_id, e.revision, s.external_id, s.revision, "
        "e.content_hash, e.recorded_by FROM evidence e JOIN indicator i ON i.id = e.indicator_id "
        "LEFT JOIN evidence s ON s.id = e.supersedes_id WHERE e.import_id IS NOT NULL",
        "assessment": "SELECT e.external_id, e.revision, a.verdict, a.comment, a.assessed_by "
        "FROM assessment a JOIN evidence e ON e.id = a.evidence_id WHERE e.import_id IS NOT NULL",
        "import": "SELECT file_name, rows, created, superseded, assessed, unchanged, imported_by "
        "FROM evidence_import",
        "change": "SELECT kind, entity, actor, data FROM change WHERE kind = 'evidence_imported'",
    }
    with database.read_session() as session:
        return {
            name: sorted(
                tuple(_plain(value) for value in row) for row in session.execute(text(sql))
            )
            for name, sql in queries.items()
        }


def _plain(value: object) -> str:
    """A value as text; JSON (read back as text from SQLite, parsed from PostgreSQL) in one
    form."""
    if isinstance(value, str) and value.startswith("{"):
        value = json.loads(value)
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value)


def test_an_import_on_postgresql_writes_the_rows_and_changes_sqlite_writes(
    both: list[Database],
) -> None:
    for database in both:
        first = import_sheet(database, sheet("", 0))
        second = import_sheet(database, sheet(" (revised)", 1))
        assert first.counts[RowEffect.CREATE] == second.counts[RowEffect.SUPERSEDE] == ROWS
    sqlite, postgres = (record_of(database) for database in both)
    assert len(sqlite["evidence"]) == 2 * ROWS
    assert len(sqlite["assessment"]) > ROWS
    assert len(sqlite["change"]) == 2
    assert postgres == sqlite


def test_a_copy_failing_in_a_later_batch_leaves_nothing_of_the_import(
    postgres_database: str,
) -> None:
    """A concurrent write takes an external id of the second batch after the import matched
    it: that batch's COPY fails on the unique key, and the whole import is rolled back (the
    first batch, the import record, its change-log entry), answered as a conflict."""
    database = Database.from_settings(Settings(database_url=postgres_database))
    try:
        load_file(database, SEED_FILE)
        taken = f"c-{BATCH + 7}"
        libpq = postgres_database.replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(libpq) as other:
            ids = other.execute(
                "SELECT i.report_id, i.recommendation_id, i.id FROM indicator i WHERE i.code = %s",
                (CODES[(BATCH + 7) % 7],),
            ).fetchone()
            assert ids is not None
            other.execute(
                "INSERT INTO evidence (report_id, recommendation_id, indicator_id, title, "
                "description, effective_on, external_id, revision, content_hash, recorded_at, "
                "recorded_by) VALUES (%s, %s, %s, 'Elsewhere', '', '2026-01-15', %s, 1, %s, "
                "now(), 'other')",
                (*ids, taken, "0" * 64),
            )
            before = counts(database)
            outcome: list[BaseException | ImportOutcome] = []

            def run() -> None:
                try:
                    outcome.append(import_sheet(database, sheet("", 0)))
                except BaseException as exc:  # handed to the test's thread
                    outcome.append(exc)

            importing = threading.Thread(target=run)
            importing.start()
            wait_for_lock_wait(other)
            other.commit()  # the import's COPY now meets the committed row
            importing.join(timeout=120)
        assert len(outcome) == 1
        assert isinstance(outcome[0], Conflict)
        after = counts(database)
        assert after == {**before, "evidence": before["evidence"] + 1}
    finally:
        database.dispose()
        empty_postgres(postgres_database)


def counts(database: Database) -> dict[str, int]:
    with database.read_session() as session:
        return {
            table: int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("evidence", "assessment", "evidence_import", "change", "data_version")
        } | {
            "versions": int(
                session.execute(text("SELECT sum(version) FROM data_version")).scalar_one()
            )
        }


def wait_for_lock_wait(other: psycopg.Connection[Any]) -> None:
    """Until another backend waits for a lock this connection's transaction holds."""
    with psycopg.connect(other.info.dsn, autocommit=True) as watcher:
        for _ in range(600):
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND %s = ANY(pg_blocking_pids(pid))",
                (other.info.backend_pid,),
            ).fetchone()
            if waiting is not None and waiting[0]:
                return
            time.sleep(0.1)
    raise AssertionError("the import never waited for the concurrent write")
