"""The database layer's own promises (SQLite's page cache for bulk writes)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from app.config import Settings
from app.db import BULK_CACHE_KIB, Database, bulk_cache


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[Database]:
    database = Database.from_settings(Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}"))
    yield database
    database.dispose()


def cache_kib(session: Session) -> int:
    return int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar() or 0)


def test_a_bulk_write_gets_a_large_cache_and_gives_it_back(sqlite: Database) -> None:
    with sqlite.write_session() as session:
        usual = cache_kib(session)
        assert usual != -BULK_CACHE_KIB
        with bulk_cache(session):
            assert cache_kib(session) == -BULK_CACHE_KIB
        assert cache_kib(session) == usual


def test_the_cache_goes_back_even_when_the_write_is_rolled_back(sqlite: Database) -> None:
    with sqlite.write_session() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        usual = raw.execute("PRAGMA cache_size").fetchone()[0]

        def failed_import() -> None:
            with bulk_cache(session):
                session.rollback()  # the connection is back in the pool, mid-block
                raise RuntimeError("the import failed")

        with pytest.raises(RuntimeError):
            failed_import()
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == usual
