"""Declarative classification of villages: score variables, average them into indices, class.

A :class:`Classification` is *data* (it can come from TOML): each :class:`Variable` reads one
indicator of a set (or the mean of several) for a village, rounds it, and scores it through
:class:`ScoreBand` ranges; an :class:`Index` is the mean of its variables' scores; ordered
:class:`ClassRule` conditions over the indices give the class (the first that holds).  BKKBN's
Kampung KB classification (Dasar / Berkembang / Mandiri / Berkelanjutan) is one such rule,
registered by the ``kampungkb.indicators.bkkbn`` plugin; nothing here is special to it.

:func:`classify` computes every village at once as a handful of DuckDB statements over the
indicator results (no Python loop per village), then the share of villages in each class for
every district, regency/city and province.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import duckdb
import pyarrow as pa

from kampungkb.definitions import Definitions
from kampungkb.engine._compute import compute
from kampungkb.engine._dataset import Dataset
from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._frames import to_pandas_frame, to_polars_frame
from kampungkb.engine._results import LEVELS, Results
from kampungkb.errors import DatasetError, UnknownIndicatorSetError
from kampungkb.evaluate._classify_rules import (
    CONDITION,
    Classification,
    ClassRule,
    Index,
    ScoreBand,
    Variable,
    load_builtin_classification,
    load_classification,
)
from kampungkb.indicators._definitions import IndicatorSet

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
__all__ = [
    "ClassRule",
    "Classification",
    "Classified",
    "Index",
    "ScoreBand",
    "Variable",
    "classify",
    "load_builtin_classification",
    "load_classification",
]


@attrs.frozen
class Classified:
    """The classes of every village in one period, and each region's share per class.

    Attributes:
        classification: the rule applied.
        period: the period classified.
        villages: Arrow table, one row per village: ``region_code``, each variable's value and
            ``<variable>_score``, each ``<index>_index``, ``class_id``, ``class_label_id``,
            ``class_label_en`` and ``missing`` (variables scored as missing).
        shares: Arrow table, one row per region × class for the roll-up levels: ``level``,
            ``region_code``, ``class_id``, labels, ``villages``, ``total``, ``share`` (%).
    """

    classification: Classification
    period: str
    villages: pa.Table
    shares: pa.Table

    def village(self, region_code: str) -> dict[str, Any]:
        """One village's row as a dict (``KeyError`` if it was not classified)."""
        import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

        rows = self.villages.filter(pc.equal(self.villages["region_code"], region_code))
        if rows.num_rows == 0:
            raise KeyError(region_code)
        row: dict[str, Any] = rows.to_pylist()[0]
        return row

    def to_pandas(self) -> pd.DataFrame:
        """The village table as a pandas DataFrame (nullable dtypes; needs pandas)."""
        return to_pandas_frame(self.villages)

    def to_polars(self) -> pl.DataFrame:
        """The village table as a Polars DataFrame (needs polars)."""
        return to_polars_frame(self.villages)


def _resolve(classification: Classification | str,
             definitions: Definitions | None) -> Classification:
    if isinstance(classification, Classification):
        return classification
    specs = definitions.classifiers if definitions is not None else {}
    spec = specs.get(classification)
    if spec is None or not isinstance(spec.rule, Classification):
        if not specs:
            raise UnknownIndicatorSetError.of("evaluate.unknown_classifier_none",
                                              name=classification)
        raise UnknownIndicatorSetError.of("evaluate.unknown_classifier", name=classification,
                                          known=", ".join(sorted(specs)))
    return spec.rule


def _num(value: float) -> str:
    return repr(float(value))


def _value_sql(var: Variable) -> str:
    def one(ind: str) -> str:
        return f'round("{ind}__raw")' if var.round_to_integer else f'"{ind}__raw"'

    if var.indicator:
        return one(var.indicator)
    parts = [f"coalesce({one(i)}, 0)" for i in var.mean_of]
    nulls = " AND ".join(f'"{i}__raw" IS NULL' for i in var.mean_of)
    mean = f"({' + '.join(parts)}) / {len(parts)}"
    mean = f"round({mean})" if var.round_to_integer else mean
    return f"CASE WHEN {nulls} THEN NULL ELSE {mean} END"


def _score_sql(var: Variable) -> str:
    whens = [f'WHEN "{var.id}" IS NULL THEN {var.missing_score}']
    for band in var.bands:
        conds = [f'"{var.id}" >= {_num(band.lo)}' if band.lo is not None else "",
                 f'"{var.id}" <= {_num(band.hi)}' if band.hi is not None else ""]
        whens.append(f"WHEN {' AND '.join(c for c in conds if c) or 'true'} THEN {band.score}")
    return f"CAST(CASE {' '.join(whens)} ELSE {var.missing_score} END AS INTEGER)"


def _condition_sql(index: str, cond: str, threshold: float) -> str:
    op, value = CONDITION.findall(cond)[0]  # validated by ClassRule
    number = threshold if value == "threshold" else float(value)
    return f'"{index}_index" {"=" if op == "==" else op} {_num(number)}'


def _class_sql(c: Classification) -> str:
    whens = []
    for rule in c.classes[:-1]:
        conds = [_condition_sql(k, v, c.threshold) for k, v in rule.when.items()]
        if rule.when_any:
            conds.append("(" + " OR ".join(_condition_sql(k, v, c.threshold)
                                           for k, v in rule.when_any.items()) + ")")
        whens.append(f"WHEN {' AND '.join(conds)} THEN '{rule.id}'")
    return f"CASE {' '.join(whens)} ELSE '{c.classes[-1].id}' END"


def _village_sql(c: Classification, indicators: Sequence[str]) -> str:
    wide = ", ".join(f"max(raw) FILTER (WHERE indicator_id = '{i}') AS \"{i}__raw\""
                     for i in indicators)
    values = ", ".join(f'{_value_sql(v)} AS "{v.id}"' for v in c.variables)
    scores = ", ".join(f'{_score_sql(v)} AS "{v.id}_score"' for v in c.variables)
    index_cols = ", ".join(
        f"round(({' + '.join(f'{chr(34)}{v}_score{chr(34)}' for v in i.variables)}) "
        f"/ {len(i.variables)}.0, {i.decimals}) AS \"{i.id}_index\"" for i in c.indices)
    missing = ", ".join(f"CASE WHEN \"{v.id}\" IS NULL THEN '{v.id}' END" for v in c.variables)
    var_cols = ", ".join(f'"{v.id}", "{v.id}_score"' for v in c.variables)
    idx_cols = ", ".join(f'"{i.id}_index"' for i in c.indices)
    return f"""
WITH raw AS (
  SELECT r.region_code, r.indicator_id,
    CASE WHEN m.kind = 'ratio' THEN
      CASE WHEN r.denominator > 0 THEN r.numerator * m.factor / r.denominator END
    ELSE r.value END AS raw
  FROM _cl_res r JOIN _cl_meta m USING (indicator_id)
),
wide AS (
  SELECT k.region_code, {wide} FROM _cl_villages k LEFT JOIN raw USING (region_code)
  GROUP BY k.region_code
),
vals AS (SELECT region_code, {values} FROM wide),
scored AS (SELECT *, {scores} FROM vals),
indexed AS (SELECT *, {index_cols} FROM scored)
SELECT region_code, $period AS period, {var_cols}, {idx_cols},
  x.class_id, x.class_label_id, x.class_label_en,
  list_filter([{missing}], lambda v: v IS NOT NULL) AS missing
FROM (SELECT *, {_class_sql(c)} AS class_id FROM indexed) i
JOIN _cl_classes x USING (class_id)
ORDER BY region_code
"""


_SHARES_SQL = """
WITH lv AS ({parts}),
tot AS (SELECT level, region_code, count(*) AS total FROM lv GROUP BY ALL)
SELECT t.level, t.region_code, x.class_id, x.class_label_id, x.class_label_en,
  count(lv.class_id) AS villages, t.total,
  round(100.0 * count(lv.class_id) / t.total, 2) AS share
FROM tot t CROSS JOIN _cl_classes x
LEFT JOIN lv ON lv.level = t.level AND lv.region_code = t.region_code
  AND lv.class_id = x.class_id
GROUP BY t.level, t.region_code, x.class_id, x.class_label_id, x.class_label_en, x.position,
  t.total
ORDER BY CASE t.level WHEN 'district' THEN 1 WHEN 'regency' THEN 2 ELSE 3 END, t.region_code,
  x.position
"""


def _results_for(source: Dataset | Results, iset: IndicatorSet, period: str,
                 definitions: Definitions | None) -> tuple[pa.Table, list[str]]:
    """Village-level results of the set for the period, and the villages to classify."""
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    if isinstance(source, Dataset):
        results = compute(source, [iset], [period], levels=("village",), definitions=definitions)
        covered = [str(v) for v in source.query(
            "SELECT village_code FROM _coverage WHERE village_code IS NOT NULL"
        )["village_code"].to_pylist()]
    else:
        results = source
        covered = []
    t = results.totals()
    mask = pc.and_(pc.and_(pc.equal(t["level"], "village"), pc.equal(t["period"], period)),
                   pc.and_(pc.equal(t["set_id"], iset.id),
                           pc.equal(t["set_version"], iset.version)))
    table = t.filter(mask)
    if table.num_rows == 0 and not covered:
        raise DatasetError.of("evaluate.no_village_results", set_key=iset.key, period=period)
    villages = sorted({*covered, *(str(v) for v in table["region_code"].to_pylist())})
    return table, villages


def classify(
    source: Dataset | Results,
    classification: Classification | str,
    period: str,
    *,
    indicator_set: IndicatorSet | None = None,
    levels: Sequence[str] = ("district", "regency", "province"),
    definitions: Definitions | None = None,
) -> Classified:
    """Classify every village of ``source`` in ``period`` by ``classification``.

    Example::

        from kampungkb.evaluate import classify
        out = classify(dataset, "bkkbn-2020", "2021")
        out.villages    # variables, scores, indices and class per village
        out.shares      # share of villages per class in each district, regency, province

    Args:
        source: a :class:`~kampungkb.engine.Dataset` (the set is computed for the period) or
            :class:`~kampungkb.engine.Results` that hold the set's village results.
        classification: a :class:`Classification` or the name of a registered classifier.
        period: the period to classify, e.g. ``"2021"``.
        indicator_set: the set the rule reads (default: the registered ``set_key``).
        definitions: where a classifier name and the rule's set are looked up (default: the
            definitions of the dataset, or the one the results were computed with).
        levels: roll-up levels of the class shares.

    Raises:
        UnknownIndicatorSetError: unknown classifier name or set.
        IndicatorDefinitionError: the rule reads indicators the set lacks.
        DatasetError: no results for the period, or an unknown level.
    """
    if definitions is None:
        definitions = source.definitions
    rule = _resolve(classification, definitions)
    if indicator_set is None:
        if definitions is None:
            raise UnknownIndicatorSetError.of("evaluate.classify_needs_set",
                                              set_key=rule.set_key)
        indicator_set = definitions.get_indicator_set(rule.set_key)
    rule.check(indicator_set)
    bad = [lv for lv in levels if lv not in LEVELS or lv == "village"]
    if bad:
        raise DatasetError.of("evaluate.unknown_rollup_levels",
                              levels=", ".join(map(repr, bad)))
    period = str(period)
    table, villages = _results_for(source, indicator_set, period, definitions)
    used = sorted({i for v in rule.variables for i in v.indicators})
    meta = pa.table({
        "indicator_id": [i.id for i in indicator_set.indicators],
        "kind": [i.kind for i in indicator_set.indicators],
        "factor": [i.factor for i in indicator_set.indicators],
    })
    classes = pa.table({
        "class_id": [c.id for c in rule.classes],
        "class_label_id": [c.label_id for c in rule.classes],
        "class_label_en": [c.label_en for c in rule.classes],
        "position": list(range(len(rule.classes))),
    })
    con = duckdb.connect()
    try:
        con.register("_cl_res", table)
        con.register("_cl_meta", meta)
        con.register("_cl_classes", classes)
        con.register("_cl_villages", pa.table({"region_code": pa.array(villages, pa.string())}))
        out = fetch_arrow(con, _village_sql(rule, used), {"period": period})
        con.register("_cl_out", out)
        parts = " UNION ALL ".join(
            f"SELECT left(region_code, {LEVELS[lv]}) AS region_code, '{lv}' AS level, class_id "
            "FROM _cl_out" for lv in levels)
        shares = fetch_arrow(con, _SHARES_SQL.format(parts=parts)) if parts else pa.table({})
    finally:
        con.close()
    return Classified(rule, period, out, shares)
