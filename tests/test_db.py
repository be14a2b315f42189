"""The database layer's own promises: SQLite's page cache for bulk writes, writers' turns."""

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from app import db
from app.clock import SYSTEM_CLOCK
from app.config import Settings
from app.db import BULK_CACHE_KIB, Database, bulk_work, consistent_snapshot, make_engine
from app.migrate import upgrade
from app.models.data_version import DataVersion
from app.writes.unit_of_work import UnitOfWork
from app.writes.writer import Writer


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
        with bulk_work(session):
            assert cache_kib(session) == -BULK_CACHE_KIB
        assert cache_kib(session) == usual


def test_the_cache_goes_back_even_when_the_write_is_rolled_back(sqlite: Database) -> None:
    with sqlite.write_session() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        usual = raw.execute("PRAGMA cache_size").fetchone()[0]

        def failed_import() -> None:
            with bulk_work(session):
                session.rollback()  # the connection is back in the pool, mid-block
                raise RuntimeError("the import failed")

        with pytest.raises(RuntimeError):
            failed_import()
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == usual


Write = Callable[[Database, int, Callable[[], None]], None]


def through_a_write_session(database: Database, scope: int, between: Callable[[], None]) -> None:
    with database.write_session() as session:
        session.execute(insert(DataVersion).values(id=scope, version=1))
        between()
        session.commit()


def through_the_writer(database: Database, scope: int, between: Callable[[], None]) -> None:
    def work(unit: UnitOfWork) -> None:
        unit.session.execute(insert(DataVersion).values(id=scope, version=1))
        between()

    Writer(database, SYSTEM_CLOCK).run_in_new_session("tests", work)


@pytest.mark.parametrize("write", [through_a_write_session, through_the_writer])
def test_writers_of_one_process_take_turns_before_asking_sqlite(
    tmp_path: Path, write: Write
) -> None:
    """Even with SQLite told not to wait at all, a second writer of the same process waits for
    its turn instead of failing with "database is locked"."""
    url = f"sqlite:///{tmp_path / 'turns.db'}"
    upgrade(url)
    impatient = make_engine(Settings(database_url=url, sqlite_busy_timeout_ms=0))
    database = Database(impatient, busy_timeout_ms=30_000)
    holding, release, asking = threading.Event(), threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold() -> None:
        holding.set()
        assert release.wait(timeout=30)

    def attempt(scope: int, between: Callable[[], None]) -> None:
        try:
            write(database, scope, between)
        except BaseException as exc:  # collected: an error in a thread would be lost
            failures.append(exc)

    first = threading.Thread(target=attempt, args=(1, hold))
    first.start()
    assert holding.wait(timeout=30)

    def ask() -> None:
        asking.set()
        attempt(2, lambda: None)

    second = threading.Thread(target=ask)
    second.start()
    assert asking.wait(timeout=30)
    second.join(timeout=0.2)
    assert second.is_alive(), f"the second writer did not wait for its turn: {failures}"
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert failures == []
    with database.read_session() as session:
        assert set(session.exec(select(DataVersion.id)).all()) == {1, 2}
    database.dispose()


def pooled_pid(database: Database) -> int:
    with database.read_session() as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def terminate(url: str, pid: int) -> None:
    """End a server process from outside, as a restart or an administrator would."""
    libpq = url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(libpq, autocommit=True) as killer:
        killer.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))


@pytest.mark.postgres
def test_a_pooled_connection_dropped_while_idle_is_replaced_before_use(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: a connection idle past PING_AFTER_IDLE_SECONDS is pinged as it leaves the
    pool, and one the server dropped meanwhile is replaced: its user never sees the error."""
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    database = Database.from_settings(Settings(database_url=postgres_database, db_pool_size=1))
    try:
        first = pooled_pid(database)
        terminate(postgres_database, first)
        assert pooled_pid(database) != first
    finally:
        database.dispose()


@pytest.mark.postgres
def test_a_pinged_connection_leaves_no_transaction_behind(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: after the ping of an idle connection, a read session still sets its own
    isolation level (a ping that left a transaction open made every status read after a
    second of quiet fail: "can't change 'autocommit' now")."""
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    database = Database.from_settings(Settings(database_url=postgres_database, db_pool_size=1))
    try:
        for _ in range(3):
            with database.read_session() as session:
                consistent_snapshot(session)
                assert session.exec(select(1)).one() == 1
    finally:
        database.dispose()


@pytest.mark.postgres
def test_a_recently_used_connection_is_not_pinged_and_a_drop_fails_one_use(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other side of the trade: within PING_AFTER_IDLE_SECONDS of its last use the
    connection is taken as alive (no round trip); if it was dropped, one use fails and the
    pool connects anew for the next."""
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 3600.0)
    database = Database.from_settings(Settings(database_url=postgres_database, db_pool_size=1))
    try:
        first = pooled_pid(database)
        terminate(postgres_database, first)
        with pytest.raises(OperationalError):
            pooled_pid(database)
        assert pooled_pid(database) != first
    finally:
        database.dispose()


def prepared(session: Session) -> int:
    """How many statements the driver has prepared on the session's server connection."""
    return int(session.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one())


@pytest.mark.postgres
def test_a_bulk_job_on_postgresql_prepares_no_statement_and_the_connection_goes_back_as_it_was(
    postgres_database: str,
) -> None:
    """Each look-up of an import is planned for its own values: the driver, which prepares a
    statement after a few runs (and the server then may pick a generic plan), prepares none
    during the job, and does again after it."""
    database = Database.from_settings(Settings(database_url=postgres_database, db_pool_size=1))
    again = text("SELECT count(*) FROM alembic_version WHERE version_num <> :v")
    try:
        with database.read_session() as session:
            with bulk_work(session):
                for n in range(10):
                    session.execute(again, {"v": str(n)})
                assert prepared(session) == 0
            for n in range(10):
                session.execute(again, {"v": str(n)})
            assert prepared(session) >= 1
    finally:
        database.dispose()
