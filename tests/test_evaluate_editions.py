"""Evaluations across editions of the region list compare like with like (#17 point 3)."""

from __future__ import annotations

import pyarrow as pa

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.indicators import Indicator, IndicatorSet, Measure

OLD, NEW = "11.72.01.2001", "11.72.03.2001"  # one village, recoded between 2018 and 2022


def _set() -> IndicatorSet:
    return IndicatorSet(
        id="uji", version="1", title_id="Uji", title_en="Test",
        measures=(Measure(id="people", table="persons"),),
        indicators=(Indicator(id="people", kind="count", label_id="Penduduk",
                              label_en="People", numerator="people", change="rise"),),
    )


def _dataset() -> kampungkb.Dataset:
    rows = [("p1", OLD, "2019"), ("p2", OLD, "2019"),
            ("p1", NEW, "2023"), ("p2", NEW, "2023"), ("p3", NEW, "2023")]
    return kampungkb.Dataset.from_tables({"persons": pa.table({
        "person_id": [r[0] for r in rows], "family_id": ["f1"] * len(rows),
        "village_code": [r[1] for r in rows], "period": [r[2] for r in rows],
        "sex": ["f"] * len(rows),
        "birth_date": pa.array([None] * len(rows), pa.date32()),
    })})


def test_a_recoded_village_is_one_village_across_editions() -> None:
    ev = kampungkb.evaluate(_dataset(), _set(), baseline="2019", followup="2023")
    assert ev.comparability is not None
    assert ev.comparability.from_edition == "2018"
    assert ev.comparability.to_edition == "2022"
    villages = [r for r in ev.scorecard.to_pylist() if r["level"] == "village"]
    assert [(r["region_code"], r["baseline"], r["followup"], r["achieved"])
            for r in villages] == [(NEW, 2.0, 3.0, True)]
    assert "recoded" in ev.results.hierarchy
    # roll-up follows each period's own edition: the district of 2019 is 11.72.01
    districts = {(r["region_code"], r["period"]): r["value"]
                 for r in ev.results.to_pylist() if r["level"] == "district"}
    assert districts == {("11.72.01", "2019"): 2.0, ("11.72.03", "2023"): 3.0}


def test_without_comparability_the_codes_stay_apart() -> None:
    ev = kampungkb.evaluate(_dataset(), _set(), baseline="2019", followup="2023",
                            comparable=False)
    assert ev.comparability is None
    villages = {r["region_code"] for r in ev.scorecard.to_pylist() if r["level"] == "village"}
    assert villages == {OLD, NEW}


def test_one_edition_needs_nothing() -> None:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    ev = kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")
    assert ev.comparability is None
