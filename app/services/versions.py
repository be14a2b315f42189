"""Data versions: counters bumped by every write in its own transaction (see DataVersion), and
a per-process tracker that reads them at most every few hundred milliseconds."""

import threading
import time
from collections.abc import Callable

from sqlalchemy import select as select_columns
from sqlalchemy import text
from sqlmodel import Session, col

from app.models.data_version import ALL_REPORTS, DataVersion

# How stale an instance's view of other instances' writes may be. Writes through the same
# instance are seen at once.
CHECK_EVERY_SECONDS = 0.2

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


def read_versions(session: Session) -> dict[int, int]:
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
        self, read: Callable[[], dict[int, int]], every: float = CHECK_EVERY_SECONDS
    ) -> None:
        self._read = read
        self._every = every
        self._versions: dict[int, int] = {}
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()

    def stale(self) -> bool:
        """True for the one caller that should re-read the versions now; while that read is in
        flight, everyone else goes on with the versions already known."""
        if time.monotonic() - self._checked < self._every:
            return False
        if not self._refreshing.acquire(blocking=False):
            return not self._versions  # nothing known yet: wait for the first read
        self._refreshing.release()
        return True

    def refresh(self) -> dict[int, int]:
        """Read the versions now (blocking: call it from a worker thread)."""
        with self._refreshing:
            if time.monotonic() - self._checked < self._every:
                return self._versions  # another thread has just read them
            versions = self._read()
            with self._lock:
                self._versions = versions
                self._checked = time.monotonic()
            return versions

    def current(self) -> dict[int, int]:
        """The last versions read (refresh first when stale)."""
        return self._versions

    def invalidate(self) -> None:
        with self._lock:
            self._checked = float("-inf")
