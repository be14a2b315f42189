"""The migration chain: upgrade to head, no drift from the models, downgrade to base."""

import json
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from app.config import Settings
from app.db import Database
from app.migrate import alembic_config, current_revision, downgrade, head_revision, upgrade
from tests.conftest import MakeDatabase
from tests.records import SEED_FILE, load_file


@pytest.fixture
def empty_database(make_database: MakeDatabase) -> str:
    return make_database("migrations")


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_check_downgrade_round_trip(empty_database: str) -> None:
    upgrade(empty_database)
    engine = create_engine(empty_database)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert {"report", "recommendation", "indicator", "evidence", "assessment"} <= tables(
        empty_database
    )
    command.check(alembic_config(empty_database))  # raises if the models drifted

    downgrade(empty_database, "base")
    assert tables(empty_database) <= {"alembic_version"}
    upgrade(empty_database)
    assert "evidence" in tables(empty_database)


def test_closures_become_no_longer_relevant_assessments_and_back(empty_database: str) -> None:
    """Migration 0007 carries each closure over as the oversight body's assessment that the
    recommendation is no longer relevant; its downgrade gives the closure back."""
    upgrade(empty_database)
    database = Database.from_settings(Settings(database_url=empty_database))
    report_id = load_file(database, SEED_FILE).report_id
    database.dispose()
    downgrade(empty_database, "0006")
    engine = create_engine(empty_database)
    closed_at = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    with engine.begin() as connection:
        rec = connection.execute(
            text("SELECT id FROM recommendation WHERE report_id = :r AND code = 'R3'"),
            {"r": report_id},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO closure (recommendation_id, reason, justification, closed_at, "
                "closed_by) VALUES (:rec, 'no_longer_relevant', 'superseded', :at, 'evaluator')"
            ),
            {"rec": rec, "at": closed_at},
        )
    upgrade(empty_database)
    assert "closure" not in tables(empty_database)
    with engine.connect() as connection:
        carried = connection.execute(
            text(
                "SELECT recommendation_id, status, assessed_on, justification, recorded_by "
                "FROM official_assessment"
            )
        ).one()
    assert tuple(carried[:2]) == (rec, "no_longer_relevant")
    assert str(carried[2]) == "2024-05-06"
    assert tuple(carried[3:]) == ("superseded", "evaluator")
    downgrade(empty_database, "0006")
    with engine.connect() as connection:
        back = connection.execute(text("SELECT recommendation_id, justification FROM closure"))
        assert [tuple(row) for row in back] == [(rec, "superseded")]
    engine.dispose()


def as_json(stored: object) -> object:
    """A JSON column as read by plain SQL: parsed already (PostgreSQL) or its text (SQLite)."""
    return json.loads(stored) if isinstance(stored, str | bytes) else stored


def test_caveat_texts_become_records_and_back(empty_database: str) -> None:
    """Migration 0013 turns each stored caveat text into a record holding the same text (no
    source, qualifying the recommendation as a whole); its downgrade gives the texts back."""
    upgrade(empty_database)
    database = Database.from_settings(Settings(database_url=empty_database))
    report_id = load_file(database, SEED_FILE).report_id
    database.dispose()
    downgrade(empty_database, "0012")
    engine = create_engine(empty_database)
    old = [{"en": "Subject to resources.", "zh": "视资源而定。"}]
    with engine.begin() as connection:
        rec = connection.execute(
            text("SELECT id FROM recommendation WHERE report_id = :r AND code = 'R2'"),
            {"r": report_id},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO response (recommendation_id, acceptance, text, caveats, source_ref, "
                "recorded_at, recorded_by) VALUES (:rec, 'accepted', :text, :caveats, '', :at, "
                "'officer')"
            ),
            {
                "rec": rec,
                "text": json.dumps({"en": "Accepted."}),
                "caveats": json.dumps(old),
                "at": datetime(2024, 5, 6, tzinfo=UTC),
            },
        )
    upgrade(empty_database)
    query = text("SELECT caveats FROM response WHERE recommendation_id = :rec ORDER BY id DESC")
    with engine.connect() as connection:
        stored = connection.execute(query, {"rec": rec}).scalars().first()
    caveats = as_json(stored)
    assert caveats == [{"text": old[0], "source_ref": "", "applies_to": None}]
    downgrade(empty_database, "0012")
    with engine.connect() as connection:
        stored = connection.execute(query, {"rec": rec}).scalars().first()
        columns = {c["name"] for c in inspect(connection).get_columns("report")}
    assert as_json(stored) == old
    assert "management_comments" not in columns
    engine.dispose()
