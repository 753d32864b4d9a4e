"""Per-column work of the fast pass done once per distinct value or with Arrow kernels:
which values are already canonical (``keep`` flags) and typed values of low-cardinality
text columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import attrs
import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.io._coerce import coerce_expr, keep_exact, keep_expr, qi
from kampungkb.io._prepare import Encoded, Source
from kampungkb.io._schemas import input_columns
from kampungkb.io.mapping import ColumnMapping
from kampungkb.models._schema import Column, TableSchema

__all__ = [
    "DERIVED_IDS",
    "DIGITS16",
    "KeepJob",
    "all_true",
    "arrow_types",
    "constant_keys",
    "convert_codes",
    "convert_distinct",
    "id_namespace",
    "keep_array",
    "keep_arrays",
    "keep_flags",
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
#: SQL literal: the regular expression of exactly 16 digits.
DIGITS16 = r"'\d{16}'"


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
    *,
    encoded: Encoded | None = None,
) -> pa.ChunkedArray | pa.Array | None:
    """The keep flag of every row, or None when every row keeps its value: ``keep`` (SQL over
    the column) evaluated once per distinct value for low-cardinality columns, else with Arrow
    kernels (free text, ids, NIK / KK). A null keeps its value unless the column is an id
    derived from a NIK / KK number. ``encoded``: the column dictionary-encoded, if so given."""
    if _arrow_only(values, column, encoded):
        flags = _text_keep(values, column)
    else:
        distinct = pc.unique(values).drop_null() if encoded is None else encoded.dictionary
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
        if encoded is not None:
            # per distinct value, then per row through the indices (null where the value is)
            good_entry = pc.is_in(distinct, value_set=good.combine_chunks())
            flags = pc.take(good_entry, encoded.indices)
            return _finish(flags, values, derived)
        flags = pc.is_in(values, value_set=good.combine_chunks())
        if values.null_count and not derived:
            flags = pc.or_(flags, pc.is_null(values))
    return _finish(flags, values, derived)


def _finish(
    flags: pa.ChunkedArray | pa.Array, values: pa.ChunkedArray, derived: bool
) -> pa.ChunkedArray | pa.Array | None:
    """A null value keeps it unless the column is derived; None when every row keeps."""
    flags = pc.fill_null(flags, not derived if values.null_count else False)
    return None if all_true(flags) else flags


def _arrow_only(values: pa.ChunkedArray, column: Column, encoded: Encoded | None) -> bool:
    """True when :func:`keep_array` uses Arrow kernels only (no DuckDB): a text-like column
    with many distinct values."""
    few = encoded is not None or _few(values)
    text_like = column.name in ("nik", "kk_number") or not (
        column.enum or column.name in ("village_code", "period")
    )
    return not few and text_like


@attrs.frozen
class KeepJob:
    """The arguments of one :func:`keep_array` call."""

    values: pa.ChunkedArray
    column: Column
    keep: str
    derived: bool
    encoded: Encoded | None


def _text_keep_job(
    values: pa.ChunkedArray, column: Column, derived: bool
) -> pa.ChunkedArray | pa.Array | None:
    return _finish(_text_keep(values, column), values, derived)


def keep_arrays(
    con: duckdb.DuckDBPyConnection, jobs: Mapping[str, KeepJob]
) -> dict[str, pa.ChunkedArray | pa.Array | None]:
    """:func:`keep_array` for each job; the Arrow-only ones (ids, NIK / KK, free text) in two
    other threads while this one runs the others (Arrow releases the GIL)."""
    arrow = [n for n, j in jobs.items() if _arrow_only(j.values, j.column, j.encoded)]
    with ThreadPoolExecutor(2) as pool:
        futures = {
            n: pool.submit(_text_keep_job, jobs[n].values, jobs[n].column, jobs[n].derived)
            for n in arrow
        }
        out = {
            n: keep_array(con, j.values, j.column, j.keep, j.derived, encoded=j.encoded)
            for n, j in jobs.items()
            if n not in futures
        }
        out.update((n, f.result()) for n, f in futures.items())
    return {n: out[n] for n in jobs}


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
    converted: dict[str, tuple[pa.Array, pa.Array, pa.ChunkedArray]] = {}
    for c in input_columns(schema):
        if c.name not in data.column_names or c.type in ("VARCHAR", "VARCHAR[]"):
            continue
        values = data.column(c.name)
        encoded = src.encoded.get(c.name)
        if not pa.types.is_string(values.type) or encoded is None:
            continue  # few distinct values: encoded by :func:`._prepare.prepare`
        x = qi(c.name)
        expr = coerce_expr(
            c, x, values.type, decimal=src.decimal, date_format=src.date_format,
            values=mapping.values.get(c.name),
        )  # fmt: skip
        con.register("__distinct", pa.table({c.name: encoded.dictionary}))
        try:
            res = con.sql(
                f"SELECT {expr} AS v, ({expr}) IS NULL AND NULLIF(trim({x}), '') IS NOT NULL "
                "AS bad FROM __distinct"
            ).to_arrow_table()
        finally:
            con.unregister("__distinct")
        typed = res.column("v").combine_chunks().cast(types[c.name])
        converted[c.name] = (typed, res.column("bad").combine_chunks(), encoded.indices)
    # per row through the indices, two columns at a time (Arrow releases the GIL)
    with ThreadPoolExecutor(2) as pool:
        rows = list(pool.map(lambda job: _per_row(*job), converted.values()))
    failed: dict[str, pa.ChunkedArray] = {}
    for name, (typed, bad) in zip(converted, rows, strict=True):
        data = data.set_column(data.column_names.index(name), name, typed)
        if bad is not None:
            failed[name] = bad
    return attrs.evolve(src, data=data), failed


def convert_codes(  # noqa: PLR0917 - private worker of the fast pass
    con: duckdb.DuckDBPyConnection,
    src: Source,
    schema: TableSchema,
    mapping: ColumnMapping,
    keep_sql: Mapping[str, str | None],
    kept: Mapping[str, pa.ChunkedArray | pa.Array | None],
) -> tuple[Source, frozenset[str]]:
    """Convert once per distinct value the few-valued text columns whose values are not all in
    canonical form, where the canonical form rules out any other conversion (codes, village
    codes, periods: see :func:`._coerce.keep_exact`): every row's value is then the converted
    value of its distinct value, kept or not.

    Returns the source with those columns replaced by their converted values (and their
    encoding by the converted values' one), and their names. ``keep_sql`` and ``kept``: as
    :func:`keep_flags` returns them.
    """
    data = src.data
    encoded = dict(src.encoded)
    done = set()
    for c in input_columns(schema):
        enc = encoded.get(c.name)
        if (
            enc is None
            or kept.get(c.name) is None
            or keep_sql.get(c.name) is None
            or not keep_exact(c)
            or id_namespace(c.name)
            or c.name in ("nik", "kk_number")
            or not pa.types.is_string(data.schema.field(c.name).type)
        ):
            continue
        expr = coerce_expr(
            c, qi(c.name), pa.string(), decimal=src.decimal, date_format=src.date_format,
            values=mapping.values.get(c.name),
        )  # fmt: skip
        con.register("__distinct", pa.table({c.name: enc.dictionary}))
        try:
            typed = con.sql(f"SELECT {expr} AS v FROM __distinct").to_arrow_table().column(0)
        finally:
            con.unregister("__distinct")
        typed = typed.combine_chunks().cast(pa.string())
        distinct = pc.unique(typed).drop_null()
        indices = pc.take(pc.index_in(typed, value_set=distinct), enc.indices)
        values = pc.take(distinct, indices)
        data = data.set_column(data.column_names.index(c.name), c.name, values)
        encoded[c.name] = Encoded(distinct, indices)
        done.add(c.name)
    if not done:
        return src, frozenset()
    return attrs.evolve(src, data=data, encoded=encoded), frozenset(done)


def _per_row(
    typed: pa.Array, bad: pa.Array, indices: pa.ChunkedArray
) -> tuple[pa.ChunkedArray, pa.ChunkedArray | None]:
    """Each row's typed value and failure flag from those of the distinct values; no flag when
    every value converts (the typed column then holds every row's value exactly)."""
    failed = pc.fill_null(pc.take(bad, indices), False) if pc.any(bad).as_py() else None
    return pc.take(typed, indices), failed


def constant_keys(sources: Sequence[Source], schema: TableSchema) -> frozenset[str]:
    """Key columns of ``schema`` that hold one and the same value in every row of ``sources``
    (all of that table), as their dictionary encoding shows; equal keys then only depend on
    the other key columns. Ids derived from a NIK / KK number never count (a blank id takes
    the row's own pseudonym)."""
    out = set()
    for col in schema.key:
        if col in DERIVED_IDS or not sources:
            continue
        values = set()
        for src in sources:
            enc = src.encoded.get(col)
            if enc is None or len(enc.dictionary) != 1 or src.data.column(col).null_count:
                break
            values.add(enc.dictionary[0].as_py())
        else:
            if len(values) == 1:
                out.add(col)
    return frozenset(out)


def arrow_types(
    con: duckdb.DuckDBPyConnection, columns: tuple[Column, ...]
) -> dict[str, pa.DataType]:
    """The Arrow type DuckDB exports for each column's SQL type."""
    types = sorted({c.type for c in columns})
    if not types:
        return {}
    sel = ", ".join(f"CAST(NULL AS {t}) AS {qi(t)}" for t in types)
    schema = con.sql(f"SELECT {sel}").to_arrow_table().schema
    return {c.name: schema.field(c.type).type for c in columns}


def keep_flags(
    con: duckdb.DuckDBPyConnection,
    src: Source,
    schema: TableSchema,
    mapping: ColumnMapping,
    period: str,
) -> tuple[dict[str, str | None], dict[str, pa.ChunkedArray | pa.Array | None]]:
    """Per present column, the SQL telling which values are already canonical (None: no such
    test) and the keep flags (None: every row keeps its value; see :func:`keep_arrays`)."""
    fields = {f.name: f.type for f in src.data.schema}
    sql: dict[str, str | None] = {}
    jobs: dict[str, KeepJob] = {}
    for c in input_columns(schema):
        if c.name not in fields:
            continue
        x, values = qi(c.name), mapping.values.get(c.name)
        keep = (
            keep_expr(c, x, values, period=period) if pa.types.is_string(fields[c.name]) else None
        )
        if keep is not None and id_namespace(c.name):
            keep = f"({keep} AND (strlen({x}) <> 16 OR NOT regexp_full_match({x}, {DIGITS16})))"
        sql[c.name] = keep
        # a NULL converts to NULL, except an id that is derived from a NIK / KK number
        derived = DERIVED_IDS.get(c.name, ("", "\0"))[1] in fields
        if keep is not None:
            column = src.data.column(c.name)
            jobs[c.name] = KeepJob(column, c, keep, derived, src.encoded.get(c.name))
    return sql, keep_arrays(con, jobs)
