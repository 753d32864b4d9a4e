"""The change between baseline and follow-up of a ratio indicator, with Newcombe's interval.

For every ratio row of a scorecard the difference follow-up − baseline gets Newcombe's hybrid
score interval (:func:`kampungkb.stats.newcombe_difference`, method 10 of Newcombe 1998) on the
indicator's scale, and a verdict: ``rise`` (the interval lies above 0), ``fall`` (below 0) or
``no_change`` (it contains 0).  Rows without both periods' counts have none.  The change rules of
an indicator set are not altered by the verdict; it is reported beside them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.stats import newcombe_difference

__all__ = ["add_change_intervals"]


def _np(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(pc.fill_null(table[name].cast(pa.float64()), np.nan).to_numpy(),
                      dtype=np.float64)


def add_change_intervals(scorecard: pa.Table, factors: pa.Array,
                         confidence: float) -> pa.Table:
    """Append ``change_lower``, ``change_upper`` and ``change_significance`` to ``scorecard``.

    Args:
        scorecard: with ``kind``, ``decimals`` and the baseline and follow-up numerators and
            denominators.
        factors: the indicator's factor per row.
        confidence: e.g. 0.95.
    """
    bn, bd = _np(scorecard, "baseline_numerator"), _np(scorecard, "baseline_denominator")
    fn, fd = _np(scorecard, "followup_numerator"), _np(scorecard, "followup_denominator")
    kind = np.asarray(scorecard["kind"].to_numpy(zero_copy_only=False), dtype=object)
    factor = np.asarray(factors.to_numpy(zero_copy_only=False), dtype=np.float64)
    decimals = _np(scorecard, "decimals")
    ok = ((kind == "ratio") & (bd > 0) & (fd > 0) & (bn >= 0) & (fn >= 0)
          & (bn <= bd) & (fn <= fd))
    lower = np.full(len(kind), np.nan)
    upper = np.full(len(kind), np.nan)
    verdict = np.full(len(kind), None, dtype=object)
    if ok.any():
        _, lo, hi = newcombe_difference(fn[ok], fd[ok], bn[ok], bd[ok], confidence)
        scale = np.power(10.0, decimals[ok])
        lower[ok] = np.round(lo * factor[ok] * scale) / scale
        upper[ok] = np.round(hi * factor[ok] * scale) / scale
        verdict[ok] = np.where(lo > 0, "rise", np.where(hi < 0, "fall", "no_change"))
    return (scorecard
            .append_column("change_lower", pa.array(lower, pa.float64(), from_pandas=True))
            .append_column("change_upper", pa.array(upper, pa.float64(), from_pandas=True))
            .append_column("change_significance", pa.array(verdict, pa.string())))
