"""The local database, as the command line uses it: reads, and writes each in a unit of work."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from app.clock import SYSTEM_CLOCK
from app.config import get_settings
from app.db import Database
from app.writes.unit_of_work import UnitOfWork
from app.writes.writer import Writer

Result = TypeVar("Result")


@contextmanager
def local_database() -> Iterator[Database]:
    database = Database.from_settings(get_settings())
    try:
        yield database
    finally:
        database.dispose()


def write_locally(database: Database, actor: str, work: Callable[[UnitOfWork], Result]) -> Result:
    """`work` in a unit of work of its own, committed. (Servers on the same database see it
    within their version check interval.)"""
    return Writer(database, SYSTEM_CLOCK).run_in_new_session(actor, work)
