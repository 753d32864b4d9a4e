"""Hypothesis properties of the z-score functions."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kampungkb.growth import (
    classify_haz,
    height_for_age,
    weight_for_age,
    weight_for_length_height,
)

sexes = st.sampled_from(["m", "f"])
days = st.integers(min_value=0, max_value=1826)
heights = st.floats(min_value=40.0, max_value=130.0, allow_nan=False)
positions = st.sampled_from(["lying", "standing", None])


def _haz(sex: str, height: list[float], measured: str | None, day: int) -> list[float | None]:
    n = len(height)
    t = height_for_age([sex] * n, height, [measured] * n, age_days=[day] * n)
    z: list[float | None] = t.column("haz").to_pylist()
    return z


@given(sexes, days, positions, st.lists(heights, min_size=2, max_size=20))
def test_monotone_non_decreasing_in_length(
    sex: str, day: int, measured: str | None, hs: list[float]
) -> None:
    hs = sorted(hs)
    z = _haz(sex, hs, measured, day)
    assert all(v is not None for v in z)
    assert all(a <= b for a, b in itertools.pairwise(z))  # type: ignore[operator]


@given(sexes, st.integers(min_value=731, max_value=1826), heights)
def test_lying_scores_lower_from_day_731(sex: str, day: int, height: float) -> None:
    lying, standing = _haz(sex, [height], "lying", day)[0], _haz(sex, [height], "standing", day)[0]
    assert lying is not None
    assert standing is not None
    assert lying < standing


@given(sexes, st.integers(min_value=274, max_value=730), heights)
def test_standing_scores_higher_up_to_day_730(sex: str, day: int, height: float) -> None:
    lying, standing = _haz(sex, [height], "lying", day)[0], _haz(sex, [height], "standing", day)[0]
    assert lying is not None
    assert standing is not None
    assert standing > lying


@given(sexes, st.integers(min_value=0, max_value=273), heights)
def test_standing_under_9_months_is_not_corrected(sex: str, day: int, height: float) -> None:
    t = height_for_age([sex] * 3, [height] * 3, ["standing", None, "lying"], age_days=[day] * 3)
    z = t.column("haz").to_pylist()
    assert z[0] == z[1] == z[2]


@given(st.floats(min_value=-1.0, max_value=2000.0, allow_nan=False), sexes, heights, positions)
def test_flag_and_value_consistent(age: float, sex: str, height: float, pos: str | None) -> None:
    row = height_for_age([sex], [height], [pos], age_days=[age]).to_pylist()[0]
    in_range = age >= 0 and age / 30.4375 < 60
    assert (row["haz"] is not None) == in_range
    if not in_range:
        assert row["haz_flag"] == "age_out_of_range"
    else:
        assert row["haz"] == round(row["haz"], 2)
        assert (row["haz_flag"] == "implausible") == (abs(row["haz"]) > 6)


@given(st.lists(st.floats(min_value=-10, max_value=10, allow_nan=False), max_size=30))
def test_classes_follow_rounded_z(zs: list[float]) -> None:
    classes = classify_haz(zs).to_pylist()
    for z, c in zip(zs, classes, strict=True):
        r = float(np.round(z, 2))
        assert c == ("severely_stunted" if r < -3 else "stunted" if r < -2 else "normal")


@settings(max_examples=50)
@given(sexes, days, st.lists(st.floats(min_value=0.5, max_value=40.0), min_size=2, max_size=20))
def test_waz_monotone_in_weight(sex: str, day: int, ws: list[float]) -> None:
    ws = sorted(ws)
    z = weight_for_age([sex] * len(ws), ws, age_days=[day] * len(ws)).column("waz").to_pylist()
    assert all(a <= b for a, b in itertools.pairwise(z))


@settings(max_examples=50)
@given(
    sexes,
    st.integers(min_value=0, max_value=1826),
    st.floats(min_value=65.0, max_value=110.0),
    st.lists(st.floats(min_value=1.0, max_value=40.0), min_size=2, max_size=20),
)
def test_whz_monotone_in_weight(sex: str, day: int, h: float, ws: list[float]) -> None:
    ws = sorted(ws)
    n = len(ws)
    t = weight_for_length_height([sex] * n, ws, [h] * n, None, age_days=[day] * n)
    z = t.column("whz").to_pylist()
    assert all(v is not None for v in z)
    assert all(a <= b for a, b in itertools.pairwise(z))
