"""Funnel plots: each village of a region against the region's overall value.

For a ratio indicator, every village's follow-up proportion is compared with the Wilson-score
control limits (95 % and 99.8 %) at its own denominator around the overall proportion of its
region (:func:`kampungkb.stats.funnel_limits`, :func:`kampungkb.stats.funnel_significance`).
A village above the 99.8 % upper limit is ``higher_0.001``; within the 95 % limits,
``not_significant``; and so on.  Vectorised over all villages and indicators at once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.engine._results import LEVELS
from kampungkb.stats import funnel_limits, funnel_significance

__all__ = ["add_funnel_significance", "funnel_table"]


def _np(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(pc.fill_null(table[name].cast(pa.float64()), np.nan).to_numpy(),
                      dtype=np.float64)


def _usable(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    ok: np.ndarray = (den > 0) & (num >= 0) & (num <= den)
    return ok


def _overall(scorecard: pa.Table, parent_level: str) -> pa.Table:
    """Per village row, its region's follow-up numerator and denominator at ``parent_level``."""
    length = LEVELS[parent_level]
    parents = scorecard.filter(pc.equal(scorecard["level"], parent_level)).select(
        ["region_code", "indicator_id", "followup_numerator", "followup_denominator"]
    ).rename_columns(["parent_code", "indicator_id", "overall_numerator",
                      "overall_denominator"])
    keys = pa.table({
        "parent_code": pc.utf8_slice_codeunits(scorecard["region_code"], 0, length),
        "indicator_id": scorecard["indicator_id"],
        "row_": pa.array(np.arange(scorecard.num_rows)),
    })
    return keys.join(parents, ["parent_code", "indicator_id"],
                     join_type="left outer").sort_by("row_")


def add_funnel_significance(scorecard: pa.Table, parent_level: str = "province") -> pa.Table:
    """Append ``funnel_significance``: each village's follow-up against its province.

    Only village rows of ratio indicators with a usable proportion get a label; the others are
    null.  Without rows at ``parent_level`` (levels not computed) every label is null.
    """
    joined = _overall(scorecard, parent_level)
    num, den = _np(scorecard, "followup_numerator"), _np(scorecard, "followup_denominator")
    onum, oden = _np(joined, "overall_numerator"), _np(joined, "overall_denominator")
    kind = np.asarray(scorecard["kind"].to_numpy(zero_copy_only=False), dtype=object)
    village = np.asarray(pc.equal(scorecard["level"], "village").to_numpy(
        zero_copy_only=False), dtype=bool)
    ok = village & (kind == "ratio") & _usable(num, den) & _usable(onum, oden)
    labels = np.full(len(kind), None, dtype=object)
    if ok.any():
        labels[ok] = funnel_significance(num[ok], den[ok], onum[ok] / oden[ok])
    return scorecard.append_column("funnel_significance", pa.array(labels, pa.string()))


def funnel_table(scorecard: pa.Table, indicator_id: str, region: str,
                 confidences: tuple[float, ...] = (0.95, 0.998)) -> pa.Table:
    """The points and control limits of one indicator's funnel plot for one region.

    Columns: ``region_code``, ``numerator``, ``denominator``, ``value`` (the village's
    follow-up), ``overall`` (the region's value), ``lower_95``/``upper_95`` and
    ``lower_99_8``/``upper_99_8`` (limits at the village's denominator, on the indicator's
    scale), ``significance``.  Villages without a usable proportion are left out.
    """
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
