"""Measures with ``by``: categories come out of the same pass and roll up as ratios of sums."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa

import kampungkb
from kampungkb.indicators import Indicator, IndicatorSet, Measure

V1, V2 = "19.01.01.2001", "19.01.01.2002"


def _person(i: int, village: str, sex: str, born: date, akta: bool | None,
            **kw: Any) -> dict[str, Any]:
    return {"person_id": f"p{i}", "family_id": f"f{i}", "village_code": village,
            "period": "2019", "sex": sex, "birth_date": born, "has_birth_certificate": akta,
            "marital_status": kw.get("marital_status", "never_married")}


SET = IndicatorSet(
    id="dis", version="1", title_id="t", title_en="t",
    measures=(
        Measure(id="kids", table="persons", filter="age_years < 18", by="sex"),
        Measure(id="kids_akta", table="persons", filter="age_years < 18 AND has_birth_certificate",
                by="sex"),
        Measure(id="people", table="persons"),
        Measure(id="marriages", table="marriages", by="wife_age"),
    ),
    indicators=(
        Indicator(id="akta", label_id="a", label_en="a", numerator="kids_akta",
                  denominator="kids"),
        Indicator(id="akta_share_of_people", label_id="b", label_en="b",
                  numerator="kids_akta", denominator="people"),
        Indicator(id="n_marriages", label_id="c", label_en="c", kind="count",
                  numerator="marriages"),
    ),
)


def test_categories_and_totals() -> None:
    rows = [
        _person(1, V1, "f", date(2010, 1, 1), True),
        _person(2, V1, "f", date(2011, 1, 1), False),
        _person(3, V1, "m", date(2012, 1, 1), True),
        _person(4, V1, "m", date(1980, 1, 1), None, marital_status="married"),
        _person(5, V2, "f", date(2013, 1, 1), True),
        _person(6, V2, "m", date(2014, 1, 1), None),
    ]
    marriages = [{"marriage_id": "m1", "village_code": V1, "date": date(2019, 5, 1),
                  "wife_age": 17, "husband_age": 20}]
    ds = kampungkb.Dataset.from_tables({"persons": pa.Table.from_pylist(rows),
                                        "marriages": pa.Table.from_pylist(marriages)})
    res = kampungkb.compute(ds, [SET], ["2019"])
    # totals are unchanged by the disaggregation
    assert res.value("akta", V1, "2019") == round(2 / 3 * 100, 2)
    # same-category denominator
    assert res.value("akta", V1, "2019", category="f") == 50.0
    assert res.value("akta", V1, "2019", category="m") == 100.0
    # a denominator without `by` divides each category by its total
    assert res.value("akta_share_of_people", V1, "2019", category="f") == 25.0
    # roll-up per category: ratio of sums over the district
    assert res.value("akta", "19.01.01", "2019", category="f") == round(2 / 3 * 100, 2)
    assert res.value("akta", "19.01.01", "2019", category="m") == 50.0
    # event tables disaggregate too; totals are zero-filled, categories are as counted
    assert res.value("n_marriages", V1, "2019", category="17") == 1.0
    assert res.value("n_marriages", V2, "2019") == 0.0
    cats = {r["category"] for r in res.to_pylist()
            if r["indicator_id"] == "akta" and r["disaggregation"] == "sex"}
    assert cats == {"f", "m"}
    # evaluation works on totals only
    assert res.totals().num_rows == sum(1 for r in res.to_pylist() if r["category"] is None)
