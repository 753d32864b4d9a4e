"""The change between baseline and follow-up of a ratio indicator, with Newcombe's interval.

For every ratio row of a scorecard the difference follow-up − baseline gets Newcombe's hybrid
score interval (:func:`kampungkb.stats.newcombe_difference`, method 10 of Newcombe 1998) on the
indicator's scale, and a verdict: ``rise`` (the interval lies above 0), ``fall`` (below 0) or
``no_change`` (it contains 0).  Rows without both periods' counts have none.  The verdict is
reported beside the change rules; it decides a rule only for an indicator with
``change_significant = true``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.stats import newcombe_difference

__all__ = ["change_table"]


def _np(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(pc.fill_null(table[name].cast(pa.float64()), np.nan).to_numpy(),
                      dtype=np.float64)


_KEYS = ["region_code", "level", "indicator_id"]


def change_table(totals: pa.Table, meta: pa.Table, baseline: str, followup: str,
                 confidence: float) -> pa.Table:
    """Newcombe's interval and verdict of the change of every ratio indicator and region.

    Args:
        totals: results rows without disaggregation (``Results.totals()``).
        meta: one row per indicator with ``indicator_id``, ``kind``, ``factor``, ``decimals``.
        baseline, followup: the two periods.
        confidence: e.g. 0.95.

    Returns:
        ``region_code, level, indicator_id, change_lower, change_upper, change_significance``
        for every region and ratio indicator with both periods' counts.
    """
    cols = [*_KEYS, "numerator", "denominator"]
    ratio_ids = pc.filter(meta["indicator_id"], pc.equal(meta["kind"], "ratio"))
    rows = totals.filter(pc.is_in(totals["indicator_id"], ratio_ids)).select([*cols, "period"])
    base = rows.filter(pc.equal(rows["period"], baseline)).select(cols).rename_columns(
        [*_KEYS, "bn", "bd"])
    follow = rows.filter(pc.equal(rows["period"], followup)).select(cols).rename_columns(
        [*_KEYS, "fn", "fd"])
    both = base.join(follow, _KEYS, join_type="inner").join(
        meta.select(["indicator_id", "factor", "decimals"]), "indicator_id", join_type="inner")
    bn, bd, fn, fd = (_np(both, c) for c in ("bn", "bd", "fn", "fd"))
    factor, decimals = _np(both, "factor"), _np(both, "decimals")
    ok = (bd > 0) & (fd > 0) & (bn >= 0) & (fn >= 0) & (bn <= bd) & (fn <= fd)
    lower = np.full(len(bn), np.nan)
    upper = np.full(len(bn), np.nan)
    verdict = np.full(len(bn), None, dtype=object)
    if ok.any():
        _, lo, hi = newcombe_difference(fn[ok], fd[ok], bn[ok], bd[ok], confidence)
        scale = np.power(10.0, decimals[ok])
        lower[ok] = np.round(lo * factor[ok] * scale) / scale
        upper[ok] = np.round(hi * factor[ok] * scale) / scale
        verdict[ok] = np.where(lo > 0, "rise", np.where(hi < 0, "fall", "no_change"))
    return both.select(_KEYS).append_column(
        "change_lower", pa.array(lower, pa.float64(), from_pandas=True)).append_column(
        "change_upper", pa.array(upper, pa.float64(), from_pandas=True)).append_column(
        "change_significance", pa.array(verdict, pa.string()))
