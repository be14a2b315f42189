"""Engines and sessions: SQLite (WAL, enforced foreign keys) or PostgreSQL."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.config import Settings
from app.services.versions import VersionTracker, read_versions

WRITE_OPTION = "followup_write"
_GATED = "holds_write_gate"
WROTE = "wrote_changes"  # set by a write (record_change), read after its commit
TRACKER = "version_tracker"
_WRITER = "writer_engine"


_READER = "reader_engine"


def begin_write(session: Session) -> None:
    """Finish whatever the session read, and make its next transaction a write transaction
    (on SQLite: one that holds the write lock from its first statement). Once that commits,
    the session reads without the lock again."""
    if session.in_transaction():
        session.commit()
    writer = session.info.get(_WRITER)
    if writer is not None:
        session.info[_READER] = session.bind
        session.bind = writer


@event.listens_for(Session, "after_transaction_end")
def _back_to_reading(session: Session, transaction: Any) -> None:
    if transaction.parent is not None:  # a flush's inner transaction, not the write itself
        return
    reader = session.info.pop(_READER, None)
    if reader is not None:
        session.bind = reader


# Page cache for one bulk write on SQLite (the default is 2 MiB): an import of hundreds of
# thousands of rows touches its indexes all over, and with the small cache SQLite spills and
# re-reads the same pages many times. Given back when the import ends; the server's peak
# memory stays within the import's budget (see the benchmarks).
BULK_CACHE_KIB = 64 * 1024


@contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """A large page cache on the session's connection while the block runs (SQLite only)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    # The driver's own connection: it goes back to the pool, whatever the session did with
    # its transaction meanwhile, and must go back with its usual cache.
    raw = connection.connection.dbapi_connection
    assert raw is not None
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

    # Writers of this process queue here before they ask SQLite for its write lock: a waiter
    # then starts the moment the lock is free, where SQLite's own busy handler would sleep in
    # steps of up to 100 ms. (Other processes on the same file still meet busy_timeout.)
    gate = threading.Lock()
    gate_timeout = busy_timeout_ms / 1000

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes cannot wait for the lock: SQLite
        # fails it at once with "database is locked". Writers therefore take the lock first
        # (IMMEDIATE) and wait on busy_timeout; readers stay deferred and never block in WAL.
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        info = connection.connection.info  # lives with the pooled connection
        if writes and gate.acquire(timeout=gate_timeout):
            info[_GATED] = info.get(_GATED, 0) + 1
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
        except Exception:
            _open_gate(info)
            raise

    def _open_gate(info: dict[str, Any]) -> None:
        for _ in range(info.pop(_GATED, 0)):
            gate.release()

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        # Back in the pool means committed or rolled back: the next writer may go.
        _open_gate(record.info)


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
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_timeout=60,
    )


class Database:
    """One engine, seen two ways (plain for reads, flagged for writes), and this process's view
    of the data versions, which its own commits bring up to date at once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.writer = engine.execution_options(**{WRITE_OPTION: True})
        self.versions = VersionTracker(self._read_versions)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        return cls(make_engine(settings))

    def _read_versions(self, known: dict[int, int]) -> dict[int, int]:
        with self.read_session() as session:
            return read_versions(session, known)

    def _session(self, bind: Engine) -> Session:
        session = Session(bind, expire_on_commit=False)
        session.info[TRACKER] = self.versions
        return session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        with self._session(self.engine) as session:
            yield session

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        with self._session(self.writer) as session:
            yield session

    @contextmanager
    def request_session(self) -> Iterator[Session]:
        """For a request that reads (loading what its path names) and then writes: it reads
        without the write lock, and takes the lock only in `begin_write`, so the lock is never
        held while the request waits for another thread of the pool."""
        with self._session(self.engine) as session:
            session.info[_WRITER] = self.writer
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


@event.listens_for(Session, "after_commit")
def _see_own_writes(session: Session) -> None:
    if session.info.pop(WROTE, False) and (tracker := session.info.get(TRACKER)) is not None:
        tracker.invalidate()
