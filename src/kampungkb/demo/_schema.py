"""The Arrow schemas of the canonical tables, as the demo generators emit them.

Built from :data:`kampungkb.models.tables.CANONICAL_TABLES` (derived columns, which the engine
adds, are left out), so the demo follows the models when a column is added.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

from kampungkb.models._canonical import CANONICAL_TABLES

__all__ = ["arrow_schemas", "assemble", "personal_columns"]

def arrow_schemas() -> dict[str, pa.Schema]:
    """Arrow schema of every canonical table (non-derived columns, in canonical order)."""
    return {
        name: t.arrow_schema()
        for name, t in CANONICAL_TABLES.items()
    }


def personal_columns() -> dict[str, tuple[str, ...]]:
    """Personal-data columns (NIK, KK number, names) of every table; the demo leaves them null."""
    return {name: t.personal_columns for name, t in CANONICAL_TABLES.items()}


def assemble(schema: pa.Schema, columns: Mapping[str, pa.Array], n: int) -> pa.Table:
    """A table in ``schema``'s column order; columns not generated are null.

    The demo generates every column except the personal ones, which stay null.
    """
    arrays = []
    for field in schema:
        arr = columns.get(field.name)
        if arr is None:
            arr = pa.nulls(n, field.type)
        elif arr.type != field.type:
            arr = arr.cast(field.type)
        if len(arr) != n:
            raise ValueError(f"column {field.name!r} has {len(arr)} values, expected {n}")
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)
