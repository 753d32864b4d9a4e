"""Per-column work of the fast pass done once per distinct value or with Arrow kernels:
which values are already canonical (``keep`` flags) and typed values of low-cardinality
text columns."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.io._coerce import coerce_expr, qi
from kampungkb.io._prepare import Source
from kampungkb.io._schemas import input_columns
from kampungkb.io.mapping import ColumnMapping
from kampungkb.models._schema import Column, TableSchema

__all__ = [
    "DERIVED_IDS",
    "all_true",
    "convert_distinct",
    "id_namespace",
    "keep_array",
]

#: Pseudonymised id columns: ``{column: (namespace, source column it is derived from)}``.
DERIVED_IDS: dict[str, tuple[str, str]] = {
    "person_id": ("nik", "nik"),
    "family_id": ("kk", "kk_number"),
}


def id_namespace(name: str) -> str | None:
    """The pseudonym namespace of an id column (``nik`` for every ``*_id``), else None."""
    if name in DERIVED_IDS:
        return DERIVED_IDS[name][0]
    return "nik" if name.endswith("_id") else None


_SAMPLE = 20_000


def all_true(flags: pa.ChunkedArray | pa.Array) -> bool:
    """True when every flag is true (and none is null)."""
    return not flags.null_count and bool(pc.all(flags).as_py())


def _text_keep(values: pa.ChunkedArray | pa.Array, column: Column) -> pa.ChunkedArray | pa.Array:
    """Arrow twin of :func:`keep_expr` for free text and identity numbers (high cardinality)."""
    length = pc.binary_length(values)
    if column.name in ("nik", "kk_number"):
        return pc.and_(pc.equal(length, 16), pc.ascii_is_decimal(values))
    plain = pc.and_(
        pc.greater(length, 0),
        pc.invert(pc.or_(pc.starts_with(values, " "), pc.ends_with(values, " "))),
    )
    if id_namespace(column.name):
        sixteen = pc.equal(length, 16)
        if pc.any(sixteen).as_py():  # only 16 characters can be 16 digits
            plain = pc.and_(plain, pc.invert(pc.and_(sixteen, pc.ascii_is_decimal(values))))
    return plain


def keep_array(
    con: duckdb.DuckDBPyConnection,
    values: pa.ChunkedArray,
    column: Column,
    keep: str,
    derived: bool,
) -> pa.ChunkedArray | pa.Array | None:
    """The keep flag of every row, or None when every row keeps its value: ``keep`` (SQL over
    the column) evaluated once per distinct value for low-cardinality columns, else with Arrow
    kernels (free text, ids, NIK / KK). A null keeps its value unless the column is an id
    derived from a NIK / KK number."""
    few = _few(values)
    text_like = column.name in ("nik", "kk_number") or not (
        column.enum or column.name in ("village_code", "period")
    )
    if not few and text_like:
        flags = _text_keep(values, column)
    else:
        distinct = pc.unique(values).drop_null()
        con.register("__distinct", pa.table({qi(column.name).strip('"'): distinct}))
        try:
            good = (
                con.sql(f"SELECT {qi(column.name)} FROM __distinct WHERE COALESCE({keep}, FALSE)")
                .to_arrow_table()
                .column(0)
            )
        finally:
            con.unregister("__distinct")
        if len(good) == len(distinct) and not (derived and values.null_count):
            return None
        flags = pc.is_in(values, value_set=good.combine_chunks())
        if values.null_count and not derived:
            flags = pc.or_(flags, pc.is_null(values))
    flags = pc.fill_null(flags, not derived if values.null_count else False)
    return None if all_true(flags) else flags


def _few(values: pa.ChunkedArray) -> bool:
    """True when a sample suggests few distinct values (worth converting once each)."""
    sample = values.slice(0, _SAMPLE)
    return len(pc.unique(sample)) * 5 <= max(len(sample), 1)


def convert_distinct(
    con: duckdb.DuckDBPyConnection,
    src: Source,
    schema: TableSchema,
    mapping: ColumnMapping,
    types: Mapping[str, pa.DataType],
) -> tuple[Source, dict[str, pa.ChunkedArray]]:
    """Convert low-cardinality text columns of a non-text type once per distinct value.

    Returns the source with those columns replaced by their typed values, and per column a
    flag of the rows whose value could not be converted (a ``type`` problem).
    """
    data = src.data
    failed: dict[str, pa.ChunkedArray] = {}
    for c in input_columns(schema):
        if c.name not in data.column_names or c.type in ("VARCHAR", "VARCHAR[]"):
            continue
        values = data.column(c.name)
        if not pa.types.is_string(values.type) or not _few(values):
            continue
        distinct = pc.unique(values).drop_null()
        x = qi(c.name)
        expr = coerce_expr(
            c, x, values.type, decimal=src.decimal, date_format=src.date_format,
            values=mapping.values.get(c.name),
        )  # fmt: skip
        con.register("__distinct", pa.table({c.name: distinct}))
        try:
            res = con.sql(
                f"SELECT {expr} AS v, ({expr}) IS NULL AND NULLIF(trim({x}), '') IS NOT NULL "
                "AS bad FROM __distinct"
            ).to_arrow_table()
        finally:
            con.unregister("__distinct")
        idx = pc.index_in(values, value_set=distinct)
        typed = pc.take(res.column("v").combine_chunks().cast(types[c.name]), idx)
        failed[c.name] = pc.fill_null(pc.take(res.column("bad").combine_chunks(), idx), False)
        data = data.set_column(data.column_names.index(c.name), c.name, typed)
    return attrs.evolve(src, data=data), failed
