"""Checking the SQL snippets in indicator definitions (filters and summed values).

A measure's ``filter`` is a SQL boolean expression over the columns of one canonical table,
written in the DuckDB dialect (``"sex = 'f' AND age_years BETWEEN 15 AND 49"``).  When a set
is checked (:func:`~kampungkb.indicators.validate_indicator_set`, which ``compute`` calls before
any query) every filter goes through :func:`check_filter`: SQLGlot parses it
and only *plain row-level expressions* pass — an allow-list of node types and function names,
known columns (never personal data), matching types and known codes.  The engine then embeds
the text :func:`render` produces from the checked tree, never the author's raw text.

Hostile or careless text is bounded *before* SQLGlot's recursive parser sees it
(:data:`MAX_SQL_CHARS`, :data:`MAX_NESTING`), and the parsed tree is bounded before it is
walked (:data:`MAX_NODES`, :data:`MAX_DEPTH`, :data:`MAX_IN_VALUES`); every limit is an
``IndicatorDefinitionError`` naming the set and the measure.  :func:`render_safe` gives the SQL
the engine embeds: a division by zero, a failed conversion or an overflow there makes the value
NULL (the row is not counted), never an error and never "true".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, SqlglotError, TokenError
from sqlglot.tokenizer_core import Token, TokenType

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

__all__ = ["ALLOWED_FUNCTIONS", "MAX_DEPTH", "MAX_IN_VALUES", "MAX_NESTING", "MAX_NODES",
           "MAX_SQL_CHARS", "check_filter", "check_value_expression", "referenced_columns",
           "render", "render_safe"]

#: Longest filter (or summed value) text, in characters.
MAX_SQL_CHARS = 10_000
#: Deepest nesting of parentheses, function calls, ``CASE … END``, ``[…]`` lists and runs of
#: ``NOT`` / unary minus (each counts one level).  Far below what Python's recursion allows.
MAX_NESTING = 16
#: Most values in one ``IN (…)`` list.
MAX_IN_VALUES = 1_000
#: Most parts (SQLGlot syntax nodes: columns, values, operators, functions) in one snippet.
MAX_NODES = 5_000
#: Deepest syntax tree; a chain ``a AND b AND c …`` or ``a + b + c …`` counts one level.
MAX_DEPTH = 100

_DUCKDB = Dialect.get_or_raise("duckdb")
_OPEN = {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE, TokenType.CASE}
_CLOSE = {TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE, TokenType.END}
#: Tokens after which ``-`` or ``+`` is a sign (unary), not a subtraction or an addition.
_BEFORE_OPERAND = _OPEN | {
    TokenType.NOT, TokenType.AND, TokenType.OR, TokenType.DASH, TokenType.PLUS,
    TokenType.STAR, TokenType.SLASH, TokenType.MOD, TokenType.DIV, TokenType.COMMA,
    TokenType.EQ, TokenType.NEQ, TokenType.GT, TokenType.GTE, TokenType.LT, TokenType.LTE,
    TokenType.WHEN, TokenType.THEN, TokenType.ELSE, TokenType.IN, TokenType.IS,
    TokenType.BETWEEN, TokenType.LIKE, TokenType.ILIKE, TokenType.INTERVAL,
    TokenType.NULLSAFE_EQ, TokenType.DPIPE, TokenType.CARET}


def _nesting(tokens: Sequence[Token]) -> int:
    """The deepest nesting in a token stream (see :data:`MAX_NESTING`), without parsing.

    Each open bracket (or ``CASE``) starts a level; ``NOT`` and a unary ``-``/``+`` add one
    level until the next ``AND``/``OR`` or the bracket that encloses them closes.
    """
    prefixes = [0]  # prefix operators pending at each open bracket level
    deepest = 0
    previous: TokenType | None = None
    for tok in tokens:
        kind = tok.token_type
        if kind in _OPEN:
            prefixes.append(0)
        elif kind in _CLOSE:
            if len(prefixes) > 1:
                prefixes.pop()
        elif kind in (TokenType.AND, TokenType.OR):
            prefixes[-1] = 0
        elif kind == TokenType.NOT or (
                kind in (TokenType.DASH, TokenType.PLUS)
                and (previous is None or previous in _BEFORE_OPERAND)):
            prefixes[-1] += 1
        deepest = max(deepest, len(prefixes) - 1 + sum(prefixes))
        previous = kind
    return deepest


def _depth(root: exp.Expr) -> int:
    """How deep the tree goes, iteratively; continuing a chain of AND, OR or of arithmetic
    on its left side does not add a level (the checker walks such chains in a loop)."""
    deepest = 0
    stack: list[tuple[exp.Expr, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        for child in node.iter_expressions():
            same = (type(child) is type(node) and isinstance(node, exp.And | exp.Or)) or (
                isinstance(node, _ARITHMETIC) and isinstance(child, _ARITHMETIC)
                and child is node.left)
            stack.append((child, depth if same else depth + 1))
    return deepest

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
        if len(sql) > MAX_SQL_CHARS:
            raise self.error(f"{self.what} is {len(sql):,} characters long; at most "
                             f"{MAX_SQL_CHARS:,} are allowed (use a shorter list of codes, or "
                             "split the condition over several measures)")
        try:
            tokens = _DUCKDB.tokenize(sql)
            if _nesting(tokens) > MAX_NESTING:
                raise self.error(self._too_deep())
            statements = [s for s in _DUCKDB.parser().parse(tokens, sql) if s is not None]
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
        self._check_size(root)
        if not isinstance(root, exp.Expression) or (
                isinstance(root, _STATEMENTS) and not isinstance(root, exp.Subquery)):
            word = root.name if isinstance(root, exp.Command) else root.key
            raise self.error(f"{self.what} must be an expression over columns, not an SQL "
                             f"statement ({word.upper()})")
        return root

    def _too_deep(self) -> str:
        return (f"{self.what} is nested too deeply: at most {MAX_NESTING} levels of "
                "parentheses, function calls, CASE … END and NOT are allowed; write it more "
                "simply (e.g. x IN ('a', 'b') instead of many ORs)")

    def _check_size(self, root: exp.Expr) -> None:
        for nodes, node in enumerate(root.walk(), start=1):
            if nodes > MAX_NODES:
                raise self.error(f"{self.what} is too long: more than {MAX_NODES:,} parts "
                                 "(columns, values, operators); write it more simply or split "
                                 "it over several measures")
            if isinstance(node, exp.In) and len(node.expressions) > MAX_IN_VALUES:
                raise self.error(f"an IN list in {self.what} has {len(node.expressions):,} "
                                 f"values; at most {MAX_IN_VALUES:,} are allowed")
        if _depth(root) > MAX_DEPTH:
            raise self.error(f"{self.what} is nested too deeply: more than {MAX_DEPTH} "
                             "operators or functions inside one another (e.g. a long chain "
                             "of = or ::); write it more simply")

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
        node.meta["kampungkb_type"] = col.sql_type  # read by render_safe
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
        if isinstance(node, exp.And | exp.Or):
            for operand in node.flatten():  # a chain of AND (or OR) in a loop, not recursion
                self.expect(operand, ["bool"], node.key.upper())
        elif isinstance(node, exp.Not):
            self.expect(node.this, ["bool"], "NOT")
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
        spine = [node]  # a chain a + b - c … is walked in a loop, not by recursion
        while isinstance(spine[-1].left, _ARITHMETIC):
            spine.append(spine[-1].left)
        kind = self.kind(spine[-1].left)
        for step in reversed(spine):
            kind = self._arithmetic_step(step, kind, self.kind(step.right))
        return kind

    def _arithmetic_step(self, node: exp.Binary, kl: Kind, kr: Kind) -> Kind:
        if "null" in (kl, kr) or kl == kr == "number":
            return "number"
        shifts = ("number", "interval")
        if isinstance(node, exp.Add | exp.Sub) and kl == "date" and kr in shifts:
            return "date"
        if isinstance(node, exp.Add) and kr == "date" and kl in shifts:
            return "date"
        if isinstance(node, exp.Sub) and kl == kr == "date":
            return "number"
        left = self.show(node.left) if not isinstance(node.left, _ARITHMETIC) else "the left side"
        raise self.error(f"arithmetic ({_OPS[type(node)]}) needs numbers (or a date plus or "
                         f"minus an interval), but {left} is {_WORDS[kl]} and "
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
    try:
        root = checker.parse(sql)
        checker.check_nodes(root)
        kind = checker.kind(root)
    except RecursionError:  # the limits above should make this unreachable
        raise checker.error(checker._too_deep()) from None
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


#: Nodes that cannot fail whatever the row holds (given a checked tree).
_CANNOT_FAIL: tuple[type[exp.Expr], ...] = (
    exp.Column, exp.Identifier, exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Array,
    *_COMPARISONS, exp.Is, exp.In, exp.Between, exp.Like, exp.ILike, exp.ArrayContains,
    exp.ArrayOverlaps, exp.Anonymous, exp.Lower, exp.Upper, exp.Trim, exp.Length,
    exp.ArraySize, exp.Year, exp.Month, exp.Day, exp.Quarter, exp.Extract, exp.DateDiff,
    exp.Var, exp.Coalesce, exp.Nullif, exp.Least, exp.Greatest, exp.Case, exp.If, exp.TryCast,
    exp.DataType, exp.DataTypeParam, exp.And, exp.Or, exp.Not, exp.Round, exp.Floor, exp.Ceil,
)
_INTEGER_TYPES = ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "INT")
_DIVISIONS = (exp.Div, exp.IntDiv, exp.Mod)


def _can_fail(node: exp.Expr) -> bool:
    """Whether evaluating ``node`` on some row could raise an error in DuckDB: arithmetic
    (overflow), a sign or abs (overflow), an interval shift, or a text value read as a number
    or a date (a comparison of a number column with ``'1e400'``)."""
    text = non_date_text = number = date = False
    for n in node.walk():
        if isinstance(n, exp.Neg) and isinstance(n.this, exp.Literal):
            continue  # a negative number
        if not isinstance(n, _CANNOT_FAIL) and not (isinstance(n, exp.Cast) and _safe_cast(n)):
            return True
        if isinstance(n, exp.Literal) and n.is_string:
            text = True
            non_date_text = non_date_text or not _is_date(n.name)
        elif isinstance(n, exp.Column):
            sql_type = n.meta.get("kampungkb_type", "VARCHAR")
            date = date or sql_type == "DATE"
            number = number or sql_type not in ("VARCHAR", "VARCHAR[]", "DATE", "BOOLEAN")
    return (text and number) or (non_date_text and date)


def _safe_cast(node: exp.Cast) -> bool:
    """A cast of a text literal the check proved is a date (``DATE '2019-06-30'``)."""
    return (isinstance(node.this, exp.Literal) and node.this.is_string
            and _datatype_kind(node.to) == "date" and _is_date(node.this.name))


def _guard(tree: exp.Expr, *, widen: bool) -> exp.Expr:
    """Divisors become ``NULLIF(divisor, 0)``, casts ``TRY_CAST``; with ``widen``, whole-number
    columns in arithmetic are read as DOUBLE (an overflow gives infinity, which is flagged,
    instead of an error)."""
    for node in list(tree.walk()):
        if isinstance(node, _DIVISIONS):
            divisor = node.expression
            if not (isinstance(divisor, exp.Literal) and not divisor.is_string
                    and float(divisor.name) != 0):
                node.set("expression", exp.Nullif(this=divisor, expression=exp.Literal.number(0)))
        elif isinstance(node, exp.Cast) and not isinstance(node, exp.TryCast):
            if not _safe_cast(node):
                node.replace(exp.TryCast(this=node.this, to=node.to))
        elif (widen and isinstance(node, exp.Column)
              and isinstance(node.parent, (*_ARITHMETIC, exp.Neg, exp.Abs))
              and node.meta.get("kampungkb_type") in _INTEGER_TYPES):
            node.replace(exp.Cast(this=node.copy(), to=exp.DataType.build("DOUBLE")))
    return tree


def _predicates(tree: exp.Expr) -> list[exp.Expr]:
    """The conditions a filter combines with AND, OR, NOT and parentheses."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, exp.And | exp.Or | exp.Not | exp.Paren):
            stack.extend(node.iter_expressions())
        else:
            out.append(node)
    return out


def render_safe(expr: exp.Expr, *, value: bool = False) -> str:
    """The DuckDB SQL the engine embeds for a checked filter (or, with ``value``, a summed
    value): like :func:`render`, but evaluating it on any row never raises an error.

    * ``x / y``, ``x // y`` and ``x % y`` divide by ``NULLIF(y, 0)``: a zero divisor gives NULL,
      so a condition over it is unknown and the row is **not** counted (never "true");
    * ``CAST`` becomes ``TRY_CAST``: a value that cannot be converted is NULL;
    * each condition that could still fail on some row (arithmetic overflow, a date shifted out
      of range, a text value read as a number) is wrapped in ``TRY(…)``: it is NULL for that row,
      and the other conditions combine with it as with a missing value;
    * in a summed value, whole-number columns in arithmetic are read as DOUBLE, so an overflow
      gives infinity (flagged ``non_finite`` in the results) rather than an error.

    Example:
        >>> render_safe(check_filter("age_years / 0 > 1", persons, set_id="s", item_id="m",
        ...                          extra_columns={"age_years": "INTEGER"}))
        'TRY("age_years" / NULLIF(0, 0) > 1)'
    """
    tree = _guard(expr.copy(), widen=value)
    if value:
        if _can_fail(tree):
            tree = exp.Try(this=tree)
        return render(tree)
    for leaf in _predicates(tree):
        if _can_fail(leaf):
            wrapped = exp.Try(this=leaf.copy())
            if leaf is tree:
                tree = wrapped
            else:
                leaf.replace(wrapped)
    return render(tree)
