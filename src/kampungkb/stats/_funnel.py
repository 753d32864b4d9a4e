"""Funnel-plot control limits and significance bands around an overall proportion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from kampungkb.stats._inputs import (
    ArrayLike,
    StatsInputError,
    as_float,
    broadcast,
    check_counts,
    check_proportion,
    z_value,
)
from kampungkb.stats._intervals import Interval, proportions

__all__ = ["SIGNIFICANCE_LABELS", "funnel_limits", "funnel_significance"]

#: The labels :func:`funnel_significance` returns, from highest to lowest.
SIGNIFICANCE_LABELS: Final = (
    "higher_0.001",
    "higher_0.025",
    "not_significant",
    "lower_0.025",
    "lower_0.001",
)
_LABELS: Final = np.array([*SIGNIFICANCE_LABELS, None], dtype=object)
_MISSING: Final = len(SIGNIFICANCE_LABELS)


def funnel_limits(
    denominators: ArrayLike,
    overall_proportion: ArrayLike,
    confidences: Sequence[float] = (0.95, 0.998),
) -> dict[float, Interval]:
    """Funnel-plot control limits around an overall proportion, one pair per confidence level.

    For a denominator n and the overall proportion p the limits are the proportions observed
    on n whose Wilson score interval just reaches p — an area is outside them exactly when p
    is outside the Wilson interval of its own value. Solved, that is
    p ∓ z·sqrt(p(1 − p) / n), clipped to 0–1 (the range of values chance alone produces
    around p on n, not a confidence interval for p).

    Source: the Wilson-score control limits for proportions of the Public Health England /
    Fingertips technical guidance on funnel plots, as PHE's own ``PHEindicatormethods``
    computes them (``phe_funnels`` / ``phe_funnel_significance``), after D. J. Spiegelhalter
    (2005), "Funnel plots for comparing institutional performance", *Statistics in Medicine*
    24:1185–1202.

    Args:
        denominators: the population of each area (counts, ≥ 0).
        overall_proportion: the proportion to compare against (0–1), a number or an array
            broadcast against ``denominators`` (e.g. one per indicator).
        confidences: two-sided levels; the defaults 0.95 and 0.998 are the usual 2- and
            3-standard-deviation limits.

    Returns:
        ``{confidence: Interval(lower, upper)}`` in the order given; limits are proportions in
        0–1, NaN where the denominator is 0 or missing or the overall proportion is missing.

    Raises:
        StatsInputError: negative or infinite denominators, an overall proportion outside 0–1,
            a confidence level outside (0, 1), or no confidence level at all.
    """
    zs = [(z_value(c, f"confidences[{i}]"), float(c)) for i, c in enumerate(confidences)]
    if not zs:
        raise StatsInputError.of("stats.no_confidences")
    den = as_float(denominators, "denominators")
    check_counts(den, "denominators")
    p = as_float(overall_proportion, "overall_proportion")
    check_proportion(p, "overall_proportion")
    den, p = broadcast((den, "denominators"), (p, "overall_proportion"))
    return {level: control_limits(p, den, z) for z, level in zs}


def control_limits(p: npt.NDArray[np.float64], n: npt.NDArray[np.float64],
                   z: float) -> Interval:
    """p ∓ z·sqrt(p(1 − p) / n) clipped to 0–1 (NaN where n is 0 or NaN): the observed
    proportions on n whose Wilson interval has p as a limit (see :func:`funnel_limits`)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        half = z * np.sqrt(p * (1.0 - p) / n)
    lower = np.asarray(np.maximum(p - half, 0.0), dtype=np.float64)
    upper = np.asarray(np.minimum(p + half, 1.0), dtype=np.float64)
    empty = ~(n > 0)
    lower[empty] = np.nan
    upper[empty] = np.nan
    return Interval(lower, upper)


def funnel_significance(
    numerators: ArrayLike,
    denominators: ArrayLike,
    overall: ArrayLike | None = None,
    *,
    axis: int | None = None,
) -> npt.NDArray[np.object_]:
    """Where each area's proportion falls against the 95 % and 99.8 % funnel limits.

    Each area's proportion numerator / denominator is compared with :func:`funnel_limits` at
    its own denominator around the overall proportion:

    * ``"higher_0.001"``: above the 99.8 % upper limit;
    * ``"higher_0.025"``: above the 95 % upper limit but not the 99.8 % one;
    * ``"not_significant"``: within the 95 % limits (a value exactly on a limit is within);
    * ``"lower_0.025"`` and ``"lower_0.001"``: below the 95 % / 99.8 % lower limit.

    The overall proportion is, unless ``overall`` is given, the sum of the numerators over the
    sum of the denominators of the areas with a usable value (``axis=None``: over all values;
    ``axis=0`` for a villages × indicators array: one overall proportion per indicator).

    Returns:
        A NumPy array of dtype ``object`` of the broadcast shape holding the label strings
        above, and ``None`` where the denominator is 0, a value is missing, or the overall
        proportion is missing (e.g. every denominator is 0).  ``pyarrow.array(result.ravel())``
        turns it into an Arrow string array with nulls.

    Raises:
        StatsInputError: as :func:`wilson_interval`; an ``overall`` outside 0–1.
    """
    num, den, p_area = proportions(numerators, denominators, ("numerators", "denominators"))
    usable = ~np.isnan(p_area)
    if overall is None:
        total_num = np.sum(np.where(usable, num, 0.0), axis=axis, keepdims=True)
        total_den = np.sum(np.where(usable, den, 0.0), axis=axis, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_all = np.where(total_den > 0, total_num / total_den, np.nan)
    else:
        p_all = as_float(overall, "overall")
        check_proportion(p_all, "overall")
    p_area, den, p_all = broadcast(
        (p_area, "numerators"), (den, "denominators"), (p_all, "overall")
    )
    limits = funnel_limits(den, p_all, (0.95, 0.998))
    (l95, u95), (l998, u998) = limits[0.95], limits[0.998]
    code = np.select(
        [p_area > u998, p_area > u95, p_area < l998, p_area < l95],
        [0, 1, 4, 3],
        default=2,
    )
    code = np.where(np.isnan(p_area) | np.isnan(l95), _MISSING, code)
    out: npt.NDArray[np.object_] = _LABELS[code]
    return out
