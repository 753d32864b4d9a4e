"""Confidence intervals of indicator values, added to the results table (vectorised).

* **ratio** indicators: the Wilson score interval of numerator / denominator
  (:func:`kampungkb.stats.wilson_interval`), on the indicator's scale (× factor).  Where a ratio
  is a rate whose numerator may exceed its denominator, Byar's interval of the numerator over
  the denominator is used instead.
* **count** indicators: Byar's interval of the count (:func:`kampungkb.stats.byar_interval`).
* **presence** indicators: above the village level the value is a share of villages: Wilson
  over the villages; a single village's presence (0 or 1) has no interval.

Bounds are rounded to the indicator's decimals like the value; rows without a value (missing,
zero denominator, non-finite) have no bounds.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.stats import byar_interval, wilson_interval

__all__ = ["add_intervals"]


def _np(table: pa.Table, name: str) -> np.ndarray:
    col = pc.fill_null(table[name].cast(pa.float64()), np.nan)
    return np.asarray(col.to_numpy(), dtype=np.float64)


def add_intervals(table: pa.Table, kinds: pa.Array, factors: np.ndarray, decimals: np.ndarray,
                  confidence: float) -> tuple[pa.Array, pa.Array]:
    """``lower`` and ``upper`` for every row of a results table.

    Args:
        table: results with ``numerator``, ``denominator``, ``value`` and ``level``.
        kinds, factors, decimals: per row, the indicator's kind, factor and decimals.
        confidence: e.g. 0.95.
    """
    num = _np(table, "numerator")
    den = _np(table, "denominator")
    value = _np(table, "value")
    kind = np.asarray(kinds.to_numpy(zero_copy_only=False), dtype=object)
    village = np.asarray(pc.equal(table["level"], "village").to_numpy(zero_copy_only=False))
    lower = np.full(len(num), np.nan)
    upper = np.full(len(num), np.nan)
    has = ~np.isnan(value)

    share = has & (den > 0) & (num >= 0) & (num <= den) & (
        (kind == "ratio") | ((kind == "presence") & ~village))
    if share.any():
        lo, hi = wilson_interval(num[share], den[share], confidence)
        scale = np.where(kind[share] == "ratio", factors[share], 100.0)
        lower[share], upper[share] = lo * scale, hi * scale
    rate = has & (kind == "ratio") & (den > 0) & (num > den)
    if rate.any():
        lo, hi = byar_interval(num[rate], confidence)
        lower[rate] = lo / den[rate] * factors[rate]
        upper[rate] = hi / den[rate] * factors[rate]
    count = has & (kind == "count") & (num >= 0)
    if count.any():
        lo, hi = byar_interval(num[count], confidence)
        lower[count], upper[count] = lo, hi
    lower = _round(lower, decimals)
    upper = _round(upper, decimals)
    return (pa.array(lower, pa.float64(), from_pandas=True),
            pa.array(upper, pa.float64(), from_pandas=True))


def _round(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    scale = np.power(10.0, decimals)
    with np.errstate(invalid="ignore"):
        out: np.ndarray = np.round(values * scale) / scale
    return out
