"""kampungkb.stats: worked examples from the methods' papers, exact Poisson limits, inputs, errors.

Sources of the expected numbers:

* Newcombe RG (1998a). Two-sided confidence intervals for the single proportion: comparison of
  seven methods. Stat Med 17:857-872, Table I, method 3 (Wilson score, no continuity
  correction).
* Newcombe RG (1998b). Interval estimation for the difference between independent
  proportions: comparison of eleven methods. Stat Med 17:873-890, Table II, method 10 (hybrid
  score, no continuity correction).
* Exact Poisson limits: computed here from the Poisson distribution function by bisection
  (pure Python); for O = 10 at 95 % they are 4.7954-18.3904, as in published tables of exact
  Poisson confidence limits.  Byar's approximation is compared with them.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from kampungkb.errors import KampungKBError
from kampungkb.stats import (
    SIGNIFICANCE_LABELS,
    DifferenceInterval,
    Interval,
    StatsInputError,
    byar_interval,
    funnel_limits,
    funnel_significance,
    newcombe_difference,
    wilson_interval,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "stats.md"

# --------------------------------------------------------------------------- worked examples

# Newcombe (1998a) Table I, method 3 (Wilson score): x / n -> lower, upper (4 decimals)
NEWCOMBE_TABLE_I = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# Newcombe (1998b) Table II, method 10 (hybrid score): a/m - b/n -> difference, lower, upper
NEWCOMBE_TABLE_II = [
    (56, 70, 48, 80, 0.2000, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.5714, 0.0582, 0.8062),
    (5, 56, 0, 29, 0.0893, -0.0381, 0.1926),
    (0, 10, 0, 20, 0.0000, -0.1611, 0.2775),
    (0, 10, 0, 10, 0.0000, -0.2775, 0.2775),
    (10, 10, 0, 20, 1.0000, 0.6791, 1.0000),
    (10, 10, 0, 10, 1.0000, 0.6075, 1.0000),
]


@pytest.mark.parametrize(("x", "n", "lower", "upper"), NEWCOMBE_TABLE_I)
def test_wilson_matches_newcombe_1998a_table_i(x: int, n: int, lower: float, upper: float) -> None:
    got = wilson_interval(x, n)
    assert isinstance(got, Interval)
    assert round(float(got.lower), 4) == lower
    assert round(float(got.upper), 4) == upper


def test_wilson_table_i_vectorised_in_one_call() -> None:
    x, n, lower, upper = (np.array(c) for c in zip(*NEWCOMBE_TABLE_I, strict=True))
    got = wilson_interval(x, n)
    assert got.lower.dtype == np.float64
    np.testing.assert_allclose(got.lower, lower, atol=5e-5)
    np.testing.assert_allclose(got.upper, upper, atol=5e-5)


@pytest.mark.parametrize("example", NEWCOMBE_TABLE_II)
def test_newcombe_difference_matches_newcombe_1998b_table_ii(
    example: tuple[int, int, int, int, float, float, float],
) -> None:
    a, m, b, n, diff, lower, upper = example
    got = newcombe_difference(a, m, b, n)
    assert isinstance(got, DifferenceInterval)
    assert round(float(got.difference), 4) == diff
    assert round(float(got.lower), 4) == lower
    assert round(float(got.upper), 4) == upper


def test_newcombe_difference_is_p1_minus_p2() -> None:
    got = newcombe_difference([1, 9], [10, 10], [9, 1], [10, 10])
    np.testing.assert_allclose(got.difference, [-0.8, 0.8])


def test_wilson_at_other_confidence_levels_uses_the_matching_z() -> None:
    # z for 99 % is 2.5758...; check against the closed form with that z (as computed)
    z = 2.5758293035489004
    x, n = 30, 100
    p = x / n
    root = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    expected = ((2 * n * p + z * z - root) / (2 * (n + z * z)),
                (2 * n * p + z * z + root) / (2 * (n + z * z)))  # fmt: skip
    got = wilson_interval(x, n, confidence=0.99)
    assert float(got.lower) == pytest.approx(expected[0], abs=1e-12)
    assert float(got.upper) == pytest.approx(expected[1], abs=1e-12)
    narrower = wilson_interval(x, n, confidence=0.90)
    assert got.lower < narrower.lower < narrower.upper < got.upper


# --------------------------------------------------------------------------- Byar and exact


def _poisson_cdf(k: int, mu: float) -> float:
    term = math.exp(-mu)
    total = term
    for i in range(1, k + 1):
        term *= mu / i
        total += term
    return total


def _bisect(f: object, lo: float, hi: float) -> float:
    assert callable(f)
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) > 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def exact_poisson(count: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) Poisson limits from the Poisson distribution function."""
    tail = (1 - confidence) / 2
    lower = 0.0 if count == 0 else _bisect(
        lambda mu: (1 - _poisson_cdf(count - 1, mu)) - tail, 0.0, count + 50.0)
    upper = _bisect(lambda mu: tail - _poisson_cdf(count, mu), 0.0, count + 100.0)
    return lower, upper


def test_exact_poisson_reference_matches_published_limits_for_10() -> None:
    lower, upper = exact_poisson(10)
    assert round(lower, 4) == 4.7954
    assert round(upper, 4) == 18.3904


def test_byar_formula_for_10() -> None:
    z = 1.959963984540054
    expected_lower = 10 * (1 - 1 / 90 - z / (3 * math.sqrt(10))) ** 3
    expected_upper = 11 * (1 - 1 / 99 + z / (3 * math.sqrt(11))) ** 3
    got = byar_interval(10)
    assert float(got.lower) == pytest.approx(expected_lower, rel=1e-12)
    assert float(got.upper) == pytest.approx(expected_upper, rel=1e-12)
    # as computed: 4.7874-18.3915, against the exact 4.7954-18.3904
    assert round(float(got.lower), 4) == 4.7874
    assert round(float(got.upper), 4) == 18.3915


def test_byar_is_close_to_exact_poisson() -> None:
    counts = np.arange(0, 201)
    got = byar_interval(counts)
    exact = np.array([exact_poisson(int(c)) for c in counts])
    # upper limit within 1 % everywhere (0.6 % at O = 0); lower within 0.5 % from O = 10
    np.testing.assert_allclose(got.upper, exact[:, 1], rtol=0.01)
    np.testing.assert_allclose(got.lower[10:], exact[10:, 0], rtol=0.005)
    assert (got.lower <= exact[:, 0] + 1e-9).all()  # Byar's lower limit errs on the low side
    for level in (0.90, 0.99):
        got = byar_interval(counts[10:], confidence=level)
        exact = np.array([exact_poisson(int(c), level) for c in counts[10:]])
        np.testing.assert_allclose(got.lower, exact[:, 0], rtol=0.01)
        np.testing.assert_allclose(got.upper, exact[:, 1], rtol=0.01)


def test_byar_zero_count_and_clipping() -> None:
    got = byar_interval([0, 1, 0.2])
    assert got.lower[0] == 0.0
    assert got.upper[0] == pytest.approx((1 - 1 / 9 + 1.959963984540054 / 3) ** 3)
    assert got.lower[2] == 0.0  # a fractional count below 1 drives the formula negative
    assert (byar_interval(1, confidence=0.9999).lower == 0.0).all()


# --------------------------------------------------------------------------- funnel


def _phe_limit(p: float, n: float, z: float, side: str) -> float:
    """PHE's funnel limit for a proportion (PHEindicatormethods, ``sigma_adjustment``): the
    observed count whose Wilson limit equals ``p``, from the quadratic it solves, over n."""
    a = n / z**2 + 1
    root = math.sqrt(max((8 * p * a) ** 2 - 64 * (1 / z**2 + 1 / n) * p
                         * (n * (p * (n / z**2 + 2) - 1) + z**2 * (p - 1)), 0.0))
    sign = -1 if side == "low" else 1
    return (p * a + sign * root / 8) / (1 / z**2 + 1 / n) / n


def test_funnel_limits_are_phe_fingertips_limits() -> None:
    """The limits of PHE's funnel plots (published worked values and their formula), not the
    Wilson interval of p on n (found by a review: that shifted the funnel for p < 0.5)."""
    limits = funnel_limits([50], 0.3)
    assert limits[0.95].lower[0] == pytest.approx(0.173, abs=5e-4)
    assert limits[0.95].upper[0] == pytest.approx(0.427, abs=5e-4)
    assert limits[0.998].lower[0] == pytest.approx(0.0997, abs=5e-5)
    assert limits[0.998].upper[0] == pytest.approx(0.5003, abs=5e-5)
    for n in (1, 5, 37, 200, 5000):
        for p in (0.0, 0.01, 0.0805, 0.3, 0.5, 0.77, 1.0):
            got = funnel_limits([n], p)
            for level, z in ((0.95, 1.959963984540054), (0.998, 3.090232306167813)):
                lower = max(_phe_limit(p, n, z, "low"), 0.0)
                upper = min(_phe_limit(p, n, z, "high"), 1.0)
                # (PHE's quadratic loses digits near p = 0 and p = 1)
                assert got[level].lower[0] == pytest.approx(lower, abs=1e-7)
                assert got[level].upper[0] == pytest.approx(upper, abs=1e-7)


def test_funnel_limits_are_where_an_area_s_wilson_interval_reaches_the_overall() -> None:
    n = np.array([10, 50, 100, 1000, 20000])
    limits = funnel_limits(n, 0.3)
    assert list(limits) == [0.95, 0.998]
    for level, (lower, upper) in limits.items():
        # an area observing exactly the lower limit has p as its Wilson upper limit (where
        # the limit is not clipped at 0)
        inside = lower > 0
        assert inside[1:].all()
        np.testing.assert_allclose(
            wilson_interval(lower[inside] * n[inside], n[inside], confidence=level).upper, 0.3,
            rtol=1e-9)
        np.testing.assert_allclose(wilson_interval(upper * n, n, confidence=level).lower, 0.3,
                                   rtol=1e-9)
    # the funnel narrows as n grows, and the 99.8 % limits lie outside the 95 % ones
    (l95, u95), (l998, u998) = limits[0.95], limits[0.998]
    assert (np.diff(u95) < 0).all()
    assert (np.diff(l95) > 0).all()
    assert (l998 < l95).all()
    assert (u998 > u95).all()


def test_funnel_limits_closed_form_and_custom_levels() -> None:
    z = 3.090232306167813  # 99.8 %
    n, p = 200.0, 0.12
    half = z * math.sqrt(p * (1 - p) / n)
    limits = funnel_limits([n], [p], confidences=(0.998,))
    assert list(limits) == [0.998]
    assert limits[0.998].lower[0] == pytest.approx(p - half)
    assert limits[0.998].upper[0] == pytest.approx(p + half)


def test_funnel_limits_zero_denominator_is_nan_and_per_indicator_overall() -> None:
    den = np.array([[0, 100], [50, 0]])
    limits = funnel_limits(den, np.array([0.2, 0.6]))
    lower = limits[0.95].lower
    z = 1.959963984540054
    assert np.isnan(lower[0, 0])
    assert np.isnan(lower[1, 1])
    assert lower[0, 1] == pytest.approx(0.6 - z * math.sqrt(0.6 * 0.4 / 100))
    assert lower[1, 0] == pytest.approx(0.2 - z * math.sqrt(0.2 * 0.8 / 50))


def test_funnel_significance_small_areas_are_not_flagged_by_chance() -> None:
    """Found by a review: 0 of 5 against 30 % (chance: 0.7**5 = 17 %) was ``lower_0.001``."""
    assert list(funnel_significance([0], [5], 0.3)) == ["not_significant"]
    assert list(funnel_significance([0], [30], 0.0805)) == ["not_significant"]
    assert list(funnel_significance([12], [84], 0.0805)) == ["higher_0.025"]


def _bands(num: list[float], den: list[float], overall: float) -> list[str | None]:
    return list(funnel_significance(num, den, overall))


def test_funnel_significance_bands() -> None:
    n = 1000
    (l95, u95), (l998, u998) = (
        (float(a[0]), float(b[0])) for a, b in funnel_limits([n], 0.3).values())
    just = [u998 + 0.002, (u95 + u998) / 2, 0.3, (l95 + l998) / 2, l998 - 0.002]
    num = [round(v * n, 1) for v in just]
    assert _bands(num, [n] * 5, 0.3) == list(SIGNIFICANCE_LABELS)


def test_funnel_significance_limit_itself_is_within() -> None:
    # overall 0 puts every lower limit at exactly 0, overall 1 every upper limit at exactly 1
    high = funnel_significance([0, 10], [400, 400], 0.0)
    assert list(high) == ["not_significant", "higher_0.001"]
    low = funnel_significance([400, 392], 400, 1.0)
    assert list(low) == ["not_significant", "lower_0.001"]  # below 1 cannot happen at p = 1


def test_funnel_significance_overall_defaults_to_pooled_proportion() -> None:
    num = [5, 30, 300, 20, 0]
    den = [10, 100, 1000, 200, 0]
    got = funnel_significance(num, den)
    pooled = sum(num) / sum(den)
    assert list(got) == list(funnel_significance(num, den, pooled))
    assert got.dtype == object
    assert got[-1] is None
    assert got[3] == "lower_0.001"  # 10 % against a pooled 27.3 %


def test_funnel_significance_missing_values_and_all_zero() -> None:
    got = funnel_significance(pa.array([1, None, 3]), pa.array([10, 10, None]), 0.1)
    assert list(got) == ["not_significant", None, None]
    assert list(funnel_significance([0, 0], [0, 0])) == [None, None]
    as_arrow = pa.array(funnel_significance([0, 9], [0, 10], 0.1).ravel())
    assert as_arrow.type == pa.string()
    assert as_arrow.null_count == 1


def test_funnel_significance_axis_pools_per_column() -> None:
    # two indicators (columns): the first around 10 %, the second around 90 %
    num = np.array([[10, 90], [10, 90], [30, 60]])
    den = np.array([[100, 100], [100, 100], [100, 100]])
    per_column = funnel_significance(num, den, axis=0)
    assert per_column.shape == (3, 2)
    for j in range(2):
        col = funnel_significance(num[:, j], den[:, j])
        assert list(per_column[:, j]) == list(col)
    pooled_all = funnel_significance(num, den)
    assert list(pooled_all[:, 0]) != list(per_column[:, 0])


# --------------------------------------------------------------------------- inputs


def test_inputs_of_every_kind_give_the_same_float_arrays() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    x, n = [3, None, 0], [20, 20, 0]
    expected = wilson_interval(np.array([3.0, np.nan, 0.0]), np.array([20, 20, 0]))
    for xs, ns in [
        (x, n),
        (pa.array(x), pa.array(n)),
        (pa.chunked_array([[3], [None, 0]]), pa.chunked_array([[20, 20], [0]])),
        (pd.Series(x, dtype="Int64"), pd.Series(n)),
        (pl.Series(x), pl.Series(n)),
        (np.array(x, dtype=object), tuple(n)),
    ]:
        got = wilson_interval(xs, ns)
        assert isinstance(got.lower, np.ndarray)
        assert got.lower.dtype == np.float64
        np.testing.assert_array_equal(got.lower, expected.lower)
        np.testing.assert_array_equal(got.upper, expected.upper)
    assert np.isnan(expected.lower[1:]).all()


def test_broadcasting_and_shapes() -> None:
    got = wilson_interval(np.arange(6).reshape(2, 3), 10)
    assert got.lower.shape == (2, 3)
    scalar = wilson_interval(3, 10)
    assert scalar.lower.shape == ()
    assert 0 < float(scalar.lower) < 0.3 < float(scalar.upper)
    assert byar_interval([[1, 2], [3, 4]]).upper.shape == (2, 2)
    diff = newcombe_difference([1, 2, 3], 10, 5, [10])
    assert diff.difference.shape == (3,)


def test_non_integer_counts_are_used_as_written() -> None:
    got = wilson_interval(2.5, 10.0)
    z = 1.959963984540054
    centre = (2.5 + z * z / 2) / (10 + z * z)
    assert (float(got.lower) + float(got.upper)) / 2 == pytest.approx(centre)


def test_empty_input() -> None:
    assert wilson_interval([], []).lower.shape == (0,)
    assert funnel_significance([], []).shape == (0,)


# --------------------------------------------------------------------------- invalid input


def test_error_class_is_a_kampungkb_value_error() -> None:
    assert issubclass(StatsInputError, KampungKBError)
    assert issubclass(StatsInputError, ValueError)


def test_numerator_above_denominator_names_positions() -> None:
    with pytest.raises(StatsInputError, match=r"numerator: .*position\(s\) 1, 3 \(2 values\)"):
        wilson_interval([1, 5, 3, 7], [2, 4, 3, 6])
    with pytest.raises(StatsInputError, match=r"n2: .*\(1, 0\)"):
        newcombe_difference(1, 2, [[1], [3]], [[2], [2]])
    with pytest.raises(StatsInputError, match=r"greater than its denominator"):
        wilson_interval(1, 0)  # events without a population are an error, not a missing value


def test_many_bad_positions_are_summarised() -> None:
    with pytest.raises(StatsInputError, match=r"position\(s\) 0, 1, 2, 3, 4, … \(100 values\)"):
        byar_interval(-np.ones(100))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wilson_interval([-1], [5]), "numerator: negative count at position"),
        (lambda: wilson_interval([1], [-5]), "denominator: negative count"),
        (lambda: wilson_interval([np.inf], [5]), "numerator: infinite value"),
        (lambda: byar_interval([3, -2]), r"count: negative count at position\(s\) 1"),
        (lambda: byar_interval(np.inf), "count: infinite value at the single value"),
        (lambda: newcombe_difference(1, 2, -1, 2), "n2: negative"),
        (lambda: funnel_limits([-1], 0.5), "denominators: negative"),
        (lambda: funnel_limits([10], 1.5), "overall_proportion: proportion outside 0–1"),
        (lambda: funnel_limits([10], 0.5, ()), "at least one confidence level"),
        (lambda: funnel_limits([10], 0.5, (0.95, 1.0)), r"confidences\[1\]"),
        (lambda: funnel_significance([1], [2], -0.1), "overall: proportion outside"),
        (lambda: wilson_interval(["a"], [2]), "numerator: expected numbers"),
        (lambda: wilson_interval(["1"], [2]), "numerator: expected numbers"),
        (lambda: wilson_interval([1, "1"], [2, 2]), "numerator: expected numbers"),
        (lambda: wilson_interval([None, "1"], [2, 2]), "numerator: expected numbers"),
        (lambda: wilson_interval([[1, 2], [1]], [2]), "numerator: cannot read"),
        (lambda: wilson_interval({"a": 1}, [2]), "numerator: "),
        (lambda: wilson_interval(np.array(["1"]), [2]), "numerator: expected numbers"),
        (lambda: wilson_interval(pa.array(["1"]), [2]), "expected numbers, got Arrow type"),
        (lambda: wilson_interval([1, 2], [3, 4, 5]), "do not broadcast"),
    ],
)
def test_invalid_input_raises(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(StatsInputError, match=message):
        call()


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.5, math.nan, True, "0.95", None])
def test_confidence_outside_zero_one_raises(level: object) -> None:
    for call in (
        lambda: wilson_interval(1, 2, level),  # type: ignore[arg-type]
        lambda: byar_interval(1, level),  # type: ignore[arg-type]
        lambda: newcombe_difference(1, 2, 1, 2, level),  # type: ignore[arg-type]
        lambda: funnel_limits(2, 0.5, (level,)),  # type: ignore[arg-type]
    ):
        with pytest.raises(StatsInputError, match="confidence"):
            call()


def test_missing_values_give_nan_not_errors() -> None:
    got = wilson_interval([np.nan, 1, 0], [10, np.nan, 0])
    assert np.isnan(got.lower).all()
    assert np.isnan(got.upper).all()
    diff = newcombe_difference([0, 1], [0, 2], [1, np.nan], [2, 2])
    assert np.isnan(diff.difference).all()
    assert np.isnan(diff.lower).all()
    assert np.isnan(byar_interval([None, 2]).lower[0])  # type: ignore[list-item]
    assert np.isnan(funnel_limits([10], np.nan)[0.95].upper).all()


def test_inputs_are_not_modified() -> None:
    num = np.array([1.0, 2.0])
    den = np.array([4.0, 4.0])
    wilson_interval(num, den)
    funnel_significance(num, den)
    np.testing.assert_array_equal(num, [1.0, 2.0])
    np.testing.assert_array_equal(den, [4.0, 4.0])


# --------------------------------------------------------------------------- performance


def test_whole_census_is_fast() -> None:
    """8,000 villages x 30 indicators x 2 periods: vectorised, no Python loop per element."""
    rng = np.random.default_rng(15)
    den = rng.integers(0, 500, size=(8000, 30, 2))
    num = rng.binomial(den, 0.3)
    start = time.perf_counter()
    wilson_interval(num, den)
    byar_interval(num)
    newcombe_difference(num[..., 1], den[..., 1], num[..., 0], den[..., 0])
    bands = funnel_significance(num, den, axis=0)
    elapsed = time.perf_counter() - start
    assert bands.shape == den.shape
    assert elapsed < 3.0  # typically well under 0.3 s; generous for a shared test machine


# --------------------------------------------------------------------------- documentation


@pytest.mark.skipif(not DOC.is_file(), reason="docs not available")
def test_stats_doc_example_runs_and_matches() -> None:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```\{code-block\} python\n(.*?)```", text, flags=re.S)
    assert blocks
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(blocks[0], str(DOC), "exec"), {})  # noqa: S102 - our own documentation
    printed = out.getvalue()
    for value in re.findall(r"# -> (.*)", blocks[0]):
        assert value.strip() in printed
