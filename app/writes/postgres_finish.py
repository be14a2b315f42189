"""What a group's commit owes on PostgreSQL, sent as one round trip: the change log's lock,
the idempotency marks, the data versions and the change-log entries.

Why one: the change log's lock is held from the moment it is taken until the commit, and
every instance's writers queue for it. Four statements, each a round trip under load on two
shared cores (measured: 2-3 ms each in the PostgreSQL benchmark), made that hold the ceiling
of every instance's writes together. Several statements go in one query only without bound
parameters, so the values are rendered into it by the driver's own quoting (`mogrify`), after
SQLAlchemy's conversions of each column (UTC datetimes, JSON)."""

from collections.abc import Mapping, Sequence
from typing import Any, cast

import psycopg
from sqlalchemy import Connection
from sqlmodel import SQLModel

from app.models import Change, IdempotencyRecord

CHANGE_LOG_LOCK = 0x666F6C6C6F77  # "follow": an arbitrary key of this application's own
CHANGE_COLUMNS = ("occurred_at", "actor", "kind", "entity", "entity_id", "report_id", "data")
_CHANGE = SQLModel.metadata.tables[Change.__tablename__]


def finish_in_one_trip(
    connection: Connection,
    *,
    records: Sequence[int],
    versions: str,
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """Take the change log's lock (held until the transaction ends, so change ids are handed
    out in commit order), mark `records` applied, run `versions` (the data versions' upsert)
    and append `rows` to the change log, in this order, in one round trip."""
    dialect = connection.dialect
    convert = {
        name: _CHANGE.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        for name in CHANGE_COLUMNS
    }
    raw = cast(psycopg.Connection[Any], connection.connection.dbapi_connection)
    cursor = psycopg.ClientCursor(raw)
    values: list[Any] = []
    for row in rows:
        for name in CHANGE_COLUMNS:
            process = convert[name]
            values.append(row[name] if process is None else process(row[name]))
    one = "(" + ", ".join(["%s"] * len(CHANGE_COLUMNS)) + ")"
    statements = [cursor.mogrify("SELECT pg_advisory_xact_lock(%s)", (CHANGE_LOG_LOCK,))]
    if records:
        statements.append(
            cursor.mogrify(
                f"UPDATE {IdempotencyRecord.__tablename__} SET applied = true WHERE id = ANY(%s)",
                ([int(record) for record in records],),
            )
        )
    statements.append(versions)
    statements.append(
        cursor.mogrify(
            f"INSERT INTO {_CHANGE.name} ({', '.join(CHANGE_COLUMNS)}) VALUES "
            + ", ".join([one] * len(rows)),
            values,
        )
    )
    with cursor:
        cursor.execute(";\n".join(statements))
