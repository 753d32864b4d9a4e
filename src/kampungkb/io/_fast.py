"""The fast pass: one DuckDB query per source over the zero-copy Arrow data.

It yields, for every row, the typed values (only where a value had to change; a column
already in canonical form is passed through from the source without a copy), a conservative
``__bad`` flag (true wherever some row-local rule *may* fail; the exact rules then run on the
flagged rows only) and a hash of the table's key (to find duplicate-key candidates).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.io._coerce import coerce_expr, keep_expr, lit, qi
from kampungkb.io._prepare import Source
from kampungkb.io._rules import Check, identity_flag
from kampungkb.io._schemas import input_columns
from kampungkb.io.mapping import ColumnMapping
from kampungkb.models._schema import Column, TableSchema

__all__ = ["DERIVED_IDS", "FastOut", "arrow_types", "fast_pass", "id_namespace"]

#: Pseudonymised id columns: ``{column: (namespace, source column it is derived from)}``.
DERIVED_IDS: dict[str, tuple[str, str]] = {
    "person_id": ("nik", "nik"),
    "family_id": ("kk", "kk_number"),
}
_DIGITS16 = r"'\d{16}'"


def id_namespace(name: str) -> str | None:
    """The pseudonym namespace of an id column (``nik`` for every ``*_id``), else None."""
    if name in DERIVED_IDS:
        return DERIVED_IDS[name][0]
    return "nik" if name.endswith("_id") else None


@attrs.frozen
class FastOut:
    """What the fast pass returns for one source.

    Attributes:
        columns: the typed value of every output column (full length, source order).
        bad: rows some row-local rule may reject.
        key_hash: hash of the key per row, with ``key_valid`` false where a key part is null;
            None when the source lacks part of the key.
    """

    columns: dict[str, pa.ChunkedArray]
    bad: npt.NDArray[np.bool_]
    key_hash: npt.NDArray[np.uint64] | None
    key_valid: npt.NDArray[np.bool_] | None


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


@attrs.frozen
class _Plan:
    """SQL pieces of one source's fast query, layer by layer."""

    l1: list[str] = attrs.field(factory=list)  # raw columns and keep flags
    l2: list[str] = attrs.field(factory=list)  # coerced values
    l3: list[str] = attrs.field(factory=list)  # pseudonyms, identity numbers
    carry: list[str] = attrs.field(factory=list)  # helper columns every layer passes on
    out: list[str] = attrs.field(factory=list)  # exported columns
    flags: list[str] = attrs.field(factory=list)  # row conditions (any true: maybe bad)
    keep: dict[str, str] = attrs.field(factory=dict)  # column → its keep flag
    numbers: dict[str, str] = attrs.field(factory=dict)  # identity column → its BIGINT
    passthrough: set[str] = attrs.field(factory=set)  # source column is the typed column
    fixed: set[str] = attrs.field(factory=set)  # keep flag + changed values exported
    computed: set[str] = attrs.field(factory=set)  # typed values exported


def _coerce_layer(
    p: _Plan, k: int, src: Source, schema: TableSchema, mapping: ColumnMapping,
    types: Mapping[str, pa.DataType],
) -> None:  # fmt: skip
    """Layers 1 and 2: raw values, keep flags, raw copies for type checks, coerced values."""
    fields = {f.name: f.type for f in src.data.schema}
    p.l1.append(f"{k} AS __src")
    p.carry.append("__src")
    for c in input_columns(schema):
        x = qi(c.name)
        if c.name not in fields:
            p.l1.append(f"CAST(NULL AS {c.type}) AS {x}")
            p.l2.append(x)
            continue
        typ = fields[c.name]
        values = mapping.values.get(c.name)
        coerce = coerce_expr(
            c, x, typ, decimal=src.decimal, date_format=src.date_format, values=values
        )
        keep = keep_expr(c, x, values) if pa.types.is_string(typ) else None
        if keep is not None and id_namespace(c.name):
            keep = f"({keep} AND (strlen({x}) <> 16 OR NOT regexp_full_match({x}, {_DIGITS16})))"
        p.l1.append(x)
        if keep is not None:
            flag = "__k_" + c.name
            p.l1.append(f"COALESCE({keep}, FALSE) AS {qi(flag)}")
            p.carry.append(qi(flag))
            p.keep[c.name] = qi(flag)
            coerce = f"CASE WHEN {qi(flag)} THEN {x} ELSE {coerce} END"
        elif typ == types.get(c.name) and c.type != "VARCHAR":
            p.passthrough.add(c.name)
        if c.type not in ("VARCHAR", "VARCHAR[]") and not pa.types.is_null(typ):
            raw = qi("__x_" + c.name)
            p.l1.append(f"{x} AS {raw}")
            p.carry.append(raw)
            text = f"NULLIF(trim(CAST({raw} AS VARCHAR)), '')"
            p.flags.append(
                f"CASE WHEN {x} IS NOT NULL OR {raw} IS NULL THEN FALSE ELSE {text} IS NOT NULL END"
            )
        p.l2.append(f"{coerce} AS {x}")


def _id_layer(p: _Plan, src: Source, schema: TableSchema, outputs: set[str]) -> None:
    """Layer 3 (pseudonyms, NIK / KK as numbers) and the exported columns."""
    fields = set(src.data.column_names)
    for c in input_columns(schema):
        x = qi(c.name)
        ns = id_namespace(c.name)
        expr = x
        if c.type == "VARCHAR" and ns is not None:
            expr = (
                f"CASE WHEN regexp_full_match({x}, {_DIGITS16}) "
                f"THEN kkb_pseudo({lit(ns)}, {x}) ELSE {x} END"
            )
            derived = DERIVED_IDS.get(c.name)
            if derived and schema.has_column(c.name) and derived[1] in fields:
                expr = f"COALESCE({expr}, kkb_pseudo({lit(derived[0])}, {qi(derived[1])}))"
            if c.name in p.keep:
                expr = f"CASE WHEN {p.keep[c.name]} THEN {x} ELSE {expr} END"
        if c.name in ("nik", "kk_number") and c.name in fields:
            digits = f"regexp_full_match({x}, {_DIGITS16})"
            if c.name in p.keep:
                digits = f"CASE WHEN {p.keep[c.name]} THEN TRUE ELSE {digits} END"
            number = qi("__n_" + c.name)
            p.l3.append(f"CASE WHEN {digits} THEN CAST({x} AS BIGINT) END AS {number}")
            p.numbers[c.name] = number
        p.l3.append(f"{expr} AS {x}")
        present = c.name in fields or (c.name in DERIVED_IDS and DERIVED_IDS[c.name][1] in fields)
        if c.name not in outputs or not present or c.name in p.passthrough:
            continue
        if c.name in p.keep:
            flag = p.keep[c.name]
            p.out.append(flag)
            p.out.append(f"CASE WHEN {flag} THEN NULL ELSE {x} END AS {qi('__v_' + c.name)}")
            p.fixed.add(c.name)
        else:
            p.out.append(f"{x} AS {qi('__v_' + c.name)}")
            p.computed.add(c.name)


def _flags(p: _Plan, schema: TableSchema, checks: list[Check]) -> list[str]:
    out = list(p.flags)
    for chk in checks:
        if not chk.local:
            continue
        cond = f"COALESCE({chk.flag or chk.where}, FALSE)"
        if chk.keep_skips and chk.col in p.keep:
            cond = f"CASE WHEN {p.keep[chk.col]} THEN FALSE ELSE {cond} END"
        out.append(cond)
    out.extend(identity_flag(schema, p.numbers))
    return out


def fast_pass(  # noqa: PLR0913, PLR0917 - private worker of the engine
    con: duckdb.DuckDBPyConnection,
    k: int,
    src: Source,
    schema: TableSchema,
    mapping: ColumnMapping,
    checks: list[Check],
    types: Mapping[str, pa.DataType],
) -> FastOut:
    """Run the fast query over ``src`` (registered as a view for the query's duration)."""
    outputs = {c.name for c in schema.columns if not c.personal and not c.derived}
    p = _Plan()
    _coerce_layer(p, k, src, schema, mapping, types)
    _id_layer(p, src, schema, outputs)
    flags = _flags(p, schema, checks)
    names = {c.name for c in input_columns(schema)}
    key = list(schema.key) if all(c in names for c in schema.key) else []
    sel = ["__pos", *p.out]
    sel.append(f"({' OR '.join(flags) or 'FALSE'}) AS __bad")
    if key:
        notnull = " AND ".join(f"{qi(c)} IS NOT NULL" for c in key)
        sel.append(f"CASE WHEN {notnull} THEN hash({', '.join(qi(c) for c in key)}) END AS __h")
    view = f"__fast_{k}"
    n = src.data.num_rows
    con.register(view, src.data.append_column("__pos", pa.array(np.arange(n, dtype=np.int64))))
    try:
        carry = ", ".join([*p.carry, "__pos"])
        query = (
            f"SELECT {', '.join(sel)} FROM (SELECT {', '.join(p.l3)}, {carry} FROM (SELECT "
            f"{', '.join(p.l2)}, {carry} FROM (SELECT {', '.join(p.l1)}, __pos FROM {view})))"
        )
        res = con.sql(query).to_arrow_table()
    finally:
        con.unregister(view)
    pos = res.column("__pos").to_numpy()
    if n > 1 and not bool(np.all(pos[1:] > pos[:-1])):  # a join inside DuckDB reordered rows
        res = res.take(pa.array(np.argsort(pos)))
    columns: dict[str, pa.ChunkedArray] = {}
    for c in schema.columns:
        if c.name not in outputs:
            continue
        typ = types[c.name]
        if c.name in p.passthrough:
            columns[c.name] = src.data.column(c.name)
        elif c.name in p.fixed:
            keep = res.column(p.keep[c.name].strip('"'))
            orig = src.data.column(c.name)
            if pc.all(keep).as_py():
                columns[c.name] = orig
            else:
                fixed = res.column("__v_" + c.name).cast(typ)
                columns[c.name] = pa.chunked_array(
                    [
                        pc.if_else(
                            keep.combine_chunks(), orig.combine_chunks(), fixed.combine_chunks()
                        )
                    ]
                )
        elif c.name in p.computed:
            columns[c.name] = res.column("__v_" + c.name).cast(typ)
        else:
            columns[c.name] = pa.chunked_array([pa.nulls(n, typ)])
    bad = res.column("__bad").to_numpy().astype(bool, copy=False)
    if not key:
        return FastOut(columns, bad, None, None)
    h = res.column("__h")
    valid = pc.is_valid(h).to_numpy(zero_copy_only=False)
    hashes = pc.fill_null(h, 0).to_numpy().astype(np.uint64, copy=False)
    return FastOut(columns, bad, hashes, valid)
