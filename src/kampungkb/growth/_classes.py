"""Nutritional-status classes from z-scores, with Indonesian and English labels.

Cut-offs are WHO's (WHO Child Growth Standards 2006) and the Indonesian anthropometry standard
(Permenkes No. 2 Tahun 2020 tentang Standar Antropometri Anak), which uses the same WHO tables:
below -3 SD severe, -3 SD to below -2 SD moderate. Categories above the median (tall,
overweight, obese) are folded into ``normal`` here; they are not part of the Kampung KB measures.
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
import pyarrow as pa

from kampungkb.growth._core import round2
from kampungkb.growth._inputs import ArrayLike, to_float

__all__ = [
    "FLAGS",
    "HAZ_CLASSES",
    "WAZ_CLASSES",
    "WHZ_CLASSES",
    "GrowthClass",
    "GrowthFlag",
    "classify_haz",
    "classify_waz",
    "classify_whz",
]


@attrs.frozen
class GrowthClass:
    """One class of a z-score classification.

    Attributes:
        code: stable lowercase code stored in tables (``"stunted"``).
        label_id: label in Bahasa Indonesia.
        label_en: label in English.
        rule: the z-score range, for documentation (z is rounded to 2 decimals first).
    """

    code: str
    label_id: str
    label_en: str
    rule: str


@attrs.frozen
class GrowthFlag:
    """One data-quality flag code.

    Attributes:
        code: the value stored in ``haz_flag`` / ``waz_flag`` / ``whz_flag``.
        label_id: label in Bahasa Indonesia.
        label_en: label in English.
        description: what it means and whether a z-score is still given.
    """

    code: str
    label_id: str
    label_en: str
    description: str


#: Length/height-for-age (TB/U, PB/U): stunting.
HAZ_CLASSES: Final = (
    GrowthClass("normal", "Normal", "Normal", "z >= -2"),
    GrowthClass("stunted", "Pendek (stunted)", "Stunted", "-3 <= z < -2"),
    GrowthClass(
        "severely_stunted", "Sangat pendek (severely stunted)", "Severely stunted", "z < -3"
    ),
)
#: Weight-for-age (BB/U): underweight.
WAZ_CLASSES: Final = (
    GrowthClass("normal", "Berat badan normal", "Normal", "z >= -2"),
    GrowthClass("underweight", "Berat badan kurang (underweight)", "Underweight", "-3 <= z < -2"),
    GrowthClass(
        "severely_underweight",
        "Berat badan sangat kurang (severely underweight)",
        "Severely underweight",
        "z < -3",
    ),
)
#: Weight-for-length/height (BB/PB, BB/TB): wasting.
WHZ_CLASSES: Final = (
    GrowthClass("normal", "Gizi baik (normal)", "Normal", "z >= -2"),
    GrowthClass("wasted", "Gizi kurang (wasted)", "Wasted", "-3 <= z < -2"),
    GrowthClass("severely_wasted", "Gizi buruk (severely wasted)", "Severely wasted", "z < -3"),
)

#: Flag codes of the ``*_flag`` columns (null = no flag).
FLAGS: Final = (
    GrowthFlag(
        "missing_input",
        "Data tidak lengkap",
        "Missing input",
        "Sex, age or the measurement is missing (or not positive): no z-score.",
    ),
    GrowthFlag(
        "age_out_of_range",
        "Umur di luar 0-59 bulan",
        "Age out of range",
        "Age is negative or at least 60 months (age in days / 30.4375 >= 60): no z-score.",
    ),
    GrowthFlag(
        "height_out_of_range",
        "Panjang/tinggi di luar tabel",
        "Length/height out of range",
        "Weight-for-length/height only: length outside 45-110 cm (under 731 days) or height "
        "outside 65-120 cm: no z-score.",
    ),
    GrowthFlag(
        "implausible",
        "Tidak masuk akal",
        "Implausible",
        "z-score given but outside WHO's plausible range (|HAZ| > 6; WAZ < -6 or > 5; "
        "|WHZ| > 5): excluded from prevalence and from the class.",
    ),
    GrowthFlag(
        "position_unknown",
        "Posisi ukur tidak diketahui",
        "Position unknown",
        "Length/height-for-age only: position not recorded, or recorded standing under 9 "
        "months (WHO discards it): z-score given with no 0.7 cm correction.",
    ),
)


def _classify(z: ArrayLike, classes: tuple[GrowthClass, ...]) -> pa.Array:
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    values = round2(to_float(z, "z"))
    with np.errstate(invalid="ignore"):
        idx = np.where(values < -3, 2, np.where(values < -2, 1, 0)).astype(np.int8)
    indices = pa.array(idx, mask=np.isnan(values))
    return pc.take(pa.array([c.code for c in classes], pa.string()), indices)


def classify_haz(z: ArrayLike) -> pa.Array:
    """Stunting class of length/height-for-age z-scores.

    Args:
        z: z-scores (numpy, pyarrow, pandas, ...); rounded to 2 decimals before comparing.

    Returns:
        A pyarrow string array of ``"normal"``, ``"stunted"`` (z < -2), ``"severely_stunted"``
        (z < -3); null where z is null/NaN. Labels: :data:`HAZ_CLASSES`.
    """
    return _classify(z, HAZ_CLASSES)


def classify_waz(z: ArrayLike) -> pa.Array:
    """Underweight class of weight-for-age z-scores (see :func:`classify_haz`).

    Returns ``"normal"``, ``"underweight"`` (z < -2), ``"severely_underweight"`` (z < -3).
    """
    return _classify(z, WAZ_CLASSES)


def classify_whz(z: ArrayLike) -> pa.Array:
    """Wasting class of weight-for-length/height z-scores (see :func:`classify_haz`).

    Returns ``"normal"``, ``"wasted"`` (z < -2), ``"severely_wasted"`` (z < -3).
    """
    return _classify(z, WHZ_CLASSES)
