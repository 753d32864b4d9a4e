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

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pyarrow as pa

from kampungkb._shown import shown, shown_list
from kampungkb.definitions import Definitions
from kampungkb.engine._compile import (
    MeasureQuery,
    PlannedMeasure,
    compile_queries,
    explain_failure,
    non_finite_sql,
    report_query,
)
from kampungkb.engine._dataset import Dataset
from kampungkb.engine._detail import safe_detail
from kampungkb.engine._duck import fetch_arrow, fetch_arrow_once, is_out_of_memory
from kampungkb.engine._intervals import interval_sql
from kampungkb.engine._periods import Period, PeriodType, parse_period
from kampungkb.engine._results import CODE_PREFIX_HIERARCHY, LEVELS, RESULT_SCHEMA, Results
from kampungkb.errors import DatasetError, KampungKBError, UnknownIndicatorSetError
from kampungkb.indicators._definitions import IndicatorSet, Measure
from kampungkb.indicators._validate import CheckedSet, validate_indicator_set

__all__ = ["compute", "parse_periods", "resolve_sets"]


def resolve_sets(
    sets: str | IndicatorSet | Iterable[str | IndicatorSet],
    definitions: Definitions,
) -> tuple[list[IndicatorSet], dict[str, Measure]]:
    """Turn set specs (``"cikar"``, ``"cikar@2018"`` or objects) into sets + shared measures,
    looked up in ``definitions``.

    Raises:
        UnknownIndicatorSetError: no such set or version; the name asked for is shown as
            :func:`kampungkb._safe.safe_value` allows (never a NIK or a person's name).
    """
    try:
        resolved = definitions.resolve_sets(sets)
    except UnknownIndicatorSetError as exc:
        safer = _shown_set_error(exc)
        if safer is exc:
            raise
        raise safer from None  # the original names the set as the caller typed it
    return resolved, dict(definitions.measures)


#: The fields of a set lookup's error that hold what the caller typed.
_TYPED_FIELDS = ("wanted", "version")


def _shown_set_error(exc: UnknownIndicatorSetError) -> UnknownIndicatorSetError:
    """``exc`` with the set name (or version) the caller typed shown as :func:`shown` allows;
    ``exc`` itself when it names none."""
    typed = [k for k in _TYPED_FIELDS if k in exc.fields]
    if exc.key is None or not typed:
        return exc
    fields = {k: shown(v) if k in typed else v for k, v in exc.fields.items()}
    return type(exc).of(exc.key, **fields)


def _plan(
    checked: Sequence[CheckedSet],
) -> tuple[list[PlannedMeasure], dict[tuple[str, str], str]]:
    """Give each distinct measure an alias; map (set key, measure id) → alias."""
    by_sig: dict[tuple[object, ...], PlannedMeasure] = {}
    alias_of: dict[tuple[str, str], str] = {}
    for cs in checked:
        for mid, cm in cs.measures.items():
            pm = PlannedMeasure(f"m{len(by_sig)}", cm.measure, cm.filter_sql, cm.column_sql,
                                cm.report_sql, latest_among_sql=cm.latest_among_sql,
                                reads=cm.reads)
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
    periods: str | Sequence[str],
    *,
    shared_measures: Mapping[str, Measure] | None = None,
    levels: Sequence[str] = tuple(LEVELS),
    definitions: Definitions | None = None,
    confidence: float | None = 0.95,
) -> Results:
    """Compute every indicator of ``sets`` for every village and roll-up level.

    Safe to call from many threads at once on one dataset: each call works on its own DuckDB
    connection.

    Args:
        dataset: the canonical tables.
        sets: set specs (``"cikar"``, ``"cikar@2018"``) or :class:`IndicatorSet` objects.
        periods: period keys, all of one type (``["2017", "2019"]``); one key may be given
            as a plain string (``"2019"``).
        shared_measures: measures sets may reference besides the definitions's shared measures.
        levels: which levels to return (default all: village, district, regency, province).
        definitions: where set names and shared measures are looked up (default: the
            definitions the dataset was built with).
        confidence: level of the ``lower``/``upper`` interval columns (Wilson for ratios,
            Byar's for counts); ``None`` leaves them empty.

    Returns:
        :class:`Results` — a tidy long table.

    Raises:
        DatasetError: bad periods, or a value in the data that the engine cannot read.
        IndicatorDefinitionError: a set's definition does not check, or fails when evaluated
            (the error names the set and measure).
        UnknownIndicatorSetError: a set name the definitions does not know.
    """
    definitions = definitions if definitions is not None else dataset.definitions
    resolved, registered = resolve_sets(sets, definitions)
    shared = {**registered, **(shared_measures or {})}
    parsed = parse_periods(periods)
    ptype: PeriodType = parsed[0].type
    if confidence is not None and not 0 < confidence < 1:
        raise DatasetError.of("engine.bad_confidence", confidence=confidence)
    levels = [levels] if isinstance(levels, str) else levels
    bad_levels = [lv for lv in levels if lv not in LEVELS]
    if bad_levels:
        raise DatasetError.of("engine.unknown_levels", levels=shown_list(bad_levels),
                              known=", ".join(LEVELS))
    checked = [validate_indicator_set(s, shared_measures=shared, schemas=dataset.schemas)
               for s in resolved]
    planned, alias_of = _plan(checked)
    with dataset._connect() as con:
        results = _compute_on(con, dataset, checked=checked, planned=planned,
                              alias_of=alias_of, parsed=parsed, ptype=ptype, levels=levels,
                              confidence=confidence)
    results.definitions = definitions
    return results


def parse_periods(periods: str | Sequence[str]) -> list[Period]:
    """Parse period keys (all of one type); a single key may be a plain string.

    Raises:
        DatasetError: no period, a malformed key (the message shows the accepted forms), or
            periods of mixed types.
    """
    items = [periods] if isinstance(periods, str) else list(periods)
    if not items:
        raise DatasetError.of("engine.no_periods")
    parsed = [parse_period(str(p)) for p in items]
    if len({p.type for p in parsed}) != 1:
        raise DatasetError.of("engine.periods_mixed", periods=shown_list(items))
    return parsed


def _compute_on(con: duckdb.DuckDBPyConnection, dataset: Dataset, *,
                checked: Sequence[CheckedSet], planned: Sequence[PlannedMeasure],
                alias_of: Mapping[tuple[str, str], str], parsed: Sequence[Period],
                ptype: PeriodType, levels: Sequence[str],
                confidence: float | None) -> Results:
    con.execute("CREATE TEMP TABLE _dv (region_code VARCHAR, period VARCHAR, alias VARCHAR, "
                "value DOUBLE, source VARCHAR, by_column VARCHAR, category VARCHAR)")
    available = [pm for pm in planned if dataset.has_table(pm.measure.table)]
    schemas = {n: dataset.schema(n) for n in {pm.measure.table for pm in available}}
    relations = dataset._relations()
    if "child_measurements" in schemas and "child_measurements" not in relations:
        dataset._full_growth()  # read through the whole view
    queries = list(compile_queries(available, schemas, parsed, ptype, relations))

    def failed(q: MeasureQuery, exc: duckdb.Error) -> KampungKBError:
        if is_out_of_memory(exc):  # not the definition's fault
            return dataset._out_of_memory(exc)
        dataset._full_growth()  # the measures are tried one by one on the tables' own views
        blamed = explain_failure(con, q, planned=available, schemas=schemas, periods=parsed,
                                 ptype=ptype, alias_of=alias_of)
        if blamed is not None:
            return blamed
        if not isinstance(exc, duckdb.ConversionException):  # a value: the data's own
            unreadable = dataset._unreadable_error(con, q.table)
            if unreadable is not None:  # a damaged file, not the engine's failure
                return unreadable
        return _query_error(exc, q.table, q.aliases, checked, alias_of)

    if dataset._concurrent_queries and len(queries) > 1:
        _insert_concurrently(con, dataset, queries, failed)
    else:
        for q in queries:
            try:
                con.execute(f"INSERT INTO _dv {_measure_select(dataset, con, q)}")
            except duckdb.Error as exc:
                raise failed(q, exc) from exc
    reports = _report_sql(checked, alias_of, planned)
    if reports and dataset.has_table("monthly_reports"):
        sql = _unpivot(dataset._pushdown(con, report_query(reports, parsed, ptype)),
                       [pm.alias for pm, _ in reports])
        try:
            con.execute(
                f"INSERT INTO _dv SELECT r.region_code, r.period, r.alias, r.value, 'report', "
                f"NULL, NULL FROM ({sql}) r ANTI JOIN (SELECT * FROM _dv WHERE category IS NULL) "
                "d ON d.region_code = r.region_code AND d.period = r.period AND d.alias = r.alias"
            )
        except duckdb.Error as exc:
            raise _query_error(exc, "monthly_reports", [pm.alias for pm, _ in reports],
                               checked, alias_of) from exc
    table = _indicators(con, checked, alias_of, levels, confidence)
    data_values = fetch_arrow(con, "SELECT * FROM _dv ORDER BY 1, 2, 3, 6, 7")
    return Results(table, periods=tuple(p.key for p in parsed),
                   sets=tuple(c.indicator_set.key for c in checked),
                   hierarchy=CODE_PREFIX_HIERARCHY,
                   data_values=data_values, confidence=confidence)


def _measure_select(dataset: Dataset, con: duckdb.DuckDBPyConnection, q: MeasureQuery) -> str:
    """The ``SELECT`` of ``q``'s rows in the columns of ``_dv`` (long: one row per alias)."""
    valid = [f"{a}|{b}" for b, aliases in q.by_aliases.items() for a in aliases]
    keep = (f"WHERE by_column IS NULL OR list_contains({valid!r}, alias || '|' || by_column)"
            if valid else "")
    return (f"SELECT region_code, period, alias, value, 'microdata', by_column, category FROM "
            f"({_unpivot(dataset._pushdown(con, q.sql), q.aliases)}) {keep}")


#: Measure queries run at once by one compute.  Each query is a grouped scan of one table;
#: several of them (a small table's, or one whose file is a single row group) cannot use
#: every core alone, so two at a time overlap them.  DuckDB shares its thread pool between
#: the connections of a database, so more workers would only queue.
_QUERY_WORKERS = 2


def _insert_concurrently(con: duckdb.DuckDBPyConnection, dataset: Dataset,
                         queries: Sequence[MeasureQuery],
                         failed: Callable[[MeasureQuery, duckdb.Error], KampungKBError]) -> None:
    """Run the measure queries two at a time, each on its own connection of the dataset
    (largest table first), and insert their rows into ``con``'s ``_dv`` in one statement
    once all have run (a failure raises for the first failing query in query order, as one
    after the other would)."""
    order = sorted(range(len(queries)), key=lambda i: -dataset._size_hint(queries[i].table))
    running: set[duckdb.DuckDBPyConnection] = set()
    lock = threading.Lock()

    def rows(q: MeasureQuery) -> pa.Table:
        with dataset._connect() as own:
            with lock:
                running.add(own)
            try:
                return fetch_arrow_once(own, _measure_select(dataset, own, q))
            finally:
                with lock:
                    running.discard(own)

    pool = ThreadPoolExecutor(max_workers=_QUERY_WORKERS, thread_name_prefix="kampungkb-query")
    done = False
    try:
        futures = {i: pool.submit(rows, queries[i]) for i in order}
        tables = []
        for i, q in enumerate(queries):
            try:
                tables.append(futures[i].result())
            except duckdb.Error as exc:
                raise failed(q, exc) from exc
        names = [f"_kkb_measure_rows_{i}" for i in range(len(tables))]
        for name, table in zip(names, tables, strict=True):
            con.register(name, table)
        try:  # one statement: inserting each query's rows apart cost ≈ 3 ms apiece
            con.execute("INSERT INTO _dv " + " UNION ALL ".join(f"SELECT * FROM {n}"
                                                               for n in names))
        finally:
            for name in names:
                con.unregister(name)
        done = True
    finally:
        if not done:  # a failure or Ctrl-C: stop the queries still running, start no more
            pool.shutdown(wait=False, cancel_futures=True)
            with lock:
                for own in running:
                    own.interrupt()
        pool.shutdown(wait=True, cancel_futures=True)


def _query_error(exc: duckdb.Error, table: str, aliases: Sequence[str],
                 checked: Sequence[CheckedSet],
                 alias_of: Mapping[tuple[str, str], str]) -> KampungKBError:
    """Turn a failed measure query into an error that names what failed.

    Called when :func:`~kampungkb.engine._compile.explain_failure` found no single measure to
    blame.  A value DuckDB cannot convert is the data's fault: the error names the table (and
    the column when DuckDB says which).  Anything else is the engine's own failure and says so,
    naming the sets and measures computed; it never blames the data.
    """
    detail = safe_detail(exc)
    if isinstance(exc, duckdb.ConversionException):
        # the views cast every canonical column to its declared type; definitions only use
        # casts that cannot fail (TRY_CAST), so a failed conversion is a value in the data
        column = re.search(r"source column (\w+)", detail)
        if column:
            return DatasetError.of("engine.wrong_type_column", table=table,
                                   column=column.group(1), detail=detail)
        return DatasetError.of("engine.wrong_type", table=table, detail=detail)
    wanted = set(aliases)
    names = sorted({f"{cs.indicator_set.key}: {mid}" for cs in checked
                    for mid in cs.measures if alias_of[(cs.indicator_set.key, mid)] in wanted})
    # no single measure fails alone and every column reads: neither a definition nor the data
    return KampungKBError.of("engine.internal_failure", table=table, detail=detail,
                             names=", ".join(names))


_IM_COLUMNS = (
    "ix INTEGER, set_id VARCHAR, set_version VARCHAR, indicator_id VARCHAR, kind VARCHAR, "
    "num VARCHAR, den VARCHAR, den_by VARCHAR, factor DOUBLE, decimals INTEGER, min_den INTEGER"
)


def _register_indicator_map(con: duckdb.DuckDBPyConnection, checked: Sequence[CheckedSet],
                            alias_of: Mapping[tuple[str, str], str]) -> None:
    """``_im``: one row per non-composite indicator (numbered ``ix``) with its measure aliases.

    Inserted through DuckDB (a few dozen rows), not built as Arrow from Python objects: that
    would import pandas, and the first compute must not.
    """
    by_of = {(cs.indicator_set.key, mid): cm.measure.by
             for cs in checked for mid, cm in cs.measures.items()}
    rows = [
        (s.id, s.version, ind.id, ind.kind, alias_of[(s.key, ind.numerator or "")],
         alias_of.get((s.key, ind.denominator or "")),
         by_of.get((s.key, ind.denominator or "")), float(ind.factor), ind.decimals,
         ind.min_denominator)
        for s in (cs.indicator_set for cs in checked) for ind in s.indicators
        if ind.kind != "composite"
    ]
    con.execute(f"CREATE TEMP TABLE _im ({_IM_COLUMNS})")
    if rows:  # one statement (executemany costs a round trip per row)
        row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        con.execute(f"INSERT INTO _im VALUES {', '.join([row] * len(rows))}",
                    [v for ix, r in enumerate(rows) for v in (ix, *r)])


# The village rows carry the indicator's number (``ix``), not its description: the roll-up
# groups on five narrow keys and the description is joined to the few aggregated rows.
_VILLAGE_SQL = """
CREATE TEMP TABLE _village AS
WITH rp AS (SELECT DISTINCT region_code, period FROM _dv WHERE category IS NULL),
keys AS (
  SELECT m.ix, m.kind, m.num, m.den, m.den_by, rp.region_code, rp.period,
    CAST(NULL AS VARCHAR) AS by_column, CAST(NULL AS VARCHAR) AS category
  FROM _im m CROSS JOIN rp
  UNION ALL
  SELECT m.ix, m.kind, m.num, m.den, m.den_by, d.region_code, d.period, d.by_column,
    d.category
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
  SELECT k.ix, k.kind, k.region_code, k.period, k.by_column, k.category,
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
SELECT ix, region_code, period, by_column, category, numerator, denominator, from_report,
  numerator IS NOT NULL AND (kind <> 'ratio' OR denominator IS NOT NULL) AS ok
FROM raw
"""


def _level_sql(level: str, length: int) -> str:
    return f"""
SELECT v.ix, left(v.region_code, {length}) AS region_code, '{level}' AS level, v.period,
  v.by_column, v.category,
  sum(v.numerator) FILTER (WHERE v.ok) AS numerator,
  sum(v.denominator) FILTER (WHERE v.ok) AS denominator,
  count(*) FILTER (WHERE v.ok) AS n,
  bool_or(v.from_report) AS from_report
FROM _village v GROUP BY ALL
"""


def _indicators(con: duckdb.DuckDBPyConnection, checked: Sequence[CheckedSet],
                alias_of: Mapping[tuple[str, str], str], levels: Sequence[str],
                confidence: float | None) -> pa.Table:
    _register_indicator_map(con, checked, alias_of)
    con.execute(_VILLAGE_SQL)
    parts = [_level_sql(lv, LEVELS[lv]) for lv in levels]
    coverage = " UNION ALL ".join(
        f"SELECT left(village_code, {LEVELS[lv]}) AS region_code, '{lv}' AS level, "
        "count(*) AS covered FROM _coverage GROUP BY 1" for lv in levels
    )
    sql = f"""
WITH agg AS (
  SELECT m.set_id, m.set_version, m.indicator_id, m.kind, m.factor, m.decimals, m.min_den,
    g.* EXCLUDE (ix),
    CASE WHEN m.kind = 'ratio' AND g.denominator > 0
      THEN g.numerator * m.factor / g.denominator END AS scaled
  FROM ({' UNION ALL '.join(parts)}) g JOIN _im m USING (ix)
),
cov AS ({coverage}),
res AS (
SELECT a.set_id, a.set_version, a.indicator_id, a.region_code, a.level, a.period,
  a.by_column AS disaggregation, a.category, a.numerator, a.denominator,
  CASE
    WHEN a.n = 0 THEN NULL
    WHEN {non_finite_sql("a.numerator", "a.denominator", "a.scaled")} THEN NULL
    WHEN a.kind = 'ratio' THEN CASE WHEN a.denominator > 0
      THEN round(a.scaled, a.decimals) END
    WHEN a.kind = 'count' THEN a.numerator
    WHEN a.level = 'village' THEN a.numerator
    ELSE round(a.numerator * 100 / a.denominator, a.decimals)
  END AS value,
  a.n,
  list_filter([
    CASE WHEN a.n = 0 THEN 'missing' END,
    CASE WHEN a.n > 0 AND a.kind = 'ratio' AND a.denominator = 0 THEN 'zero_denominator' END,
    CASE WHEN a.n > 0 AND a.kind = 'ratio' AND a.denominator > 0
         AND a.denominator < a.min_den THEN 'small_denominator' END,
    CASE WHEN a.from_report THEN 'from_report' END,
    CASE WHEN {non_finite_sql("a.numerator", "a.denominator", "a.scaled")}
      THEN 'non_finite' END,
    CASE WHEN a.level <> 'village' AND a.n < coalesce(c.covered, 0) THEN 'partial_coverage' END,
    CASE WHEN a.level <> 'village' AND a.kind = 'presence' THEN 'share_of_villages' END
  ], lambda x: x IS NOT NULL) AS flags,
  a.kind, a.factor, a.decimals
FROM agg a LEFT JOIN cov c ON c.region_code = a.region_code AND c.level = a.level
)
SELECT * EXCLUDE (lower, upper),
  CASE WHEN isfinite(lower) THEN lower END AS lower,
  CASE WHEN isfinite(upper) THEN upper END AS upper
FROM (SELECT * EXCLUDE (kind, factor, decimals), {interval_sql(confidence, "lower")} AS lower,
  {interval_sql(confidence, "upper")} AS upper FROM res)
ORDER BY set_id, set_version, level, region_code, indicator_id, period,
  disaggregation NULLS FIRST, category NULLS FIRST
"""
    out = fetch_arrow(con, sql)
    # the query's types are the schema's already (a cast would import pyarrow.compute)
    return out if out.schema.equals(RESULT_SCHEMA) else out.cast(RESULT_SCHEMA)
