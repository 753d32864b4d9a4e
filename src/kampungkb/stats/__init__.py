"""Numbers that can be published: confidence intervals and funnel-plot limits, vectorised.

Every function takes NumPy arrays, Python sequences, pyarrow arrays (or pandas/polars Series)
and returns float64 NumPy arrays; inputs broadcast against each other with NumPy rules.  Each
function's docstring cites its source.  See ``docs/stats.md``.
"""

from __future__ import annotations

from kampungkb.stats._funnel import SIGNIFICANCE_LABELS, funnel_limits, funnel_significance
from kampungkb.stats._inputs import StatsInputError
from kampungkb.stats._intervals import (
    DifferenceInterval,
    Interval,
    byar_interval,
    newcombe_difference,
    wilson_interval,
)

__all__ = [
    "SIGNIFICANCE_LABELS",
    "DifferenceInterval",
    "Interval",
    "StatsInputError",
    "byar_interval",
    "funnel_limits",
    "funnel_significance",
    "newcombe_difference",
    "wilson_interval",
]
