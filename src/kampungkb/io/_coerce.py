"""SQL expressions that turn a source column (any Arrow type) into its canonical type.

Each expression yields NULL when the value cannot be converted; validation then reports a
``type`` problem where the source cell was not empty.  Everything is evaluated by DuckDB over
whole columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs
import pyarrow as pa

from kampungkb.definitions._records import sql_type
from kampungkb.io._schemas import normalise_name
from kampungkb.io.mapping import FALSE_VALUES, TRUE_VALUES, value_lookup
from kampungkb.models._schema import Column

__all__ = ["coerce_expr", "in_list", "keep_exact", "keep_expr", "lit", "qi", "type_label"]

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y", "%Y%m%d")
_REGION_COLUMNS = frozenset({"village_code"})
_IDENTITY_COLUMNS = frozenset({"nik", "kk_number"})


def qi(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def type_label(column: Column) -> str:
    """A short, language-neutral name of the column's expected type (for messages)."""
    return {
        "DATE": "DATE (YYYY-MM-DD / DD/MM/YYYY)",
        "BOOLEAN": "BOOLEAN (ya/tidak, yes/no, 1/0)",
        "INTEGER": "INTEGER",
        "BIGINT": "INTEGER",
        "DOUBLE": "DOUBLE",
    }.get(column.type, column.type)


def in_list(expr: str, values: Iterable[str]) -> str:
    """``expr IN (values…)`` for text constants, written so that DuckDB keeps it a scalar
    function (a long ``IN`` list becomes a join, which costs time and row order)."""
    return f"list_contains([{', '.join(lit(v) for v in values)}]::VARCHAR[], {expr})"


def _norm(expr: str) -> str:
    """SQL twin of :func:`kampungkb.io._schemas.normalise_name`."""
    return f"trim(regexp_replace(lower(trim({expr})), '[^0-9a-z]+', '_', 'g'), '_')"


def _text(expr: str, typ: pa.DataType) -> str:
    """Source value as trimmed text (integral floats without ``.0``), NULL when blank."""
    if pa.types.is_floating(typ):
        return (
            f"CASE WHEN {expr} = trunc({expr}) AND abs({expr}) < 1e18 "
            f"THEN CAST(CAST({expr} AS HUGEINT) AS VARCHAR) ELSE CAST({expr} AS VARCHAR) END"
        )
    if pa.types.is_date(typ) or pa.types.is_timestamp(typ):
        return f"strftime(CAST({expr} AS DATE), '%Y-%m-%d')"
    return f"NULLIF(trim(CAST({expr} AS VARCHAR)), '')"


def _code_case(norm_expr: str, lookup: Mapping[str, str]) -> str:
    pairs = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in sorted(lookup.items()) if k != v)
    if not pairs:
        return norm_expr
    return f"(CASE {norm_expr} {pairs} ELSE {norm_expr} END)"


def _number_text(s: str, decimal: str) -> str:
    if decimal == ",":
        return (
            f"CASE WHEN contains({s}, ',') THEN replace(replace({s}, '.', ''), ',', '.') "
            rf"WHEN regexp_full_match({s}, '-?\d{{1,3}}(\.\d{{3}})+') THEN replace({s}, '.', '') "
            f"ELSE {s} END"
        )
    return (
        rf"CASE WHEN regexp_full_match({s}, '-?\d{{1,3}}(,\d{{3}})+(\.\d+)?') "
        f"THEN replace({s}, ',', '') ELSE {s} END"
    )


def _date_from_text(s: str, date_format: str | None) -> str:
    formats = ((date_format,) if date_format else ()) + _DATE_FORMATS
    fmts = "[" + ", ".join(lit(f) for f in formats) + "]"
    # ISO dates (the common case) first: no digits-only text is a valid ISO date, so this
    # never shadows the Excel serial-number branch
    return (
        f"COALESCE(TRY_CAST({s} AS DATE), "
        rf"CASE WHEN regexp_full_match({s}, '\d{{5}}(\.0+)?') "
        f"THEN DATE '1899-12-30' + CAST(CAST({s} AS DOUBLE) AS INTEGER) "
        f"ELSE CAST(try_strptime({s}, {fmts}) AS DATE) END)"
    )


@attrs.frozen
class _Ctx:
    column: Column
    x: str
    typ: pa.DataType
    decimal: str
    date_format: str | None
    values: Mapping[str, str] | None

    @property
    def s(self) -> str:
        return _text(self.x, self.typ)

    @property
    def is_date(self) -> bool:
        return bool(pa.types.is_date(self.typ) or pa.types.is_timestamp(self.typ))

    @property
    def is_number(self) -> bool:
        t = self.typ
        return bool(pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t))


def _to_list(c: _Ctx) -> str:
    if pa.types.is_list(c.typ) or pa.types.is_large_list(c.typ):
        items = f"list_transform({c.x}, lambda v: {_norm('CAST(v AS VARCHAR)')})"
    else:
        items = f"list_transform(string_split_regex({c.s}, '[,;|]'), lambda v: {_norm('v')})"
    if c.column.enum:
        lookup = value_lookup(c.column.enum, c.values)
        items = f"list_transform({items}, lambda w: {_code_case('w', lookup)})"
    return f"list_filter({items}, lambda w: w IS NOT NULL AND w <> '')"


def _to_varchar(c: _Ctx) -> str:
    s = c.s
    if c.column.name in _REGION_COLUMNS:
        d = f"regexp_replace({s}, '\\s', '', 'g')"
        return (
            rf"CASE WHEN regexp_full_match({d}, '\d{{10}}') THEN substr({d}, 1, 2) || '.' || "
            rf"substr({d}, 3, 2) || '.' || substr({d}, 5, 2) || '.' || substr({d}, 7, 4) "
            f"ELSE {d} END"
        )
    if c.column.name in _IDENTITY_COLUMNS:
        return f"NULLIF(regexp_replace({s}, '[\\s.\\-]', '', 'g'), '')"
    if c.is_date:
        fmt = "'%Y-%m'" if c.column.name == "period" else "'%Y-%m-%d'"
        return f"strftime(CAST({c.x} AS DATE), {fmt})"
    if c.column.enum:
        return _code_case(_norm(s), value_lookup(c.column.enum, c.values))
    return s


def _to_boolean(c: _Ctx) -> str:
    if pa.types.is_boolean(c.typ):
        return c.x
    extra = {normalise_name(k): v.lower() for k, v in (c.values or {}).items()}
    trues = sorted(TRUE_VALUES | {k for k, v in extra.items() if v == "true"})
    falses = sorted(FALSE_VALUES | {k for k, v in extra.items() if v == "false"})
    n = _norm(c.s)
    return f"CASE WHEN {in_list(n, trues)} THEN TRUE WHEN {in_list(n, falses)} THEN FALSE END"


def _to_date(c: _Ctx) -> str:
    x = c.x
    if c.is_date:
        return f"CAST({x} AS DATE)"
    if c.is_number:
        return (
            f"CASE WHEN {x} BETWEEN 19000101 AND 21001231 THEN CAST(try_strptime("
            f"CAST(CAST({x} AS BIGINT) AS VARCHAR), '%Y%m%d') AS DATE) "
            f"WHEN {x} BETWEEN 1 AND 2958465 THEN DATE '1899-12-30' + CAST({x} AS INTEGER) END"
        )
    return _date_from_text(c.s, c.date_format)


def _to_number(c: _Ctx) -> str:
    t = c.column.type
    if t != "DOUBLE" and pa.types.is_integer(c.typ):
        return f"TRY_CAST({c.x} AS {t})"  # exact, NULL when out of range
    if c.is_number:
        num = f"CAST({c.x} AS DOUBLE)"
    else:
        num = f"TRY_CAST({_number_text(c.s, c.decimal)} AS DOUBLE)"
    if t == "DOUBLE":
        return f"CASE WHEN isfinite({num}) THEN {num} END"
    bound = "2147483647" if t == "INTEGER" else "9e18"
    return f"CASE WHEN {num} = trunc({num}) AND abs({num}) <= {bound} THEN CAST({num} AS {t}) END"


def keep_expr(
    column: Column,
    x: str,
    values: Mapping[str, str] | None = None,
    *,
    period: str | None = None,
) -> str | None:
    """For a text source column: SQL true where the value is already in canonical form.

    Where it holds, :func:`coerce_expr` would return the value unchanged, so the fast pass
    skips the conversion (and the checks the canonical form implies). None when the column
    has no such shortcut (lists, numbers, dates, booleans). ``period``: the pattern a
    canonical ``period`` value also matches.
    """
    if column.type != "VARCHAR":
        return None
    if column.name in _REGION_COLUMNS:
        return rf"regexp_full_match({x}, '\d{{2}}\.\d{{2}}\.\d{{2}}\.[1-9]\d{{3}}')"
    if column.name in _IDENTITY_COLUMNS:
        return rf"regexp_full_match({x}, '\d{{16}}')"
    if column.enum:
        lookup = value_lookup(column.enum, values)
        same = [v for v in column.enum if normalise_name(v) == v and lookup.get(v, v) == v]
        return in_list(x, same) if same else "FALSE"
    plain = f"({x} <> '' AND NOT prefix({x}, ' ') AND NOT suffix({x}, ' '))"
    if column.name == "period" and period:
        plain = f"({plain} AND regexp_full_match({x}, {lit(period)}))"
    return plain


def keep_exact(column: Column) -> bool:
    """True when :func:`keep_expr`'s test also rules out any whitespace (codes, village codes,
    NIK / KK numbers, periods): a kept value then converts to itself whatever the SQL around it
    does. A plain text's test looks at spaces only (DuckDB's ``trim`` strips other blanks too,
    such as a no-break space), so there the conversion is still made."""
    if column.type != "VARCHAR":
        return False
    special = column.name in _REGION_COLUMNS or column.name in _IDENTITY_COLUMNS
    return special or bool(column.enum) or column.name == "period"


_CONVERTERS = {
    "VARCHAR[]": _to_list,
    "VARCHAR": _to_varchar,
    "BOOLEAN": _to_boolean,
    "DATE": _to_date,
    "INTEGER": _to_number,
    "BIGINT": _to_number,
    "DOUBLE": _to_number,
}


def coerce_expr(
    column: Column,
    source: str,
    typ: pa.DataType,
    *,
    decimal: str = ".",
    date_format: str | None = None,
    values: Mapping[str, str] | None = None,
) -> str:
    """DuckDB expression converting ``source`` (of Arrow type ``typ``) to ``column``'s type.

    Args:
        column: the canonical column.
        source: SQL expression of the source column (a quoted identifier).
        typ: its Arrow type.
        decimal: the source's decimal separator (``","`` or ``"."``) for numbers in text.
        date_format: an extra ``strptime`` format tried first for dates in text.
        values: the mapping's ``{source value: code}`` for this column.
    """
    if pa.types.is_null(typ):
        return f"CAST(NULL AS {sql_type(column)})"
    convert = _CONVERTERS.get(column.type)
    if convert is None:
        return f"TRY_CAST({source} AS {sql_type(column)})"
    return convert(_Ctx(column, source, typ, decimal, date_format, values))
