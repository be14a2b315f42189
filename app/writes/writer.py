"""Carrying out writes: each in a unit of work, committed alone or together with the writes
waiting at the same moment (group commit, for the busiest write)."""

from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

from app.clock import Clock
from app.db import Database
from app.writes.committer import Committer
from app.writes.unit_of_work import Committed, OnCommit, UnitOfWork

Result = TypeVar("Result")


class Writer:
    def __init__(self, database: Database, clock: Clock, on_commit: OnCommit | None = None) -> None:
        self.database = database
        self.clock = clock
        self._on_commit = on_commit
        # On PostgreSQL a group is first written without a savepoint per write (two round
        # trips each), and again with them only if one of its writes fails; and a second
        # group gathers and writes its rows while the first waits to commit.
        postgres = database.dialect == "postgresql"
        self.committer = Committer(
            database.write_session,
            clock=clock,
            on_commit=on_commit,
            savepoints_first=not postgres,
            writers=2 if postgres else 1,
        )

    def run(
        self,
        session: Session,
        actor: str,
        work: Callable[[UnitOfWork], Result],
        *,
        idempotency_record: int | None = None,
    ) -> Result:
        """Run `work(unit)` in a transaction of its own on `session` (which may have read
        first: what it loaded stays usable), commit it, and return its result once committed.
        Blocking: call it from a worker thread. Anything raised rolls the whole write back."""
        with self.database.writing(session):
            unit = UnitOfWork(session, actor, self.clock.now(), idempotency_record)
            try:
                result = work(unit)
                unit.finish()
                session.commit()
            except BaseException:
                session.rollback()
                raise
        if self._on_commit is not None and unit.wrote:
            self._on_commit(Committed.of([unit]))
        return result

    async def together(
        self, actor: str, work: Callable[[UnitOfWork], Result], *, idempotency_record: int | None
    ) -> Result:
        """Run `work(unit)` in the committer's next group (see committer): for writes made of
        Core statements only, the busiest ones."""
        return await self.committer.write(work, actor=actor, idempotency_record=idempotency_record)

    def run_in_new_session(self, actor: str, work: Callable[[UnitOfWork], Result]) -> Result:
        """`run` on a session of its own (the command line, tests)."""
        with self.database.read_session() as session:
            return self.run(session, actor, work)

    def close(self) -> None:
        """Commit the group writes still queued, then stop."""
        self.committer.close()
