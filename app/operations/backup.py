"""Backups and restores: SQLite's online backup API, or pg_dump/pg_restore (custom format)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url

from app.db import is_sqlite, normalize_url
from app.errors import Conflict, DomainError, Invalid

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class ToolMissing(DomainError):
    status = 500
    type = "/problems/tool-missing"
    title = "A required program is missing"


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise Invalid("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _pg_command(url: URL, program: str) -> tuple[str, list[str], dict[str, str]]:
    """The program, its connection arguments, and an environment carrying the password (never
    on the command line, where `ps` would show it)."""
    binary = shutil.which(program)
    if binary is None:
        raise ToolMissing(f"{program} is not installed (Debian: postgresql-client)")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return binary, ["--dbname", conninfo], env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Conflict(f"{what} failed: {done.stderr.strip()[-2000:]}")


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the live database to `target`, while it keeps serving."""
    url = make_url(normalize_url(database_url))
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(str(url)):
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # pages copied under a read transaction: a consistent snapshot
        finally:
            copy.close()
            source.close()
        return
    binary, connection, env = _pg_command(url, "pg_dump")
    _run(
        [binary, "--format=custom", "--no-owner", "--file", str(target), *connection],
        env,
        "pg_dump",
    )


def _is_empty(database_url: str) -> bool:
    engine = create_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        if not tables:
            return True
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT count(*) FROM report").scalar() == 0
    finally:
        engine.dispose()


def restore(database_url: str, source: Path, *, force: bool = False) -> None:
    """Replace the database's content with a backup. Refuses to overwrite a database that
    holds reports unless `force`."""
    url = make_url(normalize_url(database_url))
    try:
        head = _head(source)
    except OSError as exc:
        raise Invalid(f"cannot read the backup {source}: {exc}") from exc
    sqlite_backup = head.startswith(SQLITE_MAGIC)
    if not sqlite_backup and not head.startswith(PG_MAGIC):
        raise Invalid(f"{source} is neither a SQLite backup nor a pg_dump custom-format file")
    if sqlite_backup != is_sqlite(str(url)):
        kind = "SQLite" if sqlite_backup else "PostgreSQL"
        raise Invalid(f"{source} is a {kind} backup; restore it into a {kind} database")
    if not force and not _is_empty(str(url)):
        raise Conflict("the database already holds reports: pass --force to replace them")
    if sqlite_backup:
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
        return
    binary, connection, env = _pg_command(url, "pg_restore")
    _run(
        [
            binary,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *connection,
            str(source),
        ],
        env,
        "pg_restore",
    )


def _head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(16)
