"""The watcher: looks at the recommendations of every report whose record moved (and at all of
them once a day, since dates fall due without any write), and writes what is new as notices
with their events in the change log, in one transaction, so webhooks and reminders hear of
each once.

It runs only while somebody listens (a webhook or a subscription): the first look after that
records where each recommendation stands without announcing it. Instances take turns (the
change log's lock on PostgreSQL; SQLite has one writer), and a report whose record moved
between the look and the write is left for the next round, so an instance never announces a
status another has already seen superseded."""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import anyio
from sqlalchemy import insert
from sqlmodel import Session, SQLModel, col, select

from app.clock import Clock
from app.compliance.notices import (
    DATED,
    Notice,
    Noticed,
    NoticeKind,
    Observation,
    new_notices,
    observe,
)
from app.compliance.recommendation import recommendation_status
from app.db import Database
from app.models import Change
from app.models import Notice as NoticeRow
from app.status_reads.reads import StatusReads
from app.status_reads.versions import report_version
from app.writes.unit_of_work import order_changes

log = logging.getLogger("followup.notices")
ACTOR = "followup"
REPORTS_PER_TRANSACTION = 50
_CHANGES = SQLModel.metadata.tables[Change.__tablename__]
_NOTICES = SQLModel.metadata.tables[NoticeRow.__tablename__]


@dataclass(frozen=True, slots=True)
class Looked:
    """One report as the watcher saw it: its version, and each recommendation's standing."""

    report_id: int
    report_code: str
    version: int
    seen: tuple[Observation, ...]


def noticed_before(session: Session, recommendation_ids: Iterable[int]) -> dict[int, Noticed]:
    """What was noticed of these recommendations (those never looked at are absent)."""
    rows = session.exec(
        select(NoticeRow)
        .where(col(NoticeRow.recommendation_id).in_(list(recommendation_ids)))
        .order_by(col(NoticeRow.id))
    ).all()
    status: dict[int, str] = {}
    statuses: dict[int, int] = defaultdict(int)
    dated: dict[int, set[tuple[NoticeKind, date]]] = defaultdict(set)
    for row in rows:
        kind = NoticeKind(row.kind)
        if kind is NoticeKind.RECOMMENDATION_STATUS_CHANGED:
            status[row.recommendation_id] = row.value
            statuses[row.recommendation_id] += 1
        elif kind in DATED:
            dated[row.recommendation_id].add((kind, date.fromisoformat(row.value)))
    return {
        rec: Noticed(status.get(rec), statuses[rec], frozenset(dated[rec]))
        for rec in status.keys() | dated.keys()
    }


def event_data(looked: Looked, seen: Observation, notice: Notice) -> dict[str, Any]:
    data: dict[str, Any] = {"report": looked.report_code, "recommendation": seen.code}
    if notice.kind is NoticeKind.RECOMMENDATION_STATUS_CHANGED:
        return data | {"status": notice.value, "previous_status": notice.before}
    return data | {"date": notice.value, "status": seen.status}


def record_notices(session: Session, looked: list[Looked], now: datetime) -> int:
    """Write what is new (inside the caller's transaction); how many events were announced.
    Reports whose record moved since they were looked at are skipped."""
    order_changes(session)  # also makes instances take turns
    current = [r for r in looked if report_version(session, r.report_id) == r.version]
    seen_of = {s.recommendation_id: (r, s) for r in current for s in r.seen}
    before = noticed_before(session, seen_of)
    announced = 0
    for rec, (report, seen) in seen_of.items():
        for notice in new_notices(seen, before.get(rec)):
            change_id = None
            if notice.announced:
                change_id = session.execute(
                    insert(_CHANGES)
                    .values(
                        occurred_at=now,
                        actor=ACTOR,
                        kind=str(notice.kind),
                        entity="recommendation",
                        entity_id=rec,
                        report_id=report.report_id,
                        data=event_data(report, seen, notice),
                    )
                    .returning(_CHANGES.c.id)
                ).scalar_one()
                announced += 1
            session.execute(
                insert(_NOTICES).values(
                    key=notice.key,
                    kind=str(notice.kind),
                    recommendation_id=rec,
                    value=notice.value,
                    change_id=change_id,
                    noticed_at=now,
                )
            )
    return announced


class Watcher:
    def __init__(
        self,
        database: Database,
        status: StatusReads,
        clock: Clock,
        listening: Callable[[Session], bool],
        poll_seconds: float,
    ) -> None:
        self.database = database
        self.status = status
        self.clock = clock
        self.listening = listening
        self.poll_seconds = poll_seconds
        self.watched: dict[int, int] = {}  # report id -> the version last looked at
        self.day: date | None = None

    def _look(self, report_id: int, now: datetime) -> Looked:
        report, facts, version = self.status.current_record(report_id)
        seen = tuple(
            observe(rec, recommendation_status(rec, now), now.date())
            for rec in facts.recommendations
        )
        return Looked(report_id, report.code, version, seen)

    def step(self) -> int:
        """One round (blocking): how many events it announced."""
        with self.database.read_session() as session:
            if not self.listening(session):
                self.watched.clear()  # when somebody listens again, look at everything
                return 0
        now = self.clock.now()
        if self.day != now.date():  # a new day: dates fall due without any write
            self.watched.clear()
            self.day = now.date()
        versions = self.status.versions.fresh()
        moved = sorted(r for r, v in versions.items() if r > 0 and self.watched.get(r) != v)
        announced = 0
        for start in range(0, len(moved), REPORTS_PER_TRANSACTION):
            looked = [self._look(r, now) for r in moved[start : start + REPORTS_PER_TRANSACTION]]
            with self.database.write_session() as session:
                announced += record_notices(session, looked, now)
                session.commit()
            # A report skipped because it moved is looked at again next round.
            self.watched.update({r.report_id: r.version for r in looked})
        return announced

    async def run(self) -> None:
        while True:
            try:
                await anyio.to_thread.run_sync(self.step)
            except Exception:  # the loop must outlive any one failure
                log.exception("watching for notices failed")
            await asyncio.sleep(self.poll_seconds)
