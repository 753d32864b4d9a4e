"""Small DuckDB helpers that work across DuckDB 1.3+ and 2.x Python APIs."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from kampungkb.engine._detail import safe_detail
from kampungkb.errors import DatasetError

__all__ = ["DEFAULT_MEMORY_LIMIT", "fetch_arrow", "fetch_arrow_once", "is_out_of_memory",
           "open_database"]


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether DuckDB failed for want of memory: its ``OutOfMemoryException``, or the same
    condition met while committing (a ``TransactionException`` "failed to pin block", which
    DuckDB raises when the memory runs out as a statement's rows are kept)."""
    if isinstance(exc, duckdb.OutOfMemoryException):
        return True
    text = str(exc)
    return isinstance(exc, duckdb.Error) and (
        "failed to pin block" in text or "Out of Memory Error" in text
    )


def fetch_arrow(con: duckdb.DuckDBPyConnection, sql: str,
                params: dict[str, Any] | list[Any] | None = None) -> pa.Table:
    """Run ``sql`` and return the whole result as an Arrow table."""
    result = con.sql(sql, params=params) if params is not None else con.sql(sql)
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):
        fetch = getattr(result, name, None)
        if fetch is not None:
            out = fetch()
            if isinstance(out, pa.RecordBatchReader):
                return out.read_all()
            if isinstance(out, pa.Table):
                return out
    raise RuntimeError("this DuckDB version cannot return Arrow tables")  # pragma: no cover


def fetch_arrow_once(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """Run ``sql`` and return its rows as Arrow, binding it once.

    :func:`fetch_arrow` binds a query twice (``con.sql`` describes it, the fetch runs it);
    for a measure query over a table's views each bind reads the files' metadata again (≈ 15
    ms for the persons or child measurements of a province).  Here the rows go into a
    temporary table of ``con`` and come back from it: for the few thousand rows of a
    measure query that copy costs far less.  ``con`` must be private to the caller (the
    table's name is fixed, and closing it drops the table when a step fails); the rows come
    back in no particular order, as the query's own.
    """
    con.execute(f"CREATE TEMP TABLE _kkb_once AS {sql}")
    rows = fetch_arrow(con, "SELECT * FROM _kkb_once")
    con.execute("DROP TABLE _kkb_once")  # (after a failure, closing ``con`` drops it)
    return rows


#: What a dataset's DuckDB may hold unless told otherwise (``memory_limit=``): enough for
#: a province without ever spilling, and it keeps a national evaluation under 1 GB of process
#: memory.  DuckDB's own default is 80 % of the machine's memory.
DEFAULT_MEMORY_LIMIT = "256MB"


def open_database(memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
                  temp_directory: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB with a memory cap (``None``: DuckDB's own default, 80 % of
    RAM) and a spill folder (default: one under the system's temporary folder, made only
    when needed and removed when the database is closed).

    Raises:
        DatasetError: a size or folder DuckDB cannot use.
    """
    config: dict[str, str | bool | int | float | list[str]] = {}
    given = temp_directory
    if memory_limit is not None:
        config["memory_limit"] = str(memory_limit)
        if temp_directory is None:
            temp_directory = Path(tempfile.gettempdir()) / f"kampungkb-duckdb-{uuid.uuid4().hex}"
    if temp_directory is not None:
        config["temp_directory"] = str(temp_directory)
    try:
        return duckdb.connect(":memory:", config=config)
    except duckdb.Error as exc:
        if given is None:
            raise DatasetError.of("engine.bad_memory_limit", memory_limit=str(memory_limit),
                                  detail=safe_detail(exc)) from exc
        raise DatasetError.of("engine.bad_memory_setting", memory_limit=str(memory_limit),
                              temp_directory=str(given), detail=safe_detail(exc)) from exc
