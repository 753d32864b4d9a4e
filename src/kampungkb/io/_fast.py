"""The fast pass: one DuckDB query per source over the zero-copy Arrow data.

It yields, for every row, the typed values (only where a value had to change; a column
already in canonical form is passed through from the source without a copy), a conservative
``__bad`` flag (true wherever some row-local rule *may* fail; the exact rules then run on the
flagged rows only) and a hash of the table's key (to find duplicate-key candidates).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import attrs
import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.definitions._records import sql_type
from kampungkb.io._coerce import coerce_expr, keep_exact, lit, qi
from kampungkb.io._distinct import (
    DERIVED_IDS,
    DIGITS16,
    convert_codes,
    convert_distinct,
    id_namespace,
    keep_flags,
)
from kampungkb.io._identity import NOT_DIGITS, identity_flags
from kampungkb.io._plausible import period_year_sql
from kampungkb.io._prepare import Encoded, Source
from kampungkb.io._rules import NULL_SAFE, PERIOD_ANY, PERIOD_MONTH, Check
from kampungkb.io._schemas import input_columns
from kampungkb.io.mapping import ColumnMapping
from kampungkb.models._schema import Column, TableSchema

__all__ = [
    "DERIVED_IDS",
    "FastOut",
    "fast_pass",
    "id_namespace",
]

#: Canonical types whose conversion from the same Arrow type never fails.
_EXACT = frozenset({"DATE", "BOOLEAN", "INTEGER", "BIGINT"})


@attrs.frozen
class FastOut:
    """What the fast pass returns for one source.

    Attributes:
        columns: the typed value of every output column (full length, source order).
        bad: rows some row-local rule may reject.
        key_hash: hash of the key per row, with ``key_valid`` false where a key part is null;
            None when the source lacks part of the key.
        exact: text columns whose every value is already in canonical form, by a test that
            rules out any other conversion (see :func:`._coerce.keep_exact`): the typed value
            is the source value.
    """

    columns: dict[str, pa.ChunkedArray]
    bad: npt.NDArray[np.bool_]
    key_hash: npt.NDArray[np.uint64] | None
    key_valid: npt.NDArray[np.bool_] | None
    exact: frozenset[str] = frozenset()
    #: columns of a non-text type whose conversion cannot fail in any row (every distinct value
    #: converted, or the same type): no ``type`` problem to look for
    convertible: frozenset[str] = frozenset()
    #: every row's converted value of the columns converted once per distinct value (the
    #: conversion of each row's value, exactly)
    converted: dict[str, pa.ChunkedArray] = attrs.field(factory=dict)


@attrs.frozen
class _Plan:
    """SQL pieces of one source's fast query, layer by layer."""

    l1: list[str] = attrs.field(factory=list)  # raw columns and keep flags
    pre: list[str] = attrs.field(factory=list)  # inputs of the conversions
    l2: list[str] = attrs.field(factory=list)  # coerced values
    merge: list[str] = attrs.field(factory=list)  # kept or coerced values
    l3: list[str] = attrs.field(factory=list)  # pseudonyms, identity numbers
    carry: list[str] = attrs.field(factory=list)  # helper columns every layer passes on
    out: list[str] = attrs.field(factory=list)  # exported columns
    flags: list[str] = attrs.field(factory=list)  # row conditions (any true: maybe bad)
    keep: dict[str, str] = attrs.field(factory=dict)  # column → its keep flag
    numbers: dict[str, str] = attrs.field(factory=dict)  # identity column → its BIGINT
    passthrough: set[str] = attrs.field(factory=set)  # source column is the typed column
    canonical: set[str] = attrs.field(factory=set)  # text column whose every value is kept
    nulls: set[str] = attrs.field(factory=set)  # typed column may hold a null
    absent: set[str] = attrs.field(factory=set)  # typed column is null throughout
    fixed: set[str] = attrs.field(factory=set)  # keep flag + changed values exported
    computed: set[str] = attrs.field(factory=set)  # typed values exported
    converted: set[str] = attrs.field(factory=set)  # converted once per distinct value


def _canonical(p: _Plan, c: Column) -> None:
    """A text column whose every value is already canonical: typed column = source column."""
    x = qi(c.name)
    p.canonical.add(c.name)
    p.passthrough.add(c.name)
    p.l2.append(x)
    p.merge.append(x)


def _converted(p: _Plan, c: Column) -> None:
    """A column converted once per distinct value (see :func:`._distinct.convert_codes`): the
    source column is the typed column; its checks still run (per distinct value)."""
    x = qi(c.name)
    p.converted.add(c.name)
    p.passthrough.add(c.name)
    p.nulls.add(c.name)
    p.l2.append(x)
    p.merge.append(x)


def _absent(p: _Plan, c: Column) -> None:
    """A column the source lacks: null throughout (unless derived from a NIK / KK number)."""
    x = qi(c.name)
    p.nulls.add(c.name)
    if c.name not in DERIVED_IDS:
        p.absent.add(c.name)
    p.l1.append(f"CAST(NULL AS {sql_type(c)}) AS {x}")
    p.pre.append(x)
    p.l2.append(x)
    p.merge.append(x)


def _type_flag(
    p: _Plan, c: Column, typ: pa.DataType, failed: Mapping[str, pa.ChunkedArray]
) -> None:
    """Flag the rows whose value ``c`` could not convert (a ``type`` problem)."""
    x = qi(c.name)
    if c.name in failed:
        p.flags.append(qi("__tf_" + c.name))
    elif c.name in p.passthrough and c.type in _EXACT:
        pass  # the conversion cannot fail (same type, no NaN)
    elif c.type not in ("VARCHAR", "VARCHAR[]") and not pa.types.is_null(typ):
        raw = qi("__x_" + c.name)
        p.l1.append(f"{x} AS {raw}")
        p.carry.append(raw)
        text = f"NULLIF(trim(CAST({raw} AS VARCHAR)), '')"
        p.flags.append(
            f"CASE WHEN {x} IS NOT NULL OR {raw} IS NULL THEN FALSE ELSE {text} IS NOT NULL END"
        )


def _coerce_layer(  # noqa: PLR0917 - private builder
    con: duckdb.DuckDBPyConnection,
    p: _Plan,
    k: int,
    src: Source,
    schema: TableSchema,
    mapping: ColumnMapping,
    types: Mapping[str, pa.DataType],
    failed: Mapping[str, pa.ChunkedArray],
    keeping: tuple[Mapping[str, str | None], Mapping[str, pa.ChunkedArray | pa.Array | None]],
    converted: frozenset[str],
) -> dict[str, pa.ChunkedArray]:
    """Layers 1 and 2: raw values, keep flags, raw copies for type checks, coerced values.

    ``keeping``: :func:`._distinct.keep_flags`' SQL and flags; ``converted``: columns converted
    once per distinct value (see :func:`._distinct.convert_codes`), taken as they are.
    Returns the keep flags (boolean arrays, added to the source as ``__k_<column>``).
    """
    del con
    keeps: dict[str, pa.ChunkedArray] = {}
    fields = {f.name: f.type for f in src.data.schema}
    p.l1.append(f"{k} AS __src")
    p.carry.append("__src")
    sql, done = keeping
    for c in input_columns(schema):
        x = qi(c.name)
        if c.name not in fields:
            _absent(p, c)
            continue
        typ = fields[c.name]
        values = mapping.values.get(c.name)
        coerce = coerce_expr(
            c, x, typ, decimal=src.decimal, date_format=src.date_format, values=values
        )
        keep = sql[c.name]
        p.l1.append(x)
        p.pre.append(x)
        if c.name in converted:
            _converted(p, c)
            continue
        if src.data.column(c.name).null_count:
            p.nulls.add(c.name)
        kept = done.get(c.name)
        if keep is not None and kept is None:
            _canonical(p, c)
            continue
        if kept is not None:
            # the conversion only sees the values that need it (the others are NULL there)
            flag, inp = qi("__k_" + c.name), qi("__in_" + c.name)
            p.nulls.add(c.name)
            keeps[c.name] = kept
            p.l1.append(flag)
            p.pre.append(f"CASE WHEN {flag} THEN NULL ELSE {x} END AS {inp}")
            p.carry.append(flag)
            p.keep[c.name] = flag
            coerce = coerce_expr(
                c, inp, typ, decimal=src.decimal, date_format=src.date_format, values=values
            )
            p.l2.append(x)
            p.l2.append(f"{coerce} AS {qi('__c_' + c.name)}")
            p.merge.append(f"CASE WHEN {flag} THEN {x} ELSE {qi('__c_' + c.name)} END AS {x}")
        elif typ == types.get(c.name) and c.type != "VARCHAR":
            p.passthrough.add(c.name)
            if c.type not in _EXACT:
                p.nulls.add(c.name)  # NaN converts to NULL
        else:
            p.nulls.add(c.name)  # a conversion may yield NULL
        _type_flag(p, c, typ, failed)
        if keep is None:
            p.l2.append(f"{coerce} AS {x}")
            p.merge.append(x)
    return keeps


def _id_layer(p: _Plan, src: Source, schema: TableSchema, outputs: set[str]) -> None:
    """Layer 3 (pseudonyms, NIK / KK as numbers) and the exported columns."""
    fields = set(src.data.column_names)
    for c in input_columns(schema):
        x = qi(c.name)
        ns = id_namespace(c.name)
        expr = x
        if c.type == "VARCHAR" and ns is not None:
            expr = (
                f"CASE WHEN regexp_full_match({x}, {DIGITS16}) "
                f"THEN kkb_pseudo({lit(ns)}, {x}) ELSE {x} END"
            )
            derived = DERIVED_IDS.get(c.name)
            if derived and schema.has_column(c.name) and derived[1] in fields:
                expr = f"COALESCE({expr}, kkb_pseudo({lit(derived[0])}, {qi(derived[1])}))"
            if c.name in p.keep:
                expr = f"CASE WHEN {p.keep[c.name]} THEN {x} ELSE {expr} END"
            elif c.name in p.canonical:
                expr = x
        if c.name in ("nik", "kk_number") and c.name in fields and c.name not in p.canonical:
            digits = f"regexp_full_match({x}, {DIGITS16})"
            if c.name in p.keep:
                digits = f"CASE WHEN {p.keep[c.name]} THEN TRUE ELSE {digits} END"
            number = qi("__n_" + c.name)
            p.l3.append(
                f"CASE WHEN {x} IS NULL THEN NULL WHEN {digits} THEN CAST({x} AS BIGINT) "
                f"ELSE {NOT_DIGITS} END AS {number}"
            )
            p.numbers[c.name] = number
        p.l3.append(f"{expr} AS {x}")
        present = c.name in fields or (c.name in DERIVED_IDS and DERIVED_IDS[c.name][1] in fields)
        if c.name not in outputs or not present or c.name in p.passthrough:
            continue
        if c.name in p.keep:
            flag = p.keep[c.name]
            p.out.append(f"CASE WHEN {flag} THEN NULL ELSE {x} END AS {qi('__v_' + c.name)}")
            p.fixed.add(c.name)
        else:
            p.out.append(f"{x} AS {qi('__v_' + c.name)}")
            p.computed.add(c.name)


def _never(p: _Plan, chk: Check) -> bool:
    """True when ``chk`` cannot fail on any row, as the column's metadata shows."""
    if chk.keep_skips and chk.col in p.canonical:
        return True
    if chk.rule == "required" and chk.col not in p.nulls:
        return True
    if any(col in p.absent for col in chk.needs):
        return True
    return chk.rule in NULL_SAFE and chk.col in p.absent


def _flags(p: _Plan, schema: TableSchema, checks: list[Check]) -> list[str]:
    out = list(p.flags)
    for chk in checks:
        if not chk.local:
            continue
        if _never(p, chk):
            continue
        cond = f"COALESCE({chk.flag or chk.where}, FALSE)"
        if chk.keep_skips and chk.col in p.keep:
            cond = f"CASE WHEN {p.keep[chk.col]} THEN FALSE ELSE {cond} END"
        out.append(cond)
    return out


_LITERAL = re.compile(r"'(?:[^']|'')*'")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _per_value(
    p: _Plan, src: Source, schema: TableSchema, flags: list[str]
) -> tuple[list[str], dict[str, list[str]]]:
    """Split off the flag conditions that only look at one text column holding few distinct
    values and passed through unchanged (every value already canonical, or converted once per
    distinct value): those are worked out once per distinct value (see :func:`_value_flags`),
    not per row."""
    names = set(src.data.column_names) | {c.name for c in input_columns(schema)}
    rest: list[str] = []
    by_value: dict[str, list[str]] = {}
    for flag in flags:
        words = set(_WORD.findall(_LITERAL.sub("''", flag)))
        used = {w for w in words if w in names or w.startswith("__")}
        col = next(iter(used)) if len(used) == 1 else None
        if (
            col is not None
            and (col in p.canonical or col in p.converted)
            and col in src.encoded
            and pa.types.is_string(src.data.schema.field(col).type)
        ):
            by_value.setdefault(col, []).append(flag)
        else:
            rest.append(flag)
    return rest, by_value


def _period_years(
    con: duckdb.DuckDBPyConnection, p: _Plan, src: Source, schema: TableSchema, flags: list[str]
) -> tuple[list[str], pa.ChunkedArray | None]:
    """The year each row's period starts in, worked out once per distinct period, as a column
    ``__py`` taking the place of :func:`period_year_sql` in ``flags`` (None: no such column;
    ``flags`` unchanged, or the year a constant in them when every row has the same period).
    Only for a period passed through unchanged with few distinct values."""
    period = schema.period_column
    encoded = src.encoded.get(period or "")
    if period is None or encoded is None or not (period in p.canonical or period in p.converted):
        return flags, None
    expr = period_year_sql(period)
    if not pa.types.is_string(src.data.schema.field(period).type) or not any(
        expr in flag for flag in flags
    ):
        return flags, None
    values = pa.concat_arrays([encoded.dictionary.cast(pa.string()), pa.nulls(1, pa.string())])
    con.register("__values", pa.table({period: values}))
    try:
        years = con.sql(f"SELECT {expr} AS y FROM __values").to_arrow_table().column(0)
    finally:
        con.unregister("__values")
    years = years.combine_chunks()
    if len(values) == 2 and not encoded.indices.null_count:
        # one period in every row: its year is a constant of the query, not a column
        year = years[0].as_py()
        constant = "CAST(NULL AS INTEGER)" if year is None else f"CAST({int(year)} AS INTEGER)"
        return [flag.replace(expr, constant) for flag in flags], None
    indices = pc.fill_null(encoded.indices, len(values) - 1)
    per_row = pc.take(years, indices)
    column = per_row if isinstance(per_row, pa.ChunkedArray) else pa.chunked_array([per_row])
    return [flag.replace(expr, "__py") for flag in flags], column


def _value_flags(
    con: duckdb.DuckDBPyConnection, encoded: Encoded, name: str, conds: list[str]
) -> npt.NDArray[np.bool_]:
    """Rows where any of ``conds`` (over column ``name`` alone) holds: evaluated once per
    distinct value (and once for null), then looked up through each row's index."""
    values = pa.concat_arrays([encoded.dictionary.cast(pa.string()), pa.nulls(1, pa.string())])
    con.register("__values", pa.table({name: values}))
    try:
        hit = (
            con.sql(f"SELECT ({' OR '.join(conds)}) AS b FROM __values")
            .to_arrow_table()
            .column(0)
            .combine_chunks()
        )
    finally:
        con.unregister("__values")
    hit = pc.fill_null(hit, False)
    if not pc.any(hit).as_py():
        return np.zeros(len(encoded.indices), bool)  # no value (nor null) flags a row
    indices = pc.fill_null(encoded.indices, len(values) - 1)
    return np.asarray(pc.take(hit, indices).to_numpy(zero_copy_only=False))


def _dictionaries(src: Source, key: list[str]) -> pa.Table:
    """The source with its text columns of few distinct values as Arrow dictionaries (zero
    copy: DuckDB then scans each distinct value once, not each row's copy); key columns stay
    plain (their hash must not depend on how a source stores them)."""
    data = src.data
    for name, enc in src.encoded.items():
        if name in key or not pa.types.is_string(data.schema.field(name).type):
            continue  # a key column, or converted to its type (see convert_distinct)
        chunks = [pa.DictionaryArray.from_arrays(i, enc.dictionary) for i in enc.indices.chunks]
        typ = pa.dictionary(enc.indices.type, enc.dictionary.type)
        data = data.set_column(data.column_names.index(name), name, pa.chunked_array(chunks, typ))
    return data


def _combine(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _query(p: _Plan, sel: list[str], view: str) -> str:
    carry = ", ".join(p.carry)
    query = f"SELECT {', '.join(p.l1)} FROM {view}"
    for layer in (p.pre, p.l2, p.merge, p.l3):
        query = f"SELECT {', '.join(layer)}, {carry} FROM ({query})"
    return f"SELECT {', '.join(sel)} FROM ({query})"


def _assemble(  # noqa: PLR0917 - private helper of fast_pass
    p: _Plan,
    src: Source,
    res: pa.Table,
    keeps: Mapping[str, pa.ChunkedArray],
    types: Mapping[str, pa.DataType],
    outputs: list[str],
) -> dict[str, pa.ChunkedArray]:
    """The typed output columns: from the source where nothing changed, else from ``res``."""
    n = src.data.num_rows
    columns: dict[str, pa.ChunkedArray] = {}
    for name in outputs:
        typ = types[name]
        if name in p.passthrough:
            columns[name] = src.data.column(name)
        elif name in p.fixed:
            keep, orig = keeps[name], src.data.column(name)
            if pc.all(keep).as_py():
                columns[name] = orig
            else:
                fixed = res.column("__v_" + name).cast(typ).combine_chunks()
                merged = pc.if_else(_combine(keep), orig.combine_chunks(), fixed)
                columns[name] = pa.chunked_array([merged])
        elif name in p.computed:
            columns[name] = res.column("__v_" + name).cast(typ)
        else:
            columns[name] = pa.chunked_array([pa.nulls(n, typ)])
    return columns


def _identity(
    p: _Plan,
    src: Source,
    schema: TableSchema,
    res: pa.Table,
    columns: Mapping[str, pa.ChunkedArray],
) -> npt.NDArray[np.bool_]:
    """Rows whose NIK / KK number may break a rule (numpy, see :mod:`._identity`)."""
    names = {c.name for c in input_columns(schema)}
    with_sex = {"sex", "birth_date"} <= names
    bad = np.zeros(src.data.num_rows, bool)
    jobs = []
    for col, female in (("nik", True), ("kk_number", False)):
        if col not in names or col not in src.data.column_names:
            continue
        if col in p.canonical:
            numbers = src.data.column(col)
        else:
            numbers = res.column(p.numbers[col].strip('"'))
        if numbers.null_count == len(numbers):
            continue  # no rule looks at a missing number
        sex = columns.get("sex") if female and with_sex else None
        birth = columns.get("birth_date") if female and with_sex else None
        if female and with_sex and (sex is None or birth is None):
            bad |= np.asarray(pc.is_valid(numbers).to_numpy(zero_copy_only=False), bool)
        jobs.append((numbers, female, sex, birth))
    return bad | identity_flags(jobs, len(bad))


def _view_data(  # noqa: PLR0917 - private helper of fast_pass
    p: _Plan,
    src: Source,
    key: list[str],
    numbered: bool,
    flags: Mapping[str, Mapping[str, pa.ChunkedArray | pa.Array]],
    years: pa.ChunkedArray | None,
) -> pa.Table:
    """The table the fast query scans: the source (see :func:`_dictionaries`), the row
    positions when ``numbered``, the keep (``__k_``) and type-failure (``__tf_``) flags and
    the period years (``__py``); the helper columns the plan does not yet read are added to
    its first layer."""
    data = _dictionaries(src, key)
    if numbered:
        data = data.append_column("__pos", pa.array(np.arange(data.num_rows, dtype=np.int64)))
    for name, flag in flags["__k_"].items():
        data = data.append_column("__k_" + name, flag)
    if years is not None:
        data = data.append_column("__py", years)
        p.l1.append("__py")
        p.carry.append("__py")
    for name, flag in flags["__tf_"].items():
        data = data.append_column("__tf_" + name, flag)
        p.l1.append(qi("__tf_" + name))
        p.carry.append(qi("__tf_" + name))
    return data


def fast_pass(  # noqa: PLR0917 - private worker of the engine
    con: duckdb.DuckDBPyConnection,
    k: int,
    src: Source,
    schema: TableSchema,
    mapping: ColumnMapping,
    checks: list[Check],
    types: Mapping[str, pa.DataType],
    constant: frozenset[str] = frozenset(),
) -> FastOut:
    """Run the fast query over ``src`` (registered as a view for the query's duration).

    ``constant``: key columns holding one value in every row of every source of the table
    (see :func:`._distinct.constant_keys`): left out of the key hash.
    """
    outputs = [c.name for c in schema.columns if not c.personal and not c.derived]
    given = {f.name: f.type for f in src.data.schema}
    src, failed = convert_distinct(con, src, schema, mapping, types)
    period = PERIOD_MONTH if schema.name == "monthly_reports" else PERIOD_ANY
    keep = keep_flags(con, src, schema, mapping, period)
    src, converted = convert_codes(con, src, schema, mapping, *keep)
    p = _Plan()
    keeps = _coerce_layer(con, p, k, src, schema, mapping, types, failed, keep, converted)
    _id_layer(p, src, schema, set(outputs))
    flags, by_value = _per_value(p, src, schema, _flags(p, schema, checks))
    flags, years = _period_years(con, p, src, schema, flags)
    names = {c.name for c in input_columns(schema)}
    key = list(schema.key) if all(c in names for c in schema.key) else []
    # DuckDB keeps the rows' order, unless a subquery (a join) is involved: then number them
    numbered = any("SELECT" in flag.upper() for flag in flags)
    if numbered:
        p.l1.append("__pos")
        p.carry.append("__pos")
    sel = [*p.out, *p.numbers.values(), f"({' OR '.join(flags) or 'FALSE'}) AS __bad"]
    sel = ["__pos", *sel] if numbered else sel
    if key:
        hashed = [c for c in key if c not in constant] or key
        notnull = " AND ".join(f"{qi(c)} IS NOT NULL" for c in hashed)
        sel.append(f"CASE WHEN {notnull} THEN hash({', '.join(qi(c) for c in hashed)}) END AS __h")
    n = src.data.num_rows
    data = _view_data(p, src, key, numbered, {"__k_": keeps, "__tf_": failed}, years)
    view = f"__fast_{k}"
    con.register(view, data)
    try:
        res = con.sql(_query(p, sel, view)).to_arrow_table()
    finally:
        con.unregister(view)
    if numbered:
        pos = res.column("__pos").to_numpy()
        if n > 1 and not bool(np.all(pos[1:] > pos[:-1])):  # a join reordered the rows
            res = res.take(pa.array(np.argsort(pos)))
    columns = _assemble(p, src, res, keeps, types, outputs)
    bad = _bad_rows(con, p, src, schema, res, columns, by_value)
    exact = frozenset(c.name for c in input_columns(schema)
                      if c.name in p.canonical and keep_exact(c))  # fmt: skip
    sure = _convertible(p, src, schema, given, failed)
    changed = {n for n, t in given.items() if t != src.data.schema.field(n).type} | converted
    typed = {n: src.data.column(n) for n in sorted(changed)}
    if not key:
        return FastOut(columns, bad, None, None, exact, sure, typed)
    h = res.column("__h")
    valid = pc.is_valid(h).to_numpy(zero_copy_only=False)
    hashes = pc.fill_null(h, 0).to_numpy().astype(np.uint64, copy=False)
    return FastOut(columns, bad, hashes, valid, exact, sure, typed)


def _bad_rows(  # noqa: PLR0917 - private helper of fast_pass
    con: duckdb.DuckDBPyConnection,
    p: _Plan,
    src: Source,
    schema: TableSchema,
    res: pa.Table,
    columns: Mapping[str, pa.ChunkedArray],
    by_value: Mapping[str, list[str]],
) -> npt.NDArray[np.bool_]:
    """Rows some row-local rule may reject: flagged by the query (``res``), by the NIK / KK
    checks or by a check made once per distinct value (``by_value``: conditions per column).
    The NIK / KK checks (numpy, two threads) run while this thread asks DuckDB for the rest."""
    bad: npt.NDArray[np.bool_] = res.column("__bad").to_numpy().astype(bool, copy=False)
    with ThreadPoolExecutor(1) as pool:
        identity = pool.submit(_identity, p, src, schema, res, columns)
        try:
            for name, conds in by_value.items():
                bad = bad | _value_flags(con, src.encoded[name], name, conds)
        finally:
            bad = bad | identity.result()
    return bad


def _convertible(
    p: _Plan,
    src: Source,
    schema: TableSchema,
    given: Mapping[str, pa.DataType],
    failed: Mapping[str, pa.ChunkedArray],
) -> frozenset[str]:
    """The columns of a non-text type whose conversion cannot fail: converted once per distinct
    value without a failure (``given``: the source's types before that), or of the canonical
    type already (an exact conversion)."""
    out = set()
    for c in input_columns(schema):
        if c.name not in given or c.type in ("VARCHAR", "VARCHAR[]") or c.name in failed:
            continue
        converted = given[c.name] != src.data.schema.field(c.name).type
        if converted or (c.name in p.passthrough and c.type in _EXACT):
            out.add(c.name)
    return frozenset(out)
