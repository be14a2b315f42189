"""Many rows into one table through the database driver's own executemany (SQLite) or COPY
(PostgreSQL).

SQLAlchemy's Core executemany converts every parameter of every row in Python, and at a few
hundred thousand rows per import that was half the time spent writing them (measured on
SQLite: 35,000 rows/s through `Connection.execute(insert(...), rows)` against 56,000-66,000
through the driver). Here each column's conversion is found once per import: columns whose
value is the same on every row (the import, its author, its moment) are converted once, and
the others only where their type converts at all (dates on SQLite, verdicts), through a cache,
since a sheet repeats the same few values.

On PostgreSQL the rows stream through one `COPY ... FROM STDIN` per batch on the import's own
connection, inside its transaction (all or nothing, as the executemany): an INSERT per row,
even pipelined by the driver, costs a round of parsing and planning each (see
docs/benchmarks.md, PostgreSQL)."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

import psycopg
from sqlalchemy import Column, Connection, Dialect, Table, insert
from sqlalchemy.exc import IntegrityError

Convert = Callable[[Any], Any]


def _converter(column: Column[Any], dialect: Dialect) -> Convert | None:
    """What SQLAlchemy would do to a value of this column before handing it to the driver
    (None when it hands it over as it is). Values it converts must be hashable."""
    convert = column.type.dialect_impl(dialect).bind_processor(dialect)
    return None if convert is None else lru_cache(maxsize=4096)(convert)


class BulkInsert:
    """INSERT of rows that give `varying` columns (a tuple each, in that order); `constant`
    columns take the same value on every row."""

    def __init__(
        self,
        connection: Connection,
        table: Table,
        varying: Sequence[str],
        constant: Mapping[str, Any],
    ) -> None:
        dialect = connection.dialect
        names = [*varying, *constant]
        # for_executemany: as Core compiles it for many rows (on PostgreSQL, without the
        # RETURNING of new ids it would add for one).
        compiled = insert(table).compile(dialect=dialect, column_keys=names, for_executemany=True)
        self._connection = connection
        self.sql = str(compiled)
        # Core fills in columns with defaults itself; here every column must be given.
        if missing := set(compiled.params) - set(names):
            raise ValueError(f"no value for {sorted(missing)} (columns with defaults)")
        converters = {name: _converter(table.c[name], dialect) for name in names}
        self._fixed = tuple(
            value if (convert := converters[name]) is None else convert(value)
            for name, value in constant.items()
        )
        self._converted = [
            (i, convert) for i, name in enumerate(varying) if (convert := converters[name])
        ]
        self._arrange: Callable[[tuple[Any, ...]], Any]
        self._copy: str | None = None
        order = compiled.positiontup
        if dialect.driver == "psycopg":  # COPY takes each row as a tuple in `names` order
            quote = dialect.identifier_preparer.quote
            columns = ", ".join(quote(name) for name in names)
            table_name = dialect.identifier_preparer.format_table(table)
            self._copy = f"COPY {table_name} ({columns}) FROM STDIN"
            self._arrange = lambda values: values
        elif order is None:  # named parameters: a dict per row
            self._arrange = lambda values: dict(zip(names, values, strict=True))
        elif list(order) == names:
            self._arrange = lambda values: values
        else:  # the driver's positions follow the table's column order
            self._arrange = itemgetter(*(names.index(name) for name in order))

    def execute(self, rows: Iterable[tuple[Any, ...]]) -> None:
        fixed, converted, arrange = self._fixed, self._converted, self._arrange
        batch = []
        for row in rows:
            if converted:
                values = list(row)
                for i, convert in converted:
                    values[i] = convert(values[i])
                row = tuple(values)
            batch.append(arrange(row + fixed))
        if not batch:
            return
        if self._copy is None:
            self._connection.exec_driver_sql(self.sql, batch)
            return
        raw = cast(psycopg.Connection[Any], self._connection.connection.dbapi_connection)
        try:
            with raw.cursor() as cursor, cursor.copy(self._copy) as copy:
                for row in batch:
                    copy.write_row(row)
        except psycopg.IntegrityError as exc:  # as SQLAlchemy would have raised it
            raise IntegrityError(self._copy, None, exc) from exc
