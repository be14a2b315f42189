"""Group commit: waiting writes share one transaction, yet each is all or nothing and each
request hears only of its own fate."""

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, insert, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from app.clock import SYSTEM_CLOCK
from app.db import Database
from app.errors import Conflict
from app.models import Change, IdempotencyRecord
from app.models.data_version import DataVersion
from app.services.idempotency import Outcome, claim
from app.writes.committer import Committer
from app.writes.unit_of_work import UnitOfWork
from tests.loops import run_apart

Work = Callable[[UnitOfWork], Any]


@pytest.fixture
def committer(database: Database) -> Iterator[Committer]:
    committer = Committer(database.write_session, clock=SYSTEM_CLOCK)
    yield committer
    committer.close()


def put(scope: int) -> Work:
    """Write one row; answer with the transaction's session (one per group)."""

    def work(unit: UnitOfWork) -> object:
        unit.session.execute(insert(DataVersion).values(id=scope, version=1))
        return unit.session

    return work


def failing(error: Exception, scope: int) -> Work:
    """Write a row, then fail: the row must not survive."""

    def work(unit: UnitOfWork) -> object:
        put(scope)(unit)
        raise error

    return work


def change(kind: str) -> Work:
    """Note a change-log entry (written when the unit of work finishes)."""

    def work(unit: UnitOfWork) -> None:
        unit.record(kind=kind, entity="test", entity_id=1, report_id=None)

    return work


def stored(database: Database) -> set[int]:
    with database.read_session() as session:
        return set(session.exec(select(DataVersion.id)).all())


def write_grouped(
    committer: Committer, works: list[Work], requests: list[int | None] | None = None
) -> list[Any]:
    """Hold the committer on a first write until every other one is queued behind it, so
    these are written as one group; each one's answer (a result or its exception). Each write
    comes from a request of its own, with its idempotency record if `requests` gives one."""
    started, gate = threading.Event(), threading.Event()

    def held(unit: UnitOfWork) -> str:
        started.set()
        assert gate.wait(timeout=30)
        return "held"

    async def request(work: Work, record: int | None) -> Any:
        return await committer.write(work, actor="tests", idempotency_record=record)

    async def run() -> list[Any]:
        first = asyncio.create_task(committer.write(held, actor="tests"))
        assert await asyncio.to_thread(started.wait, 30)  # the committer took it alone
        tasks = [
            asyncio.create_task(request(work, record))
            for work, record in zip(works, requests or [None] * len(works), strict=True)
        ]
        await asyncio.sleep(0)  # each task queues its write, then waits
        gate.set()
        assert await first == "held"
        return await asyncio.gather(*tasks, return_exceptions=True)

    return run_apart(run())


def test_waiting_writes_commit_together(committer: Committer, database: Database) -> None:
    answers = write_grouped(committer, [put(n) for n in range(1, 6)])
    assert all(answer is answers[0] for answer in answers)  # one transaction for all five
    assert stored(database) == {1, 2, 3, 4, 5}


def test_a_refused_write_is_rolled_back_alone(committer: Committer, database: Database) -> None:
    refusal = Conflict("taken")
    answers = write_grouped(committer, [put(1), failing(refusal, 2), put(3)])
    assert answers[1] is refusal
    assert answers[0] is answers[2]
    assert stored(database) == {1, 3}


def test_a_broken_write_does_not_fail_its_neighbours(
    committer: Committer, database: Database
) -> None:
    broken = RuntimeError("a bug")
    answers = write_grouped(committer, [put(1), failing(broken, 2), put(3)])
    assert answers[1] is broken
    assert not isinstance(answers[0], Exception)
    assert not isinstance(answers[2], Exception)
    assert stored(database) == {1, 3}


def test_a_failed_commit_fails_every_write_of_its_group(
    committer: Committer, database: Database
) -> None:
    lost = RuntimeError("the disk is full")

    def doomed(unit: UnitOfWork) -> None:
        put(2)(unit)
        session = unit.session

        def refuse(committing: Session) -> None:
            if not committing.in_nested_transaction():  # the group's commit, not a savepoint's
                raise lost

        event.listen(session, "before_commit", refuse)

    answers = write_grouped(committer, [put(1), doomed, put(3)])
    assert answers == [lost, lost, lost]
    assert stored(database) == set()


def test_closing_writes_what_is_queued_then_refuses(
    committer: Committer, database: Database
) -> None:
    async def run() -> None:
        tasks = [asyncio.create_task(committer.write(put(n), actor="t")) for n in (1, 2, 3)]
        await asyncio.sleep(0)
        await asyncio.to_thread(committer.close)
        await asyncio.gather(*tasks)
        with pytest.raises(RuntimeError, match="closed"):
            await committer.write(put(4), actor="t")

    run_apart(run())
    assert stored(database) == {1, 2, 3}


def test_each_request_of_a_group_marks_its_own_idempotency_record(
    committer: Committer, database: Database
) -> None:
    """So that a retry after a lost answer is refused for every one of them, not the first."""
    claims = [
        claim(
            database,
            principal="p",
            key=key,
            method="POST",
            path="/x",
            fingerprint="f",
            now=SYSTEM_CLOCK.now(),
        )
        for key in ("one", "two", "three")
    ]
    assert all(taken.outcome is Outcome.NEW for taken in claims)
    write_grouped(committer, [change("test")] * 3, [taken.record_id for taken in claims])
    with database.read_session() as session:
        assert all(record.applied for record in session.exec(select(IdempotencyRecord)))


def test_a_constraint_broken_inside_a_group_fails_only_its_write(
    committer: Committer, database: Database
) -> None:
    answers = write_grouped(committer, [put(1), put(1), put(3)])
    assert isinstance(answers[1], IntegrityError)
    assert answers[0] is answers[2]
    assert stored(database) == {1, 3}


def test_a_write_committed_alone_is_never_told_it_failed(database: Database) -> None:
    """After a broken write, the group is written again one by one; a later failure to even
    open a transaction fails that write only, not those already committed."""
    opened = 0
    unavailable = OperationalError("BEGIN", {}, Exception("the database is unavailable"))

    @contextmanager
    def flaky_session() -> Iterator[Session]:
        nonlocal opened
        opened += 1
        if opened == 5:  # held, the group, then alone: put(1), broken, put(3)
            raise unavailable
        with database.write_session() as session:
            yield session

    committer = Committer(flaky_session, clock=SYSTEM_CLOCK)
    broken = RuntimeError("a bug")
    try:
        answers = write_grouped(committer, [put(1), failing(broken, 2), put(3)])
    finally:
        committer.close()
    assert not isinstance(answers[0], Exception)
    assert answers[1:] == [broken, unavailable]
    assert stored(database) == {1}


def test_a_refused_write_leaves_nothing_in_the_change_log(
    committer: Committer, database: Database
) -> None:
    """Its unit of work's entries go with its savepoint; its neighbours' are written, in order
    (on PostgreSQL each unit takes the change-log lock as it finishes, whatever its neighbours
    did with theirs)."""

    def refused(unit: UnitOfWork) -> None:
        change("refused")(unit)
        raise Conflict("refused after noting a change")

    answers = write_grouped(committer, [change("first"), refused, change("third")])
    assert isinstance(answers[1], Conflict)
    with database.read_session() as session:
        kinds = session.exec(select(Change.kind).order_by(col(Change.id))).all()
    assert kinds == ["first", "third"]


def test_the_change_log_lock_is_taken_after_the_units_ran_and_held_until_the_commit(
    committer: Committer, database: Database
) -> None:
    """On PostgreSQL, change ids are handed out in commit order: the group takes the change
    log's lock once its units have run (they run without it, so other instances' writers
    need not wait for them) and holds it until it commits; a refused unit leaves none."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite serialises writers; there is no lock to hold")
    advisory = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
    )

    def refused(unit: UnitOfWork) -> None:
        change("refused")(unit)
        raise Conflict("refused after noting a change")

    def locks_held(unit: UnitOfWork) -> int:
        return int(unit.session.execute(advisory).scalar_one())

    at_commit: list[int] = []

    def committing(connection: Any) -> None:
        at_commit.append(int(connection.execute(advisory).scalar_one()))

    event.listen(database.engine, "commit", committing)
    try:
        works = [refused, locks_held, change("first"), locks_held, change("second")]
        answers = write_grouped(committer, works)
    finally:
        event.remove(database.engine, "commit", committing)
    assert isinstance(answers[0], Conflict)
    assert answers[1] == answers[3] == 0  # no unit runs holding it
    assert at_commit[-1] == 1  # the group commits holding it (before: the held write alone)
    with database.read_session() as session:
        kinds = session.exec(select(Change.kind).order_by(col(Change.id))).all()
    assert kinds == ["first", "second"]


def test_a_cancelled_request_learns_of_its_write_only_once_it_is_settled(
    committer: Committer, database: Database
) -> None:
    """So that whoever cancelled it (a shutdown, and the idempotency clean-up after it) sees
    whether it committed."""
    started, gate = threading.Event(), threading.Event()

    def held(unit: UnitOfWork) -> None:
        started.set()
        assert gate.wait(timeout=30)

    async def run() -> set[int]:
        first = asyncio.create_task(committer.write(held, actor="t"))
        assert await asyncio.to_thread(started.wait, 30)
        queued = asyncio.create_task(committer.write(put(1), actor="t"))
        await asyncio.sleep(0)
        queued.cancel()
        await asyncio.sleep(0.05)
        assert not queued.done()  # still waiting for its write, queued behind the first
        gate.set()
        await first
        with pytest.raises(asyncio.CancelledError):
            await queued
        return stored(database)

    assert run_apart(run()) == {1}
