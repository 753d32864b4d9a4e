"""PostgreSQL backend: canonical tables in a schema; only aggregates leave the database.

Needs the ``[postgres]`` extra (psycopg 3).  Every query runs in a read-only-in-practice
transaction of its own: with a connection string, on a new connection per call (so calls from
many threads run in parallel); with the caller's connection, under a lock (calls take turns),
inside a transaction (or a savepoint, when the caller has one open) that is rolled back, so
the caller's session is left as it was.  Nothing is created in the database: the views travel
with each query as common table expressions.

Results come back through ``COPY (…) TO STDOUT`` as CSV, parsed column-wise by Arrow with the
types PostgreSQL reports (no Python object per row).  PostgreSQL writes floating-point numbers
in their shortest exact form (``extra_float_digits = 1``), so the numbers arrive unchanged.
"""

from __future__ import annotations

import importlib
import io
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from kampungkb.backends._remote import (
    RemoteDataset,
    dataset_schemas_of,
    import_extra,
    safe_detail,
)
from kampungkb.backends._render import Dialect
from kampungkb.errors import DatasetError

__all__ = ["PostgresBackend", "from_postgres", "import_psycopg"]

#: PostgreSQL type OIDs → Arrow types; anything else arrives as text.
_OID_TYPES: dict[int, pa.DataType] = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    700: pa.float32(),
    701: pa.float64(),
    1700: pa.float64(),
    1082: pa.date32(),
    25: pa.string(),
    1043: pa.string(),
    1042: pa.string(),
    19: pa.string(),
}


_LMS_PREFIX = "_kkb_who_"
_LMS_NAMES = ("lhfa", "wfa", "wfl", "wfh")


def import_psycopg() -> Any:
    """The psycopg module, or a bilingual error naming the extra to install."""
    return import_extra("psycopg", backend="PostgreSQL", extra="postgres", package="psycopg")


class PostgresBackend:
    """Runs rendered queries in a PostgreSQL database (one session per call)."""

    dialect: Dialect = "postgres"
    label = "PostgreSQL"

    def __init__(self, conninfo_or_connection: Any, schema: str) -> None:
        self._psycopg = import_psycopg()
        self._schema = schema
        self._lock = threading.Lock()
        if isinstance(conninfo_or_connection, str):
            self._conninfo: str | None = conninfo_or_connection
            self._shared: Any = None
        else:
            self._conninfo, self._shared = None, conninfo_or_connection
        self._known: set[str] = set()
        self._columns = self._table_columns()
        self._lms: bytes | None = None

    @contextmanager
    def _session(self) -> Iterator[Any]:
        psycopg = self._psycopg
        try:
            if self._shared is not None:
                with self._lock, self._shared.transaction(force_rollback=True):
                    yield self._shared
            else:
                with psycopg.connect(self._conninfo) as conn, conn.transaction(force_rollback=True):
                    yield conn
        except psycopg.Error as exc:
            raise DatasetError.of(
                "backends.query_failed",
                backend=self.label,
                detail=safe_detail(str(exc), self._known),
            ) from exc

    def _table_columns(self) -> dict[str, list[str]]:
        sql = (
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s ORDER BY table_name, ordinal_position"
        )
        with self._session() as conn:
            rows = conn.execute(sql, (self._schema,)).fetchall()  # one row per column
        out: dict[str, list[str]] = {}
        for table, column in rows:
            out.setdefault(str(table), []).append(str(column))
        self._known = set(out) | {c for cols in out.values() for c in cols}
        return out

    def where(self) -> str:
        """``PostgreSQL user@host:port/dbname`` — never the password."""
        if self._shared is not None:
            info = self._shared.info
            parts = {"user": info.user, "host": info.host, "port": info.port, "dbname": info.dbname}
        else:
            conninfo = importlib.import_module("psycopg.conninfo")
            parts = conninfo.conninfo_to_dict(self._conninfo)
        host = str(parts.get("host") or "localhost")
        port = f":{parts['port']}" if parts.get("port") else ""
        user = f"{parts['user']}@" if parts.get("user") else ""
        return f"PostgreSQL {user}{host}{port}/{parts.get('dbname') or ''}"

    def tables(self) -> list[str]:
        """Tables (and views) in the schema."""
        return list(self._columns)

    def relation(self, table: str) -> str:
        return '"{}"."{}"'.format(self._schema.replace('"', '""'), table.replace('"', '""'))

    def columns(self, table: str) -> list[str]:
        return list(self._columns.get(table, []))

    def lms_relations(self) -> Mapping[str, str]:
        """Temporary tables ``_kkb_who_<name>``, created (and rolled back) in each session
        whose query reads them."""
        return {name: f"{_LMS_PREFIX}{name}" for name in _LMS_NAMES}

    def _load_lms(self, cur: Any) -> None:
        from kampungkb.growth._sql import lms_tables  # noqa: PLC0415 - numpy, on use

        tables = lms_tables()
        for name in _LMS_NAMES:
            table = tables[name]
            cur.execute(
                f"CREATE TEMP TABLE {_LMS_PREFIX}{name} (sex integer, key integer, "
                "l double precision, m double precision, s double precision) "
                "ON COMMIT DROP"
            )
            buffer = io.BytesIO()
            pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=False))
            with cur.copy(f"COPY {_LMS_PREFIX}{name} FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
            # statistics, so the planner hashes the join instead of scanning per measurement
            cur.execute(f"ANALYZE {_LMS_PREFIX}{name}")

    def materialize(self, name: str, sql: str) -> str | None:
        """Nothing is kept in the database: views travel with each query."""
        return None

    def fetch(self, sql: str) -> pa.Table:
        with self._session() as conn:
            cur = conn.cursor()
            cur.execute("SET LOCAL datestyle = 'ISO, YMD'")
            cur.execute("SET LOCAL extra_float_digits = 1")
            if _LMS_PREFIX in sql:
                self._load_lms(cur)
            cur.execute(f"SELECT * FROM ({sql}) AS _q LIMIT 0")
            names = [d.name for d in cur.description]
            types = [_OID_TYPES.get(d.type_code, pa.string()) for d in cur.description]
            buffer = io.BytesIO()
            with cur.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for chunk in copy:
                    buffer.write(chunk)
        return _parse_csv(buffer.getvalue(), names, types)

    def close(self) -> None:
        """Nothing to release: connections are per call (the caller's stays open)."""


def _parse_csv(data: bytes, names: Sequence[str], types: Sequence[pa.DataType]) -> pa.Table:
    schema = pa.schema([pa.field(n, t) for n, t in zip(names, types, strict=True)])
    if not data:
        return schema.empty_table()
    # unique placeholder names: a query may repeat a column name
    placeholders = [f"c{i}" for i in range(len(names))]
    table = pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(column_names=placeholders, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict(zip(placeholders, types, strict=True)),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            true_values=["t"],
            false_values=["f"],
        ),
    )
    return pa.Table.from_arrays(table.columns, schema=schema)


def from_postgres(
    conninfo_or_connection: Any,
    *,
    schema: str = "public",
    tables: Sequence[str] | None = None,
    schemas: Mapping[str, Any] | None = None,
    definitions: Any | None = None,
    source: str = "",
) -> RemoteDataset:
    """See :meth:`kampungkb.Dataset.from_postgres`."""
    backend = PostgresBackend(conninfo_or_connection, schema)
    dataset_schemas = dataset_schemas_of(schemas, definitions)
    present = backend.tables()
    names = list(tables) if tables is not None else [n for n in dataset_schemas if n in present]
    absent = [n for n in names if n not in present]
    if absent or not names:
        raise DatasetError.of(
            "backends.no_tables",
            backend=backend.label,
            where=f"schema {schema!r}",
            tables=", ".join(absent) or "–",
        )
    return RemoteDataset(
        backend,
        names,
        schemas=schemas,
        definitions=definitions,
        source=source or f"{backend.where()} schema {schema}",
    )
