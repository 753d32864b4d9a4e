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
    """One grouped query and the measure aliases it produces."""

    table: str
    sql: str
    aliases: tuple[str, ...]
    zero_fill: bool


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
        sql = (
            f'SELECT "{schema.region_column}" AS region_code, _period AS period, {aggs} '
            f"FROM ({rows}) GROUP BY 1, 2"
        )
        zero_fill = schema.kind in ("event", "register")
        if zero_fill:
            # A village the dataset covers that has no event (or no register entry) in a
            # period has zero of them, not a missing value.
            cols = ", ".join(f'coalesce(a."{pm.alias}", 0) AS "{pm.alias}"' for pm in members)
            keys = ", ".join(f"('{p.key}')" for p in periods)
            sql = (
                f"SELECT c.village_code AS region_code, p.period, {cols} FROM _coverage c "
                f"CROSS JOIN (VALUES {keys}) AS p(period) LEFT JOIN ({sql}) a "
                "ON a.region_code = c.village_code AND a.period = p.period"
            )
        queries.append(MeasureQuery(table, sql, tuple(pm.alias for pm in members), zero_fill))
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
