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

__all__ = ["control_limit_sql", "interval_sql", "newcombe_sql", "wilson_limit_sql", "z_value"]


def z_value(confidence: float) -> float:
    """The standard normal quantile of a two-sided ``confidence`` level."""
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_limit_sql(p: str, n: str, z: float, side: str) -> str:
    """The Wilson score limit of a proportion ``p`` (SQL) observed on ``n`` (SQL), clipped to
    0–1: (2np + z² ∓ z·sqrt(z² + 4np(1 − p))) / (2(n + z²)); ``p = 0`` gives lower 0 and
    ``p = 1`` upper 1 exactly (as :func:`kampungkb.stats.wilson_interval`)."""
    zz = z * z
    centre = f"(({n} * {p} + {zz!r} / 2.0) / ({n} + {zz!r}))"
    half = f"({z!r} * sqrt({n} * {p} * (1.0 - {p}) + {zz!r} / 4.0) / ({n} + {zz!r}))"
    if side == "lower":
        return f"CASE WHEN {p} = 0 THEN 0.0 ELSE greatest({centre} - {half}, 0.0) END"
    return f"CASE WHEN {p} = 1 THEN 1.0 ELSE least({centre} + {half}, 1.0) END"


def control_limit_sql(p: str, n: str, z: float, side: str) -> str:
    """A funnel plot's control limit around an overall proportion ``p`` (SQL) at a
    denominator ``n`` (SQL): p ∓ z·sqrt(p(1 − p) / n), clipped to 0–1 — the proportions on n
    whose Wilson interval has p as a limit (as :func:`kampungkb.stats.funnel_limits`)."""
    half = f"({z!r} * sqrt({p} * (1.0 - {p}) / {n}))"
    if side == "lower":
        return f"greatest({p} - {half}, 0.0)"
    return f"least({p} + {half}, 1.0)"


def newcombe_sql(n1: str, d1: str, n2: str, d2: str, *, z: float, side: str) -> str:
    """Newcombe's hybrid score limit (method 10, Newcombe 1998) of p1 − p2, clipped to −1…1
    (as :func:`kampungkb.stats.newcombe_difference`)."""
    p1, p2 = f"({n1} / {d1})", f"({n2} / {d2})"
    l1, u1 = (wilson_limit_sql(p1, d1, z, s) for s in ("lower", "upper"))
    l2, u2 = (wilson_limit_sql(p2, d2, z, s) for s in ("lower", "upper"))
    if side == "lower":
        return f"greatest({p1} - {p2} - sqrt(pow({p1} - ({l1}), 2) + pow(({u2}) - {p2}, 2)), -1.0)"
    return f"least({p1} - {p2} + sqrt(pow(({u1}) - {p1}, 2) + pow({p2} - ({l2}), 2)), 1.0)"


def _wilson(num: str, den: str, z: float, side: str) -> str:
    return wilson_limit_sql(f"({num} / {den})", den, z, side)


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
    z = z_value(confidence)
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
