"""Render the engine's DuckDB SQL for PostgreSQL and Spark SQL through SQLGlot.

The engine has one compiler (:mod:`kampungkb.engine._compile`), which writes DuckDB SQL.  A
remote backend runs the same text after :func:`render`: SQLGlot transpiles it, and the few
constructs SQLGlot renders with a different meaning (or not at all) are rewritten on the
syntax tree first, so that every backend computes the same number:

* ``TRY(x)`` → ``x`` (the guarded conditions cannot fail on valid data; on PostgreSQL a
  value that would fail raises an error instead of counting as unknown — never a different
  number);
* ``date_diff('month' | 'quarter' | 'year', a, b)`` → calendar-boundary arithmetic on the
  years and months (DuckDB's meaning; Spark's ``timestampdiff`` counts whole months instead);
* ``len(list)`` / ``array_length(list)`` → ``cardinality`` (PostgreSQL) or ``array_size``
  (Spark): 0 for an empty list and NULL for a missing one, as in DuckDB;
* ``arg_max(x, p)`` → the value of ``x`` at the largest ``p`` among rows where neither is
  NULL (DuckDB ignores NULL values of ``x``); ``arg_max_null(x, p)`` → the same where ``p`` is
  not NULL (``x`` there may be);
* ``make_date`` and ``quarter`` on PostgreSQL; sub-queries in ``FROM`` get an alias
  (PostgreSQL 15 requires one); staged common table expressions are materialised
  (see ``_STAGED``).

``QUALIFY`` (rewritten to a filtered sub-query), ``FILTER (WHERE …)``, ``GROUPING SETS``,
``strftime`` and NULL ordering (``NULLS LAST`` written out where the defaults differ) are
SQLGlot's own work.

The table names the engine's SQL reads (``persons``, ``_coverage`` …) are bound to the
backend's relations by :func:`with_views`: each query carries its views as common table
expressions, so nothing is created in the remote database.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Literal

import sqlglot
from sqlglot import exp

__all__ = ["Dialect", "render", "with_views"]

Dialect = Literal["postgres", "spark"]

#: Common table expressions named so are stages of a computation, each reading the columns
#: the previous one computed (the WHO z-scores of :mod:`kampungkb.growth._sql`).  PostgreSQL
#: would inline them into one another, copying each expression into every use — exponential
#: in the number of stages — so they are materialised there.
_STAGED = "_kk_"


def _year(node: exp.Expr) -> exp.Expr:
    return exp.Year(this=node.copy())


def _month(node: exp.Expr) -> exp.Expr:
    return exp.Month(this=node.copy())


def _date_diff(node: exp.DateDiff, dialect: Dialect) -> exp.Expr:
    """DuckDB's ``date_diff(unit, start, end)``: boundaries crossed, or days."""
    unit = (node.text("unit") or "day").lower().rstrip("s")
    end, start = node.this, node.expression
    years = exp.Sub(this=_year(end), expression=_year(start))
    if unit == "year":
        out: exp.Expr = years
    elif unit == "month":
        out = exp.Add(
            this=exp.Mul(this=exp.Paren(this=years), expression=exp.Literal.number(12)),
            expression=exp.Paren(this=exp.Sub(this=_month(end), expression=_month(start))),
        )
    elif unit == "quarter":
        out = exp.Add(
            this=exp.Mul(this=exp.Paren(this=years), expression=exp.Literal.number(4)),
            expression=exp.Paren(
                this=exp.Sub(
                    this=exp.Quarter(this=end.copy()), expression=exp.Quarter(this=start.copy())
                )
            ),
        )
    elif unit == "day":
        date = exp.DataType.build("DATE")
        if dialect == "spark":
            return exp.Anonymous(
                this="datediff",
                expressions=[
                    exp.Cast(this=end.copy(), to=date),
                    exp.Cast(this=start.copy(), to=date),
                ],
            )
        out = exp.Sub(
            this=exp.Cast(this=end.copy(), to=date), expression=exp.Cast(this=start.copy(), to=date)
        )
    else:
        return node
    return exp.Paren(this=out)


def _list_size(arg: exp.Expr, dialect: Dialect) -> exp.Expr:
    name = "cardinality" if dialect == "postgres" else "array_size"
    return exp.Anonymous(this=name, expressions=[arg.copy()])


def _arg_max(value: exp.Expr, key: exp.Expr, dialect: Dialect, *,
             keep_null: bool = False) -> exp.Expr:
    """``arg_max(value, key)`` (``keep_null``: ``arg_max_null``, whose value at the largest
    key may be NULL) in the dialect."""
    key_known = exp.Not(this=exp.Is(this=key.copy(), expression=exp.Null()))
    both = key_known if keep_null else exp.and_(
        exp.Not(this=exp.Is(this=value.copy(), expression=exp.Null())), key_known)
    if dialect == "spark":
        agg = exp.Anonymous(this="max_by", expressions=[value.copy(), key.copy()])
        return exp.Filter(this=agg, expression=exp.Where(this=both))
    ordered = exp.Order(expressions=[exp.Ordered(this=key.copy(), desc=True, nulls_first=False)])
    agg_sql = (
        f"(array_agg({value.sql('postgres')} {ordered.sql('postgres').strip()}) "
        f"FILTER (WHERE {both.sql('postgres')}))[1]"
    )
    return sqlglot.parse_one(agg_sql, read="postgres")


def _any_arg_max(node: exp.Expr, dialect: Dialect) -> exp.Expr:
    if isinstance(node, exp.ArgMax):
        return _arg_max(node.this, node.expression, dialect)
    value, key = node.expressions
    return _arg_max(value, key, dialect, keep_null=True)


def _fix(
    node: exp.Expr, dialect: Dialect, list_columns: frozenset[str], aliases: itertools.count[int]
) -> exp.Expr:
    if isinstance(node, exp.DateDiff):
        return _date_diff(node, dialect)
    if isinstance(node, exp.Length | exp.ArraySize) and (
        isinstance(node.this, exp.Column) and node.this.name in list_columns
    ):
        return _list_size(node.this, dialect)
    if isinstance(node, exp.ArgMax) or (isinstance(node, exp.Anonymous)
                                         and node.name.lower() == "arg_max_null"
                                         and len(node.expressions) == 2):
        return _any_arg_max(node, dialect)
    if dialect == "postgres":
        if isinstance(node, exp.Quarter):
            return exp.Extract(this=exp.var("QUARTER"), expression=node.this)
        if isinstance(node, exp.DateFromParts | exp.Anonymous) and (
            node.sql_name().lower() in ("make_date", "date_from_parts")
            or (isinstance(node, exp.Anonymous) and node.name.lower() == "make_date")
        ):
            args = (
                [node.args[k] for k in ("year", "month", "day")]
                if isinstance(node, exp.DateFromParts)
                else node.expressions
            )
            return exp.Anonymous(this="make_date", expressions=[a.copy() for a in args])
        if isinstance(node, exp.CTE) and node.alias.startswith(_STAGED):
            node.set("materialized", True)
        if (
            isinstance(node, exp.Subquery)
            and not node.alias
            and isinstance(node.parent, exp.From | exp.Join)
        ):
            node.set("alias", exp.TableAlias(this=exp.to_identifier(f"_s{next(aliases)}")))
    return node


def render(sql: str, dialect: Dialect, *, list_columns: Sequence[str] = ()) -> str:
    """``sql`` (the engine's DuckDB SQL) as ``dialect`` SQL with the same meaning.

    Args:
        sql: one statement in DuckDB's dialect.
        dialect: ``"postgres"`` or ``"spark"``.
        list_columns: names of list-typed columns (``VARCHAR[]``), whose length is their
            number of elements (a text column's ``length`` stays the number of characters).
    """
    tree = sqlglot.parse_one(sql, read="duckdb")
    aliases = itertools.count()
    lists = frozenset(list_columns)
    tree = tree.transform(lambda n: n.this if isinstance(n, exp.Try) else n, copy=False)
    tree = tree.transform(lambda n: _fix(n, dialect, lists, aliases), copy=False)
    return str(tree.sql(dialect=dialect, unsupported_level=sqlglot.ErrorLevel.RAISE))


def with_views(
    sql: str,
    views: Mapping[str, str],
    dependencies: Mapping[str, Sequence[str]],
) -> str:
    """``sql`` (DuckDB) with the views it reads, and theirs, as common table expressions.

    Args:
        sql: the query, reading table names that are keys of ``views``.
        views: name → the view's ``SELECT`` (DuckDB SQL).
        dependencies: name → the names of ``views`` its ``SELECT`` reads.

    Returns:
        ``WITH v1 AS (…), v2 AS (…) <sql>`` holding only the views needed, each after the views
        it reads; the query's own ``WITH`` clauses come after them.
    """
    tree = sqlglot.parse_one(sql, read="duckdb")
    own = {cte.alias for cte in tree.find_all(exp.CTE)}
    wanted = [t.name for t in tree.find_all(exp.Table) if t.name in views and t.name not in own]
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        for dep in dependencies.get(name, ()):
            visit(dep)
        order.append(name)

    for name in dict.fromkeys(wanted):
        visit(name)
    if not order:
        return sql
    ctes = [
        exp.CTE(
            this=sqlglot.parse_one(views[n], read="duckdb"),
            alias=exp.TableAlias(this=exp.to_identifier(n, quoted=True)),
        )
        for n in order
    ]
    existing = tree.args.get("with_") or tree.args.get("with")
    key = "with_" if "with_" in tree.arg_types else "with"
    if existing is not None:
        existing.set("expressions", [*ctes, *existing.expressions])
    else:
        tree.set(key, exp.With(expressions=ctes))
    return tree.sql(dialect="duckdb")
