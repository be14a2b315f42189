"""Rows written through the driver's executemany read back exactly as Core writes them."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, String, Table, insert, select

from app.compliance.vocabulary import Verdict
from app.db import Database
from app.evidence_sheets.bulk import BulkInsert
from app.models.base import StrEnumType, UTCDateTime

PROBE = Table(
    "bulk_probe",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("source", String(10), nullable=False),
    Column("on", Date),
    Column("at", UTCDateTime, nullable=False),
    Column("verdict", StrEnumType(Verdict)),
    Column("note", String(50)),
)
MOMENT = datetime(2026, 3, 1, 12, 30, 15, 250, tzinfo=UTC)
# (on, verdict, note): dates, enums and None among them, in another order than the table's
ROWS = [
    (date(2024, 1, 15), Verdict.MEETS, "first"),
    (None, None, None),
    (date(2024, 1, 15), Verdict.DOES_NOT_MEET, "same date again"),
]


def test_bulk_rows_read_back_as_core_writes_them(database: Database) -> None:
    with database.write_session() as session:
        connection = session.connection()
        PROBE.create(connection)
        bulk = BulkInsert(
            connection, PROBE, ("note", "verdict", "on"), {"at": MOMENT, "source": "bulk"}
        )
        bulk.execute((note, verdict, on) for on, verdict, note in ROWS)
        connection.execute(
            insert(PROBE),
            [
                {"on": on, "verdict": verdict, "note": note, "at": MOMENT, "source": "core"}
                for on, verdict, note in ROWS
            ],
        )
        found = connection.execute(
            select(PROBE.c.source, PROBE.c.on, PROBE.c.at, PROBE.c.verdict, PROBE.c.note)
        ).all()
        session.rollback()

    def written(source: str) -> list[tuple[object, ...]]:
        return [tuple(row[1:]) for row in found if row[0] == source]

    assert written("bulk") == written("core") == [(on, MOMENT, v, n) for on, v, n in ROWS]
    assert isinstance(written("bulk")[0][2], Verdict)


def test_bulk_rows_ask_for_nothing_back(database: Database) -> None:
    """One statement for many rows, as Core writes them: no RETURNING of new ids."""
    with database.write_session() as session:
        bulk = BulkInsert(session.connection(), PROBE, ("on",), {"at": MOMENT, "source": "x"})
    assert "RETURNING" not in bulk.sql.upper()


def test_every_column_with_a_default_must_be_given(database: Database) -> None:
    with_default = Table(
        "bulk_defaults",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("kind", String(10), nullable=False, default="plain"),
    )
    with (
        database.write_session() as session,
        pytest.raises(ValueError, match=r"\['kind'\]"),
    ):
        BulkInsert(session.connection(), with_default, (), {})
