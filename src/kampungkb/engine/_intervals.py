"""Confidence intervals of indicator values, as SQL in the results query.

* **ratio** indicators: the Wilson score interval of numerator / denominator (Wilson 1927;
  :func:`kampungkb.stats.wilson_interval`), on the indicator's scale (× factor).  Where a ratio's
  numerator exceeds its denominator (a rate), Byar's interval of the numerator over the
  denominator is used instead.
* **count** indicators: Byar's interval of the count (:func:`kampungkb.stats.byar_interval`).
* **presence** indicators: above the village level the value is a share of villages: Wilson over
  the villages; a single village's presence (0 or 1) has no interval.

The same formulas as :mod:`kampungkb.stats` (a differential test holds them equal), written in
SQL so the engine computes them in the same pass as the values, in any SQL backend.  Bounds are
rounded to the indicator's decimals like the value; rows without a value have none.
"""

from __future__ import annotations

from statistics import NormalDist

__all__ = ["interval_sql"]


def _wilson(num: str, den: str, z: float, side: str) -> str:
    zz = z * z
    p = f"({num} / {den})"
    centre = f"(({den} * {p} + {zz!r} / 2.0) / ({den} + {zz!r}))"
    half = f"({z!r} * sqrt({den} * {p} * (1.0 - {p}) + {zz!r} / 4.0) / ({den} + {zz!r}))"
    if side == "lower":
        return f"CASE WHEN {num} = 0 THEN 0.0 ELSE greatest({centre} - {half}, 0.0) END"
    return f"CASE WHEN {num} = {den} THEN 1.0 ELSE least({centre} + {half}, 1.0) END"


def _byar(count: str, z: float, side: str) -> str:
    if side == "lower":
        base = f"(1.0 - 1.0 / (9.0 * {count}) - {z!r} / (3.0 * sqrt({count})))"
        return f"CASE WHEN {count} = 0 THEN 0.0 ELSE greatest({count} * pow({base}, 3), 0.0) END"
    nxt = f"({count} + 1.0)"
    base = f"(1.0 - 1.0 / (9.0 * {nxt}) + {z!r} / (3.0 * sqrt({nxt})))"
    return f"{nxt} * pow({base}, 3)"


def interval_sql(confidence: float | None, side: str) -> str:
    """The ``lower`` or ``upper`` bound of a results row (``NULL`` without one).

    The row needs the columns ``kind``, ``level``, ``numerator``, ``denominator``, ``factor``,
    ``decimals`` and ``value``.
    """
    if confidence is None:
        return "CAST(NULL AS DOUBLE)"
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    num, den = "numerator", "denominator"
    share = (f"(kind = 'ratio' OR (kind = 'presence' AND level <> 'village')) "
             f"AND {den} > 0 AND {num} >= 0 AND {num} <= {den}")
    scale = "CASE WHEN kind = 'ratio' THEN factor ELSE 100.0 END"
    bound = (
        f"CASE WHEN value IS NULL THEN NULL "
        f"WHEN {share} THEN ({_wilson(num, den, z, side)}) * {scale} "
        f"WHEN kind = 'ratio' AND {den} > 0 AND {num} > {den} "
        f"THEN ({_byar(num, z, side)}) / {den} * factor "
        f"WHEN kind = 'count' AND {num} >= 0 THEN {_byar(num, z, side)} END"
    )
    return f"round({bound}, CAST(decimals AS INTEGER))"
