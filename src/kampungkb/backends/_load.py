"""Copy canonical tables into PostgreSQL (for tests, benchmarks and first loads).

DuckDB writes each table as CSV (lists as PostgreSQL array literals) into a temporary file,
which is streamed into ``COPY … FROM STDIN``: the data never becomes Python objects.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from kampungkb.backends._postgres import import_psycopg
from kampungkb.backends._remote import safe_detail
from kampungkb.engine._dataset import FileSource, _quote, _to_arrow
from kampungkb.errors import DatasetError

__all__ = ["export_postgres", "to_postgres"]

_PG_TYPES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "TINYINT": "smallint",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "DATE": "date",
    "VARCHAR[]": "text[]",
}

_CHUNK = 1 << 20


def _pg_type(duck_type: str) -> str:
    return _PG_TYPES.get(duck_type.upper(), "text")


def _csv_expr(name: str, duck_type: str) -> str:
    col = _quote(name)
    if duck_type.upper() == "VARCHAR[]":
        item = (
            "CASE WHEN e IS NULL THEN 'NULL' ELSE '\"' || replace(replace(e, '\\', '\\\\'), "
            "'\"', '\\\"') || '\"' END"
        )
        return (
            f"CASE WHEN {col} IS NULL THEN NULL ELSE '{{' || array_to_string("
            f"list_transform({col}, lambda e: {item}), ',') || '}}' END AS {col}"
        )
    return col


def to_postgres(
    tables: Mapping[str, Any],
    conninfo_or_connection: Any,
    *,
    schema: str = "public",
    replace: bool = False,
) -> dict[str, int]:
    """Create one table per canonical table in ``schema`` and copy the rows in.

    Args:
        tables: canonical table name → data (anything :meth:`kampungkb.Dataset.from_tables`
            accepts: Arrow tables, DataFrames, Parquet/CSV paths or folders).
        conninfo_or_connection: a libpq connection string or an open psycopg connection
            (committed at the end).
        schema: the PostgreSQL schema (created when missing).
        replace: drop tables of the same name first (else an existing table is an error).

    Returns:
        Rows copied per table.
    """
    psycopg = import_psycopg()
    sources = {name: _to_arrow(name, data) for name, data in tables.items()}
    counts: dict[str, int] = {}
    own = isinstance(conninfo_or_connection, str)
    conn = psycopg.connect(conninfo_or_connection) if own else conninfo_or_connection
    duck = duckdb.connect(":memory:")
    try:
        with tempfile.TemporaryDirectory(prefix="kampungkb-pg-") as tmp:
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(schema)}")
            for name, source in sources.items():
                target = f"{_quote(schema)}.{_quote(name)}"
                counts[name] = _copy_table(
                    conn, duck, target, source, Path(tmp) / "t.csv", replace=replace
                )
        conn.commit()
    except psycopg.Error as exc:
        conn.rollback()
        raise DatasetError.of(
            "backends.load_failed",
            backend="PostgreSQL",
            detail=safe_detail(str(exc), set())[:200],
        ) from exc
    finally:
        duck.close()
        if own:
            conn.close()
    return counts


def _copy_table(
    conn: Any,
    duck: duckdb.DuckDBPyConnection,
    target: str,
    source: pa.Table | FileSource,
    path: Path,
    *,
    replace: bool,
) -> int:
    if isinstance(source, FileSource):
        duck.execute(f"CREATE OR REPLACE VIEW _src AS {source.scan_sql()}")
    else:
        duck.register("_src", source)
    described = duck.execute("DESCRIBE _src").fetchall()
    columns = [(str(r[0]), str(r[1])) for r in described]
    if replace:
        conn.execute(f"DROP TABLE IF EXISTS {target}")
    ddl = ", ".join(f"{_quote(c)} {_pg_type(t)}" for c, t in columns)
    conn.execute(f"CREATE TABLE {target} ({ddl})")
    select = ", ".join(_csv_expr(c, t) for c, t in columns)
    literal = str(path).replace("'", "''")
    duck.execute(f"COPY (SELECT {select} FROM _src) TO '{literal}' (FORMAT csv, HEADER false)")
    counted = duck.execute("SELECT count(*) FROM _src").fetchall()
    rows = int(counted[0][0])
    if isinstance(source, FileSource):
        duck.execute("DROP VIEW _src")
    else:
        duck.unregister("_src")
    names = ", ".join(_quote(c) for c, _ in columns)
    with (
        conn.cursor().copy(f"COPY {target} ({names}) FROM STDIN WITH (FORMAT csv)") as copy,
        path.open("rb") as fh,
    ):
        while chunk := fh.read(_CHUNK):
            copy.write(chunk)
    return rows


def _export_expr(column: str, kind: str) -> str:
    """A column as the readers take it: lists as ``a;b``, booleans as ``true``/``false``."""
    col = _quote(column)
    if kind == "ARRAY":
        return f"array_to_string({col}, ';') AS {col}"
    if kind == "boolean":
        return f"CASE WHEN {col} THEN 'true' WHEN NOT {col} THEN 'false' END AS {col}"
    return col


def export_postgres(
    conninfo_or_connection: Any,
    folder: str | Path,
    *,
    schema: str = "public",
    tables: list[str] | None = None,
) -> dict[str, Path]:
    """Write each canonical table of ``schema`` to ``folder/<table>.csv`` for validation.

    The supported way to validate data that lives in PostgreSQL: export it with this function
    (or the same ``COPY``), then run ``kampungkb validate folder`` — the same rules, the same
    report as for any file.  Every column is written as PostgreSQL holds it, except that
    lists (``text[]``) become ``a;b`` text, which the readers split, and booleans
    ``true``/``false``.  The files hold whatever
    personal data the tables hold: keep them where the database is.

    Returns:
        table name → the file written.
    """
    psycopg = import_psycopg()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    from kampungkb.engine._dataset import _definitions_of  # noqa: PLC0415

    names = set(_definitions_of(None).schemas)
    own = isinstance(conninfo_or_connection, str)
    conn = psycopg.connect(conninfo_or_connection) if own else conninfo_or_connection
    written: dict[str, Path] = {}
    try:
        rows = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s ORDER BY table_name, ordinal_position",
            (schema,),
        ).fetchall()  # one row per column
        columns: dict[str, list[tuple[str, str]]] = {}
        for table, column, kind in rows:
            columns.setdefault(str(table), []).append((str(column), str(kind)))
        for table in tables or sorted(t for t in columns if t in names):
            select = ", ".join(_export_expr(c, kind) for c, kind in columns[table])
            path = out / f"{table}.csv"
            query = f"SELECT {select} FROM {_quote(schema)}.{_quote(table)}"
            with (
                conn.cursor().copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy,
                path.open("wb") as fh,
            ):
                for chunk in copy:
                    fh.write(chunk)
            written[table] = path
    except psycopg.Error as exc:
        raise DatasetError.of(
            "backends.load_failed",
            backend="PostgreSQL",
            detail=safe_detail(str(exc), set())[:200],
        ) from exc
    finally:
        if own:
            conn.close()
    return written
