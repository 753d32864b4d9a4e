"""Wilson score, Newcombe hybrid score and Byar intervals, vectorised over whole arrays."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from kampungkb.stats._inputs import (
    ArrayLike,
    FloatArray,
    as_float,
    broadcast,
    check_counts,
    check_within,
    z_value,
)

__all__ = [
    "DifferenceInterval",
    "Interval",
    "byar_interval",
    "newcombe_difference",
    "proportions",
    "wilson_interval",
    "wilson_limits",
]


class Interval(NamedTuple):
    """Lower and upper confidence limits, float64 arrays of the broadcast input shape."""

    lower: FloatArray
    upper: FloatArray


class DifferenceInterval(NamedTuple):
    """A difference of proportions with its lower and upper confidence limits."""

    difference: FloatArray
    lower: FloatArray
    upper: FloatArray


def proportions(
    numerator: ArrayLike, denominator: ArrayLike, names: tuple[str, str]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Checked (numerator, denominator, proportion); proportion NaN where n is 0 or missing."""
    num = as_float(numerator, names[0])
    den = as_float(denominator, names[1])
    check_counts(num, names[0])
    check_counts(den, names[1])
    num, den = broadcast((num, names[0]), (den, names[1]))
    check_within(num, den, names[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(den > 0, num / den, np.nan)
    return num, den, p


def wilson_limits(p: FloatArray, n: FloatArray, z: float) -> Interval:
    """Wilson score limits for a proportion ``p`` observed on ``n`` (NaN where n is 0 or NaN).

    (2np + z² ∓ z·sqrt(z² + 4np(1 − p))) / (2(n + z²)), written as centre ± half-width and
    clipped to 0–1; p = 0 gives lower 0 and p = 1 gives upper 1 exactly.
    """
    zz = z * z
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / (n + zz)
        np_ = n * p
        centre = (np_ + zz / 2.0) * inv
        half = np.sqrt(np_ * (1.0 - p) + zz / 4.0)
        half *= z * inv
    # lower >= 0 and upper <= 1 in exact arithmetic; the clipping only removes rounding
    lower = np.asarray(centre - half, dtype=np.float64)
    np.maximum(lower, 0.0, out=lower)
    upper = np.asarray(centre + half, dtype=np.float64)
    np.minimum(upper, 1.0, out=upper)
    lower[p == 0.0] = 0.0
    upper[p == 1.0] = 1.0
    empty = n == 0.0
    lower[empty] = np.nan
    upper[empty] = np.nan
    return Interval(lower, upper)


def wilson_interval(
    numerator: ArrayLike, denominator: ArrayLike, confidence: float = 0.95
) -> Interval:
    """Wilson score interval for a proportion numerator / denominator, as proportions in 0–1.

    Source: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
    inference", *Journal of the American Statistical Association* 22:209–212; method 3 of
    R. G. Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison
    of seven methods", *Statistics in Medicine* 17:857–872 (no continuity correction).

    Args:
        numerator: events (e.g. families using modern contraception); array-like, broadcast
            against ``denominator`` with NumPy rules.
        denominator: the population at risk (e.g. eligible couples).
        confidence: two-sided confidence level, strictly between 0 and 1.

    Returns:
        ``Interval(lower, upper)``, float64 arrays of the broadcast shape.  A denominator of 0,
        or a missing (null/NaN) numerator or denominator, gives NaN limits.

    Raises:
        StatsInputError: negative or infinite counts, a numerator greater than its
            denominator, a confidence level outside (0, 1), or non-numeric input.

    Counts may be non-integer (e.g. weighted counts); the formula is used as written.
    """
    z = z_value(confidence)
    _, den, p = proportions(numerator, denominator, ("numerator", "denominator"))
    return wilson_limits(p, den, z)


def _array(values: Any) -> npt.NDArray[np.float64]:
    """``values`` as a float64 array (a 0-d array for one number: NumPy's arithmetic on 0-d
    arrays gives scalars, and the functions promise arrays)."""
    return np.asarray(values, dtype=np.float64)


def newcombe_difference(
    n1: ArrayLike,
    d1: ArrayLike,
    n2: ArrayLike,
    d2: ArrayLike,
    confidence: float = 0.95,
) -> DifferenceInterval:
    """Difference p1 − p2 of two independent proportions with Newcombe's hybrid score interval.

    ``p1 = n1 / d1`` and ``p2 = n2 / d2`` (``n`` numerators, ``d`` denominators).  With Wilson
    limits (l1, u1) for p1 and (l2, u2) for p2 and δ = p1 − p2, the interval is
    δ − sqrt((p1 − l1)² + (u2 − p2)²) to δ + sqrt((u1 − p1)² + (p2 − l2)²).

    Source: method 10 of R. G. Newcombe (1998), "Interval estimation for the difference between
    independent proportions: comparison of eleven methods", *Statistics in Medicine*
    17:873–890.

    Returns:
        ``DifferenceInterval(difference, lower, upper)``, float64 arrays in −1…1 of the
        broadcast shape; NaN wherever either denominator is 0 or any input is missing.

    Raises:
        StatsInputError: as :func:`wilson_interval`, for either group.

    Swapping the groups negates the difference and swaps and negates the limits.
    """
    z = z_value(confidence)
    _, den1, p1 = proportions(n1, d1, ("n1", "d1"))
    _, den2, p2 = proportions(n2, d2, ("n2", "d2"))
    p1, den1, p2, den2 = broadcast((p1, "n1/d1"), (den1, "d1"), (p2, "n2/d2"), (den2, "d2"))
    l1, u1 = wilson_limits(p1, den1, z)
    l2, u2 = wilson_limits(p2, den2, z)
    delta = p1 - p2
    lower = delta - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = delta + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return DifferenceInterval(_array(delta), _array(np.clip(lower, -1.0, 1.0)),
                              _array(np.clip(upper, -1.0, 1.0)))


def byar_interval(count: ArrayLike, confidence: float = 0.95) -> Interval:
    """Byar's approximation to the exact Poisson confidence interval for an observed count O.

    lower = O·(1 − 1/(9O) − z/(3√O))³ and upper = (O + 1)·(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³;
    O = 0 gives lower 0.  The limits are counts (divide by a population for a rate).

    Source: N. E. Breslow and N. E. Day (1987), *Statistical Methods in Cancer Research*,
    vol. II, IARC Scientific Publications 82 (Byar's approximation); the Public Health
    England / Fingertips technical guidance "Confidence intervals for counts".

    Returns:
        ``Interval(lower, upper)``, float64 arrays; a missing (null/NaN) count gives NaN.  The
        lower limit is clipped at 0 where the approximation goes negative (fractional counts
        below 1, or very high confidence for a count of 1–2).

    Raises:
        StatsInputError: negative or infinite counts, a confidence level outside (0, 1), or
            non-numeric input.

    The approximation is close to the exact interval for counts of 10 and more (within 0.5 %);
    for smaller counts its lower limit is too low (for O = 1, 0.013 against the exact 0.025).
    """
    z = z_value(confidence)
    obs = as_float(count, "count")
    check_counts(obs, "count")
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.sqrt(obs)
        base = 1.0 - 1.0 / (9.0 * obs) - z / (3.0 * root)
        lower = obs * base * base * base
        nxt = obs + 1.0
        root = np.sqrt(nxt)
        base = 1.0 - 1.0 / (9.0 * nxt) + z / (3.0 * root)
        upper = nxt * base * base * base
    lower = np.where(obs == 0.0, 0.0, np.maximum(lower, 0.0))
    return Interval(_array(np.where(np.isnan(obs), np.nan, lower)), _array(upper))
