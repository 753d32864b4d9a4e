"""Checking the SQL snippets in indicator definitions (filters and summed values).

A measure's ``filter`` is a SQL boolean expression over the columns of one canonical table,
written in the DuckDB dialect (``"sex = 'f' AND age_years BETWEEN 15 AND 49"``).  When an
indicator set is registered every filter goes through :func:`check_filter`: SQLGlot parses it
and only *plain row-level expressions* pass — an allow-list of node types and function names,
known columns (never personal data), matching types and known codes.  The engine then embeds
the text :func:`render` produces from the checked tree, never the author's raw text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError, TokenError

from kampungkb.errors import IndicatorDefinitionError
from kampungkb.indicators._check_vocab import (
    _ANONYMOUS,
    _ARITHMETIC,
    _COMPARISONS,
    _EQUALITY,
    _FIXED,
    _NODES,
    _NUMBER_RE,
    _OPS,
    _PARAMETERS,
    _STATEMENTS,
    _SUBQUERIES,
    _UNIFYING,
    _UNITS,
    _WORDS,
    ALLOWED_FUNCTIONS,
    Kind,
    _Col,
    _datatype_kind,
    _did_you_mean,
    _func_name,
    _is_date,
    _is_text,
    _type_kind,
)
from kampungkb.models._schema import TableSchema

__all__ = ["ALLOWED_FUNCTIONS", "check_filter", "check_value_expression",
           "referenced_columns", "render"]

class _Checker:
    """One check of one SQL snippet; every failure is an ``IndicatorDefinitionError``."""

    def __init__(self, schema: TableSchema, extra: Mapping[str, str] | None, what: str,
                 set_id: str, item_id: str) -> None:
        self.table, self.what, self.set_id, self.item_id = schema.name, what, set_id, item_id
        self.columns: dict[str, _Col] = {}
        for name, sql_type in (extra or {}).items():
            kind = _type_kind(sql_type)
            if kind is None:
                raise self.error(f"extra column {name!r} has an unsupported type {sql_type!r}")
            self.columns[name.lower()] = _Col(name, sql_type.upper(), kind)
        for c in schema.columns:
            kind = _type_kind(c.type) or "text"
            self.columns[c.name.lower()] = _Col(c.name, c.type, kind, c.enum, c.personal)

    def error(self, message: str) -> IndicatorDefinitionError:
        return IndicatorDefinitionError(message, set_id=self.set_id, item_id=self.item_id)

    # -- parsing and the allow-list ---------------------------------------------------------
    def parse(self, sql: str) -> exp.Expression:
        try:
            statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
        except ParseError as err:
            raise self.error(self._syntax_message(err)) from None
        except TokenError:
            raise self.error(f"syntax error: {self.what} could not be read "
                             "(is a quote left open?)") from None
        except SqlglotError as err:  # pragma: no cover - other parser failures
            raise self.error(f"syntax error in {self.what}: {err}") from None
        if not statements:
            raise self.error(f"{self.what} is empty")
        if len(statements) > 1:
            raise self.error(f"{self.what} must be a single expression, found "
                             f"{len(statements)} statements separated by ';'")
        root = statements[0]
        if not isinstance(root, exp.Expression) or (
                isinstance(root, _STATEMENTS) and not isinstance(root, exp.Subquery)):
            word = root.name if isinstance(root, exp.Command) else root.key
            raise self.error(f"{self.what} must be an expression over columns, not an SQL "
                             f"statement ({word.upper()})")
        return root

    def _syntax_message(self, err: ParseError) -> str:
        info = err.errors[0] if err.errors else {}
        near, before = str(info.get("highlight", "")), str(info.get("start_context", ""))
        desc = str(info.get("description", ""))
        if desc.startswith("Required keyword"):
            desc = f"something is missing after {near!r}"
        elif desc.startswith("Expecting"):
            desc = f"expected {desc.removeprefix('Expecting').strip()!r} at {near!r}"
        else:
            desc = f"unexpected {near!r}"
        where = f"line {info.get('line', '?')}, column {info.get('col', '?')}"
        return f"syntax error in {self.what} at {where} (after {before.strip()!r}): {desc}"

    def check_nodes(self, root: exp.Expr) -> None:
        """Walk the tree; anything not on the allow-list fails, named in plain words."""
        for node in root.walk():
            if type(node) in _NODES:
                self._check_context(node)
                continue
            if isinstance(node, exp.Any | exp.All) and not node.find(exp.Query):
                problem = "ANY / ALL (use list_contains(column, 'code') for a list column) is"
            elif isinstance(node, _SUBQUERIES):
                problem = "subqueries are"
            elif isinstance(node, exp.Window):
                problem = "window functions (OVER …) are"
            elif isinstance(node, exp.AggFunc):
                raise self.error(f"aggregate function {_func_name(node)} is not allowed in "
                                 f"{self.what}: it works row by row, the measure aggregates")
            elif isinstance(node, _PARAMETERS):
                problem = "parameters and placeholders are"
            elif isinstance(node, exp.Star):
                problem = "'*' is"
            elif isinstance(node, exp.Table | exp.From | exp.Join):
                problem = "table references are"
            elif isinstance(node, _STATEMENTS):
                problem = f"{node.key.upper()} statements are"
            elif isinstance(node, exp.Func):
                raise self._bad_function(_func_name(node))
            else:
                problem = f"{node.key.upper()} ({node.sql('duckdb', comments=False)!r}) is"
            raise self.error(f"{problem} not allowed in {self.what}")

    def _bad_function(self, name: str) -> IndicatorDefinitionError:
        return self.error(f"function {name} is not allowed in {self.what}; allowed: "
                          f"{', '.join(ALLOWED_FUNCTIONS)}")

    def _check_context(self, node: exp.Expr) -> None:
        parent = node.parent
        if isinstance(node, exp.Column):
            self._resolve(node)
        elif isinstance(node, exp.Anonymous) and node.name.lower() not in _ANONYMOUS:
            raise self._bad_function(node.name.lower())
        elif isinstance(node, exp.Identifier) and not isinstance(parent, exp.Column):
            raise self.error(f"name {node.name!r} is not allowed here in {self.what}")
        elif isinstance(node, exp.Var):
            if not isinstance(parent, exp.Extract | exp.DateDiff | exp.Interval):
                raise self.error(f"{node.name!r} is not allowed here in {self.what}")
            self._check_unit(node.name)
        elif isinstance(node, exp.DataType | exp.DataTypeParam) and not isinstance(
                parent, exp.Cast | exp.DataType):
            raise self.error(f"type {node.sql('duckdb')!r} is not allowed here in {self.what}")
        elif isinstance(node, exp.In) and node.args.get("query"):
            raise self.error(f"subqueries are not allowed in {self.what}")
        elif isinstance(node, exp.In) and (node.args.get("unnest") or node.args.get("field")):
            raise self.error("IN needs a list of values in parentheses, e.g. x IN ('a', 'b')")

    def _check_unit(self, unit: str) -> None:
        if unit.lower() not in _UNITS:
            raise self.error(f"unknown date part {unit!r} in {self.what}; use one of "
                             f"{', '.join(sorted(_UNITS))}")

    def _resolve(self, node: exp.Column) -> _Col:
        if isinstance(node.this, exp.Star):
            raise self.error(f"'*' is not allowed in {self.what}")
        if node.table or node.args.get("db") or node.args.get("catalog"):
            raise self.error(f"qualified column names are not allowed in {self.what}: write "
                             f"{node.name!r}, not {node.sql('duckdb')!r}")
        col = self.columns.get(node.name.lower())
        if col is None:
            hint = _did_you_mean(node.name, [c.name for c in self.columns.values()
                                             if not c.personal])
            if not hint and node.this.args.get("quoted"):
                hint = f" (text values take single quotes: '{node.name}')"
            raise self.error(f"unknown column {node.name!r} in table {self.table!r}{hint}")
        if col.personal:
            raise self.error(f"column {col.name!r} holds personal data and cannot be used in "
                             f"{self.what.replace('a filter', 'an indicator filter')}")
        node.set("this", exp.to_identifier(col.name, quoted=True))
        return col

    # -- types ------------------------------------------------------------------------------
    def show(self, node: exp.Expr) -> str:
        if isinstance(node, exp.Column):
            col = self._resolve(node)
            return f"column {col.name!r} ({col.sql_type})"
        if isinstance(node, exp.Literal):
            return f"the text {node.name!r}" if node.is_string else f"the number {node.name}"
        return repr(node.sql("duckdb", comments=False))

    def expect(self, node: exp.Expr, kinds: Iterable[str], context: str) -> Kind:
        kind, allowed = self.kind(node), set(kinds)
        if kind != "null" and kind not in allowed:
            want = " or ".join(_WORDS[k] for k in _WORDS if k in allowed)
            raise self.error(f"{context} needs {want}, but {self.show(node)} is {_WORDS[kind]}")
        return kind

    @staticmethod
    def fits(node: exp.Expr, kind: Kind) -> bool:
        """Whether ``node`` is a text literal DuckDB can read as a value of ``kind``."""
        if not _is_text(node):
            return False
        if kind == "number":
            return bool(_NUMBER_RE.fullmatch(node.name))
        return kind == "date" and _is_date(node.name)

    def compare(self, op: str, left: exp.Expr, right: exp.Expr) -> None:
        kl, kr = self.kind(left), self.kind(right)
        if (isinstance(left, exp.Null) or isinstance(right, exp.Null)) and "DISTINCT" not in op:
            raise self.error(f"comparing with NULL using {op} is never true; write "
                             "'… IS NULL' or '… IS NOT NULL'")
        if "null" in (kl, kr) or kl == kr or self.fits(left, kr) or self.fits(right, kl):
            return
        if "list" in (kl, kr):
            lst = left if kl == "list" else right
            raise self.error(f"{self.show(lst)} is a list of codes and cannot be compared "
                             f"using {op}; use list_contains({lst.name}, 'code')")
        hint = ""
        if "date" in (kl, kr):
            hint = " (dates are written DATE 'yyyy-mm-dd')"
        elif "bool" in (kl, kr) and "text" in (kl, kr):
            hint = " (write TRUE or FALSE without quotes)"
        raise self.error(f"type mismatch: {self.show(left)} is {_WORDS[kl]} but "
                         f"{self.show(right)} is {_WORDS[kr]}, so they cannot be compared "
                         f"using {op}{hint}")

    def codes(self, column: exp.Expr, values: Iterable[exp.Expr]) -> None:
        """Text literals compared with a coded column must be among its codes."""
        if not isinstance(column, exp.Column):
            return
        col = self._resolve(column)
        for value in values:
            for item in value.expressions if isinstance(value, exp.Array) else [value]:
                if col.enum and _is_text(item) and item.name not in col.enum:
                    raise self.error(
                        f"{item.name!r} is not a code of column {col.name!r}; codes: "
                        f"{', '.join(col.enum)}{_did_you_mean(item.name, col.enum)}")

    def unify(self, nodes: Sequence[exp.Expr], what: str) -> Kind:
        known = [(n, k) for n in nodes if (k := self.kind(n)) != "null"]
        if not known:
            return "null"
        base_node, base = next(((n, k) for n, k in known if not _is_text(n)), known[0])
        for node, kind in known:
            if kind != base and not self.fits(node, base):
                raise self.error(f"{what} mixes {self.show(base_node)} ({_WORDS[base]}) and "
                                 f"{self.show(node)} ({_WORDS[kind]})")
        return base

    def kind(self, node: exp.Expr) -> Kind:  # noqa: PLR0911, PLR0912 - a case per node type
        """The kind of value ``node`` yields, failing on type errors inside it."""
        if isinstance(node, exp.Column):
            return self._resolve(node).kind
        if isinstance(node, exp.Literal):
            return "text" if node.is_string else "number"
        if isinstance(node, exp.Boolean | exp.Null):
            return "bool" if isinstance(node, exp.Boolean) else "null"
        if isinstance(node, exp.Paren):
            return self.kind(node.this)
        if isinstance(node, _ARITHMETIC):
            return self._arithmetic(node)
        if isinstance(node, exp.Neg):
            return self.expect(node.this, ["number"], "'-'")
        if isinstance(node, exp.Cast):  # TryCast is a Cast
            return self._cast(node)
        if isinstance(node, exp.Interval):
            count = node.this
            if not (isinstance(count, exp.Literal) and _NUMBER_RE.fullmatch(count.name)):
                raise self.error("INTERVAL needs a number, e.g. INTERVAL 5 YEAR")
            return "interval"
        if isinstance(node, exp.Case | exp.If):
            return self._case(node)
        if isinstance(node, exp.Array):
            for item in node.expressions:
                self.expect(item, ["text"], "a list literal")
            return "list"
        if type(node) in _FIXED or isinstance(node, (*_UNIFYING, exp.Anonymous)):
            return self._function(node)
        self._predicate(node)
        return "bool"

    def _predicate(self, node: exp.Expr) -> None:  # noqa: PLR0912 - a case per node type
        if isinstance(node, exp.And | exp.Or | exp.Not):
            for operand in node.iter_expressions():
                self.expect(operand, ["bool"], node.key.upper())
        elif isinstance(node, _COMPARISONS):
            op = _OPS[type(node)]
            self.compare(op, node.left, node.right)
            if op in _EQUALITY:
                self.codes(node.left, [node.right])
                self.codes(node.right, [node.left])
        elif isinstance(node, exp.In):
            if not node.expressions:
                raise self.error("IN needs at least one value, e.g. x IN ('a', 'b')")
            for value in node.expressions:
                self.compare("IN", node.this, value)
            self.codes(node.this, node.expressions)
        elif isinstance(node, exp.Between):
            self.compare("BETWEEN", node.this, node.args["low"])
            self.compare("BETWEEN", node.this, node.args["high"])
        elif isinstance(node, exp.Is):
            self.kind(node.this)
            if not isinstance(node.expression, exp.Null | exp.Boolean):
                raise self.error("IS takes NULL, TRUE or FALSE; compare values with "
                                 "IS [NOT] DISTINCT FROM")
            if isinstance(node.expression, exp.Boolean):
                self.expect(node.this, ["bool"], "IS TRUE / IS FALSE")
        elif isinstance(node, exp.Like | exp.ILike):
            self.expect(node.this, ["text"], node.key.upper())
            self.expect(node.expression, ["text"], node.key.upper())
        elif isinstance(node, exp.ArrayContains):
            self.expect(node.this, ["list"], "list_contains")
            self.expect(node.expression, ["text"], "list_contains")
            self.codes(node.this, [node.expression])
        elif isinstance(node, exp.ArrayOverlaps):
            self._list_pair(node, [node.this, node.expression])
        else:  # pragma: no cover - the allow-list walk rejects everything else first
            raise self.error(f"{node.key.upper()} is not allowed in {self.what}")

    def _list_pair(self, node: exp.Expr, args: Sequence[exp.Expr]) -> None:
        if len(args) != 2:
            raise self.error(f"{_func_name(node)} needs two lists")
        for arg in args:
            self.expect(arg, ["list"], _func_name(node))
        self.codes(args[0], args[1:])
        self.codes(args[1], args[:1])

    def _function(self, node: exp.Expr) -> Kind:
        name = _func_name(node)
        args = [a for a in node.iter_expressions() if not isinstance(a, exp.Var)]
        if isinstance(node, exp.Anonymous) and _ANONYMOUS[name] == "bool":
            self._list_pair(node, args)
            return "bool"
        if isinstance(node, exp.Anonymous):  # date_part / datepart
            if len(args) != 2 or not _is_text(args[0]):
                raise self.error(f"{name} needs a date part and a date, e.g. "
                                 "date_part('year', birth_date)")
            self._check_unit(args[0].name)
            self.expect(args[1], ["date"], name)
            return "number"
        if isinstance(node, _UNIFYING):
            return self.unify(args, name)
        kinds, result = _FIXED[type(node)]
        for arg in args:
            self.expect(arg, kinds, name)
        return result

    def _arithmetic(self, node: exp.Binary) -> Kind:
        kl, kr = self.kind(node.left), self.kind(node.right)
        if "null" in (kl, kr) or kl == kr == "number":
            return "number"
        shifts = ("number", "interval")
        if isinstance(node, exp.Add | exp.Sub) and kl == "date" and kr in shifts:
            return "date"
        if isinstance(node, exp.Add) and kr == "date" and kl in shifts:
            return "date"
        if isinstance(node, exp.Sub) and kl == kr == "date":
            return "number"
        raise self.error(f"arithmetic ({_OPS[type(node)]}) needs numbers (or a date plus or "
                         f"minus an interval), but {self.show(node.left)} is {_WORDS[kl]} and "
                         f"{self.show(node.right)} is {_WORDS[kr]}")

    def _cast(self, node: exp.Cast) -> Kind:
        self.kind(node.this)
        target = _datatype_kind(node.to)
        if target is None or target == "list":
            raise self.error(f"cast to {node.to.sql('duckdb')} is not allowed in {self.what}; "
                             "use INTEGER, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE or BOOLEAN")
        if target == "date" and _is_text(node.this) and not _is_date(node.this.name):
            raise self.error(f"{node.this.name!r} is not a date; dates are written "
                             "DATE 'yyyy-mm-dd'")
        return target

    def _case(self, node: exp.Case | exp.If) -> Kind:
        ifs = (node.args.get("ifs") or []) if isinstance(node, exp.Case) else [node]
        operand = node.this if isinstance(node, exp.Case) else None
        for branch in ifs:
            if operand is not None:
                self.compare("CASE … WHEN", operand, branch.this)
            else:
                self.expect(branch.this, ["bool"], "CASE WHEN")
        default = node.args.get("default") or node.args.get("false")
        values = [b.args["true"] for b in ifs] + ([default] if default else [])
        return self.unify(values, "CASE")


def _check(sql: str, schema: TableSchema, extra: Mapping[str, str] | None, *, want: Kind,
           what: str, set_id: str, item_id: str) -> exp.Expression:
    checker = _Checker(schema, extra, what, set_id, item_id)
    root = checker.parse(sql)
    checker.check_nodes(root)
    kind = checker.kind(root)
    if kind == want:
        return root
    shown = f"{checker.show(root)} is {_WORDS[kind]}"
    if want == "bool":
        raise checker.error(f"a filter must be a true/false condition, but {shown}")
    raise checker.error(f"{what} must be a number (a numeric column or arithmetic over "
                        f"numeric columns), but {shown}")


def check_filter(sql: str, schema: TableSchema, *, set_id: str, item_id: str,
                 extra_columns: Mapping[str, str] | None = None) -> exp.Expression:
    """Parse and check a measure's filter; return the checked expression.

    Args:
        sql: a SQL boolean expression (DuckDB dialect) over the columns of ``schema``.
        schema: the canonical table the measure counts.
        set_id: the indicator set, named in errors.
        item_id: the measure (or indicator), named in errors.
        extra_columns: derived columns the engine adds, ``{name: DuckDB type}``, e.g.
            ``{"age_years": "INTEGER", "period_end": "DATE"}``.

    Returns:
        The parsed expression, column names normalised to the schema's spelling; embed it
        in a query through :func:`render`.

    Raises:
        IndicatorDefinitionError: a syntax error; more than one statement; anything beyond
            plain row-level expressions (subqueries, tables, file readers, DDL/DML, window or
            aggregate functions, parameters, functions off the allow-list); an unknown or a
            personal-data column; a type mismatch; a code outside a column's codes; a filter
            that is not a true/false condition.

    Example:
        >>> expr = check_filter("sex = 'f'", persons, set_id="cikar", item_id="women")
        >>> render(expr)
        '"sex" = \\'f\\''
    """
    return _check(sql, schema, extra_columns, want="bool", what="a filter", set_id=set_id,
                  item_id=item_id)


def check_value_expression(sql: str, schema: TableSchema, *, set_id: str, item_id: str,
                           extra_columns: Mapping[str, str] | None = None) -> exp.Expression:
    """Parse and check the value a ``sum`` measure adds up (its ``column``).

    The same rules as :func:`check_filter`, except that the expression must be numeric:
    ``"pokja_members"``, ``"users_iud + users_implant"``.
    """
    return _check(sql, schema, extra_columns, want="number", what="a measure's value",
                  set_id=set_id, item_id=item_id)


def render(expr: exp.Expr, dialect: str = "duckdb") -> str:
    """Render a checked expression as SQL: every column name quoted, comments dropped."""
    return expr.sql(dialect=dialect, identify=True, comments=False)


def referenced_columns(expr: exp.Expr) -> tuple[str, ...]:
    """The distinct column names a checked expression uses, in order of first use."""
    return tuple(dict.fromkeys(c.name for c in expr.find_all(exp.Column, bfs=False)))
