"""Data versions: counters bumped by every write in its own transaction (see DataVersion), and
a per-process tracker that reads them at most every few hundred milliseconds."""

import asyncio
import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import select as select_columns
from sqlalchemy import text
from sqlmodel import Session, col
from starlette.concurrency import run_in_threadpool

from app.models.data_version import ALL_REPORTS, DataVersion

# How stale an instance's view of other instances' writes may be. Writes through the same
# instance are seen at once.
CHECK_EVERY_SECONDS = 0.2

log = logging.getLogger(__name__)

_BUMP_ALL = text(
    "INSERT INTO data_version (id, version) VALUES (0, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1"
)
_BUMP_BOTH = text(
    "INSERT INTO data_version (id, version) VALUES (0, 1), (:id, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1"
)


def bump(session: Session, report_id: int | None) -> None:
    """In the writer's transaction: the report (if any) and the whole record have moved."""
    if report_id is None or report_id == ALL_REPORTS:
        session.execute(_BUMP_ALL)
    else:
        session.execute(_BUMP_BOTH, {"id": report_id})


def read_versions(session: Session, known: dict[int, int] | None = None) -> dict[int, int]:
    """Every counter; or `known` as it is when the whole record's counter has not moved since
    (every write bumps it), which costs one row instead of one per report."""
    if known and known.get(ALL_REPORTS) == global_version(session):
        return known
    rows = session.execute(select_columns(col(DataVersion.id), col(DataVersion.version))).all()
    return {int(scope): int(version) for scope, version in rows}


def report_version(session: Session, report_id: int) -> int:
    found = session.execute(
        select_columns(col(DataVersion.version)).where(col(DataVersion.id) == report_id)
    ).scalar()
    return int(found or 0)


def global_version(session: Session) -> int:
    return report_version(session, ALL_REPORTS)


class VersionTracker:
    """This process's view of the data versions: re-read when older than CHECK_EVERY_SECONDS,
    or at once after a write made here."""

    def __init__(
        self,
        read: Callable[[dict[int, int]], dict[int, int]],
        every: float = CHECK_EVERY_SECONDS,
    ) -> None:
        self._read = read
        self._every = every
        self._versions: dict[int, int] = {}
        self._checked = float("-inf")
        self._generation = 0  # moved by every invalidation
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()

    def stale(self) -> bool:
        """True for a caller that should re-read the versions now. While a routine re-read is
        in flight, everyone else goes on with the versions already known; after a write here,
        nobody does."""
        checked = self._checked
        if time.monotonic() - checked < self._every:
            return False
        if checked == float("-inf"):
            return True  # invalidated by a write here (or never read): wait for a fresh read
        if not self._refreshing.acquire(blocking=False):
            return False
        self._refreshing.release()
        return True

    def refresh(self, *, older_than: float | None = None) -> dict[int, int]:
        """Read the versions now (blocking: call it from a worker thread), unless another
        thread read them less than `older_than` seconds ago (default: the check interval)."""
        limit = self._every if older_than is None else older_than
        with self._refreshing:
            if time.monotonic() - self._checked < limit:
                return self._versions  # another thread has just read them
            generation = self._generation
            versions = self._read(self._versions)
            with self._lock:
                self._versions = versions
                # A write committed here while we read may be missing from what we read:
                # then these versions are kept but not trusted, and the next caller re-reads.
                fresh = generation == self._generation
                self._checked = time.monotonic() if fresh else float("-inf")
            return versions

    async def keep_fresh(self) -> None:
        """Re-read the versions in the background at twice the check rate, so that requests
        find them fresh and never wait for the read themselves. Runs until cancelled; a failed
        read is logged and retried (requests then fall back to reading for themselves)."""
        while True:
            await asyncio.sleep(self._every / 4)
            try:
                await run_in_threadpool(self.refresh, older_than=self._every / 2)
            except Exception:
                log.warning("could not read the data versions", exc_info=True)

    def current(self) -> dict[int, int]:
        """The last versions read (refresh first when stale)."""
        return self._versions

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._checked = float("-inf")
