"""The `followup` command line."""

from app.cli.core import cli
from app.cli.sheets import export_command, import_command

cli.command("import")(import_command)
cli.command("export")(export_command)


def main() -> None:
    cli()


__all__ = ["cli", "main"]
