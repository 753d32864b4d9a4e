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

import duckdb

from kampungkb.engine._intervals import newcombe_sql, z_value

__all__ = ["create_change_table"]


def create_change_table(con: duckdb.DuckDBPyConnection, baseline: str, followup: str,
                        confidence: float | None) -> None:
    """Create ``_chg`` on ``con`` from its ``_res`` (results totals) and ``_meta`` (indicators):
    ``region_code, level, indicator_id, change_lower, change_upper, change_significance``.

    ``confidence=None`` creates it empty (no intervals asked for).
    """
    z = z_value(confidence if confidence is not None else 0.95)
    lo = newcombe_sql("f.numerator", "f.denominator", "b.numerator", "b.denominator",
                      z=z, side="lower")
    hi = newcombe_sql("f.numerator", "f.denominator", "b.numerator", "b.denominator",
                      z=z, side="upper")
    usable = ("b.denominator > 0 AND f.denominator > 0 AND b.numerator >= 0 "
              "AND f.numerator >= 0 AND b.numerator <= b.denominator "
              "AND f.numerator <= f.denominator")
    where = "true" if confidence is not None else "false"
    con.execute(
        f"""
        CREATE TEMP TABLE _chg AS
        WITH d AS (
          SELECT b.region_code, b.level, b.indicator_id, m.factor,
            CAST(m.decimals AS INTEGER) AS decimals, {lo} AS lo, {hi} AS hi
          FROM _res b
          JOIN _res f ON f.region_code = b.region_code AND f.level = b.level
            AND f.indicator_id = b.indicator_id AND f.period = $followup
          JOIN _meta m ON m.indicator_id = b.indicator_id
          WHERE b.period = $baseline AND m.kind = 'ratio' AND {usable} AND {where}
        )
        SELECT region_code, level, indicator_id,
          round(lo * factor, decimals) AS change_lower,
          round(hi * factor, decimals) AS change_upper,
          CASE WHEN lo > 0 THEN 'rise' WHEN hi < 0 THEN 'fall' ELSE 'no_change' END
            AS change_significance
        FROM d
        """,
        {"baseline": baseline, "followup": followup},
    )
