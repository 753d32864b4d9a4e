"""The change between baseline and follow-up of a ratio indicator, with Newcombe's interval.

For every ratio row the difference follow-up − baseline gets Newcombe's hybrid score interval
(method 10 of Newcombe 1998; :func:`kampungkb.stats.newcombe_difference`, which a test holds
equal) on the indicator's scale, and a verdict: ``rise`` (the interval lies above 0), ``fall``
(below 0) or ``no_change`` (it contains 0).  Rows without both periods' counts have none.  The
verdict is reported beside the change rules; it decides a rule only for an indicator with
``change_significant = true``.  Computed in SQL on the evaluation's connection (no Arrow built
in Python, so nothing imports pandas).
"""

from __future__ import annotations

from kampungkb.engine._intervals import newcombe_sql, z_value

__all__ = ["change_columns_sql"]


def change_columns_sql(confidence: float | None) -> tuple[str, str]:
    """SQL computing the change interval inside the scorecard's query, where ``b`` and ``f``
    are the baseline's and follow-up's result rows and ``m`` the indicator's ``_meta`` row.

    Returns ``(bounds, columns)``: ``bounds`` selects ``_chg_lo, _chg_hi`` (Newcombe's limits on
    the 0–1 scale; NULL for a row that is not a ratio, lacks a period's counts or has
    unusable counts, and for every row when ``confidence`` is None), and ``columns`` turns
    them into ``change_lower, change_upper, change_significance`` on the indicator's scale.
    """
    z = z_value(confidence if confidence is not None else 0.95)
    lo = newcombe_sql("f.numerator", "f.denominator", "b.numerator", "b.denominator",
                      z=z, side="lower")
    hi = newcombe_sql("f.numerator", "f.denominator", "b.numerator", "b.denominator",
                      z=z, side="upper")
    usable = ("m.kind = 'ratio' AND b.denominator > 0 AND f.denominator > 0 "
              "AND b.numerator >= 0 AND f.numerator >= 0 AND b.numerator <= b.denominator "
              "AND f.numerator <= f.denominator")
    if confidence is None:
        usable = "false"
    bounds = (f"CASE WHEN {usable} THEN {lo} END AS _chg_lo, "
              f"CASE WHEN {usable} THEN {hi} END AS _chg_hi")
    columns = ("round(_chg_lo * factor, CAST(decimals AS INTEGER)) AS change_lower, "
               "round(_chg_hi * factor, CAST(decimals AS INTEGER)) AS change_upper, "
               "CASE WHEN _chg_lo IS NULL THEN NULL WHEN _chg_lo > 0 THEN 'rise' "
               "WHEN _chg_hi < 0 THEN 'fall' ELSE 'no_change' END AS change_significance")
    return bounds, columns
