"""The benchmark's portfolio on PostgreSQL: 1,000 reports and millions of evidence items,
generated with COPY into a template database that later runs clone (CREATE DATABASE ...
TEMPLATE, a file copy) as long as its generator version matches."""

import json
import random
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import app.models  # noqa: F401  (tables)
from app.migrate import head_revision, upgrade
from tests.bench.portfolio import BATCH, YEARS, Rows, _evidence, _structure

REPORTS = 1_000
# Bump when the generated data changes: templates of another version are made again.
GENERATOR = 1


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def database_url(admin: str, name: str) -> str:
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _version() -> str:
    return f"followup bench portfolio v{GENERATOR}, schema {head_revision()}"


def _comment(admin: str, name: str) -> str | None:
    with psycopg.connect(libpq(admin), autocommit=True) as conn:
        found = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    return None if found is None else found[0]


def template(admin: str, evidence: int, reports: int = REPORTS) -> str:
    """The name of a template database holding the portfolio (made now unless one of this
    generator version exists)."""
    name = f"followup_bench_{reports}_{evidence}"
    if _comment(admin, name) == _version():
        return name
    started = time.perf_counter()
    with psycopg.connect(libpq(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = database_url(admin, name)
    upgrade(url)
    _fill(url, evidence, reports)
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")  # statistics and visibility maps, as in service
    with psycopg.connect(libpq(admin), autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{_version()}'")
    print(f"  {name}: generated in {time.perf_counter() - started:.0f} s")
    return name


def clone(admin: str, source: str, name: str) -> str:
    """A fresh copy of the template `source` named `name`; its URL."""
    with psycopg.connect(libpq(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return database_url(admin, name)


def drop(admin: str, name: str) -> None:
    with psycopg.connect(libpq(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy(cursor: psycopg.Cursor[Any], table: str, rows: Rows) -> None:
    if not rows:
        return
    columns = list(rows[0])
    json_columns = {
        c.name
        for c in SQLModel.metadata.tables[table].columns
        if c.type.__class__.__name__ == "JSON"
    }
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])


def _fill(url: str, evidence: int, reports: int) -> None:
    rng = random.Random(7)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=365 * YEARS)
    with psycopg.connect(libpq(url)) as conn, conn.cursor() as cursor:
        # Foreign keys are PostgreSQL triggers: off for this load of rows made consistent by
        # construction (superuser only; this connection alone, this transaction alone).
        cursor.execute("SET LOCAL session_replication_role = replica")
        structure = _structure(rng, start, reports)
        for table, rows in structure.items():
            _copy(cursor, table, rows)
        indicators = structure["indicator"]
        rebuild = _drop_indexes(cursor, ("evidence", "assessment", "withdrawal"))
        for first in range(1, evidence + 1, BATCH):
            ids = range(first, min(evidence, first + BATCH - 1) + 1)
            for table, rows in _evidence(rng, indicators, ids, start, now).items():
                _copy(cursor, table, rows)
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for statement in rebuild:
            cursor.execute(statement)
        _sequences(cursor, ("report", "recommendation", "indicator", "evidence"))


def _drop_indexes(cursor: psycopg.Cursor[Any], tables: tuple[str, ...]) -> list[str]:
    """Drop the tables' indexes but their primary keys (kept up as rows come, in id order,
    cheaply); the statements that make them again. Building an index once from the loaded
    rows takes a fraction of keeping it up through millions of inserts in random order."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid::regclass::text = ANY(%s) AND contype = 'u'",
        (list(tables),),
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
        " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        (list(tables),),
    )
    indexes = cursor.fetchall()
    for table, name, _ in constraints:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [f'ALTER TABLE "{t}" ADD CONSTRAINT "{n}" {d}' for t, n, d in constraints] + [
        d for _, d in indexes
    ]


def _sequences(cursor: psycopg.Cursor[Any], tables: Iterable[str]) -> None:
    """Rows were given their ids: the sequences continue after them."""
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'(SELECT max(id) FROM "{table}"))'
        )
