"""The core commands: serve, migrate, load report files, print status."""

from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.table import Table

from app.api.deps import parse_as_of
from app.api.hygiene import log_config
from app.cli.output import console, errors, fail
from app.config import get_settings
from app.db import Database
from app.errors import DomainError
from app.loading.files import read_report_file, report_files
from app.loading.loader import load_report
from app.migrate import upgrade
from app.operations.backup import backup, restore
from app.services.reports import find_report, list_reports
from app.services.status import report_status_at

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
    database = Database.from_settings(get_settings())
    try:
        files = report_files(path)
        if not files:
            errors.print(f"[yellow]no .yaml, .yml or .json files in {path}[/yellow]")
        for file in files:
            document = read_report_file(file)
            with database.write_session() as session:
                outcome = load_report(session, document, actor=actor)
            what = (
                ", ".join(
                    [f"{n} {k} created" for k, n in outcome.created.items()]
                    + [f"{n} {k} updated" for k, n in outcome.updated.items()]
                )
                or "unchanged"
            )
            console.print(f"{file}: report {outcome.report_code} (id {outcome.report_id}): {what}")
    except DomainError as exc:
        raise fail(exc) from exc
    finally:
        database.dispose()


@cli.command()
def status(
    report: Annotated[str | None, typer.Option(help="Report id or code (default: all).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Date or datetime, ISO 8601.")] = None,
) -> None:
    """Print compliance status as a table, per recommendation and indicator."""
    database = Database.from_settings(get_settings())
    try:
        moment = parse_as_of(as_of) if as_of else None
        with database.read_session() as session:
            if report is None:
                refs = [str(r.id) for r in list_reports(session, limit=500, offset=0).items]
            else:
                refs = [report]
            for ref in refs:
                state = report_status_at(session, find_report(session, ref), moment)
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
                console.print(table)
    except DomainError as exc:
        raise fail(exc) from exc
    finally:
        database.dispose()


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
