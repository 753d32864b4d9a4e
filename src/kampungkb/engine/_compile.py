"""Compile measure definitions into one grouped SQL query per table and row selection.

All measures over one table (from every requested set) become ``FILTER (WHERE …)`` aggregates
of a single ``GROUP BY village, period`` query (ARCHITECTURE decision 3).  Identical measures
from different sets are computed once.  Measures that keep only each entity's latest row in a
period (``latest_per``) need a different row selection and get a query of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from kampungkb.engine._periods import Period, PeriodType, period_sql
from kampungkb.indicators import Measure
from kampungkb.models._schema import TableSchema

__all__ = ["MeasureQuery", "PlannedMeasure", "compile_queries", "report_query"]


@attrs.frozen
class PlannedMeasure:
    """A measure with its SQL rendered and the alias it gets in the grouped query."""

    alias: str
    measure: Measure
    filter_sql: str | None
    column_sql: str | None
    report_sql: str | None = None

    @property
    def signature(self) -> tuple[object, ...]:
        """Measures with equal signatures compute the same numbers (from both sources)."""
        m = self.measure
        return (m.table, self.filter_sql, m.agg, self.column_sql, m.latest_per,
                self.report_sql, m.report_stock if self.report_sql else None)


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
        return f"CAST(count(*){where} AS DOUBLE)"
    if m.agg == "count_distinct":
        return f"CAST(count(DISTINCT {pm.column_sql}){where} AS DOUBLE)"
    return f"CAST(coalesce(sum({pm.column_sql}){where}, 0) AS DOUBLE)"


def _periods_values(periods: Sequence[Period]) -> str:
    rows = ", ".join(f"('{p.key}', DATE '{p.end.isoformat()}')" for p in periods)
    return f"(VALUES {rows}) AS _p(_period, _period_end)"


def _rows_sql(schema: TableSchema, periods: Sequence[Period], ptype: PeriodType,
              latest_per: str | None) -> str:
    """Rows of ``schema``'s view with a ``_period`` column, restricted to ``periods``."""
    keys = ", ".join(f"'{p.key}'" for p in periods)
    name = f'"{schema.name}"'
    if schema.kind == "snapshot":
        rows = f'SELECT *, "{schema.period_column}" AS _period FROM {name} ' \
               f'WHERE "{schema.period_column}" IN ({keys})'
    elif schema.kind == "event":
        pexpr = period_sql(f'"{schema.date_column}"', ptype)
        rows = f"SELECT * FROM (SELECT *, {pexpr} AS _period FROM {name}) WHERE _period IN ({keys})"
    else:
        start, end = f'"{schema.start_column}"', schema.end_column
        alive = f"{start} <= _period_end"
        if end:
            alive += f' AND ("{end}" IS NULL OR "{end}" > _period_end)'
        rows = f"SELECT * FROM {name} JOIN {_periods_values(periods)} ON {alive}"
    if latest_per:
        order = schema.date_column or schema.start_column or schema.period_column
        rows = (
            f"SELECT * FROM ({rows}) QUALIFY row_number() OVER (PARTITION BY "
            f'"{schema.region_column}", "{latest_per}", _period ORDER BY "{order}" DESC) = 1'
        )
    return rows


def compile_queries(
    planned: Sequence[PlannedMeasure],
    schemas: dict[str, TableSchema],
    periods: Sequence[Period],
    ptype: PeriodType,
) -> list[MeasureQuery]:
    """One grouped query per (table, row selection), each producing all its measures."""
    groups: dict[tuple[str, str | None], list[PlannedMeasure]] = {}
    for pm in planned:
        groups.setdefault((pm.measure.table, pm.measure.latest_per), []).append(pm)
    queries = []
    for (table, latest_per), members in groups.items():
        schema = schemas[table]
        aggs = ", ".join(f'{_aggregate(pm)} AS "{pm.alias}"' for pm in members)
        rows = _rows_sql(schema, periods, ptype, latest_per)
        by_aliases: dict[str, list[str]] = {}
        for pm in members:
            if pm.measure.by:
                by_aliases.setdefault(pm.measure.by, []).append(pm.alias)
        region = f'"{schema.region_column}"'
        if by_aliases:
            # Disaggregations ride in the same pass: one grouping set per `by` column.
            sets = ", ".join(["(region_code, period)"]
                             + [f'(region_code, period, "{b}")' for b in by_aliases])
            by_col = " ".join(f"WHEN GROUPING(\"{b}\") = 0 THEN '{b}'" for b in by_aliases)
            cat = " ".join(
                f"WHEN GROUPING(\"{b}\") = 0 THEN coalesce(CAST(\"{b}\" AS VARCHAR), '(missing)')"
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
            cols = ", ".join(f'coalesce(a."{pm.alias}", 0) AS "{pm.alias}"' for pm in members)
            keys = ", ".join(f"('{p.key}')" for p in periods)
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

    Stocks (users, PUS) take the latest month's value in the period; flows are summed.
    """
    keys = ", ".join(f"'{p.key}'" for p in periods)
    month_date = ("make_date(CAST(substr(period, 1, 4) AS INTEGER), "
                  "CAST(substr(period, 6, 2) AS INTEGER), 1)")
    pexpr = period_sql(month_date, ptype)
    aggs = []
    for pm, expr in planned:
        if pm.measure.report_stock:
            aggs.append(f'CAST(arg_max({expr}, period) AS DOUBLE) AS "{pm.alias}"')
        else:
            aggs.append(f'CAST(sum({expr}) AS DOUBLE) AS "{pm.alias}"')
    return (
        f"SELECT village_code AS region_code, _period AS period, {', '.join(aggs)} FROM "
        f"(SELECT *, {pexpr} AS _period FROM monthly_reports) WHERE _period IN ({keys}) "
        "GROUP BY 1, 2"
    )
