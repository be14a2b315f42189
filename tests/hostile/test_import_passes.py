"""An import reads and checks its file before it takes the write lock, and finds repeated
items on disk, not in a dict of every row (issue 13, findings 2 and 8)."""

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.clock import SYSTEM_CLOCK
from app.compliance.vocabulary import Verdict
from app.config import Settings
from app.db import Database
from app.evidence_sheets.matching import RowEffect
from app.evidence_sheets.outcome import ImportLimits, SheetUpload
from app.evidence_sheets.rows import EvidenceDraft
from app.evidence_sheets.service import import_staged, stage_evidence_sheet
from app.evidence_sheets.staging import Staging
from app.services.reports import find_report
from tests.builders import REPORT
from tests.evidence_sheets.sheets import COLUMNS, csv_bytes
from tests.records import write


def rows(count: int) -> bytes:
    body = [
        [REPORT, "R1.a", f"item {n}", "", "", "", "2026-01-01", f"x-{n}", "", "", ""]
        for n in range(count)
    ]
    return csv_bytes([COLUMNS, *body])


def test_the_file_is_read_while_others_can_write(
    settings: Settings, database: Database, seeded: int
) -> None:
    """While the first pass reads the file, another writer takes SQLite's write lock at once
    (before: the import's write transaction held it from the first row to the last)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite":
        pytest.skip("the write lock of the finding is SQLite's")
    others: list[int] = []

    def another_writer(read: int) -> None:
        with sqlite3.connect(str(url.database), timeout=0) as other:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" if anyone holds it
            other.execute("ROLLBACK")
        others.append(read)

    upload = SheetUpload(
        stream=io.BytesIO(rows(3000)),
        file_name="many.csv",
        limits=ImportLimits.of(settings),
        progress=another_writer,
    )
    with database.read_session() as session:
        report = find_report(session, REPORT)
        staged = stage_evidence_sheet(
            session, report, upload, actor="tests", now=SYSTEM_CLOCK.now(), dry_run=False
        )
        session.commit()
    try:
        outcome = write(database, lambda unit: import_staged(unit, report, staged))
    finally:
        staged.close()
    assert others == [1000, 2000, 3000]
    assert outcome.counts[RowEffect.CREATE] == 3000


def draft(row: int) -> EvidenceDraft:
    return EvidenceDraft(
        row=row,
        code="R1.a",
        title=f"item {row}",
        description="",
        source_url=None,
        document_symbol=None,
        effective_on=date(2026, 1, 1),
        external_id=f"x-{row}",
        derived_id=False,
        verdict=Verdict.MEETS,
        comment="",
        content_hash="h",
    )


def test_staging_names_the_first_row_of_each_item_and_gives_the_rows_back_in_order() -> None:
    with Staging() as staging:
        assert staging.first_rows([("x-1", 2), ("x-2", 3), ("x-1", 4)]) == {"x-1": 2, "x-2": 3}
        # A later batch sees the items of earlier ones.
        assert staging.first_rows([("x-3", 9), ("x-2", 10)]) == {"x-2": 3, "x-3": 9}
        for start in range(2, 2503, 1000):
            staging.add([draft(row) for row in range(start, min(start + 1000, 2503))])
        back = [d for batch in staging.batches() for d in batch]
        assert [len(batch) for batch in staging.batches()] == [1000, 1000, 501]
    assert not Path(staging.path).exists()  # deleted with the import
    assert [d.row for d in back] == list(range(2, 2503))
    assert back[0] == draft(2)
