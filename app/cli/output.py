"""Where the command line writes: results to stdout, errors to stderr, both through rich."""

import typer
from rich.console import Console
from rich.table import Table

from app.errors import DomainError, ErrorDetail

console = Console()
errors = Console(stderr=True)


def error_table(details: list[ErrorDetail]) -> Table:
    table = Table(title="errors", show_lines=False)
    for column in ("row", "column", "value", "message"):
        table.add_column(column, overflow="fold")
    for d in details:
        table.add_row(
            str(d.row) if d.row is not None else "",
            d.column or d.field or "",
            d.value or "",
            d.message,
        )
    return table


def fail(exc: DomainError) -> typer.Exit:
    """Print a refused command's problem and the exit that ends it."""
    errors.print(f"[red]error:[/red] {exc.detail}")
    if any(d.row is not None for d in exc.errors):
        errors.print(error_table(exc.errors))
    else:
        for detail in exc.errors:
            errors.print(f"  {detail.field or ''}: {detail.message}")
    return typer.Exit(code=1)
