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

import math
import re
import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import attrs
import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kampungkb.engine._compute import compute
from kampungkb.engine._dataset import Dataset
from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._results import LEVELS, Results
from kampungkb.errors import DatasetError, IndicatorDefinitionError, UnknownIndicatorSetError
from kampungkb.indicators._definitions import IndicatorSet

__all__ = [
    "ClassRule",
    "Classification",
    "Classified",
    "Index",
    "ScoreBand",
    "Variable",
    "classify",
    "load_classification",
]

_Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
_CONDITION = re.compile(r"^\s*(>=|<=|==|>|<)\s*(threshold|-?\d+(?:\.\d+)?)\s*$")


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScoreBand(_Rule):
    """Values from ``lo`` to ``hi`` (both inclusive; None = unbounded) score ``score``."""

    lo: float | None = Field(default=None, description="Lowest value of the band (inclusive).")
    hi: float | None = Field(default=None, description="Highest value of the band (inclusive).")
    score: int = Field(ge=0, le=100, description="Score of a value in the band.")

    @model_validator(mode="after")
    def _ordered(self) -> ScoreBand:
        if self.lo is not None and self.hi is not None and self.lo > self.hi:
            raise ValueError(f"band lo={self.lo:g} is above hi={self.hi:g}")
        return self

    def describe(self) -> str:
        """The band in words, e.g. ``30–40``, ``≤ 29``, ``≥ 51``."""
        if self.lo is None and self.hi is None:
            return "any"
        if self.lo is None:
            return f"≤ {self.hi:g}"
        if self.hi is None:
            return f"≥ {self.lo:g}"
        return f"{self.lo:g}" if self.lo == self.hi else f"{self.lo:g}–{self.hi:g}"


class Variable(_Rule):
    """One scored variable: an indicator's village value (or the mean of several), banded."""

    id: _Id = Field(description="Variable id, unique within the classification.")
    label_id: str = Field(default="", description="Label in Bahasa Indonesia.")
    label_en: str = Field(default="", description="Label in English.")
    indicator: str | None = Field(default=None, description="Indicator id read for the value.")
    mean_of: tuple[str, ...] = Field(
        default=(), description="Indicator ids whose mean is the value (missing ones count 0; "
        "all missing = missing).")
    round_to_integer: bool = Field(
        default=True, description="Round the value (and each mean_of component) to an integer, "
        "half away from zero, before scoring.")
    bands: tuple[ScoreBand, ...] = Field(description="Score bands, from the lowest values up.")
    missing_score: int = Field(default=1, ge=0, le=100, description="Score when data is missing.")

    @model_validator(mode="after")
    def _shape(self) -> Variable:
        if (self.indicator is None) == (not self.mean_of):
            raise ValueError(f"variable {self.id!r}: give exactly one of indicator or mean_of")
        if not self.bands:
            raise ValueError(f"variable {self.id!r} has no score bands")
        lows = [-math.inf if b.lo is None else b.lo for b in self.bands]
        highs = [math.inf if b.hi is None else b.hi for b in self.bands]
        for i in range(1, len(self.bands)):
            if lows[i] <= highs[i - 1]:
                raise ValueError(f"variable {self.id!r}: bands must be in ascending order "
                                 f"and not overlap (band {i + 1})")
            if self.round_to_integer and lows[i] > math.floor(highs[i - 1]) + 1:
                raise ValueError(f"variable {self.id!r}: an integer between band {i} and "
                                 f"band {i + 1} would get no score")
        if self.round_to_integer and (lows[0] != -math.inf or highs[-1] != math.inf):
            raise ValueError(f"variable {self.id!r}: the first band needs no lo and the last "
                             "no hi, so every value gets a score")
        return self

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator ids the variable reads."""
        return (self.indicator,) if self.indicator else self.mean_of


class Index(_Rule):
    """An index: the mean of its variables' scores, rounded to ``decimals``."""

    id: _Id = Field(description="Index id, e.g. 'input'.")
    label_id: str = Field(default="", description="Label in Bahasa Indonesia.")
    label_en: str = Field(default="", description="Label in English.")
    variables: tuple[str, ...] = Field(min_length=1, description="Variable ids averaged.")
    decimals: int = Field(default=2, ge=0, le=6, description="Decimals the index is rounded to.")


class ClassRule(_Rule):
    """A class and when a village belongs to it; rules are tried in order, first match wins.

    ``when`` maps index ids to conditions that must all hold (``">= threshold"``, ``"< 3"``);
    ``when_any`` to conditions of which at least one must hold.  A rule with neither is the
    fallback and must come last.
    """

    id: _Id = Field(description="Class code, e.g. 'mandiri'.")
    label_id: str = Field(description="Label in Bahasa Indonesia.")
    label_en: str = Field(description="Label in English.")
    when: dict[str, str] = Field(default_factory=dict, description="All must hold.")
    when_any: dict[str, str] = Field(default_factory=dict, description="At least one must hold.")

    @model_validator(mode="after")
    def _conditions(self) -> ClassRule:
        for index, cond in (*self.when.items(), *self.when_any.items()):
            if not _CONDITION.match(cond):
                raise ValueError(f"class {self.id!r}: condition {cond!r} on {index!r} is not "
                                 "'<op> <number>' or '<op> threshold' (op: >=, >, <=, <, ==)")
        return self

    def describe(self, lang: str = "en") -> str:
        """The rule in words."""
        words = {"en": ("and", "at least one of", "otherwise"),
                 "id": ("dan", "minimal satu dari", "selain itu")}[lang]
        parts = [" ".join((k, v)) for k, v in self.when.items()]
        if self.when_any:
            any_ = ", ".join(" ".join((k, v)) for k, v in self.when_any.items())
            parts.append(f"{words[1]}: {any_}")
        return f" {words[0]} ".join(parts) if parts else words[2]


class Classification(_Rule):
    """A complete classification rule over one indicator set (see the module docstring)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_\-]*$", description="Name, e.g. 'bkkbn-2020'.")
    label_id: str = Field(description="Title in Bahasa Indonesia.")
    label_en: str = Field(description="Title in English.")
    set_key: str = Field(description="The indicator set read, 'id@version'.")
    source: str = Field(default="", description="Where the rule comes from.")
    threshold: float = Field(default=3.0, description="The value conditions call 'threshold'.")
    variables: tuple[Variable, ...] = Field(min_length=1)
    indices: tuple[Index, ...] = Field(min_length=1)
    classes: tuple[ClassRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Classification:
        for kind, ids in (("variable", [v.id for v in self.variables]),
                          ("index", [i.id for i in self.indices]),
                          ("class", [c.id for c in self.classes])):
            if len(set(ids)) != len(ids):
                raise ValueError(f"{self.id}: a {kind} id is defined twice")
        names = {v.id for v in self.variables}
        for index in self.indices:
            unknown = [v for v in index.variables if v not in names]
            if unknown:
                raise ValueError(f"{self.id}: index {index.id!r} names unknown variables {unknown}")
        idx = {i.id for i in self.indices}
        for rule in self.classes:
            unknown = [k for k in (*rule.when, *rule.when_any) if k not in idx]
            if unknown:
                raise ValueError(f"{self.id}: class {rule.id!r} names unknown indices {unknown}")
        if self.classes[-1].when or self.classes[-1].when_any:
            raise ValueError(f"{self.id}: the last class must have no conditions (the fallback)")
        if any(not (c.when or c.when_any) for c in self.classes[:-1]):
            raise ValueError(f"{self.id}: only the last class may have no conditions")
        return self

    def check(self, indicator_set: IndicatorSet) -> None:
        """Check that every variable reads an indicator the set defines.

        Raises:
            IndicatorDefinitionError: naming the classification's set and the variable.
        """
        known = {i.id for i in indicator_set.indicators}
        for var in self.variables:
            missing = [i for i in var.indicators if i not in known]
            if missing:
                raise IndicatorDefinitionError(
                    f"classification {self.id!r} reads indicators {missing} that "
                    f"{indicator_set.key} does not define", set_id=self.set_key, item_id=var.id)


def load_classification(source: str | Path) -> Classification:
    """Read a :class:`Classification` from a TOML file (a path) or TOML text.

    Raises:
        IndicatorDefinitionError: the TOML is malformed or the rule is invalid.
    """
    if isinstance(source, Path) or ("\n" not in source and source.endswith(".toml")):
        name, text = str(source), Path(source).read_text(encoding="utf-8")
    else:
        name, text = "<text>", source
    try:
        return Classification.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise IndicatorDefinitionError(f"{name} is not valid TOML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors())
        raise IndicatorDefinitionError(f"{name}: {problems}") from exc


def load_builtin_classification(filename: str) -> Classification:
    """Load a classification shipped in ``kampungkb/indicators/sets``."""
    path = resources.files("kampungkb.indicators").joinpath("sets", filename)
    return load_classification(path.read_text("utf-8"))


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
        rows = self.villages.filter(pc.equal(self.villages["region_code"], region_code))
        if rows.num_rows == 0:
            raise KeyError(region_code)
        row: dict[str, Any] = rows.to_pylist()[0]
        return row

    def to_pandas(self) -> Any:
        """The village table as a pandas DataFrame."""
        return self.villages.to_pandas()


def _resolve(classification: Classification | str) -> Classification:
    if isinstance(classification, Classification):
        return classification
    from kampungkb.plugins import get_plugin_manager  # noqa: PLC0415 - plugins load lazily

    specs = get_plugin_manager().classifiers()
    spec = specs.get(classification)
    if spec is None or not isinstance(spec.rule, Classification):
        raise UnknownIndicatorSetError(
            f"no classifier {classification!r}; registered: {', '.join(sorted(specs)) or 'none'}")
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
    return f"CASE WHEN {nulls} THEN NULL ELSE {'round(' + mean + ')' if var.round_to_integer else mean} END"


def _score_sql(var: Variable) -> str:
    whens = [f'WHEN "{var.id}" IS NULL THEN {var.missing_score}']
    for band in var.bands:
        conds = [f'"{var.id}" >= {_num(band.lo)}' if band.lo is not None else "",
                 f'"{var.id}" <= {_num(band.hi)}' if band.hi is not None else ""]
        whens.append(f"WHEN {' AND '.join(c for c in conds if c) or 'true'} THEN {band.score}")
    return f"CAST(CASE {' '.join(whens)} ELSE {var.missing_score} END AS INTEGER)"


def _condition_sql(index: str, cond: str, threshold: float) -> str:
    m = _CONDITION.match(cond)
    assert m is not None  # checked by ClassRule
    op = "=" if m.group(1) == "==" else m.group(1)
    value = threshold if m.group(2) == "threshold" else float(m.group(2))
    return f'"{index}_index" {op} {_num(value)}'


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
      CASE WHEN r.denominator > 0 THEN r.numerator / r.denominator * m.factor END
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


def _results_for(source: Dataset | Results, iset: IndicatorSet, period: str) -> tuple[
        pa.Table, list[str]]:
    """Village-level results of the set for the period, and the villages to classify."""
    if isinstance(source, Dataset):
        results = compute(source, [iset], [period], levels=("village",))
        covered = [str(r[0]) for r in source.con.execute(
            "SELECT village_code FROM _coverage WHERE village_code IS NOT NULL").fetchall()]
    else:
        results = source
        covered = []
    t = results.table
    mask = pc.and_(pc.and_(pc.equal(t["level"], "village"), pc.equal(t["period"], period)),
                   pc.and_(pc.equal(t["set_id"], iset.id),
                           pc.equal(t["set_version"], iset.version)))
    table = t.filter(mask)
    if table.num_rows == 0 and not covered:
        raise DatasetError(f"no village results of {iset.key} for period {period!r}")
    villages = sorted({*covered, *(str(v) for v in table["region_code"].to_pylist())})
    return table, villages


def classify(
    source: Dataset | Results,
    classification: Classification | str,
    period: str,
    *,
    indicator_set: IndicatorSet | None = None,
    levels: Sequence[str] = ("district", "regency", "province"),
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
        levels: roll-up levels of the class shares.

    Raises:
        UnknownIndicatorSetError: unknown classifier name or set.
        IndicatorDefinitionError: the rule reads indicators the set lacks.
        DatasetError: no results for the period, or an unknown level.
    """
    rule = _resolve(classification)
    if indicator_set is None:
        from kampungkb.plugins import get_plugin_manager  # noqa: PLC0415 - lazy plugins

        indicator_set = get_plugin_manager().get_indicator_set(rule.set_key)
    rule.check(indicator_set)
    bad = [lv for lv in levels if lv not in LEVELS or lv == "village"]
    if bad:
        raise DatasetError(f"unknown roll-up level(s) {bad}; use district, regency, province")
    period = str(period)
    table, villages = _results_for(source, indicator_set, period)
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
