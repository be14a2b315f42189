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

from app.evidence_sheets.matching import Decided
from app.evidence_sheets.rows import EvidenceDraft

# Items looked up in one statement (well under SQLite's limit of bound parameters).
LOOKUP_EVERY = 500
# The staging file's page cache, in KiB (negative: SQLite's "KiB" unit): what it may hold in
# memory, whatever the file's size.
CACHE_KIB = 4096


class Staging:
    """A temporary staging file: drafts in file order, and the first row naming each item.
    Both are written and read a batch at a time: a statement per row would cost more than the
    row's own parsing."""

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
            CREATE TABLE drafts (seq INTEGER PRIMARY KEY, draft BLOB NOT NULL);
            CREATE TABLE decided (seq INTEGER PRIMARY KEY, decided BLOB NOT NULL);
            BEGIN;
            """
        )
        self.count = 0

    def first_rows(self, named: list[tuple[str, int]]) -> dict[str, int]:
        """For a batch of (item, row) in file order: the first row that named each item, in
        this batch or before (a row is a repeat when its item's first row is another)."""
        firsts: dict[str, int] = {}
        items = list(dict.fromkeys(item for item, _ in named))
        for start in range(0, len(items), LOOKUP_EVERY):
            chunk = items[start : start + LOOKUP_EVERY]
            marks = ",".join("?" * len(chunk))
            found = self._db.execute(
                f"SELECT item, first_row FROM named WHERE item IN ({marks})",
                chunk,
            )
            firsts.update(found.fetchall())
        new: list[tuple[str, int]] = []
        for item, row in named:
            if item not in firsts:
                firsts[item] = row
                new.append((item, row))
        self._db.executemany("INSERT INTO named (item, first_row) VALUES (?, ?)", new)
        return firsts

    def add(self, drafts: list[EvidenceDraft]) -> None:
        """Keep a batch of drafts (in file order), as one record."""
        if drafts:
            blob = pickle.dumps(drafts, protocol=pickle.HIGHEST_PROTOCOL)
            self._db.execute("INSERT INTO drafts (draft) VALUES (?)", (blob,))
            self.count += len(drafts)

    def batches(self) -> Iterator[list[EvidenceDraft]]:
        """The drafts in file order, a batch at a time (as they were added)."""
        rows = self._db.execute("SELECT draft FROM drafts ORDER BY seq")
        for (blob,) in rows:
            batch: list[EvidenceDraft] = pickle.loads(blob)
            yield batch

    def decide(self, decided: list[Decided]) -> None:
        """Keep what the second pass decided for a batch of drafts (one each, in order)."""
        blob = pickle.dumps(decided, protocol=pickle.HIGHEST_PROTOCOL)
        self._db.execute("INSERT INTO decided (decided) VALUES (?)", (blob,))

    def decided(self) -> Iterator[tuple[list[EvidenceDraft], list[Decided]]]:
        """Each batch of drafts with what was decided for it (every batch was decided)."""
        rows = self._db.execute(
            "SELECT drafts.draft, decided.decided FROM drafts JOIN decided USING (seq) ORDER BY seq"
        )
        for drafts, decided in rows:
            yield pickle.loads(drafts), pickle.loads(decided)

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
