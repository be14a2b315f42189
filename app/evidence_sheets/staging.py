"""The rows of an import between its two passes, on disk: every valid row read from the file,
and every item a row named (to find repeats), in a temporary SQLite file of their own.

Memory stays flat however long the file (a dict of every item named cost ~110 bytes a row:
half a gigabyte for a 50 MiB CSV of unique ids), and the write lock of the record is not
needed while the file is read: the second pass reads the rows back from here."""

import contextlib
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from types import TracebackType

from app.evidence_sheets.rows import EvidenceDraft

# Rows written to the staging file at once (one executemany).
FLUSH_EVERY = 1000
# The staging file's page cache, in KiB (negative: SQLite's "KiB" unit): what it may hold in
# memory, whatever the file's size.
CACHE_KIB = 4096


class Staging:
    """A temporary staging file: drafts in file order, and the first row naming each item."""

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="followup-import-", suffix=".sqlite")
        os.close(handle)
        # Private to this import and deleted at the end: no journal, no syncing to disk.
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.executescript(
            f"""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA temp_store = FILE;
            PRAGMA cache_size = -{CACHE_KIB};
            CREATE TABLE named (item TEXT PRIMARY KEY, first_row INTEGER NOT NULL)
                WITHOUT ROWID;
            CREATE TABLE drafts (row INTEGER PRIMARY KEY, draft BLOB NOT NULL);
            BEGIN;
            """
        )
        self._pending: list[tuple[int, bytes]] = []
        self.count = 0

    def first_row(self, item: str, row: int) -> int:
        """The first row that named `item`: `row` itself when none did before."""
        inserted = self._db.execute(
            "INSERT INTO named (item, first_row) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (item, row),
        )
        if inserted.rowcount == 1:
            return row
        found = self._db.execute("SELECT first_row FROM named WHERE item = ?", (item,))
        first: int = found.fetchone()[0]
        return first

    def add(self, draft: EvidenceDraft) -> None:
        self._pending.append((draft.row, pickle.dumps(draft, protocol=pickle.HIGHEST_PROTOCOL)))
        self.count += 1
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def batches(self, size: int) -> Iterator[list[EvidenceDraft]]:
        """The drafts in file order, `size` at a time."""
        self._flush()
        rows = self._db.execute("SELECT draft FROM drafts ORDER BY row")
        while chunk := rows.fetchmany(size):
            yield [pickle.loads(blob) for (blob,) in chunk]

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT INTO drafts (row, draft) VALUES (?, ?)", self._pending)
            self._pending.clear()

    def close(self) -> None:
        self._db.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
