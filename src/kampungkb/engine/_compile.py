"""Compile measure definitions into one grouped SQL query per table and row selection.

All measures over one table (from every requested set) become ``FILTER (WHERE …)`` aggregates
of a single ``GROUP BY village, period`` query (ARCHITECTURE decision 3).  Identical measures
from different sets are computed once.  Measures that keep only each entity's latest row in a
period (``latest_per``) need a different row selection and get a query of their own — one per
``latest_per`` column and ``latest_among`` condition (the rows the latest one is chosen among).

Every identifier in the generated SQL is quoted (:func:`quote_identifier`), including column
names a plugin adds; filters and summed values arrive already checked and rendered safe
(:func:`kampungkb.indicators._check.render_safe`).  When a query still fails,
:func:`explain_failure` finds the measure(s) to blame and names their set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs
import duckdb

from kampungkb.engine._detail import safe_detail
from kampungkb.engine._periods import Period, PeriodType, period_sql
from kampungkb.errors import IndicatorDefinitionError
from kampungkb.indicators import Measure
from kampungkb.indicators._validate import quote_identifier
from kampungkb.models._schema import TableSchema

__all__ = ["MeasureQuery", "PlannedMeasure", "Relations", "compile_queries", "explain_failure",
           "non_finite_sql", "quote_identifier", "quote_text", "report_query"]

_q = quote_identifier


def quote_text(text: str) -> str:
    """``text`` as a SQL string literal; a single quote inside is doubled."""
    return "'" + text.replace("'", "''") + "'"


@attrs.frozen
class PlannedMeasure:
    """A measure with its SQL rendered and the alias it gets in the grouped query.

    ``latest_among_sql`` is the measure's checked ``latest_among`` condition
    (:class:`~kampungkb.indicators._validate.CheckedMeasure` holds it), ``reads`` the columns
    the checked filter, summed value and ``latest_among`` read (None: not known, the SQL is
    parsed to find them).
    """

    alias: str
    measure: Measure
    filter_sql: str | None
    column_sql: str | None
    report_sql: str | None = None
    latest_among_sql: str | None = attrs.field(default=None, kw_only=True)
    reads: tuple[str, ...] | None = attrs.field(default=None, kw_only=True)

    @property
    def signature(self) -> tuple[object, ...]:
        """Measures with equal signatures compute the same numbers (from both sources)."""
        m = self.measure
        return (m.table, self.filter_sql, m.agg, self.column_sql, m.latest_per,
                m.latest_among or None, self.report_sql,
                m.report_stock if self.report_sql else None)


@attrs.frozen
class MeasureQuery:
    """One grouped query and the measure aliases it produces.

    The query's columns are ``region_code, period, by_column, category`` and one column per
    alias.  Rows with ``by_column`` null are totals; the others are the categories of a
    disaggregated measure, valid only for the aliases listed in ``by_aliases``.
    """

    table: str
    sql: str
    aliases: tuple[str, ...]
    by_aliases: dict[str, tuple[str, ...]] = attrs.field(factory=dict)


def _aggregate(pm: PlannedMeasure) -> str:
    where = f" FILTER (WHERE {pm.filter_sql})" if pm.filter_sql else ""
    m = pm.measure
    if m.agg == "count":
        # count_if(c) counts the rows where c is true, as count(*) FILTER (WHERE c) does, in
        # ≈ 10 % less time on the persons query (the longest); it is NULL, not 0, when c is
        # NULL on every row of a group, hence the coalesce
        return (f"CAST(coalesce(count_if({pm.filter_sql}), 0) AS DOUBLE)" if pm.filter_sql
                else "CAST(count(*) AS DOUBLE)")
    if m.agg == "count_distinct":
        return f"CAST(count(DISTINCT {pm.column_sql}){where} AS DOUBLE)"
    return f"CAST(coalesce(sum({pm.column_sql}){where}, 0) AS DOUBLE)"


def _periods_values(periods: Sequence[Period]) -> str:
    rows = ", ".join(f"({quote_text(p.key)}, DATE '{p.end.isoformat()}')" for p in periods)
    return f"(VALUES {rows}) AS _p(_period, _period_end)"


def _rows_sql(schema: TableSchema, periods: Sequence[Period], ptype: PeriodType,
              latest_per: str | None, relation: str | None = None, *,
              latest_among: str | None = None) -> str:
    """Rows of ``schema``'s view (or of ``relation``, a view of the same rows) with a
    ``_period`` column, restricted to ``periods``.

    With ``latest_per``, only each entity's latest row in the period — the latest among the
    rows where ``latest_among`` (checked, rendered SQL) is true, when given: a later row
    failing it (a weight-only visit, an implausible reading) never hides an earlier one.
    """
    keys = ", ".join(quote_text(p.key) for p in periods)
    name = _q(relation or schema.name)
    if schema.kind == "snapshot":
        period = _q(str(schema.period_column))
        rows = f"SELECT *, {period} AS _period FROM {name} WHERE {period} IN ({keys})"
    elif schema.kind == "event":
        pexpr = period_sql(_q(str(schema.date_column)), ptype)
        rows = f"SELECT * FROM (SELECT *, {pexpr} AS _period FROM {name}) WHERE _period IN ({keys})"
    else:
        start, end = _q(str(schema.start_column)), schema.end_column
        alive = f"{start} <= _period_end"
        if end:
            alive += f" AND ({_q(end)} IS NULL OR {_q(end)} > _period_end)"
        rows = f"SELECT * FROM {name} JOIN {_periods_values(periods)} ON {alive}"
    if latest_per:
        order = schema.date_column or schema.start_column or schema.period_column
        if latest_among:
            rows = f"SELECT * FROM ({rows}) WHERE {latest_among}"
        rows = (
            f"SELECT * FROM ({rows}) QUALIFY row_number() OVER (PARTITION BY "
            f"{_q(schema.region_column)}, {_q(latest_per)}, _period ORDER BY {_q(str(order))} "
            "DESC) = 1"
        )
    return rows


#: ``relations[table](columns)``: the name of a view of ``table``'s rows holding at least
#: ``columns`` (``None``: the columns are not known, so every column is needed).
Relations = Mapping[str, Callable[[frozenset[str] | None], str]]


def compile_queries(
    planned: Sequence[PlannedMeasure],
    schemas: dict[str, TableSchema],
    periods: Sequence[Period],
    ptype: PeriodType,
    relations: Relations | None = None,
) -> list[MeasureQuery]:
    """One grouped query per (table, row selection), each producing all its measures.

    ``relations`` names, for some tables, a narrower view to read given the columns the
    query's measures use (the dataset's child measurements: only the z-scores they read).
    """
    groups: dict[tuple[str, str | None, str | None], list[PlannedMeasure]] = {}
    for pm in planned:
        among = pm.latest_among_sql if pm.measure.latest_per else None
        groups.setdefault((pm.measure.table, pm.measure.latest_per, among), []).append(pm)
    queries = []
    for (table, latest_per, among), members in groups.items():
        schema = schemas[table]
        aggs = ", ".join(f"{_aggregate(pm)} AS {_q(pm.alias)}" for pm in members)
        relation = None
        if relations and table in relations:
            relation = relations[table](_columns_read(members))
        rows = _rows_sql(schema, periods, ptype, latest_per, relation, latest_among=among)
        by_aliases: dict[str, list[str]] = {}
        for pm in members:
            if pm.measure.by:
                by_aliases.setdefault(pm.measure.by, []).append(pm.alias)
        region = _q(schema.region_column)
        if by_aliases:
            # Disaggregations ride in the same pass: one grouping set per `by` column.
            sets = ", ".join(["(region_code, period)"]
                             + [f"(region_code, period, {_q(b)})" for b in by_aliases])
            by_col = " ".join(f"WHEN GROUPING({_q(b)}) = 0 THEN {quote_text(b)}"
                              for b in by_aliases)
            cat = " ".join(
                f"WHEN GROUPING({_q(b)}) = 0 THEN coalesce(CAST({_q(b)} AS VARCHAR), '(missing)')"
                for b in by_aliases)
            sql = (
                f"SELECT region_code, period, CASE {by_col} END AS by_column, "
                f"CASE {cat} END AS category, {aggs} FROM (SELECT *, {region} AS region_code, "
                f"_period AS period FROM ({rows})) GROUP BY GROUPING SETS ({sets})"
            )
        else:
            sql = (
                f"SELECT {region} AS region_code, _period AS period, "
                f"CAST(NULL AS VARCHAR) AS by_column, CAST(NULL AS VARCHAR) AS category, "
                f"{aggs} FROM ({rows}) GROUP BY 1, 2"
            )
        if schema.kind in ("event", "register"):
            # A village the dataset covers that has no event (or no register entry) in a
            # period has zero of them, not a missing value (totals; categories as counted).
            cols = ", ".join(f"coalesce(a.{_q(pm.alias)}, 0) AS {_q(pm.alias)}" for pm in members)
            keys = ", ".join(f"({quote_text(p.key)})" for p in periods)
            sql = (
                f"WITH a0 AS ({sql}) "
                f"SELECT c.village_code AS region_code, p.period, CAST(NULL AS VARCHAR) AS "
                f"by_column, CAST(NULL AS VARCHAR) AS category, {cols} FROM _coverage c "
                f"CROSS JOIN (VALUES {keys}) AS p(period) LEFT JOIN "
                f"(SELECT * FROM a0 WHERE by_column IS NULL) a "
                "ON a.region_code = c.village_code AND a.period = p.period "
                "UNION ALL SELECT * FROM a0 WHERE by_column IS NOT NULL"
            )
        queries.append(MeasureQuery(table, sql, tuple(pm.alias for pm in members),
                                    {b: tuple(a) for b, a in by_aliases.items()}))
    return queries


def report_query(
    planned: Sequence[tuple[PlannedMeasure, str]],
    periods: Sequence[Period],
    ptype: PeriodType,
) -> str:
    """Query turning monthly aggregate reports into data values for the same measures.

    Stocks (users, PUS) take the value of the latest month in the period that has a report,
    blank or not (a blank there is missing: the value never comes from an earlier month, so a
    ratio's parts come from one month); flows are summed.
    """
    keys = ", ".join(quote_text(p.key) for p in periods)
    month_date = ("make_date(CAST(substr(period, 1, 4) AS INTEGER), "
                  "CAST(substr(period, 6, 2) AS INTEGER), 1)")
    pexpr = period_sql(month_date, ptype)
    aggs = []
    for pm, expr in planned:
        if pm.measure.report_stock:
            # every stock from the same (latest) report: a blank cell there is missing, not
            # an earlier month's value (that would mix months in one ratio)
            aggs.append(f"CAST(arg_max_null({expr}, period) AS DOUBLE) AS {_q(pm.alias)}")
        else:
            aggs.append(f"CAST(sum({expr}) AS DOUBLE) AS {_q(pm.alias)}")
    return (
        f"SELECT village_code AS region_code, _period AS period, {', '.join(aggs)} FROM "
        f"(SELECT *, {pexpr} AS _period FROM monthly_reports) WHERE _period IN ({keys}) "
        "GROUP BY 1, 2"
    )


def non_finite_sql(*values: str) -> str:
    """A SQL condition, true when any of ``values`` (DOUBLE expressions) is infinite or NaN.

    NULL values count as finite (they are ``missing``, flagged elsewhere). Example: the results
    flag ``CASE WHEN {non_finite_sql("a.numerator", "a.denominator")} THEN 'non_finite' END``.
    """
    checks = " AND ".join(f"isfinite(coalesce({v}, 0))" for v in values)
    return f"NOT ({checks})"


def _names_in(sql: str) -> tuple[list[str], bool]:
    """The column names ``sql`` (a filter or a summed expression) reads, and whether that is
    all of them for certain (not after a ``*``, ``COLUMNS(…)`` or text SQLGlot cannot parse)."""
    import sqlglot  # noqa: PLC0415 - only for SQL not checked by kampungkb (≈ 70 ms to import)
    from sqlglot import exp  # noqa: PLC0415
    from sqlglot.errors import SqlglotError  # noqa: PLC0415

    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except SqlglotError:
        return [], False
    names = [c.name for c in tree.find_all(exp.Column)]
    star = tree.find(exp.Star, exp.Columns) is not None or any(
        f.name.lower() == "columns" for f in tree.find_all(exp.Anonymous))
    return names, not star


def _sql_read(pm: PlannedMeasure) -> tuple[str | None, ...]:
    """The SQL snippets of a planned measure that read columns."""
    among = pm.latest_among_sql if pm.measure.latest_per else None
    return (pm.filter_sql, pm.column_sql, among)


def _columns_used(pm: PlannedMeasure) -> list[str]:
    """Names of the columns a planned measure reads (filter, column, latest_among, by,
    latest_per)."""
    names: list[str] = list(pm.reads or ())
    if pm.reads is None:
        for sql in _sql_read(pm):
            if sql:
                names.extend(_names_in(sql)[0])
    names.extend(c for c in (pm.measure.by, pm.measure.latest_per) if c)
    return list(dict.fromkeys(names))


def _columns_read(members: Sequence[PlannedMeasure]) -> frozenset[str] | None:
    """Every column the measures read, or None when that cannot be told for certain (a
    ``*``, ``COLUMNS(…)`` or text SQLGlot cannot parse): the caller then reads them all."""
    names: set[str] = set()
    for pm in members:
        names.update(c for c in (pm.measure.by, pm.measure.latest_per) if c)
        if pm.reads is not None:  # from the check: every column, for certain
            names.update(pm.reads)
            continue
        for sql in _sql_read(pm):
            if sql:
                found, certain = _names_in(sql)
                if not certain:
                    return None
                names.update(found)
    return frozenset(names)


def _fails(con: duckdb.DuckDBPyConnection, sql: str) -> str | None:
    """The first line of DuckDB's error when running ``sql``, or None when it runs.

    The rows are fetched (one per village, period and category): wrapping the query in a
    ``count(*)`` would let DuckDB skip the very aggregates that fail.
    """
    try:
        con.execute(sql).fetchall()
    except duckdb.Error as exc:
        return safe_detail(exc)
    return None


def explain_failure(
    con: duckdb.DuckDBPyConnection,
    query: MeasureQuery,
    *,
    planned: Sequence[PlannedMeasure],
    schemas: Mapping[str, TableSchema],
    periods: Sequence[Period],
    ptype: PeriodType,
    alias_of: Mapping[tuple[str, str], str],
) -> IndicatorDefinitionError | None:
    """After ``query`` failed: the definition(s) to blame, or None when the data is.

    Each measure of the query is run alone, first reading only the columns it uses (if that
    fails the data holds a value of the wrong type: None is returned and the caller reports a
    data problem), then computing it.  The measures that fail alone are named, with their set.

    Args:
        con: the dataset's connection (with the tables' views and ``_coverage``).
        query: the failed query, from :func:`compile_queries`.
        planned: the planned measures it was compiled from (others are ignored).
        schemas, periods, ptype: as given to :func:`compile_queries`.
        alias_of: ``(set key, measure id) → alias`` of every requested set's measures.

    Returns:
        An :class:`IndicatorDefinitionError` naming the (first) set and measure, and in its
        message any other set or measure sharing the definition or failing too; None when no
        single measure fails on its own or the data cannot be read.
    """
    members = [pm for pm in planned if pm.alias in query.aliases]
    culprits: list[tuple[PlannedMeasure, str]] = []
    for pm in members:
        schema = schemas[pm.measure.table]
        rows = _rows_sql(schema, periods, ptype, None)
        reads = ", ".join(f"count({_q(c)})" for c in _columns_used(pm)
                          if schema.has_column(c)) or "count(*)"
        if _fails(con, f"SELECT {reads} FROM ({rows})"):
            return None  # a column's values cannot be read: a data problem
        detail = _fails(con, compile_queries([pm], dict(schemas), periods, ptype)[0].sql)
        if detail:
            culprits.append((pm, detail))
    if not culprits:
        return None
    owners = {a: sorted(k for k, v in alias_of.items() if v == a) for a in query.aliases}
    first, detail = culprits[0]
    named = owners.get(first.alias) or [("?", first.measure.id)]
    set_key, measure_id = named[0]
    also = [(s, m) for pm, _ in culprits
            for s, m in (owners.get(pm.alias) or [("?", pm.measure.id)])
            if (s, m) != (set_key, measure_id)]
    if len(also) == 1:
        return IndicatorDefinitionError.of(
            "engine.measure_not_computable_also_one", set_id=set_key, item_id=measure_id,
            detail=detail, other=also[0][1], other_set=also[0][0])
    if also:
        return IndicatorDefinitionError.of(
            "engine.measure_not_computable_also", set_id=set_key, item_id=measure_id,
            detail=detail, also=", ".join(f"{m!r} ({s})" for s, m in also))
    return IndicatorDefinitionError.of(
        "engine.measure_not_computable", set_id=set_key, item_id=measure_id, detail=detail)
