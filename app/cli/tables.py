"""`followup table`: the implementation table of a report written to a file (HTML, XLSX or
PDF, by its suffix), from the local database or, with --server, over HTTP."""

from pathlib import Path
from typing import Annotated

import httpx
import typer

from app.cli.local import local_database
from app.cli.output import console, errors, fail
from app.cli.sheets import Server, Token, auth_headers
from app.clock import SYSTEM_CLOCK
from app.errors import DomainError
from app.moments import Moment, parse_as_of
from app.services.reports import find_report
from app.status_reads.reads import StatusReads
from app.tables.content import implementation_table
from app.tables.files import table_html, write_table_pdf, write_table_xlsx


def _over_http(file: Path, server: str, token: str | None, params: dict[str, str]) -> None:
    report = params.pop("report")
    url = f"{server.rstrip('/')}/api/v1/reports/{report}/implementation-table{file.suffix}"
    with httpx.stream(
        "GET", url, params=params, headers=auth_headers(token), timeout=httpx.Timeout(30, read=600)
    ) as response:
        if response.status_code != 200:
            response.read()
            errors.print(f"[red]error {response.status_code}:[/red] {response.text}")
            raise typer.Exit(code=1)
        with file.open("wb") as out:
            for chunk in response.iter_bytes():
                out.write(chunk)


def _locally(file: Path, report: str, lang: str, moment: Moment) -> None:
    with local_database() as database, database.read_session() as session:
        found = find_report(session, report)
        _, status = StatusReads(database, SYSTEM_CLOCK).report_status(found, moment)
        table = implementation_table(session, found, status, lang, moment.now)
    suffix = file.suffix.lower()
    if suffix == ".html":
        file.write_text(table_html(table), encoding="utf-8")
    elif suffix == ".xlsx":
        write_table_xlsx(table, file)
    else:
        write_table_pdf(table, file)


def table_command(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="FILE.pdf, FILE.xlsx or FILE.html.")],
    report: Annotated[str, typer.Option(help="Report code or id.")],
    lang: Annotated[str, typer.Option(help="ar, en, es, fr, ru or zh.")] = "en",
    as_of: Annotated[str | None, typer.Option(help="Status as of this date or datetime.")] = None,
    known_at: Annotated[
        str | None, typer.Option(help="The record as it stood at this date or datetime.")
    ] = None,
    server: Server = None,
    token: Token = None,
) -> None:
    """Write a report's implementation table (one row per recommendation, in a UN language)."""
    if file.suffix.lower() not in (".pdf", ".xlsx", ".html"):
        errors.print("[red]error:[/red] the table file must end in .pdf, .xlsx or .html")
        raise typer.Exit(code=2)
    if lang not in ("ar", "en", "es", "fr", "ru", "zh"):
        errors.print("[red]error:[/red] --lang must be one of ar, en, es, fr, ru, zh")
        raise typer.Exit(code=2)
    try:
        if server:
            params = {"report": report, "lang": lang}
            params |= {"as_of": as_of} if as_of else {}
            params |= {"known_at": known_at} if known_at else {}
            _over_http(file, server, token, params)
        else:
            moment = Moment(
                as_of=parse_as_of(as_of, field="--as-of") if as_of else None,
                now=SYSTEM_CLOCK.now(),
                known_at=parse_as_of(known_at, field="--known-at") if known_at else None,
            )
            _locally(file, report, lang, moment)
    except DomainError as exc:
        raise fail(exc) from exc
    except OSError as exc:  # WeasyPrint without pango
        errors.print(f"[red]error:[/red] could not draw the PDF ({exc}); run `make pdf`")
        raise typer.Exit(code=1) from exc
    console.print(f"wrote {file}")
