"""Evaluation: baseline vs follow-up, targets, change rules, composites and ranking.

For every region and indicator the scorecard holds the baseline and follow-up values, the
change, whether the target and the change rule are met, and whether the indicator is
*achieved* — ``True``, ``False`` or ``None`` when data is missing (never counted as zero).
Composite indicators (CIKAR's indicator 1 and 6) are achieved by a stated rule over their
sub-indicators.  The whole evaluation is a handful of SQL statements over the results, so it
scales with the number of indicators, not of villages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from kampungkb.definitions import Definitions
from kampungkb.engine._compute import compute, parse_periods, resolve_sets
from kampungkb.engine._dataset import Dataset
from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._frames import to_pandas_frame, to_polars_frame
from kampungkb.engine._nodata import check_periods_have_data
from kampungkb.engine._results import LEVELS, Results
from kampungkb.errors import DatasetError
from kampungkb.evaluate._change import change_columns_sql
from kampungkb.evaluate._funnel import funnel_sql, funnel_table
from kampungkb.indicators._definitions import IndicatorSet, Measure
from kampungkb.regions import Comparable, edition_for, make_comparable

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["Evaluation", "evaluate"]

#: A number in a reason: whole numbers without ".0" (only where BIGINT holds them exactly, so
#: a target of 1e19 is shown as DOUBLE text instead of failing the cast), in English; the
#: Indonesian reasons swap its two marks (``translate(_fmt(v), ',.', '.,')``).
# Numbers in the reasons as the reports write them: a thousands separator (1,259 / 1.259)
# and the shortest decimals (66.35 / 66,35).
# Below 1,000 (most values: shares) a plain cast gives the same text, cheaper than format().
_FMT = """CREATE OR REPLACE TEMP MACRO _fmt(v) AS CASE WHEN v IS NULL THEN '-'
  WHEN isfinite(v) AND abs(v) < 1000 AND v = round(v) THEN CAST(CAST(v AS BIGINT) AS VARCHAR)
  WHEN isfinite(v) AND abs(v) < 1e15 AND v = round(v) THEN format('{:,}', CAST(v AS BIGINT))
  WHEN isfinite(v) AND abs(v) < 1000 THEN CAST(v AS VARCHAR)
  WHEN isfinite(v) AND abs(v) < 1e15 THEN format('{:,}', v)
  ELSE CAST(v AS VARCHAR) END"""

_SCORE_SQL = """
WITH rl AS (SELECT DISTINCT region_code, level FROM _res),
base0 AS (
  SELECT m.*, rl.region_code, rl.level,
    b.value AS baseline, f.value AS followup,
    b.flags AS baseline_flags, f.flags AS followup_flags,
    f.numerator AS followup_numerator, f.denominator AS followup_denominator,
    b.numerator AS baseline_numerator, b.denominator AS baseline_denominator,
    {change_bounds}
  FROM _meta m CROSS JOIN rl
  LEFT JOIN _res b ON b.indicator_id = m.indicator_id AND b.region_code = rl.region_code
    AND b.level = rl.level AND b.period = $baseline
  LEFT JOIN _res f ON f.indicator_id = m.indicator_id AND f.region_code = rl.region_code
    AND f.level = rl.level AND f.period = $followup
  WHERE m.kind <> 'composite'
),
base AS (SELECT * EXCLUDE (_chg_lo, _chg_hi), {change_columns} FROM base0),
rules AS (
  SELECT *,
    CASE WHEN kind = 'presence' THEN
      CASE WHEN followup IS NULL THEN NULL WHEN level = 'village' THEN followup >= 1
      ELSE followup >= 100 END
    WHEN target_op IS NULL THEN NULL WHEN followup IS NULL THEN NULL
    WHEN target_op = '>' THEN followup > target_value
    WHEN target_op = '>=' THEN followup >= target_value
    WHEN target_op = '<' THEN followup < target_value
    WHEN target_op = '<=' THEN followup <= target_value
    ELSE followup = target_value END AS target_met,
    CASE WHEN change_rule IS NULL THEN NULL
    WHEN baseline IS NULL OR followup IS NULL THEN NULL
    WHEN change_significant THEN CASE change_rule
      WHEN 'rise' THEN change_significance = 'rise'
      WHEN 'fall' THEN change_significance = 'fall'
      WHEN 'not_rise' THEN change_significance <> 'rise'
      ELSE change_significance <> 'fall' END
    WHEN change_rule = 'rise' THEN followup > baseline
    WHEN change_rule = 'fall' THEN followup < baseline
    WHEN change_rule = 'not_rise' THEN followup <= baseline
    ELSE followup >= baseline END AS change_met,
    kind = 'presence' OR target_op IS NOT NULL OR change_rule IS NOT NULL AS has_rule
  FROM base
)
SELECT *, round(followup - baseline, CAST(decimals AS INTEGER)) AS change,
  CASE WHEN NOT has_rule THEN NULL
  WHEN (kind = 'presence' OR target_op IS NOT NULL) AND target_met IS NULL THEN NULL
  WHEN change_rule IS NOT NULL AND change_met IS NULL THEN NULL
  ELSE coalesce(target_met, true) AND coalesce(change_met, true) END AS achieved
FROM rules
"""

#: The reasons in both languages.  Each number is formatted once (``_f_*``, English) and
#: the Indonesian text swaps its two marks: the same texts as formatting each number where
#: it is written, in about a third less time.
_REASON_SQL = """
SELECT * EXCLUDE (_f_fu, _f_bl, _f_tv),
  CASE WHEN kind = 'composite' THEN translate(_f_fu, ',.', '.,') || ' komponen tercapai; aturan: ' || rule_id
  WHEN NOT has_rule THEN 'tidak dinilai (tanpa target)'
  WHEN achieved IS NULL THEN 'data tidak lengkap: ' || concat_ws(', ',
    CASE WHEN baseline IS NULL AND change_rule IS NOT NULL THEN 'data awal (' || $baseline || ') tidak ada' END,
    CASE WHEN followup IS NULL THEN 'data akhir (' || $followup || ') tidak ada' END)
  ELSE concat_ws('; ',
    CASE WHEN kind = 'presence' THEN CASE WHEN target_met THEN 'ada pada ' || $followup ELSE 'belum ada pada ' || $followup END END,
    CASE WHEN target_op IS NOT NULL THEN translate(_f_fu, ',.', '.,') || ' ' || target_op || ' ' || translate(_f_tv, ',.', '.,') || CASE WHEN target_met THEN ': tercapai' ELSE ': belum tercapai' END END,
    CASE WHEN change_rule IS NOT NULL THEN translate(_f_bl, ',.', '.,') || ' → ' || translate(_f_fu, ',.', '.,') || ' harus ' ||
      CASE change_rule WHEN 'rise' THEN 'naik' WHEN 'fall' THEN 'turun' WHEN 'not_rise' THEN 'tidak naik' ELSE 'tidak turun' END ||
      CASE WHEN change_significant THEN ' secara bermakna (uji Newcombe ' || $level_id || ')' ELSE '' END ||
      CASE WHEN change_met THEN ': terpenuhi' ELSE ': tidak terpenuhi' END END)
  END AS reason_id,
  CASE WHEN kind = 'composite' THEN _f_fu || ' components achieved; rule: ' || rule_en
  WHEN NOT has_rule THEN 'not evaluated (no target)'
  WHEN achieved IS NULL THEN 'incomplete data: ' || concat_ws(', ',
    CASE WHEN baseline IS NULL AND change_rule IS NOT NULL THEN 'baseline (' || $baseline || ') missing' END,
    CASE WHEN followup IS NULL THEN 'follow-up (' || $followup || ') missing' END)
  ELSE concat_ws('; ',
    CASE WHEN kind = 'presence' THEN CASE WHEN target_met THEN 'present in ' || $followup ELSE 'not present in ' || $followup END END,
    CASE WHEN target_op IS NOT NULL THEN _f_fu || ' ' || target_op || ' ' || _f_tv || CASE WHEN target_met THEN ': met' ELSE ': not met' END END,
    CASE WHEN change_rule IS NOT NULL THEN _f_bl || ' → ' || _f_fu || ' must ' ||
      replace(change_rule, '_', ' ') ||
      CASE WHEN change_significant THEN ' significantly (Newcombe ' || $level_en || ' test)' ELSE '' END ||
      CASE WHEN change_met THEN ': met' ELSE ': not met' END END)
  END AS reason_en
FROM (SELECT *, _fmt(followup) AS _f_fu, _fmt(baseline) AS _f_bl,
  _fmt(target_value) AS _f_tv FROM _score)
"""


_META_COLUMNS = (
    'position INTEGER, indicator_id VARCHAR, parent VARCHAR, "group" VARCHAR, kind VARCHAR, '
    "direction VARCHAR, unit VARCHAR, decimals INTEGER, factor DOUBLE, label_id VARCHAR, "
    "label_en VARCHAR, target_op VARCHAR, target_value DOUBLE, change_rule VARCHAR, "
    "change_significant BOOLEAN, rule_id VARCHAR, rule_en VARCHAR"
)


def _create_meta(con: duckdb.DuckDBPyConnection, indicator_set: IndicatorSet) -> None:
    """``_meta``: one row per indicator, inserted through DuckDB (no Arrow from Python objects,
    which would import pandas)."""
    rows = [
        (pos, ind.id, ind.parent, ind.group, ind.kind, ind.direction, ind.unit, ind.decimals,
         float(ind.factor), ind.label_id, ind.label_en,
         ind.target.op if ind.target else None,
         float(ind.target.value) if ind.target else None, ind.change, ind.change_significant,
         ind.rule.describe("id") if ind.rule else None,
         ind.rule.describe("en") if ind.rule else None)
        for pos, ind in enumerate(indicator_set.indicators)
    ]
    con.execute(f"CREATE TEMP TABLE _meta ({_META_COLUMNS})")
    if rows:  # one statement (executemany costs a round trip per row)
        row = f"({', '.join(['?'] * 17)})"
        con.execute(f"INSERT INTO _meta VALUES {', '.join([row] * len(rows))}",
                    [v for r in rows for v in r])


class Evaluation:
    """The evaluation of one indicator set between a baseline and a follow-up period.

    Attributes:
        indicator_set: the set evaluated.
        baseline, followup: the two periods.
        results: the underlying :class:`~kampungkb.engine.Results` (both periods, all levels).
        scorecard: Arrow table, one row per region × indicator (see :meth:`columns`).
        summary: Arrow table, one row per region: ``n_achieved`` of ``n_main`` main
            indicators achieved, ``n_undetermined``, ``n_sub_achieved`` of ``n_sub_evaluated``
            sub-indicators, ``rank`` (counts start with ``n_``; the scorecard's ``achieved``
            is the true/false/null of one indicator).
        definitions: the definitions the evaluation was computed with (the reports look up
            report formats in it); ``None`` when built by hand.
    """

    def __init__(self, indicator_set: IndicatorSet, baseline: str, followup: str, *,
                 results: Results, scorecard: pa.Table, summary: pa.Table,
                 definitions: Definitions | None = None) -> None:
        self.definitions = definitions
        self.indicator_set = indicator_set
        self.baseline = baseline
        self.followup = followup
        self.results = results
        self.scorecard = scorecard
        self.summary = summary
        #: How villages were made comparable across editions of the region list (``None``
        #: when both periods fall in one edition).
        self.comparability: Comparable | None = None

    @property
    def main_indicators(self) -> tuple[str, ...]:
        """Top-level output indicators (CIKAR's six): the ones counted for ranking."""
        return tuple(i.id for i in self.indicator_set.indicators
                     if i.parent is None and i.group == "output")

    def village(self, region_code: str) -> pa.Table:
        """Scorecard rows of one region (any level), in the set's order."""
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        t = self.scorecard
        return t.filter(pc.equal(t["region_code"], region_code))

    def level(self, level: str) -> pa.Table:
        """Summary rows of one level, ranked."""
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        t = self.summary
        return t.filter(pc.equal(t["level"], level))

    def funnel(self, indicator_id: str, region: str | None = None) -> pa.Table:
        """A funnel plot's data: the villages of ``region`` against its overall follow-up value.

        For a ratio indicator: each village's numerator, denominator and value, the region's
        overall value, the 95 % and 99.8 % control limits at the village's denominator, and
        its significance (``higher_0.001`` … ``lower_0.001``, see :mod:`kampungkb.stats`).
        ``region`` defaults to the province (the first one, when the data holds several).
        An empty table when the indicator is not a ratio or has no usable data.

        Raises:
            UnknownNameError: (a ``KeyError`` and a ``KampungKBError``) the set has no such
                indicator; the message names those it has (and a close one).
        """
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        self.indicator_set.indicator(indicator_id)  # UnknownNameError naming those there are
        if region is None:
            provinces = self.scorecard.filter(pc.equal(self.scorecard["level"],
                                                               "province"))
            if provinces.num_rows == 0:
                return pa.table({})
            region = str(provinces["region_code"][0].as_py())
        return funnel_table(self.scorecard, indicator_id, region)

    def to_pandas(self) -> pd.DataFrame:
        """The scorecard as a pandas DataFrame (needs pandas), like
        :meth:`kampungkb.Results.to_pandas`: nullable dtypes, ``level`` an ordered category."""
        return to_pandas_frame(self.scorecard)

    def to_polars(self) -> pl.DataFrame:
        """The scorecard as a Polars DataFrame (needs polars), ``level`` an ordered Enum."""
        return to_polars_frame(self.scorecard)

    def __repr__(self) -> str:
        return (f"Evaluation({self.indicator_set.key}, {self.baseline} → {self.followup}, "
                f"{self.summary.num_rows} regions)")


def evaluate(
    dataset: Dataset,
    indicator_set: str | IndicatorSet = "cikar",
    *,
    baseline: str,
    followup: str,
    levels: Sequence[str] = tuple(LEVELS),
    shared_measures: dict[str, Measure] | None = None,
    definitions: Definitions | None = None,
    confidence: float | None = 0.95,
    comparable: bool | None = None,
    editions: Mapping[str, str] | None = None,
) -> Evaluation:
    """Evaluate ``indicator_set`` on ``dataset``: baseline vs follow-up for every region.

    Safe to call from many threads at once on one dataset.

    Example::

        ev = kampungkb.evaluate(dataset, "cikar", baseline="2017", followup="2019")
        ev.summary          # villages ranked by the number of main indicators achieved
        ev.village("19.01.06.2001")

    Args:
        definitions: where a set name is looked up (default: the dataset's definitions).
        comparable: compare villages on comparable geography across editions of the region
            list (:func:`kampungkb.regions.make_comparable`: a split village is compared as the
            union of its parts, recoded and merged villages on the later geography); ``None``
            (default) does so when the baseline and follow-up fall in different editions;
            roll-up above the village follows each period's own edition.  What was done is
            in :attr:`Evaluation.comparability` and ``results.hierarchy``.
        editions: ``{period: edition id}`` when the data is coded in another edition than the
            one in force (e.g. everything recoded to 2025: ``{"2017": "2025", "2019": "2025"}``).
        confidence: level of the results' intervals and of the change intervals: each ratio
            indicator's change gets Newcombe's interval (``change_lower``, ``change_upper``)
            and a verdict ``change_significance`` (``rise``, ``fall``, ``no_change``), and
            each village a ``funnel_significance`` against its province.  ``None`` skips all
            of these (the columns stay, empty); an indicator requiring a significant change
            is then undetermined.

    Raises:
        DatasetError: the periods are equal, invalid, of different types, or the baseline
            does not come before the follow-up; or a level is unknown.
        NoDataError: (a ``DatasetError``) the data holds nothing for the baseline or the
            follow-up period (e.g. quarters asked of yearly data); the message names the
            periods it holds.
    """
    definitions = definitions if definitions is not None else dataset.definitions
    levels = [levels] if isinstance(levels, str) else levels
    base, follow = parse_periods([str(baseline), str(followup)])
    if base.key == follow.key:
        raise DatasetError.of("evaluate.same_period", period=base.key)
    if base.start >= follow.start:
        raise DatasetError.of("evaluate.baseline_after", baseline=base.key, followup=follow.key)
    check_periods_have_data(dataset, [base, follow])  # no report full of "…"
    iset = resolve_sets(indicator_set, definitions)[0][0]
    results, comparability = _comparable_results(
        dataset, iset, base.key, follow.key, comparable=comparable, editions=editions,
        shared_measures=shared_measures, levels=levels, definitions=definitions,
        confidence=confidence)
    # the dataset's private connection is cheap (no new database); everything made on it
    # below is temporary, so calls from many threads never see each other's tables
    with dataset._connect() as con:
        con.register("_res_all", results.table)
        con.execute("CREATE TEMP VIEW _res AS SELECT * FROM _res_all "
                    "WHERE disaggregation IS NULL")
        _create_meta(con, iset)
        con.execute(_FMT)
        params = {"baseline": results.periods[0], "followup": results.periods[1]}
        # the change interval (Newcombe) is computed in the same pass as the rules
        bounds, columns = change_columns_sql(confidence)
        score_sql = _SCORE_SQL.replace("{change_bounds}", bounds).replace(
            "{change_columns}", columns)
        con.execute(f"CREATE TEMP TABLE _score AS {score_sql}", params)
        _composites(con, iset)
        # reasons, village counts and funnel in one statement: the wide rows are built once,
        # straight into the Arrow result (no temporary copy of the scorecard in between)
        scorecard = fetch_arrow(
            con,
            f"WITH _sc AS ({_REASON_SQL}), _sc2 AS ({_with_village_counts_sql(levels)}) "
            f"{funnel_sql(confidence, province='_score')}",
            {**params, **_level_texts(confidence)},
        )
        summary = _summary(con, iset)
    drop = ["has_rule"]
    scorecard = scorecard.drop_columns([c for c in drop if c in scorecard.column_names])
    evaluation = Evaluation(iset, results.periods[0], results.periods[1], results=results,
                            scorecard=scorecard, summary=summary, definitions=definitions)
    evaluation.comparability = comparability
    return evaluation


def _level_texts(confidence: float | None) -> dict[str, str]:
    """The change test's level as the reasons write it: ``95 %``, ``99,8 %`` / ``99.8 %``."""
    text = f"{round(100 * (confidence if confidence is not None else 0.95), 3):g} %"
    return {"level_en": text, "level_id": text.replace(".", ",")}


def _comparable_results(dataset: Dataset, iset: IndicatorSet, baseline: str, followup: str, *,
                        comparable: bool | None, editions: Mapping[str, str] | None,
                        shared_measures: dict[str, Measure] | None, levels: Sequence[str],
                        definitions: Definitions, confidence: float | None,
                        ) -> tuple[Results, Comparable | None]:
    """The results of both periods, villages on comparable geography when the periods fall in
    different editions of the region list (higher levels rolled up on each period's own)."""
    def run(ds: Dataset, lv: Sequence[str]) -> Results:
        return compute(ds, [iset], [baseline, followup], shared_measures=shared_measures,
                       levels=lv, definitions=definitions, confidence=confidence)

    if comparable is None:  # auto: only when the two periods fall in different editions
        eds = dict(editions or {})
        first = eds.get(baseline) or edition_for(baseline).id
        second = eds.get(followup) or edition_for(followup).id
        comparable = first != second
    if not comparable:
        return run(dataset, levels), None
    cmp = make_comparable(dataset, baseline=baseline, followup=followup, editions=editions)
    if not cmp.changed or "village" not in levels:
        results = run(dataset, levels)
    else:
        villages = run(cmp.dataset, ["village"])
        higher = [lv for lv in levels if lv != "village"]
        table = villages.table
        if higher:
            table = pa.concat_tables([table, run(dataset, higher).table])
        results = Results(table, periods=villages.periods, sets=villages.sets,
                          hierarchy=villages.hierarchy, data_values=villages.data_values,
                          definitions=villages.definitions, confidence=villages.confidence)
    results.hierarchy = f"{results.hierarchy}; {cmp.note('en')}"
    return results, cmp


def _composites(con: duckdb.DuckDBPyConnection, iset: IndicatorSet) -> None:
    """Add composite rows to ``_score``, achieved by their rule over their components."""
    for ind in iset.indicators:
        if ind.kind != "composite" or ind.rule is None:
            continue
        rule = ind.rule
        all_of = list(rule.all_of)
        of = list(rule.of)
        k = len(of) if rule.at_least is None else rule.at_least
        con.execute(
            """
            INSERT INTO _score BY NAME
            WITH c AS (
              SELECT region_code, level,
                count(*) FILTER (WHERE list_contains($all_of, indicator_id) AND achieved) AS all_yes,
                count(*) FILTER (WHERE list_contains($all_of, indicator_id) AND achieved = false) AS all_no,
                count(*) FILTER (WHERE list_contains($of, indicator_id) AND achieved) AS of_yes,
                count(*) FILTER (WHERE list_contains($of, indicator_id) AND achieved IS NULL) AS of_unknown
              FROM _score WHERE list_contains($components, indicator_id) GROUP BY ALL
            )
            SELECT m.*, c.region_code, c.level, true AS has_rule,
              CAST(c.all_yes + c.of_yes AS DOUBLE) AS followup,
              CASE WHEN c.all_no > 0 THEN false
                   WHEN c.of_yes + c.of_unknown < $k THEN false
                   WHEN c.all_yes = $n_all AND c.of_yes >= $k THEN true
                   ELSE NULL END AS achieved
            FROM c CROSS JOIN (SELECT * FROM _meta WHERE indicator_id = $id) m
            """,
            {"all_of": all_of, "of": of, "k": k, "n_all": len(all_of),
             "components": list(ind.components), "id": ind.id},
        )


def _with_village_counts_sql(levels: Sequence[str]) -> str:
    """For higher levels: how many villages in the region achieve each indicator (SQL joining
    ``_sc``, the scorecard with reasons, to counts over ``_score``).

    Each village row is counted under its own ancestor codes (a prefix of its code per level),
    one grouped pass per level — linear in villages, never a region × village join.
    """
    parts = [
        f"SELECT left(region_code, {LEVELS[lv]}) AS region_code, '{lv}' AS level, indicator_id, "
        "count(*) FILTER (WHERE achieved) AS villages_achieved, "
        "count(achieved) AS villages_evaluated "
        "FROM _score WHERE level = 'village' GROUP BY ALL"
        for lv in LEVELS if lv in levels
    ]
    counts = " UNION ALL ".join(parts) if parts else (
        "SELECT NULL::VARCHAR AS region_code, NULL::VARCHAR AS level, "
        "NULL::VARCHAR AS indicator_id, 0::BIGINT AS villages_achieved, "
        "0::BIGINT AS villages_evaluated WHERE false")
    return f"""
        SELECT s.*, v.villages_achieved, v.villages_evaluated FROM _sc s
        LEFT JOIN ({counts}) v USING (region_code, level, indicator_id)
        """


def _summary(con: duckdb.DuckDBPyConnection, iset: IndicatorSet) -> pa.Table:
    main = [i.id for i in iset.indicators if i.parent is None and i.group == "output"]
    return fetch_arrow(
        con,
        """
        WITH s AS (
          SELECT region_code, level,
            count(*) FILTER (WHERE list_contains($main, indicator_id) AND achieved) AS n_achieved,
            count(*) FILTER (WHERE list_contains($main, indicator_id) AND achieved IS NULL) AS n_undetermined,
            count(*) FILTER (WHERE kind <> 'composite' AND achieved) AS n_sub_achieved,
            count(*) FILTER (WHERE kind <> 'composite' AND has_rule) AS n_sub_evaluated
          FROM _score GROUP BY ALL
        )
        SELECT level, region_code, n_achieved, CAST(len($main) AS BIGINT) AS n_main,
          n_undetermined, n_sub_achieved, n_sub_evaluated,
          rank() OVER (PARTITION BY level ORDER BY n_achieved DESC, n_sub_achieved DESC) AS rank
        FROM s
        ORDER BY CASE level WHEN 'village' THEN 0 WHEN 'district' THEN 1
          WHEN 'regency' THEN 2 ELSE 3 END, rank, region_code
        """,
        {"main": main},
    )
