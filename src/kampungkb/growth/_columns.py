"""Derived growth columns of the canonical ``child_measurements`` table."""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kampungkb.errors import DatasetError
from kampungkb.growth._api import days_to_arrow, flags_to_arrow, floats_to_arrow, height_haz_arrays
from kampungkb.growth._classes import (
    FLAGS,
    HAZ_CLASSES,
    WAZ_CLASSES,
    WHZ_CLASSES,
    GrowthClass,
    classify_haz,
    classify_waz,
    classify_whz,
)
from kampungkb.growth._core import FLAG_IMPLAUSIBLE, waz_kernel, whz_kernel
from kampungkb.growth._inputs import to_float
from kampungkb.models._schema import Column

__all__ = ["GROWTH_COLUMNS", "add_growth_columns"]

_FLAG_CODES = tuple(f.code for f in FLAGS)
_HAZ_FLAGS = tuple(c for c in _FLAG_CODES if c != "height_out_of_range")
_AGE_FLAGS = tuple(c for c in _FLAG_CODES if c not in {"height_out_of_range", "position_unknown"})


def _codes(classes: tuple[GrowthClass, ...]) -> tuple[str, ...]:
    return tuple(c.code for c in classes)


#: Columns :func:`add_growth_columns` appends, in order (DuckDB types, bilingual labels).
GROWTH_COLUMNS: Final[tuple[Column, ...]] = (
    Column("age_days", "INTEGER", description="Age in days at the measurement date, rounded "
           "half-up (WHO); null when a date is missing.",
           label_id="Umur (hari)", label_en="Age (days)", derived=True),
    Column("haz", "DOUBLE", description="Length/height-for-age z-score (WHO 2006), 2 decimals; "
           "null when not computable.", label_id="Z-skor TB/U", label_en="Height-for-age z-score",
           derived=True),
    Column("haz_flag", "VARCHAR", description="Why haz is missing or suspect; null when fine.",
           label_id="Catatan TB/U", label_en="Height-for-age flag", enum=_HAZ_FLAGS,
           derived=True),
    Column("haz_class", "VARCHAR", description="Stunting class from haz (-3 <= z < -2 "
           "stunted, z < -3 severely stunted); null when haz is null or flagged implausible.",
           label_id="Status TB/U", label_en="Height-for-age class", enum=_codes(HAZ_CLASSES),
           derived=True),
    Column("waz", "DOUBLE", description="Weight-for-age z-score (WHO 2006), 2 decimals.",
           label_id="Z-skor BB/U", label_en="Weight-for-age z-score", derived=True),
    Column("waz_flag", "VARCHAR", description="Why waz is missing or suspect (implausible: "
           "z < -6 or > 5); null when fine.", label_id="Catatan BB/U",
           label_en="Weight-for-age flag", enum=_AGE_FLAGS, derived=True),
    Column("waz_class", "VARCHAR", description="Underweight class from waz; null when waz is "
           "null or implausible.", label_id="Status BB/U", label_en="Weight-for-age class",
           enum=_codes(WAZ_CLASSES), derived=True),
    Column("whz", "DOUBLE", description="Weight-for-length/height z-score (WHO 2006), "
           "2 decimals.", label_id="Z-skor BB/TB", label_en="Weight-for-height z-score",
           derived=True),
    Column("whz_flag", "VARCHAR", description="Why whz is missing or suspect (implausible: "
           "|z| > 5); null when fine.", label_id="Catatan BB/TB",
           label_en="Weight-for-height flag",
           enum=tuple(c for c in _FLAG_CODES if c != "position_unknown"), derived=True),
    Column("whz_class", "VARCHAR", description="Wasting class from whz; null when whz is null "
           "or implausible.", label_id="Status BB/TB", label_en="Weight-for-height class",
           enum=_codes(WHZ_CLASSES), derived=True),
)  # fmt: skip



def _class_column(classified: pa.Array, flag: npt.NDArray[np.int8]) -> pa.Array:
    """Classes with implausible z-scores blanked out (they are left out of prevalence)."""
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    implausible = pa.array(flag == FLAG_IMPLAUSIBLE)
    return pc.if_else(implausible, pa.scalar(None, pa.string()), classified)


def add_growth_columns(table: pa.Table, *, reference_column: str = "date") -> pa.Table:
    """Append the derived growth columns (:data:`GROWTH_COLUMNS`) to ``child_measurements``.

    Age is ``table[reference_column] - birth_date`` in days. The input needs ``sex``,
    ``birth_date``, ``height_cm`` and the reference column; ``measured`` (position) and
    ``weight_kg`` are optional (missing -> position unknown / no weight-based scores).
    Derived columns already present are replaced; the other columns are kept as they are.

    Args:
        table: the canonical ``child_measurements`` table (see the internal contract).
        reference_column: the date to compute age at (the measurement date by default).

    Returns:
        ``table`` with ``age_days`` (int32), ``haz``, ``haz_flag``, ``haz_class``, ``waz``,
        ``waz_flag``, ``waz_class``, ``whz``, ``whz_flag``, ``whz_class`` appended.

    Raises:
        DatasetError: a required column is missing (the message names it).
    """
    names = set(table.column_names)
    needed = ("sex", "birth_date", "height_cm", reference_column)
    missing = [c for c in needed if c not in names]
    if missing:
        raise DatasetError.of("growth.missing_columns", columns=missing)
    n = table.num_rows
    measured = table.column("measured") if "measured" in names else None
    sexes, age, haz = height_haz_arrays(
        table.column("sex"),
        table.column("height_cm"),
        measured,
        age_days=None,
        birth_date=table.column("birth_date"),
        measurement_date=table.column(reference_column),
    )
    weight = (
        to_float(table.column("weight_kg"), "weight_kg")
        if "weight_kg" in names
        else (np.full(n, np.nan))
    )
    waz, waz_flag = waz_kernel(sexes, age, weight)
    whz, whz_flag = whz_kernel(sexes, age, weight, haz.height_adjusted, haz.position)
    derived = {
        "age_days": days_to_arrow(age),
        "haz": floats_to_arrow(haz.z),
        "haz_flag": flags_to_arrow(haz.flag),
        "haz_class": _class_column(classify_haz(haz.z), haz.flag),
        "waz": floats_to_arrow(waz),
        "waz_flag": flags_to_arrow(waz_flag),
        "waz_class": _class_column(classify_waz(waz), waz_flag),
        "whz": floats_to_arrow(whz),
        "whz_flag": flags_to_arrow(whz_flag),
        "whz_class": _class_column(classify_whz(whz), whz_flag),
    }
    out = table.drop_columns([c.name for c in GROWTH_COLUMNS if c.name in names])
    for col in GROWTH_COLUMNS:
        out = out.append_column(
            pa.field(col.name, col.arrow_type),
            derived[col.name].cast(col.arrow_type),
        )
    return out
