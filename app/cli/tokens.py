"""`followup token ...`: issue, list and revoke API tokens against the local database."""

import getpass
from typing import Annotated

import typer
from rich.table import Table

from app.access.roles import Role
from app.access.scopes import Scope
from app.cli.local import local_database, write_locally
from app.cli.output import console, fail
from app.errors import DomainError
from app.services.tokens import issue_token, list_tokens, revoke_by_name

token_cli = typer.Typer(help="API tokens: who may read and write, with which role.")


def _operator() -> str:
    return f"cli:{getpass.getuser()}"


@token_cli.command("create")
def create(
    name: Annotated[str, typer.Option(help="Who will use it; recorded as the author.")],
    role: Annotated[Role, typer.Option(help="viewer, contributor, evaluator or admin.")],
    replace: Annotated[
        bool, typer.Option(help="Revoke this name's active tokens first (rotate).")
    ] = False,
    quiet: Annotated[bool, typer.Option(help="Print only the token.")] = False,
    entity: Annotated[
        list[str] | None,
        typer.Option(help="Limit it to this entity's reports (repeat for several)."),
    ] = None,
    report: Annotated[
        list[str] | None, typer.Option(help="Limit it to this report, by code (repeatable).")
    ] = None,
) -> None:
    """Issue a token and print it: it is shown this once and stored only as a hash."""
    scope = Scope(frozenset(entity or ()), frozenset(report or ()))
    try:
        with local_database() as database:
            issued = write_locally(
                database,
                _operator(),
                lambda unit: issue_token(unit, name=name, role=role, replace=replace, scope=scope),
            )
    except DomainError as exc:
        raise fail(exc) from exc
    if quiet:
        print(issued.token)
    else:
        reach = scope.described()
        console.print(f"token for {issued.name} ({issued.role}, {reach}), shown only now:")
        console.print(issued.token, soft_wrap=True, highlight=False)


@token_cli.command("revoke")
def revoke_command(name: Annotated[str, typer.Argument(help="The token's name.")]) -> None:
    """Revoke every active token with this name."""
    try:
        with local_database() as database:
            revoked = write_locally(database, _operator(), lambda unit: revoke_by_name(unit, name))
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"revoked {len(revoked)} token(s) named {name}")


@token_cli.command("list")
def list_command() -> None:
    """Tokens issued, without secrets."""
    with local_database() as database, database.read_session() as session:
        page = list_tokens(session, limit=500, offset=0)
    table = Table()
    for column in ("id", "name", "role", "reaches", "prefix", "created", "revoked"):
        table.add_column(column)
    for t in page.items:
        table.add_row(
            str(t.id),
            t.name,
            t.role,
            Scope(frozenset(t.entities), frozenset(t.reports)).described(),
            t.prefix + "…",
            t.created_at.isoformat(timespec="seconds"),
            t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else "",
        )
    console.print(table)
