"""The core commands: serve, migrate, load report files, print status."""

from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.table import Table

from app.cli.http_limits import GuardedHttpToolsProtocol
from app.cli.local import local_database, write_locally
from app.cli.output import console, errors, fail
from app.clock import SYSTEM_CLOCK
from app.config import get_settings
from app.db import Database
from app.errors import DomainError
from app.logs import log_config
from app.migrate import upgrade
from app.moments import Moment, parse_as_of
from app.operations.backup import backup, restore
from app.report_files.files import read_report_file, report_files
from app.report_files.upsert import upsert_report
from app.schemas.status import ReportStatusRead
from app.services.reports import find_report, list_reports
from app.status_reads.reads import StatusReads

cli = typer.Typer(help="followup: track the implementation of oversight recommendations.")
db_cli = typer.Typer(help="Database schema.")
cli.add_typer(db_cli, name="db")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (PostgreSQL for >1).")] = 1,
    migrate: Annotated[
        bool,
        typer.Option(
            envvar="FOLLOWUP_MIGRATE_ON_START",
            help="Upgrade the schema before serving (run it once, not from every instance).",
        ),
    ] = False,
    load_path: Annotated[
        Path | None,
        typer.Option(
            "--load",
            envvar="FOLLOWUP_LOAD_ON_START",
            help="Load these report files (idempotent) before serving.",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API."""
    if migrate:
        db_upgrade()
    if load_path is not None:
        load(load_path)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # followup logs each request itself, as JSON with its request id
        log_config=log_config(get_settings().log_level),
        timeout_graceful_shutdown=30,
        # Header size, header and body time limits (see http_limits), with no proxy in front.
        http=GuardedHttpToolsProtocol,
    )


@db_cli.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Migrate the database schema (default: to the latest revision)."""
    upgrade(get_settings().database_url, revision)
    console.print(f"database at {revision}")


@cli.command()
def load(
    path: Annotated[Path, typer.Argument(exists=True, help="A report file, or a folder of them.")],
    actor: Annotated[str, typer.Option(help="Recorded as the author of the changes.")] = "loader",
) -> None:
    """Load report files (YAML/JSON), creating or updating by natural keys; safe to re-run."""
    try:
        with local_database() as database:
            files = report_files(path)
            if not files:
                errors.print(f"[yellow]no .yaml, .yml or .json files in {path}[/yellow]")
            for file in files:
                _load_file(database, file, actor)
    except DomainError as exc:
        raise fail(exc) from exc


def _load_file(database: Database, file: Path, actor: str) -> None:
    document = read_report_file(file)
    outcome = write_locally(database, actor, lambda unit: upsert_report(unit, document))
    what = (
        ", ".join(
            [f"{n} {k} created" for k, n in outcome.created.items()]
            + [f"{n} {k} updated" for k, n in outcome.updated.items()]
        )
        or "unchanged"
    )
    console.print(f"{file}: report {outcome.report_code} (id {outcome.report_id}): {what}")


@cli.command()
def status(
    report: Annotated[str | None, typer.Option(help="Report id or code (default: all).")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="What was true at this date or datetime (ISO 8601).")
    ] = None,
    known_at: Annotated[
        str | None,
        typer.Option(help="As the record stood at this date or datetime (default: all of it)."),
    ] = None,
) -> None:
    """Print compliance status as a table, per recommendation and indicator."""
    try:
        moment = Moment(
            parse_as_of(as_of, field="--as-of") if as_of else None,
            SYSTEM_CLOCK.now(),
            parse_as_of(known_at, field="--known-at") if known_at else None,
        )
        with local_database() as database, database.read_session() as session:
            reads = StatusReads(database, SYSTEM_CLOCK)
            if report is None:
                refs = [str(r.id) for r in list_reports(session, limit=500, offset=0).items]
            else:
                refs = [report]
            for ref in refs:
                _, state = reads.report_status(find_report(session, ref), moment)
                console.print(_status_table(state))
    except DomainError as exc:
        raise fail(exc) from exc


def _status_table(state: ReportStatusRead) -> Table:
    table = Table(
        title=f"{state.report.code} as of "
        + (state.as_of.isoformat(timespec="seconds") if state.as_of else "now"),
        caption=state.explanation.summary,
    )
    for column in ("code", "status", "progress", "overdue", "explanation"):
        table.add_column(column)
    for rec in state.recommendations:
        table.add_row(
            rec.code,
            rec.status,
            f"{rec.progress:.0%}",
            "yes" if rec.overdue else "",
            rec.explanation.summary,
        )
        for ind in rec.indicators:
            table.add_row(f"  {ind.code}", ind.status, "", "", ind.explanation.summary)
    return table


@cli.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="Where to write the backup.")],
) -> None:
    """Back up the database while it serves (SQLite backup API, or pg_dump custom format)."""
    try:
        backup(get_settings().database_url, file)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"backed up to {file}")


@cli.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A backup file.")],
    force: Annotated[bool, typer.Option(help="Replace a database that holds reports.")] = False,
) -> None:
    """Restore a backup into the configured database (stop the servers first)."""
    try:
        restore(get_settings().database_url, file, force=force)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"restored {file}")
