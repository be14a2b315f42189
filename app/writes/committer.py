"""Group commit: one thread per process writes what requests hand it, as many requests to one
transaction as are waiting, each inside its own savepoint.

Why: a SQLite database takes one writer at a time, and with `synchronous=FULL` every commit
waits for the disk. Sixteen request threads each opening, writing and committing their own
transaction spent their time queueing for the write lock and for the interpreter lock, and
each paid a full commit (measured: the server's interpreter was idle 40% of the time at ~300
writes/s). One writer that commits waiting requests together pays one commit for the group.

Each request stays all or nothing: its work runs in a savepoint, and a failure (a DomainError,
or a constraint broken by a concurrent write) rolls back only that savepoint and is raised to
that request alone. What the group's commit owes (change log, data versions, idempotency
marks: unit_of_work.finish_together) is written once for the group, after the last savepoint
and just before the commit; on PostgreSQL that is where the change log's lock is taken, so
other instances' writers wait for it only while a group finishes. A request is answered only
once the transaction holding its write has
committed; if the commit fails, every request of the group gets the error and none wrote.
An unexpected error (one the savepoint cannot be trusted to contain) rolls the group back and
runs each of its requests again alone, so one broken request never fails its neighbours."""

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.clock import Clock
from app.errors import DomainError
from app.writes.unit_of_work import Committed, OnCommit, UnitOfWork, finish_together

Result = TypeVar("Result")
Work = Callable[[UnitOfWork], Any]

# Enough to absorb every writer a busy server has in flight at once; a larger group would
# only hold the write lock longer for those queued behind it.
MAX_GROUP = 64

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Job:
    work: Work
    actor: str
    idempotency_record: int | None
    loop: asyncio.AbstractEventLoop
    future: "asyncio.Future[Any]"
    result: Any = None
    error: BaseException | None = None
    unit: UnitOfWork | None = None  # the unit of work of its last attempt


def _settle(jobs: list[_Job]) -> None:
    """On the requests' event loop: hand each its answer (unless it stopped waiting)."""
    for job in jobs:
        if job.future.done():
            continue
        if job.error is None:
            job.future.set_result(job.result)
        elif isinstance(job.error, StopIteration):  # a future refuses to carry one
            job.future.set_exception(RuntimeError(f"the write raised {job.error!r}"))
        else:
            job.future.set_exception(job.error)


def _fail_all(group: list[_Job], error: BaseException) -> None:
    """Every job not refused on its own gets `error`, and none wrote."""
    for job in group:
        if job.error is None:
            job.result, job.error, job.unit = None, error, None


def _run_bare(session: Session, group: list[_Job], clock: Clock) -> bool | None:
    """Each job's work straight in the group's transaction, no savepoint around it (on
    PostgreSQL a savepoint costs two more round trips per write). True if every one ran;
    otherwise the transaction is rolled back, and a lone job keeps its error (False) while a
    group is to be written again, each job in a savepoint (None)."""
    for job in group:
        unit = UnitOfWork(session, job.actor, clock.now(), job.idempotency_record)
        try:
            job.result = job.work(unit)
        except Exception as exc:
            session.rollback()
            if len(group) > 1:
                return None
            job.error = exc
            return False
        job.unit = unit
    return True


class _Turn:
    """A writer thread's turn to gather a group and run its work (ended once, by it)."""

    def __init__(self, lock: threading.Lock) -> None:
        lock.acquire()
        self._lock: threading.Lock | None = lock

    def end(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class Committer:
    def __init__(
        self,
        open_session: Callable[[], AbstractContextManager[Session]],
        *,
        clock: Clock,
        on_commit: OnCommit | None = None,
        max_group: int = MAX_GROUP,
        savepoints_first: bool = True,
        writers: int = 1,
    ) -> None:
        self._open_session = open_session
        self._savepoints_first = savepoints_first
        self._clock = clock
        self._on_commit = on_commit
        self._max_group = max_group
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._writers = writers
        self._threads: list[threading.Thread] = []
        # Held by the one writer thread that gathers a group and runs its work; given up once
        # the work has run, so another thread gathers the next group while this one's commit
        # waits (for the change log's lock on PostgreSQL, for the disk).
        self._gathering = threading.Lock()
        self._lock = threading.Lock()
        self._closed = False

    async def write(
        self,
        work: Callable[[UnitOfWork], Result],
        *,
        actor: str,
        idempotency_record: int | None = None,
    ) -> Result:
        """Run `work(unit)` in a write transaction shared with other waiting requests, in a unit
        of work of its own; return its result once that transaction has committed. `work`
        writes with Core statements and must not commit (a savepoint contains a failed
        statement, not a failed ORM flush)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        job = _Job(work, actor, idempotency_record, loop, future)
        # Under the lock, so that no write is queued behind the closing sentinel.
        with self._lock:
            if self._closed:
                raise RuntimeError("the committer is closed")
            if not self._threads:
                self._threads = [
                    threading.Thread(target=self._run, name="followup-committer", daemon=True)
                    for _ in range(self._writers)
                ]
                for thread in self._threads:
                    thread.start()
            self._jobs.put(job)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            # The write may still commit. Whoever cancelled (a server shutting down, and the
            # idempotency middleware's clean-up after it) must see it as it turned out.
            with suppress(BaseException):
                await future
            raise

    def close(self) -> None:
        """Write what is queued, then stop the threads."""
        with self._lock:
            self._closed = True
            threads = self._threads
            for _ in threads:  # one sentinel each, behind every write queued
                self._jobs.put(None)
        for thread in threads:
            thread.join()

    def _run(self) -> None:
        while True:
            turn = _Turn(self._gathering)
            try:
                group, stopping = self._gather()
                if group:
                    self._write(group, turn)
            finally:
                turn.end()
            if stopping:
                return

    def _gather(self) -> tuple[list[_Job], bool]:
        """The next group: what is queued, waiting for a first write if need be; and whether
        this thread's sentinel came with it (then it stops once the group is written)."""
        first = self._jobs.get()
        if first is None:
            return [], True
        group = [first]
        while len(group) < self._max_group:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                return group, True
            group.append(job)
        return group, False

    def _write(self, group: list[_Job], turn: "_Turn") -> None:
        # Each attempt guarded on its own, so that no request is left waiting forever, and
        # none whose write committed alone is told later that it failed.
        together = self._attempt(group, turn)
        if not together and len(group) > 1:
            for job in group:
                self._attempt([job], turn)
        # One wake-up per event loop, however many of its requests the group held.
        waiting: dict[asyncio.AbstractEventLoop, list[_Job]] = {}
        for job in group:
            waiting.setdefault(job.loop, []).append(job)
        for loop, jobs in waiting.items():
            # A loop that has closed meanwhile (its server stopped) has nobody left to tell.
            with suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, jobs)

    def _attempt(self, group: list[_Job], turn: "_Turn") -> bool:
        try:
            return self._write_together(group, turn)
        except BaseException as exc:
            log.exception("group commit failed")
            for job in group:  # whether it committed is unknown: none is told it did
                job.result, job.error = None, exc
            return True

    def _write_together(self, group: list[_Job], turn: "_Turn") -> bool:
        """Write the group in one transaction. False if an unexpected error rolled it back
        (each job is then to be written alone; a lone job keeps its error)."""
        if not self._savepoints_first:
            written = self._write_group(group, turn, savepoints=False)
            if written is not None:
                return written
        return self._write_group(group, turn, savepoints=True) is not False

    def _write_group(self, group: list[_Job], turn: "_Turn", *, savepoints: bool) -> bool | None:
        """`_write_together`, each job in a savepoint or not (None: a job failed without one,
        and the group is to be written again with them)."""
        for job in group:
            job.result, job.error, job.unit = None, None, None
        with self._open_session() as session:
            ran = (
                self._run_jobs(session, group)
                if savepoints
                else _run_bare(session, group, self._clock)
            )
            turn.end()  # the next group may gather while this one finishes and commits
            if not ran:
                return ran
            units = [job.unit for job in group if job.unit is not None]
            try:
                # What the units' commit owes, for the whole group at once, last: on
                # PostgreSQL it takes the change log's lock, which other instances' writers
                # then wait for only while this group finishes and commits.
                finish_together(session, units)
            except Exception as exc:
                session.rollback()
                _fail_all(group, exc)
                return False
            try:
                session.commit()
            except Exception as exc:
                _fail_all(group, exc)
                return True
        self._committed(units)
        return True

    def _run_jobs(self, session: Session, group: list[_Job]) -> bool:
        """Each job's work in a savepoint of the group's transaction. False if an unexpected
        error rolled the transaction back."""
        # Savepoints on the connection itself: the work writes with Core statements, and
        # the session's own nested transactions cost several times more per request.
        connection = session.connection()
        for job in group:
            # Each write its own moment, as if committed alone: the change feed and the
            # audit log keep their order by time too.
            unit = UnitOfWork(session, job.actor, self._clock.now(), job.idempotency_record)
            try:
                with connection.begin_nested():
                    job.result = job.work(unit)
                job.unit = unit
            except (DomainError, IntegrityError) as exc:
                job.error = exc  # its savepoint is rolled back; the others stand
                session.expunge_all()  # and nothing it loaded or added lingers
                if not session.is_active:  # an ORM flush failed: the savepoint cannot hold
                    session.rollback()
                    return False
            except Exception as exc:
                session.rollback()
                job.error = exc
                return False
        return True

    def _committed(self, units: list[UnitOfWork]) -> None:
        if self._on_commit is not None and units:
            self._on_commit(Committed.of(units))
