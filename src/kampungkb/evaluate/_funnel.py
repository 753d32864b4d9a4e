"""Funnel plots: each village of a region against the region's overall value.

For a ratio indicator, every village's follow-up proportion is compared with the Wilson-score
control limits of PHE's funnel plots (95 % and 99.8 %: p ∓ z·sqrt(p(1 − p) / n)) at its own
denominator around the overall proportion of its region
(:func:`kampungkb.stats.funnel_limits`, :func:`kampungkb.stats.funnel_significance`).
A village above the 99.8 % upper limit is ``higher_0.001``; within the 95 % limits,
``not_significant``; and so on.  Vectorised over all villages and indicators at once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from kampungkb.engine._intervals import control_limit_sql, z_value
from kampungkb.engine._results import LEVELS
from kampungkb.stats import funnel_limits, funnel_significance

__all__ = ["funnel_sql", "funnel_table"]


def _np(table: pa.Table, name: str) -> np.ndarray:
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    return np.asarray(pc.fill_null(table[name].cast(pa.float64()), np.nan).to_numpy(),
                      dtype=np.float64)


def _usable(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    ok: np.ndarray = (den > 0) & (num >= 0) & (num <= den)
    return ok


def funnel_sql(confidence: float | None, *, province: str = "_sc2") -> str:
    """The scorecard ``_sc2`` with ``funnel_significance``: each village's follow-up against its
    province (same labels and limits as :func:`kampungkb.stats.funnel_significance`, which a
    test holds equal), in the scorecard's order.  ``None`` leaves the column empty.

    Only village rows of ratio indicators with a usable proportion get a label.  The
    province's counts are read from ``province`` (a relation with the scorecard's
    ``region_code, level, indicator_id, followup_numerator, followup_denominator``).
    """
    order = ("ORDER BY CASE s.level WHEN 'village' THEN 0 WHEN 'district' THEN 1 "
             "WHEN 'regency' THEN 2 ELSE 3 END, s.region_code, s.position")
    if confidence is None:
        return f"SELECT s.*, CAST(NULL AS VARCHAR) AS funnel_significance FROM _sc2 s {order}"
    p, n, big = "(s.followup_numerator / s.followup_denominator)", "s.followup_denominator", \
        "(o.num / o.den)"
    limits = {
        (level, side): control_limit_sql(big, n, z_value(level), side)
        for level in (0.95, 0.998) for side in ("lower", "upper")
    }
    usable = (f"s.level = 'village' AND s.kind = 'ratio' AND {n} > 0 "
              "AND s.followup_numerator >= 0 AND s.followup_numerator <= " + n +
              " AND o.den > 0 AND o.num >= 0 AND o.num <= o.den")
    return f"""
        SELECT s.*, CASE WHEN NOT ({usable}) THEN NULL
          WHEN {p} > {limits[(0.998, "upper")]} THEN 'higher_0.001'
          WHEN {p} > {limits[(0.95, "upper")]} THEN 'higher_0.025'
          WHEN {p} < {limits[(0.998, "lower")]} THEN 'lower_0.001'
          WHEN {p} < {limits[(0.95, "lower")]} THEN 'lower_0.025'
          ELSE 'not_significant' END AS funnel_significance
        FROM _sc2 s
        LEFT JOIN (SELECT region_code, indicator_id, followup_numerator AS num,
                     followup_denominator AS den FROM {province} WHERE level = 'province') o
          ON o.region_code = left(s.region_code, {LEVELS["province"]})
          AND o.indicator_id = s.indicator_id
        {order}"""


def funnel_table(scorecard: pa.Table, indicator_id: str, region: str,
                 confidences: tuple[float, ...] = (0.95, 0.998)) -> pa.Table:
    """The points and control limits of one indicator's funnel plot for one region.

    Columns: ``region_code``, ``numerator``, ``denominator``, ``value`` (the village's
    follow-up), ``overall`` (the region's value), ``lower_95``/``upper_95`` and
    ``lower_99_8``/``upper_99_8`` (limits at the village's denominator, on the indicator's
    scale), ``significance``.  Villages without a usable proportion are left out.
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    rows = scorecard.filter(pc.equal(scorecard["indicator_id"], indicator_id))
    parent = rows.filter(pc.equal(rows["region_code"], region))
    if parent.num_rows == 0:
        return pa.table({})
    onum = parent["followup_numerator"][0].as_py()
    oden = parent["followup_denominator"][0].as_py()
    villages = rows.filter(pc.and_(pc.equal(rows["level"], "village"),
                                   pc.starts_with(rows["region_code"], region)))
    num, den = _np(villages, "followup_numerator"), _np(villages, "followup_denominator")
    keep = _usable(num, den)
    if not (onum is not None and oden and 0 <= onum <= oden) or not keep.any():
        return pa.table({})
    villages = villages.filter(pa.array(keep))
    num, den = num[keep], den[keep]
    factor = float(villages["factor"][0].as_py())
    overall = onum / oden
    limits = funnel_limits(den, overall, confidences)
    out = {
        "region_code": villages["region_code"],
        "numerator": pa.array(num), "denominator": pa.array(den),
        "value": pa.array(num / den * factor),
        "overall": pa.array(np.full(len(num), overall * factor)),
    }
    for level, (lo, hi) in limits.items():
        tag = f"{level * 100:g}".replace(".", "_")
        out[f"lower_{tag}"] = pa.array(lo * factor)
        out[f"upper_{tag}"] = pa.array(hi * factor)
    out["significance"] = pa.array(funnel_significance(num, den, overall), pa.string())
    return pa.table(out)
