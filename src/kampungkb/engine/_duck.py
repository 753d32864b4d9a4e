"""Small DuckDB helpers that work across DuckDB 1.3+ and 2.x Python APIs."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

__all__ = ["fetch_arrow"]


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
