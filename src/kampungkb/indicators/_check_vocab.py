"""The vocabulary of definition SQL: allowed nodes and functions, units, and type kinds.

Split from :mod:`kampungkb.indicators._check`, which walks a parsed snippet with these.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable
from typing import Literal

import attrs
from sqlglot import exp
from sqlglot.errors import SqlglotError

__all__ = ["ALLOWED_FUNCTIONS"]

Kind = Literal["bool", "number", "text", "date", "list", "interval", "null"]
_WORDS: dict[Kind, str] = {
    "bool": "true/false", "number": "a number", "text": "text", "date": "a date",
    "list": "a list of codes", "interval": "an interval", "null": "NULL",
}
_OPS: dict[type[exp.Expr], str] = {
    exp.EQ: "=", exp.NEQ: "<>", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=",
    exp.NullSafeEQ: "IS NOT DISTINCT FROM", exp.NullSafeNEQ: "IS DISTINCT FROM",
    exp.Add: "+", exp.Sub: "-", exp.Mul: "*", exp.Div: "/", exp.Mod: "%", exp.IntDiv: "//",
}
_EQUALITY = ("=", "<>", "IS NOT DISTINCT FROM", "IS DISTINCT FROM")
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ,
                exp.NullSafeNEQ)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.IntDiv)
_NUM, _TEXT, _DATE, _LIST = (frozenset({k}) for k in ("number", "text", "date", "list"))
#: Functions with fixed argument kinds and result kind (date-part units are skipped).
_FIXED: dict[type[exp.Expr], tuple[frozenset[str], Kind]] = {
    exp.Abs: (_NUM, "number"), exp.Round: (_NUM, "number"), exp.Floor: (_NUM, "number"),
    exp.Ceil: (_NUM, "number"), exp.Lower: (_TEXT, "text"), exp.Upper: (_TEXT, "text"),
    exp.Trim: (_TEXT, "text"), exp.Length: (_TEXT | _LIST, "number"),
    exp.ArraySize: (_LIST, "number"), exp.Year: (_DATE, "number"),
    exp.Month: (_DATE, "number"), exp.Day: (_DATE, "number"), exp.Quarter: (_DATE, "number"),
    exp.Extract: (_DATE, "number"), exp.DateDiff: (_DATE, "number"),
}
_UNIFYING = (exp.Coalesce, exp.Nullif, exp.Least, exp.Greatest)
#: Functions SQLGlot keeps as ``Anonymous``: name → kind of the result.
_ANONYMOUS: dict[str, Kind] = {
    "date_part": "number", "datepart": "number",
    "list_has_all": "bool", "array_has_any": "bool", "array_has_all": "bool",
}
_NODES: frozenset[type[exp.Expr]] = frozenset({
    exp.And, exp.Or, exp.Not, exp.Paren, *_COMPARISONS, exp.Is, exp.In, exp.Between,
    exp.Like, exp.ILike, *_ARITHMETIC, exp.Neg, exp.Literal, exp.Boolean, exp.Null, exp.Array,
    exp.Interval, exp.Column, exp.Identifier, exp.Var, exp.DataType, exp.DataTypeParam,
    exp.Case, exp.If, exp.Cast, exp.TryCast, *_FIXED, *_UNIFYING, exp.ArrayContains,
    exp.ArrayOverlaps, exp.Anonymous,
})
#: Function names a definition may use (DuckDB spelling), as listed in error messages.
ALLOWED_FUNCTIONS: tuple[str, ...] = tuple(sorted({
    "abs", "array_contains", "array_has", "array_has_all", "array_has_any", "array_length",
    "cast", "ceil", "coalesce", "date_diff", "date_part", "datediff", "datepart", "day",
    "extract", "floor", "greatest", "if", "ifnull", "least", "len", "length",
    "list_contains", "list_has", "list_has_all", "list_has_any", "lower", "month", "nullif",
    "quarter", "round", "trim", "try_cast", "upper", "year",
}))
_UNITS = frozenset({
    "year", "years", "quarter", "quarters", "month", "months", "week", "weeks", "day", "days",
    "dayofweek", "dow", "isodow", "dayofyear", "doy", "isoyear", "decade", "century",
    "millennium",
})
_STATEMENTS: tuple[type[exp.Expr], ...] = tuple(
    c for c in (getattr(exp, n, None) for n in (
        "Query", "DDL", "DML", "Create", "Drop", "Alter", "Command", "Pragma", "Set", "Attach",
        "Detach", "Copy", "Install", "Use", "Describe", "Transaction", "Commit", "Rollback"))
    if isinstance(c, type)
)
_SUBQUERIES = (exp.Subquery, exp.Query, exp.Exists, exp.Any, exp.All)
_PARAMETERS = (exp.Placeholder, exp.Parameter, exp.SessionParameter)
_NUMBER_RE = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


@attrs.frozen
class _Col:
    name: str
    sql_type: str
    kind: Kind
    enum: tuple[str, ...] | None = None
    personal: bool = False


def _datatype_kind(datatype: exp.DataType) -> Kind | None:
    t = exp.DataType.Type
    if datatype.is_type(t.ARRAY, t.LIST):
        return "list"
    if datatype.this in exp.DataType.NUMERIC_TYPES:
        return "number"
    if datatype.this in exp.DataType.TEXT_TYPES:
        return "text"
    return {t.DATE: "date", t.BOOLEAN: "bool"}.get(datatype.this)  # type: ignore[return-value]


@functools.cache
def _type_kind(sql_type: str) -> Kind | None:
    try:
        return _datatype_kind(exp.DataType.build(sql_type, dialect="duckdb"))
    except SqlglotError:
        return None


def _is_text(node: exp.Expr) -> bool:
    return isinstance(node, exp.Literal) and node.is_string


def _is_date(text: str) -> bool:
    try:
        return len(text) == 10 and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def _func_name(node: exp.Expr) -> str:
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    return node.sql_name().lower() if isinstance(node, exp.Func) else node.key


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
