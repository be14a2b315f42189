"""The migration chain: upgrade to head, no drift from the models, downgrade to base."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from app.migrate import alembic_config, current_revision, downgrade, head_revision, upgrade
from tests.conftest import BACKENDS
from tests.postgres import create_database, drop_database, sqlite_url


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "fresh.db")
    else:
        admin: str = request.getfixturevalue("postgres_admin")
        url = create_database(admin, prefix="followup_migrations")
        yield url
        drop_database(admin, url)


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
