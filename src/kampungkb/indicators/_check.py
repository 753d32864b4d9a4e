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

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, SqlglotError, TokenError
from sqlglot.tokenizer_core import Token, TokenType

from kampungkb.errors import Count, IndicatorDefinitionError, Phrase
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

#: What is checked, as a phrase of the message catalogue.
_WHAT = {"filter": "indicators.what_filter", "value": "indicators.what_value"}


def _kind(kind: Kind) -> Phrase:
    """A kind of value in words (``a number``, ``true/false`` …)."""
    return Phrase(f"indicators.kind_{kind}")


def _either(phrases: Sequence[Phrase]) -> Phrase:
    """``a or b or c`` as one phrase."""
    joined = phrases[-1]
    for phrase in reversed(phrases[:-1]):
        joined = Phrase("indicators.or", first=phrase, second=joined)
    return joined


class _Checker:
    """One check of one SQL snippet; every failure is an ``IndicatorDefinitionError``."""

    def __init__(self, schema: TableSchema, extra: Mapping[str, str] | None, what: str,
                 set_id: str, item_id: str) -> None:
        self.table, self.set_id, self.item_id = schema.name, set_id, item_id
        self.filter = what == "filter"
        self.what = Phrase(_WHAT[what])
        self.columns: dict[str, _Col] = {}
        for name, sql_type in (extra or {}).items():
            kind = _type_kind(sql_type)
            if kind is None:
                raise self.error("indicators.extra_type", name=name, sql_type=sql_type)
            self.columns[name.lower()] = _Col(name, sql_type.upper(), kind)
        for c in schema.columns:
            kind = _type_kind(c.type) or "text"
            self.columns[c.name.lower()] = _Col(c.name, c.type, kind, c.enum, c.personal)

    def error(self, key: str, /, **fields: Any) -> IndicatorDefinitionError:
        """The error ``key`` of the message catalogue, naming the set and the item."""
        return IndicatorDefinitionError.of(key, set_id=self.set_id, item_id=self.item_id,
                                           **fields)

    # -- parsing and the allow-list ---------------------------------------------------------
    def parse(self, sql: str) -> exp.Expression:
        if len(sql) > MAX_SQL_CHARS:
            raise self.error("indicators.too_many_chars", what=self.what,
                             length=Count(len(sql)), limit=Count(MAX_SQL_CHARS))
        try:
            tokens = _DUCKDB.tokenize(sql)
            if _nesting(tokens) > MAX_NESTING:
                raise self._too_deep()
            statements = [s for s in _DUCKDB.parser().parse(tokens, sql) if s is not None]
        except ParseError as err:
            raise self._syntax_error(err) from None
        except TokenError:
            raise self.error("indicators.syntax_open_quote", what=self.what) from None
        except SqlglotError as err:  # pragma: no cover - other parser failures
            raise self.error("indicators.syntax_other", what=self.what, detail=str(err)) from None
        if not statements:
            raise self.error("indicators.empty", what=self.what)
        if len(statements) > 1:
            raise self.error("indicators.several_statements", what=self.what,
                             count=len(statements))
        root = statements[0]
        self._check_size(root)
        if not isinstance(root, exp.Expression) or (
                isinstance(root, _STATEMENTS) and not isinstance(root, exp.Subquery)):
            word = root.name if isinstance(root, exp.Command) else root.key
            raise self.error("indicators.statement", what=self.what, word=word.upper())
        return root

    def _too_deep(self) -> IndicatorDefinitionError:
        return self.error("indicators.too_deep", what=self.what, limit=MAX_NESTING)

    def _check_size(self, root: exp.Expr) -> None:
        for nodes, node in enumerate(root.walk(), start=1):
            if nodes > MAX_NODES:
                raise self.error("indicators.too_many_parts", what=self.what,
                                 limit=Count(MAX_NODES))
            if isinstance(node, exp.In) and len(node.expressions) > MAX_IN_VALUES:
                raise self.error("indicators.in_list_too_long", what=self.what,
                                 count=Count(len(node.expressions)),
                                 limit=Count(MAX_IN_VALUES))
        if _depth(root) > MAX_DEPTH:
            raise self.error("indicators.too_deep_tree", what=self.what, limit=MAX_DEPTH)

    def _syntax_error(self, err: ParseError) -> IndicatorDefinitionError:
        info = err.errors[0] if err.errors else {}
        near, before = str(info.get("highlight", "")), str(info.get("start_context", ""))
        said = str(info.get("description", ""))
        if said.startswith("Required keyword"):
            desc = Phrase("indicators.desc_missing", near=near)
        elif said.startswith("Expecting"):
            desc = Phrase("indicators.desc_expected", near=near,
                          expected=said.removeprefix("Expecting").strip())
        else:
            desc = Phrase("indicators.desc_unexpected", near=near)
        return self.error("indicators.syntax_at", what=self.what, line=info.get("line", "?"),
                          column=info.get("col", "?"), before=before.strip(), desc=desc)

    def check_nodes(self, root: exp.Expr) -> None:
        """Walk the tree; anything not on the allow-list fails, named in plain words."""
        for node in root.walk():
            if type(node) in _NODES:
                self._check_context(node)
                continue
            if isinstance(node, exp.Any | exp.All) and not node.find(exp.Query):
                raise self.error("indicators.no_any_all", what=self.what)
            if isinstance(node, _SUBQUERIES):
                raise self.error("indicators.no_subqueries", what=self.what)
            if isinstance(node, exp.Window):
                raise self.error("indicators.no_window", what=self.what)
            if isinstance(node, exp.AggFunc):
                raise self.error("indicators.aggregate", name=_func_name(node), what=self.what)
            if isinstance(node, _PARAMETERS):
                raise self.error("indicators.no_parameters", what=self.what)
            if isinstance(node, exp.Star):
                raise self.error("indicators.no_star", what=self.what)
            if isinstance(node, exp.Table | exp.From | exp.Join):
                raise self.error("indicators.no_tables", what=self.what)
            if isinstance(node, _STATEMENTS):
                raise self.error("indicators.no_statement", statement=node.key.upper(),
                                 what=self.what)
            if isinstance(node, exp.Func):
                raise self._bad_function(_func_name(node))
            raise self.error("indicators.no_node", node=node.key.upper(),
                             sql=node.sql("duckdb", comments=False), what=self.what)

    def _bad_function(self, name: str) -> IndicatorDefinitionError:
        return self.error("indicators.bad_function", name=name, what=self.what,
                          allowed=", ".join(ALLOWED_FUNCTIONS))

    def _check_context(self, node: exp.Expr) -> None:
        parent = node.parent
        if isinstance(node, exp.Column):
            self._resolve(node)
        elif isinstance(node, exp.Anonymous) and node.name.lower() not in _ANONYMOUS:
            raise self._bad_function(node.name.lower())
        elif isinstance(node, exp.Identifier) and not isinstance(parent, exp.Column):
            raise self.error("indicators.name_here", name=node.name, what=self.what)
        elif isinstance(node, exp.Var):
            if not isinstance(parent, exp.Extract | exp.DateDiff | exp.Interval):
                raise self.error("indicators.word_here", name=node.name, what=self.what)
            self._check_unit(node.name)
        elif isinstance(node, exp.DataType | exp.DataTypeParam) and not isinstance(
                parent, exp.Cast | exp.DataType):
            raise self.error("indicators.type_here", type=node.sql("duckdb"), what=self.what)
        elif isinstance(node, exp.In) and node.args.get("query"):
            raise self.error("indicators.no_subqueries", what=self.what)
        elif isinstance(node, exp.In) and (node.args.get("unnest") or node.args.get("field")):
            raise self.error("indicators.in_needs_list")

    def _check_unit(self, unit: str) -> None:
        if unit.lower() not in _UNITS:
            raise self.error("indicators.unknown_unit", unit=unit, what=self.what,
                             units=", ".join(sorted(_UNITS)))

    def _resolve(self, node: exp.Column) -> _Col:
        if isinstance(node.this, exp.Star):
            raise self.error("indicators.no_star", what=self.what)
        if node.table or node.args.get("db") or node.args.get("catalog"):
            raise self.error("indicators.qualified", what=self.what, name=node.name,
                             sql=node.sql("duckdb"))
        col = self.columns.get(node.name.lower())
        if col is None:
            close = difflib.get_close_matches(
                node.name, [c.name for c in self.columns.values() if not c.personal], n=1)
            if close:
                raise self.error("indicators.unknown_column_close", column=node.name,
                                 table=self.table, close=close[0])
            if node.this.args.get("quoted"):
                raise self.error("indicators.unknown_column_quoted", column=node.name,
                                 table=self.table)
            raise self.error("indicators.unknown_column", column=node.name, table=self.table)
        if col.personal:
            what = Phrase("indicators.what_filter_personal") if self.filter else self.what
            raise self.error("indicators.personal", column=col.name, what=what)
        node.set("this", exp.to_identifier(col.name, quoted=True))
        node.meta["kampungkb_type"] = col.sql_type  # read by render_safe
        return col

    # -- types ------------------------------------------------------------------------------
    def show(self, node: exp.Expr) -> Phrase | str:
        """``node`` in words: a column with its type, a text, a number, else its SQL."""
        if isinstance(node, exp.Column):
            col = self._resolve(node)
            return Phrase("indicators.show_column", name=col.name, type=col.sql_type)
        if isinstance(node, exp.Literal):
            return (Phrase("indicators.show_text", value=node.name) if node.is_string
                    else Phrase("indicators.show_number", value=node.name))
        return repr(node.sql("duckdb", comments=False))

    def expect(self, node: exp.Expr, kinds: Iterable[str], context: str | Phrase) -> Kind:
        kind, allowed = self.kind(node), set(kinds)
        if kind != "null" and kind not in allowed:
            want = _either([_kind(k) for k in _WORDS if k in allowed])
            raise self.error("indicators.needs", context=context, want=want,
                             shown=self.show(node), kind=_kind(kind))
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
            raise self.error("indicators.null_compare", op=op)
        if "null" in (kl, kr) or kl == kr or self.fits(left, kr) or self.fits(right, kl):
            return
        if "list" in (kl, kr):
            lst = left if kl == "list" else right
            raise self.error("indicators.list_compare", shown=self.show(lst), op=op,
                             name=lst.name)
        key = "indicators.type_mismatch"
        if "date" in (kl, kr):
            key += "_date"
        elif "bool" in (kl, kr) and "text" in (kl, kr):
            key += "_bool"
        raise self.error(key, left=self.show(left), left_kind=_kind(kl), right=self.show(right),
                         right_kind=_kind(kr), op=op)

    def codes(self, column: exp.Expr, values: Iterable[exp.Expr]) -> None:
        """Text literals compared with a coded column must be among its codes."""
        if not isinstance(column, exp.Column):
            return
        col = self._resolve(column)
        for value in values:
            for item in value.expressions if isinstance(value, exp.Array) else [value]:
                if col.enum and _is_text(item) and item.name not in col.enum:
                    close = difflib.get_close_matches(item.name, list(col.enum), n=1)
                    fields = {"value": item.name, "column": col.name,
                              "codes": ", ".join(col.enum)}
                    if close:
                        raise self.error("indicators.not_a_code_close", close=close[0],
                                         **fields)
                    raise self.error("indicators.not_a_code", **fields)

    def unify(self, nodes: Sequence[exp.Expr], what: str) -> Kind:
        known = [(n, k) for n in nodes if (k := self.kind(n)) != "null"]
        if not known:
            return "null"
        base_node, base = next(((n, k) for n, k in known if not _is_text(n)), known[0])
        for node, kind in known:
            if kind != base and not self.fits(node, base):
                raise self.error("indicators.mixes", what=what, first=self.show(base_node),
                                 first_kind=_kind(base), second=self.show(node),
                                 second_kind=_kind(kind))
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
                raise self.error("indicators.interval_number")
            return "interval"
        if isinstance(node, exp.Case | exp.If):
            return self._case(node)
        if isinstance(node, exp.Array):
            for item in node.expressions:
                self.expect(item, ["text"], Phrase("indicators.list_literal"))
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
                raise self.error("indicators.in_needs_value")
            for value in node.expressions:
                self.compare("IN", node.this, value)
            self.codes(node.this, node.expressions)
        elif isinstance(node, exp.Between):
            self.compare("BETWEEN", node.this, node.args["low"])
            self.compare("BETWEEN", node.this, node.args["high"])
        elif isinstance(node, exp.Is):
            self.kind(node.this)
            if not isinstance(node.expression, exp.Null | exp.Boolean):
                raise self.error("indicators.is_takes")
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
            raise self.error("indicators.no_predicate", node=node.key.upper(), what=self.what)

    def _list_pair(self, node: exp.Expr, args: Sequence[exp.Expr]) -> None:
        if len(args) != 2:
            raise self.error("indicators.two_lists", name=_func_name(node))
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
                raise self.error("indicators.date_part_args", name=name)
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
        left = (self.show(node.left) if not isinstance(node.left, _ARITHMETIC)
                else Phrase("indicators.left_side"))
        raise self.error("indicators.arithmetic", op=_OPS[type(node)], left=left,
                         left_kind=_kind(kl), right=self.show(node.right), right_kind=_kind(kr))

    def _cast(self, node: exp.Cast) -> Kind:
        self.kind(node.this)
        target = _datatype_kind(node.to)
        if target is None or target == "list":
            raise self.error("indicators.cast", type=node.to.sql("duckdb"), what=self.what)
        if target == "date" and _is_text(node.this) and not _is_date(node.this.name):
            raise self.error("indicators.not_a_date", value=node.this.name)
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
        raise checker._too_deep() from None
    if kind == want:
        return root
    if want == "bool":
        raise checker.error("indicators.filter_not_bool", shown=checker.show(root),
                            kind=_kind(kind))
    raise checker.error("indicators.value_not_number", what=checker.what,
                        shown=checker.show(root), kind=_kind(kind))


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
    return _check(sql, schema, extra_columns, want="bool", what="filter", set_id=set_id,
                  item_id=item_id)


def check_value_expression(sql: str, schema: TableSchema, *, set_id: str, item_id: str,
                           extra_columns: Mapping[str, str] | None = None) -> exp.Expression:
    """Parse and check the value a ``sum`` measure adds up (its ``column``).

    The same rules as :func:`check_filter`, except that the expression must be numeric:
    ``"pokja_members"``, ``"users_iud + users_implant"``.
    """
    return _check(sql, schema, extra_columns, want="number", what="value",
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
