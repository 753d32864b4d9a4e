"""From canonical tables to indicator results: measures → data values → roll-up → indicators.

1. **Measures** — one grouped query per table (and row selection) computes every measure of
   every requested set for each village and period (:mod:`kampungkb.engine._compile`).
2. **Data values** — the grouped output is unpivoted into a long table
   ``(region_code, period, measure, value, source)``; monthly aggregate reports fill in the same
   measures where a village has no microdata for the period.
3. **Roll-up** — numerators and denominators are *summed* from villages to district, regency/city
   and province, and only then divided (ratio of sums, never an average of ratios).
4. **Indicators** — value = numerator / denominator × factor, rounded; counts and presence as
   described in :class:`~kampungkb.indicators.Indicator`; flags record every caveat.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import duckdb
import pyarrow as pa

from kampungkb.engine._compile import PlannedMeasure, compile_queries, report_query
from kampungkb.engine._dataset import Dataset
from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._periods import PeriodType, parse_period
from kampungkb.engine._results import LEVELS, RESULT_SCHEMA, Results
from kampungkb.errors import DatasetError
from kampungkb.indicators._definitions import IndicatorSet, Measure
from kampungkb.indicators._validate import CheckedSet, validate_indicator_set

__all__ = ["compute", "resolve_sets"]


def resolve_sets(
    sets: str | IndicatorSet | Iterable[str | IndicatorSet],
) -> tuple[list[IndicatorSet], dict[str, Measure]]:
    """Turn set specs (``"cikar"``, ``"cikar@2018"`` or objects) into sets + shared measures."""
    from kampungkb.plugins import get_plugin_manager  # noqa: PLC0415 - plugins load lazily

    items = [sets] if isinstance(sets, str | IndicatorSet) else list(sets)
    manager = get_plugin_manager()
    out = [s if isinstance(s, IndicatorSet) else manager.get_indicator_set(s) for s in items]
    return out, dict(manager.measures())


def _plan(
    checked: Sequence[CheckedSet],
) -> tuple[list[PlannedMeasure], dict[tuple[str, str], str]]:
    """Give each distinct measure an alias; map (set key, measure id) → alias."""
    by_sig: dict[tuple[object, ...], PlannedMeasure] = {}
    alias_of: dict[tuple[str, str], str] = {}
    for cs in checked:
        for mid, cm in cs.measures.items():
            pm = PlannedMeasure(f"m{len(by_sig)}", cm.measure, cm.filter_sql, cm.column_sql,
                                cm.report_sql)
            pm = by_sig.setdefault(pm.signature, pm)
            alias_of[(cs.indicator_set.key, mid)] = pm.alias
    return list(by_sig.values()), alias_of


def _report_sql(checked: Sequence[CheckedSet], alias_of: Mapping[tuple[str, str], str],
                planned: Sequence[PlannedMeasure]) -> list[tuple[PlannedMeasure, str]]:
    by_alias = {pm.alias: pm for pm in planned}
    out: dict[str, tuple[PlannedMeasure, str]] = {}
    for cs in checked:
        for mid, cm in cs.measures.items():
            if cm.report_sql:
                alias = alias_of[(cs.indicator_set.key, mid)]
                out.setdefault(alias, (by_alias[alias], cm.report_sql))
    return list(out.values())


def _unpivot(sql: str, aliases: Sequence[str]) -> str:
    cols = ", ".join(f'"{a}"' for a in aliases)
    return f"UNPIVOT ({sql}) ON {cols} INTO NAME alias VALUE value"


def compute(
    dataset: Dataset,
    sets: str | IndicatorSet | Iterable[str | IndicatorSet],
    periods: Sequence[str],
    *,
    shared_measures: Mapping[str, Measure] | None = None,
    levels: Sequence[str] = tuple(LEVELS),
) -> Results:
    """Compute every indicator of ``sets`` for every village and roll-up level.

    Args:
        dataset: the canonical tables.
        sets: set specs (``"cikar"``, ``"cikar@2018"``) or :class:`IndicatorSet` objects.
        periods: period keys, all of one type (``["2017", "2019"]``).
        shared_measures: plugin-registered measures sets may reference (default: from the
            plugin manager when sets are given by name).
        levels: which levels to return (default all: village, district, regency, province).

    Returns:
        :class:`Results` — a tidy long table.

    Raises:
        DatasetError: bad periods, or a measure's table is missing from the dataset.
        IndicatorDefinitionError: a set's definition does not check.
    """
    if _needs_manager(sets):
        resolved, registered = resolve_sets(sets)
    else:
        resolved, registered = _as_list(sets), {}
    shared = {**registered, **(shared_measures or {})}
    parsed = [parse_period(p) for p in periods]
    if not parsed:
        raise DatasetError("no periods given; name at least one, e.g. '2019'")
    ptypes = {p.type for p in parsed}
    if len(ptypes) != 1:
        raise DatasetError(f"periods {list(periods)} mix types; use all years, quarters or months")
    ptype: PeriodType = parsed[0].type
    bad_levels = [lv for lv in levels if lv not in LEVELS]
    if bad_levels:
        raise DatasetError(f"unknown level(s) {bad_levels}; use {', '.join(LEVELS)}")
    checked = [validate_indicator_set(s, shared_measures=shared, schemas=dataset.schemas)
               for s in resolved]
    planned, alias_of = _plan(checked)
    con = dataset.con
    con.execute("DROP TABLE IF EXISTS _dv")
    con.execute("CREATE TEMP TABLE _dv (region_code VARCHAR, period VARCHAR, alias VARCHAR, "
                "value DOUBLE, source VARCHAR, by_column VARCHAR, category VARCHAR)")
    available = [pm for pm in planned if dataset.has_table(pm.measure.table)]
    schemas = {n: dataset.schema(n) for n in {pm.measure.table for pm in available}}
    for q in compile_queries(available, schemas, parsed, ptype):
        valid = [f"{a}|{b}" for b, aliases in q.by_aliases.items() for a in aliases]
        keep = (f"WHERE by_column IS NULL OR list_contains({valid!r}, alias || '|' || by_column)"
                if valid else "")
        try:
            con.execute(f"INSERT INTO _dv SELECT region_code, period, alias, value, "
                        f"'microdata', by_column, category FROM "
                        f"({_unpivot(q.sql, q.aliases)}) {keep}")
        except duckdb.Error as exc:  # e.g. a text value that is not a date in a CSV file
            detail = str(exc).splitlines()[0]
            raise DatasetError(
                f"table {q.table!r} holds a value of the wrong type ({detail}); "
                "check the file with `kampungkb validate` or read it through kampungkb.io, "
                "which lists every such row"
            ) from exc
    reports = _report_sql(checked, alias_of, planned)
    if reports and dataset.has_table("monthly_reports"):
        sql = _unpivot(report_query(reports, parsed, ptype), [pm.alias for pm, _ in reports])
        con.execute(
            f"INSERT INTO _dv SELECT r.region_code, r.period, r.alias, r.value, 'report', "
            f"NULL, NULL FROM ({sql}) r ANTI JOIN (SELECT * FROM _dv WHERE category IS NULL) d "
            "ON d.region_code = r.region_code AND d.period = r.period AND d.alias = r.alias"
        )
    table = _indicators(dataset, checked, alias_of, levels)
    data_values = fetch_arrow(con, "SELECT * FROM _dv ORDER BY 1, 2, 3, 6, 7")
    return Results(table, periods=tuple(p.key for p in parsed),
                   sets=tuple(c.indicator_set.key for c in checked),
                   hierarchy="Kemendagri code prefixes (PP.KK.CC.DDDD) of the data's village codes",
                   data_values=data_values)


def _needs_manager(sets: object) -> bool:
    items = [sets] if isinstance(sets, str | IndicatorSet) else list(sets)  # type: ignore[call-overload]
    return any(isinstance(s, str) for s in items)


def _as_list(sets: object) -> list[IndicatorSet]:
    if isinstance(sets, IndicatorSet):
        return [sets]
    out: list[IndicatorSet] = list(sets)  # type: ignore[call-overload]
    return out


def _indicator_map(checked: Sequence[CheckedSet],
                   alias_of: Mapping[tuple[str, str], str]) -> pa.Table:
    by_of = {(cs.indicator_set.key, mid): cm.measure.by
             for cs in checked for mid, cm in cs.measures.items()}
    rows = []
    for cs in checked:
        s = cs.indicator_set
        for ind in s.indicators:
            if ind.kind == "composite":
                continue
            rows.append({
                "set_id": s.id, "set_version": s.version, "indicator_id": ind.id,
                "kind": ind.kind, "num": alias_of[(s.key, ind.numerator or "")],
                "den": alias_of.get((s.key, ind.denominator or "")),
                "den_by": by_of.get((s.key, ind.denominator or "")),
                "factor": ind.factor, "decimals": ind.decimals,
                "min_den": ind.min_denominator,
            })
    schema = pa.schema([("set_id", pa.string()), ("set_version", pa.string()),
                        ("indicator_id", pa.string()), ("kind", pa.string()),
                        ("num", pa.string()), ("den", pa.string()), ("den_by", pa.string()),
                        ("factor", pa.float64()),
                        ("decimals", pa.int32()), ("min_den", pa.int32())])
    return pa.Table.from_pylist(rows, schema=schema)


_VILLAGE_SQL = """
CREATE TEMP TABLE _village AS
WITH rp AS (SELECT DISTINCT region_code, period FROM _dv WHERE category IS NULL),
keys AS (
  SELECT m.*, rp.region_code, rp.period, CAST(NULL AS VARCHAR) AS by_column,
    CAST(NULL AS VARCHAR) AS category
  FROM _im m CROSS JOIN rp
  UNION ALL
  SELECT m.*, d.region_code, d.period, d.by_column, d.category
  FROM _im m JOIN _dv d ON d.alias = m.num AND d.category IS NOT NULL
),
keyed AS (
  -- a disaggregated numerator divides by the same category of the denominator when the
  -- denominator is disaggregated the same way, else by the denominator's total
  SELECT *,
    CASE WHEN den_by IS NOT DISTINCT FROM by_column THEN by_column END AS den_by_column,
    CASE WHEN den_by IS NOT DISTINCT FROM by_column THEN category END AS den_category
  FROM keys
),
raw AS (
  SELECT k.*,
    CASE WHEN k.kind = 'presence' THEN
      CASE WHEN n.value IS NULL THEN NULL WHEN n.value >= 1 THEN 1.0 ELSE 0.0 END
    ELSE n.value END AS numerator,
    CASE WHEN k.kind = 'presence' THEN CASE WHEN n.value IS NULL THEN NULL ELSE 1.0 END
    ELSE d.value END AS denominator,
    coalesce(n.source = 'report', false) OR coalesce(d.source = 'report', false) AS from_report
  FROM keyed k
  LEFT JOIN _dv n ON n.alias = k.num AND n.region_code = k.region_code
    AND n.period = k.period AND n.by_column IS NOT DISTINCT FROM k.by_column
    AND n.category IS NOT DISTINCT FROM k.category
  LEFT JOIN _dv d ON d.alias = k.den AND d.region_code = k.region_code
    AND d.period = k.period AND d.by_column IS NOT DISTINCT FROM k.den_by_column
    AND d.category IS NOT DISTINCT FROM k.den_category
)
SELECT *, numerator IS NOT NULL AND (kind <> 'ratio' OR denominator IS NOT NULL) AS ok FROM raw
"""


def _level_sql(level: str, length: int) -> str:
    return f"""
SELECT v.set_id, v.set_version, v.indicator_id, v.kind, v.factor, v.decimals, v.min_den,
  left(v.region_code, {length}) AS region_code, '{level}' AS level, v.period,
  v.by_column, v.category,
  sum(v.numerator) FILTER (WHERE v.ok) AS numerator,
  sum(v.denominator) FILTER (WHERE v.ok) AS denominator,
  count(*) FILTER (WHERE v.ok) AS n,
  bool_or(v.from_report) AS from_report
FROM _village v GROUP BY ALL
"""


def _indicators(dataset: Dataset, checked: Sequence[CheckedSet],
                alias_of: Mapping[tuple[str, str], str], levels: Sequence[str]) -> pa.Table:
    con = dataset.con
    con.register("_im", _indicator_map(checked, alias_of))
    con.execute("DROP TABLE IF EXISTS _village")
    con.execute(_VILLAGE_SQL)
    parts = [_level_sql(lv, LEVELS[lv]) for lv in levels]
    coverage = " UNION ALL ".join(
        f"SELECT left(village_code, {LEVELS[lv]}) AS region_code, '{lv}' AS level, "
        "count(*) AS covered FROM _coverage GROUP BY 1" for lv in levels
    )
    sql = f"""
WITH agg AS ({' UNION ALL '.join(parts)}),
cov AS ({coverage})
SELECT a.set_id, a.set_version, a.indicator_id, a.region_code, a.level, a.period,
  a.by_column AS disaggregation, a.category, a.numerator, a.denominator,
  CASE
    WHEN a.n = 0 THEN NULL
    WHEN a.kind = 'ratio' THEN CASE WHEN a.denominator > 0
      THEN round(a.numerator / a.denominator * a.factor, a.decimals) END
    WHEN a.kind = 'count' THEN a.numerator
    WHEN a.level = 'village' THEN a.numerator
    ELSE round(a.numerator / a.denominator * 100, a.decimals)
  END AS value,
  a.n,
  list_filter([
    CASE WHEN a.n = 0 THEN 'missing' END,
    CASE WHEN a.n > 0 AND a.kind = 'ratio' AND a.denominator = 0 THEN 'zero_denominator' END,
    CASE WHEN a.n > 0 AND a.kind = 'ratio' AND a.denominator > 0
         AND a.denominator < a.min_den THEN 'small_denominator' END,
    CASE WHEN a.from_report THEN 'from_report' END,
    CASE WHEN a.level <> 'village' AND a.n < coalesce(c.covered, 0) THEN 'partial_coverage' END,
    CASE WHEN a.level <> 'village' AND a.kind = 'presence' THEN 'share_of_villages' END
  ], lambda x: x IS NOT NULL) AS flags
FROM agg a LEFT JOIN cov c ON c.region_code = a.region_code AND c.level = a.level
ORDER BY a.set_id, a.set_version, a.level, a.region_code, a.indicator_id, a.period,
  a.by_column NULLS FIRST, a.category NULLS FIRST
"""
    out = fetch_arrow(con, sql)
    con.unregister("_im")
    return out.cast(RESULT_SCHEMA)
