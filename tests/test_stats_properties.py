"""Hypothesis properties of kampungkb.stats, and a differential test against a slow reference.

The reference implementation below is written per element in pure Python straight from the
published formulas (Wilson 1927; Newcombe 1998, Stat Med 17:873, method 10; Byar's
approximation as in Breslow & Day 1987), independently of the vectorised code.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kampungkb.stats import (
    byar_interval,
    funnel_limits,
    funnel_significance,
    newcombe_difference,
    wilson_interval,
)

SETTINGS = settings(max_examples=200, deadline=None)
LEVELS = st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998])


# --------------------------------------------------------------------------- reference


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def ref_wilson(x: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    if n == 0:
        return math.nan, math.nan
    z = _z(confidence)
    p = x / n
    root = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    return (
        max(0.0, (2 * n * p + z * z - root) / (2 * (n + z * z))),
        min(1.0, (2 * n * p + z * z + root) / (2 * (n + z * z))),
    )


def ref_newcombe(
    a: float, m: float, b: float, n: float, confidence: float = 0.95
) -> tuple[float, float, float]:
    if m == 0 or n == 0:
        return math.nan, math.nan, math.nan
    p1, p2 = a / m, b / n
    l1, u1 = ref_wilson(a, m, confidence)
    l2, u2 = ref_wilson(b, n, confidence)
    d = p1 - p2
    return d, d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


def ref_byar(o: float, confidence: float = 0.95) -> tuple[float, float]:
    z = _z(confidence)
    lower = 0.0 if o == 0 else max(0.0, o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3)
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


# --------------------------------------------------------------------------- strategies


@st.composite
def counts(draw: st.DrawFn, max_n: int = 100_000) -> tuple[int, int]:
    n = draw(st.integers(1, max_n))
    return draw(st.integers(0, n)), n


@st.composite
def count_arrays(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    size = draw(st.integers(0, 30))
    pairs = [draw(counts(5000)) for _ in range(size)]
    zeros = draw(st.integers(0, 3))  # some zero denominators -> NaN
    pairs += [(0, 0)] * zeros
    x = np.array([p[0] for p in pairs], dtype=np.int64)
    n = np.array([p[1] for p in pairs], dtype=np.int64)
    return x, n


# --------------------------------------------------------------------------- Wilson


@SETTINGS
@given(counts(), LEVELS)
def test_wilson_contains_estimate_and_stays_in_unit_interval(
    xn: tuple[int, int], level: float
) -> None:
    x, n = xn
    lower, upper = (float(v) for v in wilson_interval(x, n, level))
    assert 0.0 <= lower <= x / n <= upper <= 1.0
    if 0 < x < n:
        assert lower < x / n < upper


@SETTINGS
@given(counts(2000), st.integers(2, 50), LEVELS)
def test_wilson_narrows_as_denominator_grows(xn: tuple[int, int], k: int, level: float) -> None:
    x, n = xn
    small = wilson_interval(x, n, level)
    large = wilson_interval(x * k, n * k, level)
    assert float(large.upper - large.lower) < float(small.upper - small.lower)


@SETTINGS
@given(counts(), LEVELS)
def test_wilson_swapping_successes_and_failures(xn: tuple[int, int], level: float) -> None:
    x, n = xn
    got = wilson_interval(x, n, level)
    flipped = wilson_interval(n - x, n, level)
    assert float(got.lower) == pytest.approx(1 - float(flipped.upper), abs=1e-12)
    assert float(got.upper) == pytest.approx(1 - float(flipped.lower), abs=1e-12)


@SETTINGS
@given(counts(), st.sampled_from([(0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 0.998)]))
def test_wilson_widens_with_confidence(xn: tuple[int, int], levels: tuple[float, float]) -> None:
    narrow = wilson_interval(*xn, levels[0])
    wide = wilson_interval(*xn, levels[1])
    assert wide.lower <= narrow.lower
    assert wide.upper >= narrow.upper


@SETTINGS
@given(count_arrays(), LEVELS)
def test_wilson_vectorised_equals_reference(
    arrays: tuple[np.ndarray, np.ndarray], level: float
) -> None:
    x, n = arrays
    got = wilson_interval(x, n, level)
    ref = np.array([ref_wilson(a, b, level) for a, b in zip(x.tolist(), n.tolist(), strict=True)])
    ref = ref.reshape(-1, 2)
    np.testing.assert_allclose(got.lower, ref[:, 0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got.upper, ref[:, 1], rtol=1e-9, atol=1e-12)
    for i in range(len(x)):  # and each element alone gives the same as in the batch
        one = wilson_interval(x[i], n[i], level)
        np.testing.assert_array_equal([one.lower, one.upper], [got.lower[i], got.upper[i]])


# --------------------------------------------------------------------------- Newcombe


@SETTINGS
@given(counts(5000), counts(5000), LEVELS)
def test_newcombe_contains_difference_and_is_antisymmetric(
    g1: tuple[int, int], g2: tuple[int, int], level: float
) -> None:
    (a, m), (b, n) = g1, g2
    d, lower, upper = (float(v) for v in newcombe_difference(a, m, b, n, level))
    assert d == pytest.approx(a / m - b / n)
    assert -1.0 <= lower <= d <= upper <= 1.0
    sd, slower, supper = (float(v) for v in newcombe_difference(b, n, a, m, level))
    assert sd == pytest.approx(-d)
    assert slower == pytest.approx(-upper, abs=1e-12)
    assert supper == pytest.approx(-lower, abs=1e-12)


@SETTINGS
@given(count_arrays(), st.data(), LEVELS)
def test_newcombe_vectorised_equals_reference(
    arrays: tuple[np.ndarray, np.ndarray], data: st.DataObject, level: float
) -> None:
    a, m = arrays
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    n = rng.integers(0, 300, size=len(a))
    b = np.floor(rng.random(len(a)) * (n + 1)).astype(np.int64)
    got = newcombe_difference(a, m, b, n, level)
    ref = np.array([ref_newcombe(*row, level) for row in zip(
        a.tolist(), m.tolist(), b.tolist(), n.tolist(), strict=True)]).reshape(-1, 3)
    for k, name in enumerate(("difference", "lower", "upper")):
        np.testing.assert_allclose(getattr(got, name), ref[:, k], rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- Byar


@SETTINGS
@given(st.lists(st.integers(0, 10**7), max_size=30), LEVELS)
def test_byar_brackets_count_and_equals_reference(values: list[int], level: float) -> None:
    got = byar_interval(values, level)
    assert (got.lower <= np.array(values, dtype=float)).all()
    assert (got.upper >= np.array(values, dtype=float)).all()
    assert (got.lower >= 0).all()
    ref = np.array([ref_byar(v, level) for v in values]).reshape(-1, 2)
    np.testing.assert_allclose(got.lower, ref[:, 0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got.upper, ref[:, 1], rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- funnel


@SETTINGS
@given(count_arrays(), st.floats(0, 1), LEVELS)
def test_funnel_limits_invert_the_reference_wilson_at_overall(
    arrays: tuple[np.ndarray, np.ndarray], p: float, level: float
) -> None:
    _, n = arrays
    lower, upper = funnel_limits(n, p, (level,))[level]
    ok = n > 0
    # an area observing a limit (unclipped) has p as the matching end of its Wilson interval
    for v, lo, hi in zip(n[ok].tolist(), lower[ok].tolist(), upper[ok].tolist(), strict=True):
        if not 1e-9 < p < 1 - 1e-9:
            continue  # (the limits collapse onto p; denormal p underflows)
        if lo > 1e-9:
            assert ref_wilson(lo * v, v, level)[1] == pytest.approx(p, rel=1e-7, abs=1e-9)
        if hi < 1 - 1e-9:
            assert ref_wilson(hi * v, v, level)[0] == pytest.approx(p, rel=1e-7, abs=1e-9)
    assert np.isnan(lower[~ok]).all()
    assert (lower[ok] <= p + 1e-12).all()
    assert (upper[ok] >= p - 1e-12).all()


@SETTINGS
@given(count_arrays(), st.one_of(st.none(), st.floats(0, 1)))
def test_funnel_significance_agrees_with_limits(
    arrays: tuple[np.ndarray, np.ndarray], overall: float | None
) -> None:
    x, n = arrays
    got = funnel_significance(x, n, overall)
    assert got.shape == x.shape
    ok = n > 0
    assert all(v is None for v in got[~ok])
    if overall is None:
        overall = x.sum() / n.sum() if n.sum() else math.nan
    if math.isnan(overall):
        assert all(v is None for v in got)
        return
    limits = funnel_limits(n, overall)
    (l95, u95), (l998, u998) = limits[0.95], limits[0.998]
    for i in np.flatnonzero(ok):
        p = x[i] / n[i]
        expected = (
            "higher_0.001" if p > u998[i] else "higher_0.025" if p > u95[i]
            else "lower_0.001" if p < l998[i] else "lower_0.025" if p < l95[i]
            else "not_significant"
        )  # fmt: skip
        assert got[i] == expected
