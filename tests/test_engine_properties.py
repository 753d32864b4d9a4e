"""Engine invariants (Hypothesis) and a differential test against a pure-Python reference."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kampungkb
from kampungkb.indicators import Indicator, IndicatorSet, Measure

from ._reference import marriage_measures, person_measures, ratio

VILLAGES = ["19.01.01.2001", "19.01.01.2002", "19.01.02.2001", "19.02.01.2001", "19.71.01.1001"]
METHODS = [None, None, "iud", "implant", "mow", "mop", "condom", "pill", "injectable", "lam"]


@st.composite
def persons_rows(draw: st.DrawFn, max_size: int = 60) -> list[dict[str, Any]]:
    n = draw(st.integers(1, max_size))
    rows = []
    for i in range(n):
        birth = date(1960, 1, 1) + timedelta(days=draw(st.integers(0, 21000)))
        rows.append({
            "person_id": f"p{i}",
            "family_id": f"f{i // 3}",
            "village_code": draw(st.sampled_from(VILLAGES)),
            "period": draw(st.sampled_from(["2017", "2019"])),
            "sex": draw(st.sampled_from(["m", "f"])),
            "birth_date": birth,
            "marital_status": draw(st.sampled_from(["married", "never_married", "widowed"])),
            "contraceptive_method": draw(st.sampled_from(METHODS)),
            "pregnant": draw(st.sampled_from([None, True, False])),
            "fertility_intention": draw(st.sampled_from([None, "want_soon", "later", "no_more"])),
            "has_birth_certificate": draw(st.sampled_from([None, True, False])),
        })
    return rows


@st.composite
def marriage_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(0, 30))
    return [{
        "marriage_id": f"m{i}",
        "village_code": draw(st.sampled_from(VILLAGES)),
        "date": date(draw(st.sampled_from([2017, 2019])), draw(st.integers(1, 12)), 15),
        "husband_age": draw(st.one_of(st.none(), st.integers(14, 60))),
        "wife_age": draw(st.one_of(st.none(), st.integers(13, 50))),
    } for i in range(n)]


def _cikar_results(tables: dict[str, Any]) -> kampungkb.Results:
    ds = kampungkb.Dataset.from_tables({k: pa.Table.from_pylist(v) for k, v in tables.items() if v})
    return kampungkb.compute(ds, ["cikar"], ["2017", "2019"])


SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(persons=persons_rows(), marriages=marriage_rows())
def test_engine_matches_pure_python_reference(
    persons: list[dict[str, Any]], marriages: list[dict[str, Any]]
) -> None:
    """Every persons/marriage-based CIKAR value equals the slow reference, village by village."""
    res = _cikar_results({"persons": persons, "marriages": marriages})
    ref = person_measures(persons)
    checks = {
        "cpr": ("kb_users", "pus"), "unmet_need": ("unmet_need", "pus"),
        "birth_certificates": ("children_with_akta", "children_0_17"),
    }
    counts = {"mkjp_acceptors": "mkjp_users", "male_acceptors": "male_users"}
    for (village, period), m in ref.items():
        for ind, (num, den) in checks.items():
            assert res.value(ind, village, period) == ratio(m[num], m[den]), (ind, village)
        for ind, num in counts.items():
            assert res.value(ind, village, period) == m[num]
    mref = marriage_measures(marriages)
    for (village, period), m in mref.items():
        assert res.value("child_marriage", village, period) == ratio(
            m["child_marriages"], m["marriages"])


@SETTINGS
@given(persons=persons_rows(max_size=80))
def test_rollup_is_ratio_of_sums(persons: list[dict[str, Any]]) -> None:
    """A district's/regency's/province's CPR equals CPR computed on the union of its villages."""
    res = _cikar_results({"persons": persons})
    rows = res.table.filter(pa.compute.equal(res.table["indicator_id"], "cpr")).to_pylist()
    for row in rows:
        members = [p for p in persons if p["village_code"].startswith(row["region_code"])
                   and p["period"] == row["period"]]
        ref = person_measures(members)
        num = sum(m["kb_users"] for m in ref.values())
        den = sum(m["pus"] for m in ref.values())
        assert row["numerator"] == num
        assert row["denominator"] == den
        assert row["value"] == ratio(num, den)


@SETTINGS
@given(persons=persons_rows(), marriages=marriage_rows())
def test_numerator_never_exceeds_denominator(
    persons: list[dict[str, Any]], marriages: list[dict[str, Any]]
) -> None:
    res = _cikar_results({"persons": persons, "marriages": marriages}).to_pylist()
    for row in res:
        if row["denominator"] is not None and row["numerator"] is not None:
            ind = row["indicator_id"]
            if ind in {"cpr", "unmet_need", "birth_certificates", "child_marriage"}:
                assert row["numerator"] <= row["denominator"], row
                if row["value"] is not None:
                    assert 0 <= row["value"] <= 100


def _presence_set() -> IndicatorSet:
    return IndicatorSet(
        id="toy", version="1", title_id="t", title_en="t",
        measures=(Measure(id="patbm", table="patbm"), Measure(id="marr", table="marriages")),
        indicators=(
            Indicator(id="formed", label_id="a", label_en="a", kind="presence", numerator="patbm"),
            Indicator(id="n_marr", label_id="b", label_en="b", kind="count", numerator="marr"),
        ),
    )


@SETTINGS
@given(formed=st.lists(st.tuples(st.sampled_from(VILLAGES), st.integers(2015, 2020)),
                       max_size=8),
       marriages=marriage_rows())
def test_presence_and_count_kinds(formed: list[tuple[str, int]],
                                  marriages: list[dict[str, Any]]) -> None:
    """Presence is 1/0 per village and a share of villages above; counts add up."""
    villages = [{"village_code": v, "name": v} for v in VILLAGES]
    patbm = [{"patbm_id": f"x{i}", "village_code": v, "formed_on": date(y, 6, 1)}
             for i, (v, y) in enumerate(formed)]
    tables = {"villages": villages, "patbm": patbm, "marriages": marriages}
    ds = kampungkb.Dataset.from_tables({k: pa.Table.from_pylist(v) for k, v in tables.items() if v})
    res = kampungkb.compute(ds, [_presence_set()], ["2017", "2019"])
    for period in ("2017", "2019"):
        end = int(period)
        present = {v for v, y in formed if y <= end}
        for v in VILLAGES:
            # a table the dataset lacks is missing data, never zero; a village the
            # dataset covers with no row in a table it has counts zero
            expected = (1.0 if v in present else 0.0) if formed else None
            assert res.value("formed", v, period) == expected
            n = sum(1 for m in marriages if m["village_code"] == v and m["date"].year == end)
            assert res.value("n_marr", v, period) == (n if marriages else None)
        if formed:
            share = round(100 * len(present) / len(VILLAGES), 2)
            assert res.value("formed", "19", period) == share
        if marriages:
            assert res.value("n_marr", "19", period) == sum(
                1 for m in marriages if m["date"].year == end)


def test_missing_snapshot_is_missing_not_zero() -> None:
    """A village with no persons rows in a period gets no CPR value, flagged missing above."""
    persons = [{
        "person_id": "a", "family_id": "f", "village_code": VILLAGES[0], "period": "2017",
        "sex": "f", "birth_date": date(1990, 1, 1), "marital_status": "married",
        "contraceptive_method": "pill",
    }]
    villages = [{"village_code": v} for v in VILLAGES[:2]]
    ds = kampungkb.Dataset.from_tables({"persons": pa.Table.from_pylist(persons),
                                        "villages": pa.Table.from_pylist(villages)})
    res = kampungkb.compute(ds, ["cikar"], ["2017", "2019"])
    assert res.value("cpr", VILLAGES[0], "2017") == 100.0
    assert res.value("cpr", VILLAGES[1], "2017") is None
    assert res.value("cpr", VILLAGES[0], "2019") is None
    district = res.table.filter(
        pa.compute.and_(pa.compute.equal(res.table["indicator_id"], "cpr"),
                        pa.compute.equal(res.table["level"], "district"))).to_pylist()
    d2017 = next(r for r in district if r["period"] == "2017")
    assert d2017["n"] == 1
    assert "partial_coverage" in d2017["flags"]
    assert "small_denominator" in d2017["flags"]


@pytest.mark.parametrize("periods", [["2017", "2019-06"], []])
def test_bad_periods(periods: list[str]) -> None:
    ds = kampungkb.Dataset.from_tables({"villages": pa.table({"village_code": [VILLAGES[0]]})})
    with pytest.raises(kampungkb.DatasetError):
        kampungkb.compute(ds, ["cikar"], periods)
