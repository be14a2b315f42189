"""Writing to the record directly, as the command line does (not through HTTP), and reaching
the runtime of an app under test."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.access.roles import Role
from app.api.runtime import STATE_KEY, Runtime
from app.clock import SYSTEM_CLOCK, Clock
from app.db import Database
from app.moments import Moment
from app.report_files.files import read_report_file
from app.report_files.upsert import LoadOutcome, upsert_report
from app.schemas.status import ReportStatusRead
from app.services.reports import find_report
from app.services.tokens import issue_token
from app.status_reads.record_queries import load_report_facts
from app.status_reads.rendering import report_status_read
from app.status_reads.versions import report_version
from app.writes.unit_of_work import UnitOfWork
from app.writes.writer import Writer

if TYPE_CHECKING:  # the bench and the servers' helpers import this module, not the test client
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seed_data" / "oios-unodc-2021.yaml"
# Recommendations without indicators, one accepted, one with no response yet (fictitious).
JIU_STYLE = ROOT / "tests" / "report_files" / "jiu-style.yaml"

Result = TypeVar("Result")


def write(
    database: Database,
    work: Callable[[UnitOfWork], Result],
    *,
    actor: str = "tests",
    clock: Clock = SYSTEM_CLOCK,
) -> Result:
    """`work` in a unit of work of its own, committed."""
    return Writer(database, clock).run_in_new_session(actor, work)


def load_file(
    database: Database, path: Path, *, actor: str = "seed", clock: Clock = SYSTEM_CLOCK
) -> LoadOutcome:
    document = read_report_file(path)
    return write(database, lambda unit: upsert_report(unit, document), actor=actor, clock=clock)


def issue(database: Database, name: str, role: Role) -> str:
    """A token made directly in the database, as `followup token create` makes one."""
    issued = write(database, lambda unit: issue_token(unit, name=name, role=role, replace=True))
    return issued.token


def runtime(client: "TestClient") -> Runtime:
    """The runtime of the app a test client drives (started: the client is entered)."""
    found: Runtime = client.app_state[STATE_KEY]
    return found


def status_afresh(
    database: Database,
    report_ref: str,
    as_of: datetime | None,
    *,
    known_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ReportStatusRead:
    """A report's status computed now from the record read up to `known_at` (default: all of
    it), bypassing every cache and the records held in memory."""
    with database.read_session() as session:
        report = find_report(session, report_ref)
        assert report.id is not None
        moment = Moment(as_of=as_of, now=clock.now(), known_at=known_at)
        facts = load_report_facts(session, report, moment.known)
        return report_status_read(report, facts, moment, report_version(session, report.id))
