"""Data versions as this process sees them: the counters every write bumps in its own
transaction (see writes.unit_of_work), read at most every CHECK_EVERY_SECONDS, and at once
after a write made here."""

import asyncio
import logging
import threading
from collections.abc import Callable

import anyio
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from app.clock import Clock
from app.models.data_version import ALL_REPORTS, DataVersion

# How stale an instance's view of other instances' writes may be. Writes through the same
# instance are seen at once.
CHECK_EVERY_SECONDS = 0.2

log = logging.getLogger(__name__)


def read_versions(session: Session, known: dict[int, int] | None = None) -> dict[int, int]:
    """Every counter; or `known` as it is when the whole record's counter has not moved since
    (every write bumps it), which costs one row instead of one per report."""
    if known and known.get(ALL_REPORTS) == report_version(session, ALL_REPORTS):
        return known
    rows = session.execute(select_columns(col(DataVersion.id), col(DataVersion.version))).all()
    return {int(scope): int(version) for scope, version in rows}


def report_version(session: Session, report_id: int) -> int:
    found = session.execute(
        select_columns(col(DataVersion.version)).where(col(DataVersion.id) == report_id)
    ).scalar()
    return int(found or 0)


class DataVersions:
    """This process's view of the data versions: re-read when older than `every` seconds, or at
    once after a write made here."""

    def __init__(
        self,
        read: Callable[[dict[int, int]], dict[int, int]],
        clock: Clock,
        every: float = CHECK_EVERY_SECONDS,
    ) -> None:
        self._read = read
        self._clock = clock
        self._every = every
        self._versions: dict[int, int] = {}
        self._checked = float("-inf")
        self._generation = 0  # moved by every invalidation
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()

    def stale(self) -> bool:
        """True when the versions known are older than the check interval, or untrusted since
        a write here: whoever answers must re-read them first (`fresh`, in a worker thread).
        The background re-read (`keep_fresh`) keeps them younger than that, so in a running
        server this is rare."""
        return self._clock.monotonic() - self._checked >= self._every

    def refresh(self, *, older_than: float | None = None) -> dict[int, int]:
        """Read the versions now (blocking: call it from a worker thread), unless another
        thread read them less than `older_than` seconds ago (default: the check interval)."""
        limit = self._every if older_than is None else older_than
        with self._refreshing:
            if self._clock.monotonic() - self._checked < limit:
                return self._versions  # another thread has just read them
            generation = self._generation
            versions = self._read(self._versions)
            with self._lock:
                self._versions = versions
                # A write committed here while we read may be missing from what we read:
                # then these versions are kept but not trusted, and the next caller re-reads.
                fresh = generation == self._generation
                self._checked = self._clock.monotonic() if fresh else float("-inf")
            return versions

    def fresh(self) -> dict[int, int]:
        """The versions, re-read first if stale (blocking: call it from a worker thread)."""
        return self.refresh() if self.stale() else self._versions

    async def keep_fresh(self) -> None:
        """Re-read the versions in the background at twice the check rate, so that requests
        find them fresh and never wait for the read themselves. Runs until cancelled; a failed
        read is logged and retried (requests then fall back to reading for themselves)."""
        while True:
            await asyncio.sleep(self._every / 4)
            try:
                await anyio.to_thread.run_sync(lambda: self.refresh(older_than=self._every / 2))
            except Exception:
                log.warning("could not read the data versions", exc_info=True)

    def current(self) -> dict[int, int]:
        """The last versions read (call `stale` first)."""
        return self._versions

    def invalidate(self) -> None:
        """A write was committed here: nobody may answer from the versions known until re-read."""
        with self._lock:
            self._generation += 1
            self._checked = float("-inf")
