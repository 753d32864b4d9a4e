"""``latest_among``: each child's latest *valid* measurement counts, not merely its latest row.

A later weight-only visit (no height, so no height-for-age z), an implausible reading or a
reading past 59 months must not hide the child's earlier valid measurement from the stunting
numerator and denominator; and a child stunted earlier but not at its latest valid reading is
not stunted.
"""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kampungkb
from kampungkb.engine._compile import PlannedMeasure, _columns_read, _columns_used
from kampungkb.errors import IndicatorDefinitionError
from kampungkb.growth import add_growth_columns
from kampungkb.indicators import Measure, load_builtin_set, load_indicator_set
from kampungkb.indicators._validate import check_measure, validate_indicator_set
from kampungkb.models.tables import CANONICAL_TABLES

D = dt.date
V = "19.01.01.2001"
V2 = "19.01.01.2002"
SCHEMA = pa.schema([
    ("measurement_id", pa.string()), ("child_id", pa.string()), ("village_code", pa.string()),
    ("date", pa.date32()), ("sex", pa.string()), ("birth_date", pa.date32()),
    ("height_cm", pa.float64()), ("measured", pa.string()), ("weight_kg", pa.float64()),
])
#: (set, stunting indicator) pairs computed from the latest measurement per child.
STUNTING = [("sdg", "stunting_prevalence_under5"), ("cikar", "stunting_prevalence")]
VALID = "haz IS NOT NULL AND haz_flag IS DISTINCT FROM 'implausible'"


def _table(rows: list[tuple[object, ...]]) -> pa.Table:
    return pa.Table.from_pylist([dict(zip(SCHEMA.names, r, strict=True)) for r in rows],
                                schema=SCHEMA)


def _stunting(rows: list[tuple[object, ...]], set_id: str = "sdg",
              indicator: str = "stunting_prevalence_under5") -> tuple[float, float, float]:
    ds = kampungkb.Dataset.from_tables({"child_measurements": _table(rows)})
    r = kampungkb.compute(ds, [set_id], ["2021"], levels=["village"]).to_pandas()
    row = r[(r.indicator_id == indicator) & (r.region_code == V)].iloc[0]
    return float(row.numerator), float(row.denominator), float(row.value)


#: child c2 stunted (68 cm at 12 months), child c3 not (75 cm, girl at 12 months).
EARLIER = [
    ("b1", "c2", V, D(2021, 3, 1), "m", D(2020, 3, 1), 68.0, "lying", None),
    ("c1", "c3", V, D(2021, 3, 1), "f", D(2020, 3, 1), 75.0, "lying", None),
]
LATER = {
    "weight only": ("b2", "c2", V, D(2021, 9, 1), "m", D(2020, 3, 1), None, None, 8.0),
    "implausible": ("b2", "c2", V, D(2021, 9, 1), "m", D(2020, 3, 1), 40.0, "lying", 8.0),
}


@pytest.mark.parametrize(("set_id", "indicator"), STUNTING)
def test_a_later_reading_past_59_months_does_not_hide_the_earlier_valid_one(
        set_id: str, indicator: str) -> None:
    rows = [("o1", "c4", V, D(2021, 3, 1), "m", D(2016, 6, 1), 95.0, "standing", None),  # 57 mo
            ("o2", "c4", V, D(2021, 9, 1), "m", D(2016, 6, 1), 100.0, "standing", None),  # 63
            EARLIER[1]]
    assert _stunting(rows, set_id, indicator) == (1.0, 2.0, 50.0)


@pytest.mark.parametrize(("set_id", "indicator"), STUNTING)
@pytest.mark.parametrize("later", sorted(LATER))
def test_a_later_invalid_reading_does_not_hide_the_earlier_valid_one(
        set_id: str, indicator: str, later: str) -> None:
    assert _stunting([*EARLIER, LATER[later]], set_id, indicator) == (1.0, 2.0, 50.0)


@pytest.mark.parametrize(("set_id", "indicator"), STUNTING)
def test_the_reproduction_gives_one_in_two(set_id: str, indicator: str) -> None:
    rows = [EARLIER[0], LATER["weight only"], EARLIER[1]]
    assert _stunting(rows, set_id, indicator) == (1.0, 2.0, 50.0)


@pytest.mark.parametrize(("set_id", "indicator"), STUNTING)
def test_a_child_recovered_at_its_latest_valid_reading_is_not_stunted(
        set_id: str, indicator: str) -> None:
    recovered = ("b3", "c2", V, D(2021, 9, 1), "m", D(2020, 3, 1), 80.0, "lying", None)
    weighed = ("b4", "c2", V, D(2021, 11, 1), "m", D(2020, 3, 1), None, None, 9.0)
    assert _stunting([*EARLIER, recovered, weighed], set_id, indicator) == (0.0, 2.0, 0.0)


def test_the_packaged_latest_per_measures_choose_among_valid_readings() -> None:
    for set_id in ("sdg_2024.toml", "cikar_2018.toml"):
        s = load_builtin_set(set_id)
        latest = [m for m in s.measures if m.latest_per]
        assert latest
        assert all(m.latest_among == VALID for m in latest), set_id


def _reference(rows: list[tuple[object, ...]]) -> dict[str, tuple[int, int]]:
    """By hand: per village, each child's latest valid reading in 2021, then stunted?"""
    t = add_growth_columns(_table(rows)).to_pylist()
    latest: dict[tuple[str, str], dict[str, object]] = {}
    for r in t:
        if r["date"].year != 2021 or r["haz"] is None or r["haz_flag"] == "implausible":
            continue
        key = (str(r["village_code"]), str(r["child_id"]))
        if key not in latest or r["date"] > latest[key]["date"]:  # type: ignore[operator]
            latest[key] = r
    out: dict[str, tuple[int, int]] = {}
    for (village, _), r in latest.items():
        stunted, measured = out.get(village, (0, 0))
        out[village] = (stunted + (r["haz"] < -2), measured + 1)  # type: ignore[operator]
    return out


_READING = st.tuples(
    st.integers(0, 364),  # day of 2021 (distinct per child)
    st.one_of(st.none(), st.floats(35, 125).map(lambda h: round(h, 1))),
    st.sampled_from(["lying", "standing", None]),
)
_CHILD = st.tuples(
    st.sampled_from([V, V2]),
    st.sampled_from(["m", "f"]),
    st.integers(0, 7 * 365),  # days born before 2021-12-31
    st.lists(_READING, min_size=1, max_size=4, unique_by=lambda r: r[0]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CHILD, min_size=1, max_size=6))
def test_matches_a_pure_python_reference(children: list[tuple[object, ...]]) -> None:
    rows: list[tuple[object, ...]] = []
    for i, (village, sex, born, readings) in enumerate(children):
        birth = D(2021, 12, 31) - dt.timedelta(days=born)  # type: ignore[arg-type]
        for j, (day, height, measured) in enumerate(readings):  # type: ignore[misc]
            date = D(2021, 1, 1) + dt.timedelta(days=day)
            if date < birth:
                continue
            rows.append((f"m{i}_{j}", f"c{i}", village, date, sex, birth, height, measured,
                         None if height else 9.0))
    if not rows:
        return
    expected = _reference(rows)
    ds = kampungkb.Dataset.from_tables({"child_measurements": _table(rows)})
    r = kampungkb.compute(ds, ["sdg"], ["2021"], levels=["village"]).to_pandas()
    r = r[r.indicator_id == "stunting_prevalence_under5"]
    for village in {str(c[0]) for c in children}:
        got = r[r.region_code == village]
        stunted, measured = expected.get(village, (0, 0))
        if got.empty:
            assert measured == 0
            continue
        num, den = got.iloc[0].numerator, got.iloc[0].denominator
        assert (0 if num is None or (isinstance(num, float) and math.isnan(num)) else num) \
            == stunted, (village, rows)
        assert (0 if den is None or (isinstance(den, float) and math.isnan(den)) else den) \
            == measured, (village, rows)


_TOML = """
id = "latest_among_t"
version = "1"
title_id = "t"
title_en = "t"

[[measures]]
id = "m"
table = "child_measurements"
filter = "haz < -2"
{extra}

[[indicators]]
id = "i"
kind = "count"
numerator = "m"
label_id = "i"
label_en = "i"
"""


def test_latest_among_without_latest_per_is_a_definition_error_in_both_languages() -> None:
    with pytest.raises(IndicatorDefinitionError) as info:
        load_indicator_set(_TOML.format(extra=f'latest_among = "{VALID}"'))
    assert "latest_among works only with latest_per" in info.value.message("en")
    assert "latest_among hanya berlaku bersama latest_per" in info.value.message("id")
    with pytest.raises(ValueError, match="latest_among works only with latest_per"):
        Measure(id="m", table="child_measurements", latest_among=VALID)


def test_latest_among_is_checked_like_a_filter() -> None:
    s = load_indicator_set(_TOML.format(
        extra=f'latest_per = "child_id"\nlatest_among = "{VALID}"'))
    checked = validate_indicator_set(s).measures["m"]
    assert checked.latest_among_sql is not None
    assert '"haz"' in checked.latest_among_sql
    bad = [("nik = '1'", "holds personal data"), ("haz <", "line 1"),
           ("zzzz > 1", "unknown column 'zzzz'"), ("haz + 1", "true/false"),
           ("(SELECT 1) = 1", "")]
    for sql, words in bad:
        m = Measure(id="m", table="persons", latest_per="family_id", latest_among=sql) \
            if "nik" in sql else Measure(id="m", table="child_measurements",
                                         latest_per="child_id", latest_among=sql)
        with pytest.raises(IndicatorDefinitionError) as info:
            check_measure(m, "s", CANONICAL_TABLES)
        assert words in info.value.message("en"), (sql, info.value.message("en"))


def test_latest_among_is_part_of_the_row_selection_and_the_columns_read() -> None:
    a = Measure(id="a", table="child_measurements", filter="haz < -2", latest_per="child_id",
                latest_among="haz IS NOT NULL")
    b = Measure(id="b", table="child_measurements", filter="haz < -2", latest_per="child_id")
    pa_, pb = PlannedMeasure("a", a, '"haz" < -2', None), PlannedMeasure("b", b, '"haz" < -2', None)
    assert pa_.signature != pb.signature
    assert "haz" in _columns_used(PlannedMeasure("a", a, None, None,
                                                 latest_among_sql='"haz" IS NOT NULL'))
    c = Measure(id="c", table="child_measurements", latest_per="child_id",
                latest_among="weight_kg > 0")
    c_sql = check_measure(c, "s", CANONICAL_TABLES).latest_among_sql
    assert _columns_read([PlannedMeasure("c", c, None, None, latest_among_sql=c_sql)]) == {
        "weight_kg", "child_id"}
    rows = [*EARLIER, LATER["weight only"]]
    ds = kampungkb.Dataset.from_tables({"child_measurements": _table(rows)})
    s = load_indicator_set(_TOML.replace('filter = "haz < -2"', 'filter = "height_cm > 0"')
                           .format(extra='latest_per = "child_id"'))
    s2 = load_indicator_set(_TOML.replace('filter = "haz < -2"', 'filter = "height_cm > 0"')
                            .replace('"latest_among_t"', '"latest_among_u"')
                            .format(extra=f'latest_per = "child_id"\nlatest_among = "{VALID}"'))
    r = kampungkb.compute(ds, [s, s2], ["2021"], levels=["village"]).to_pandas()
    got = dict(zip(r.set_id, r.value, strict=True))
    # without latest_among c2's latest row is the weight-only visit (no height): 1 child;
    # with it, the earlier valid one: 2 children — not shared with the other measure
    assert got == {"latest_among_t": 1.0, "latest_among_u": 2.0}
