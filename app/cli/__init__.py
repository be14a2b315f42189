"""The `followup` command line."""

from app.cli.core import cli
from app.cli.sheets import export_command, import_command
from app.cli.tables import table_command
from app.cli.tokens import token_cli

cli.command("import")(import_command)
cli.command("export")(export_command)
cli.command("table")(table_command)
cli.add_typer(token_cli, name="token")


def main() -> None:
    cli()


__all__ = ["cli", "main"]
