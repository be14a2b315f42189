"""Database triggers that refuse UPDATE and DELETE on the tables that hold the record.

Used by migrations. SQLite batch operations rebuild a table and lose its triggers: a migration
that alters one of these tables in batch mode must call `protect(table)` again afterwards.
"""

from alembic import op

TABLES = (
    "evidence",
    "assessment",
    "withdrawal",
    "response",
    "target_date_change",
    "closure",
    "change",
)


def protect(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION followup_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f'CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def unprotect(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP TRIGGER IF EXISTS {table}_append_only ON "{table}"')
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")


def install() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION followup_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only: record a correction instead', "
            "TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $$"
        )
    for table in TABLES:
        protect(table)


def uninstall() -> None:
    for table in TABLES:
        unprotect(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS followup_append_only()")
