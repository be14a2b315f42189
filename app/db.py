"""Engines and sessions: SQLite (WAL, enforced foreign keys, one writer at a time) or PostgreSQL.

A session reads without any lock; `Database.writing` turns it into a write session for a block
(on SQLite, one whose transaction holds the write lock from its first statement)."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session

from app.config import Settings

# An execution option on a connection whose transaction writes (see _configure_sqlite).
WRITE_OPTION = "followup_write"


def consistent_snapshot(session: Session) -> None:
    """One consistent view of the record for the session's whole transaction (PostgreSQL reads
    committed data statement by statement otherwise; a SQLite read transaction is a snapshot
    already). Call before the session's first statement."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


# Page cache for one bulk write on SQLite (the default is 2 MiB): an import of hundreds of
# thousands of rows touches its indexes all over, and with the small cache SQLite spills and
# re-reads the same pages many times. Given back when the import ends; the server's peak
# memory stays within the import's budget (see the benchmarks).
BULK_CACHE_KIB = 64 * 1024


@contextmanager
def bulk_work(session: Session) -> Iterator[None]:
    """The session's connection set up for one bulk job while the block runs: on SQLite a
    large page cache; on PostgreSQL no statement prepared by the driver, so that each of the
    job's look-ups is planned for its own values.

    Why not prepared: psycopg prepares a statement run five times, and PostgreSQL's generic
    plan for a look-up, made for any report, reached a report's items by date, all of them:
    200,000 rows into a portfolio of 10,000 items spent 590 s of 607 in look-ups. Forcing
    custom plans on the server instead (plan_cache_mode) also re-planned every foreign-key
    check of every row written, and made COPY 2.3 times slower."""
    connection = session.connection()
    # The driver's own connection: it goes back to the pool, whatever the session did with
    # its transaction meanwhile, and must go back as it was.
    raw = connection.connection.dbapi_connection
    assert raw is not None
    if connection.dialect.name == "postgresql":
        threshold = raw.prepare_threshold
        raw.prepare_threshold = None
        try:
            yield
        finally:
            raw.prepare_threshold = threshold
        return
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(raw.execute("PRAGMA cache_size").fetchone()[0])
    raw.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        # A connection broken mid-import is discarded by the pool anyway; its error must not
        # hide the import's own.
        with suppress(Exception):
            raw.execute(f"PRAGMA cache_size={before}")


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def normalize_url(url: str) -> str:
    """Let users write postgresql:// and still get the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that "begin" below decides
        # whether a transaction reserves the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # FULL: an acknowledged write survives a power cut, not just a crashed process.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes cannot wait for the lock: SQLite
        # fails it at once with "database is locked". Writers therefore take the lock first
        # (IMMEDIATE) and wait on busy_timeout; readers stay deferred and never block in WAL.
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


class WriteTurns:
    """This process's writers, one at a time, before they ask SQLite for its write lock: a
    waiter then starts the moment the lock is free, where SQLite's own busy handler would sleep
    in steps of up to 100 ms. (Other processes on the same file still meet busy_timeout; past
    it a writer goes ahead without its turn, and SQLite decides.)"""

    def __init__(self, timeout_seconds: float) -> None:
        self._lock = threading.Lock()
        self._timeout = timeout_seconds

    @contextmanager
    def turn(self) -> Iterator[None]:
        taken = self._lock.acquire(timeout=self._timeout)
        try:
            yield
        finally:
            if taken:
                self._lock.release()


def make_engine(settings: Settings) -> Engine:
    url = normalize_url(settings.database_url)
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            pool_size=settings.db_pool_size,
            max_overflow=0,
            pool_timeout=60,
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_timeout=60,
    )
    _ping_when_idle(engine)
    return engine


# A pooled connection used this recently is taken as alive without asking the server: the
# ping is a round trip, and the group commit checks out a connection for every group (see
# docs/benchmarks.md, PostgreSQL). One that died meanwhile fails its first statement, which
# invalidates the pool: the connections after it are fresh.
PING_AFTER_IDLE_SECONDS = 1.0


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pool_pre_ping, for connections idle longer than PING_AFTER_IDLE_SECONDS."""

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        now = time.monotonic()
        if now - record.info.get(_USED_AT, 0.0) > PING_AFTER_IDLE_SECONDS:
            # The dialect's own ping: it leaves no transaction open behind it (a bare SELECT
            # would, and the next session could then not set its isolation level).
            try:
                alive = engine.dialect.do_ping(dbapi_connection)
            except Exception as exc:  # the pool then discards it and connects anew
                raise DisconnectionError(f"connection lost: {exc}") from exc
            if not alive:
                raise DisconnectionError("connection lost")
        record.info[_USED_AT] = now

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_USED_AT] = time.monotonic()


_USED_AT = "followup_used_at"


class Database:
    """One engine, seen two ways: plain for reads, flagged for writes; and, on SQLite, the
    turns this process's writers take."""

    def __init__(self, engine: Engine, *, busy_timeout_ms: int = 30_000) -> None:
        self.engine = engine
        self.writer = engine.execution_options(**{WRITE_OPTION: True})
        sqlite = engine.dialect.name == "sqlite"
        self._turns = WriteTurns(busy_timeout_ms / 1000) if sqlite else None

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        return cls(make_engine(settings), busy_timeout_ms=settings.sqlite_busy_timeout_ms)

    @contextmanager
    def write_turn(self) -> Iterator[None]:
        """Hold this process's turn to write (SQLite; nothing to wait for on PostgreSQL) while
        the block opens, writes and ends a write transaction."""
        if self._turns is None:
            yield
            return
        with self._turns.turn():
            yield

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def writing(self, session: Session) -> Iterator[Session]:
        """`session` as a write session for the block, which commits or rolls back inside it.

        What the session read is ended first, so that no connection is held while this process
        waits for its turn; then its next transaction writes. Reading first and locking only
        now means a request never holds the write lock while it waits for the thread pool."""
        if session.in_transaction():
            session.commit()
        with self.write_turn():
            session.connection(execution_options={WRITE_OPTION: True})
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """A session whose transactions write, holding this process's turn until it closes."""
        with self.write_turn(), Session(self.writer, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
