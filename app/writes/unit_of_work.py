"""The unit of work of one write: the session it writes in, who writes and when, and what its
commit does besides the write itself.

Services are handed a unit of work, write through its session and note their change-log
entries on it; they never commit. Finishing the unit appends those entries to the change log,
bumps the data versions of the reports they concern and marks the request's idempotency record
applied, all in the write's own transaction, so that each of them stands or falls with it.
Once committed, whoever keeps caches of the record hears what changed."""

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, text, update
from sqlmodel import Session, SQLModel, col

from app.models import Change, IdempotencyRecord
from app.models.data_version import ALL_REPORTS, TOKENS
from app.writes.postgres_finish import CHANGE_LOG_LOCK, finish_in_one_trip

_INSERT_CHANGE = insert(SQLModel.metadata.tables[Change.__tablename__])  # compiled once


@dataclass(frozen=True, slots=True)
class ChangeEntry:
    kind: str
    entity: str
    entity_id: int
    report_id: int | None
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Committed:
    """What committed writes changed, for the caches of this process."""

    reports: frozenset[int]  # the reports whose record moved (ALL_REPORTS: the whole record)
    entities: frozenset[str]  # the kinds of record written ("evidence", "token", ...)

    @staticmethod
    def of(units: "list[UnitOfWork]") -> "Committed":
        entries = [entry for unit in units for entry in unit.entries]
        return Committed(
            reports=frozenset(unit_reports(entries)),
            entities=frozenset(entry.entity for entry in entries),
        )


OnCommit = Callable[[Committed], None]


def unit_reports(entries: list[ChangeEntry]) -> set[int]:
    if not entries:
        return set()
    # Who may act moved (a token, or a dashboard session): every instance forgets whom it knew.
    tokens = {TOKENS} if any(e.entity in ("token", "session") for e in entries) else set()
    return {ALL_REPORTS} | tokens | {e.report_id for e in entries if e.report_id is not None}


@dataclass(slots=True)
class UnitOfWork:
    session: Session
    actor: str
    now: datetime  # the server's time of the write: every row it writes carries it
    idempotency_record: int | None = None  # the record of the request's Idempotency-Key
    entries: list[ChangeEntry] = field(default_factory=list)

    def record(
        self,
        *,
        kind: str,
        entity: str,
        entity_id: int,
        report_id: int | None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Note a change-log entry (what was written, by whom, before and after); it is
        written when the unit finishes, in the same transaction."""
        self.entries.append(ChangeEntry(kind, entity, entity_id, report_id, data or {}))

    @property
    def wrote(self) -> bool:
        return bool(self.entries)

    def finish(self) -> None:
        """Write what the unit's commit owes, inside its transaction. A unit that noted
        nothing wrote nothing."""
        finish_together(self.session, [self])


def finish_together(session: Session, units: "list[UnitOfWork]") -> None:
    """Write what the commit of these units (of one transaction, in this order) owes: their
    change-log entries, the data versions of the reports they concern, the idempotency marks
    of their requests. One statement of each kind for the whole group: the committer calls this
    once per group, just before it commits."""
    units = [unit for unit in units if unit.entries]
    if not units:
        return
    records = [unit.idempotency_record for unit in units if unit.idempotency_record is not None]
    moved: Counter[int] = Counter()
    for unit in units:
        moved.update(unit_reports(unit.entries))
    rows = [
        {
            "occurred_at": unit.now,
            "actor": unit.actor,
            "kind": e.kind,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "report_id": e.report_id,
            "data": e.data,
        }
        for unit in units
        for e in unit.entries
    ]
    if session.get_bind().dialect.name == "postgresql":
        # Change ids handed out in commit order, under a lock held until the commit: taken
        # last, and everything after it in the same round trip (see postgres_finish).
        finish_in_one_trip(
            session.connection(), records=records, versions=_bump_sql(moved), rows=rows
        )
        return
    if records:
        session.execute(
            update(IdempotencyRecord)
            .where(col(IdempotencyRecord.id).in_(records))
            .values(applied=True)
        )
    bump_versions(session, moved)
    # A Core insert: the change log is written on every write and needs none of the ORM's
    # bookkeeping. One row (the usual case) as a plain execute, not an executemany; several
    # as one multi-row INSERT (one round trip, and ids in this order).
    if len(rows) == 1:
        session.execute(_INSERT_CHANGE, rows[0])
    else:
        session.execute(_INSERT_CHANGE.values(rows))


def order_changes(session: Session) -> None:
    """Before appending to the change log outside a unit of work (the watcher's events): on
    PostgreSQL the change log's lock, held until the transaction ends, so change ids are
    handed out in commit order and a reader of the feed that has seen id N never later finds a
    smaller one. SQLite writers are serialised."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOG_LOCK})


_BUMP = "INSERT INTO data_version (id, version) VALUES {rows} " + (
    "ON CONFLICT (id) DO UPDATE SET version = data_version.version + excluded.version"
)
# Most writes concern one report: that statement is built once.
_BUMP_ONE = text(_BUMP.format(rows=f"({ALL_REPORTS}, :all), (:report, :times)"))


def bump_versions(session: Session, reports: Mapping[int, int] | set[int]) -> None:
    """In the writer's transaction: these reports' records (and the whole record) moved, each
    by as many writes as `reports` counts (a set: one each). Readers compare these counters
    instead of scanning the record (see status_reads.versions)."""
    moved = Counter(reports)
    everything = moved.pop(ALL_REPORTS, 1)
    if len(moved) == 1:
        ((report, times),) = moved.items()
        session.execute(_BUMP_ONE, {"all": everything, "report": report, "times": times})
        return
    session.execute(text(_bump_sql(moved, everything)))


def _bump_sql(reports: Mapping[int, int], everything: int | None = None) -> str:
    """The upsert of bump_versions, its values in the statement (integers only)."""
    moved = Counter(reports)
    everything = moved.pop(ALL_REPORTS, 1) if everything is None else everything
    pairs = [(ALL_REPORTS, everything), *sorted(moved.items())]
    rows = ", ".join(f"({int(report)}, {int(times)})" for report, times in pairs)
    return _BUMP.format(rows=rows)
