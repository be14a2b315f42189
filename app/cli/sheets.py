"""`followup import` and `followup export`: spreadsheets in and out, against the local
database or, with --server, over HTTP the way scripts use a running service."""

from pathlib import Path
from typing import Annotated, Any, BinaryIO

import httpx
import typer
from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from app.cli.local import local_database, write_locally
from app.cli.output import console, error_table, errors, fail
from app.clock import SYSTEM_CLOCK
from app.config import get_settings
from app.errors import DomainError, ErrorDetail
from app.evidence_sheets.outcome import ImportLimits, SheetUpload, file_name_of
from app.evidence_sheets.past_imports import import_result
from app.evidence_sheets.service import check_staged, import_staged, stage_evidence_sheet
from app.exporting.files import write_evidence_csv, write_export_workbook
from app.moments import Moment
from app.services.reports import find_report
from app.status_reads.reads import StatusReads

Server = Annotated[
    str | None,
    typer.Option(
        envvar="FOLLOWUP_SERVER", help="Base URL of a running followup, e.g. http://host:8000."
    ),
]
Actor = Annotated[
    str, typer.Option(envvar="FOLLOWUP_ACTOR", help="Author of a local import (not --server).")
]
Token = Annotated[
    str | None,
    typer.Option(envvar="FOLLOWUP_TOKEN", help="API token for --server (its name is the author)."),
]


def _summary(result: dict[str, Any]) -> None:
    table = Table(title=f"{result['file_name']} ({result['file_format']})")
    for column in ("rows", "created", "superseded", "assessed", "unchanged"):
        table.add_column(column, justify="right")
    table.add_row(
        *(str(result[c]) for c in ("rows", "created", "superseded", "assessed", "unchanged"))
    )
    console.print(table)
    for warning in result.get("warnings", []):
        errors.print(f"[yellow]warning:[/yellow] {warning['message']}")
    if result["dry_run"]:
        console.print("dry run: nothing was written; add --commit to import")
    else:
        console.print(f"imported as import {result['import_id']}")


class _Counting:
    """A file wrapper that advances a progress bar as the upload reads it."""

    def __init__(self, stream: BinaryIO, progress: Progress, task: Any) -> None:
        self.stream, self.progress, self.task = stream, progress, task

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.progress.advance(self.task, len(chunk))
        return chunk


def auth_headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _import_over_http(
    file: Path, report: str, commit: bool, server: str, token: str | None
) -> None:
    url = f"{server.rstrip('/')}/api/v1/reports/{report}/imports"
    with (
        file.open("rb") as stream,
        Progress(
            TextColumn("uploading"), BarColumn(), DownloadColumn(), console=errors, transient=True
        ) as progress,
    ):
        task = progress.add_task("upload", total=file.stat().st_size)
        upload = _Counting(stream, progress, task)
        try:
            response = httpx.post(
                url,
                params={"dry_run": str(not commit).lower()},
                files={"file": (file.name, upload)},  # type: ignore[dict-item]
                headers=auth_headers(token),
                timeout=httpx.Timeout(30, read=3600),
            )
        except httpx.HTTPError as exc:
            errors.print(f"[red]error:[/red] cannot reach {server}: {exc}")
            raise typer.Exit(code=2) from exc
    body = response.json() if response.headers.get("content-type", "").endswith("json") else {}
    if response.status_code in (200, 201):
        _summary(body)
        return
    errors.print(f"[red]error {response.status_code}:[/red] {body.get('detail', response.text)}")
    details = [
        ErrorDetail(
            message=e["message"],
            field=e.get("field"),
            row=e.get("row"),
            column=e.get("column"),
            value=e.get("value"),
        )
        for e in body.get("errors", [])
    ]
    if details:
        errors.print(error_table(details))
    raise typer.Exit(code=1)


def _import_locally(file: Path, report: str, commit: bool, actor: str) -> None:
    settings = get_settings()
    limits = ImportLimits.of(settings)
    try:
        with (
            Progress(
                SpinnerColumn(), TextColumn("{task.completed} rows"), console=errors, transient=True
            ) as progress,
            file.open("rb") as stream,
            local_database() as database,
            database.read_session() as session,
        ):
            task = progress.add_task("import", total=None)
            upload = SheetUpload(
                stream=stream,
                file_name=file_name_of(file.name),
                limits=limits,
                progress=lambda rows: progress.update(task, completed=rows),
            )
            found = find_report(session, report)
            now = SYSTEM_CLOCK.now()
            # Read and checked first, then matched (and written, holding the write lock only
            # for that).
            staged = stage_evidence_sheet(
                session, found, upload, actor=actor, now=now, dry_run=not commit
            )
            try:
                if commit:
                    session.commit()  # the file is read: the write starts afresh
                    outcome = write_locally(
                        database, actor, lambda unit: import_staged(unit, found, staged)
                    )
                else:
                    outcome = check_staged(session, found, staged, actor=actor, now=now)
            finally:
                staged.close()
        _summary(import_result(outcome).model_dump())
    except DomainError as exc:
        raise fail(exc) from exc


def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX.")],
    report: Annotated[str, typer.Option(help="Report code or id to import into.")],
    commit: Annotated[bool, typer.Option(help="Write; without it, a dry run.")] = False,
    server: Server = None,
    token: Token = None,
    actor: Actor = "cli",
) -> None:
    """Import evidence from a spreadsheet (all rows or none); a dry run unless --commit."""
    if server:
        _import_over_http(file, report, commit, server, token)
    else:
        _import_locally(file, report, commit, actor)


def export_command(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="FILE.xlsx or FILE.csv.")],
    report: Annotated[str, typer.Option(help="Report code or id.")],
    lang: Annotated[
        str | None,
        typer.Option(help="Explanations of the status sheet in ar, en, es, fr, ru or zh."),
    ] = None,
    server: Server = None,
    token: Token = None,
) -> None:
    """Export a report: XLSX with status, evidence and actions sheets, or the evidence CSV."""
    suffix = file.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        errors.print("[red]error:[/red] the export file must end in .xlsx or .csv")
        raise typer.Exit(code=2)
    if lang is not None and lang not in ("ar", "en", "es", "fr", "ru", "zh"):
        errors.print("[red]error:[/red] --lang must be one of ar, en, es, fr, ru, zh")
        raise typer.Exit(code=2)
    if server:
        url = f"{server.rstrip('/')}/api/v1/reports/{report}/export{suffix}"
        params = {"lang": lang} if lang and suffix == ".xlsx" else {}
        with httpx.stream(
            "GET",
            url,
            params=params,
            headers=auth_headers(token),
            timeout=httpx.Timeout(30, read=3600),
        ) as response:
            if response.status_code != 200:
                response.read()
                errors.print(f"[red]error {response.status_code}:[/red] {response.text}")
                raise typer.Exit(code=1)
            with file.open("wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
    else:
        try:
            with local_database() as database, database.read_session() as session:
                found = find_report(session, report)
                if suffix == ".xlsx":
                    reads = StatusReads(database, SYSTEM_CLOCK)
                    _, status = reads.report_status(found, Moment(None, SYSTEM_CLOCK.now()))
                    write_export_workbook(session, found, file, status, lang)
                else:
                    write_evidence_csv(session, found, file)
        except DomainError as exc:
            raise fail(exc) from exc
    console.print(f"wrote {file}")
