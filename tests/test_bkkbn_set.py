"""The bkkbn@2020 set: registration, microdata and report paths, catalogue page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import kampungkb
from kampungkb.evaluate import Classification
from kampungkb.indicators import validate_indicator_set
from kampungkb.indicators._catalogue import catalogue_markdown
from kampungkb.indicators.bkkbn import bkkbn_2020
from kampungkb.plugins import get_plugin_manager

V1, V2 = "19.02.01.2001", "19.02.01.2002"


def test_set_and_classifier_are_registered_and_valid() -> None:
    manager = get_plugin_manager()
    iset = manager.get_indicator_set("bkkbn")
    assert (iset.key, iset.period_type) == ("bkkbn@2020", "year")
    validate_indicator_set(iset, shared_measures=manager.measures())
    spec = manager.classifiers()["bkkbn-2020"]
    assert isinstance(spec.rule, Classification)
    assert spec.rule.set_key == iset.key
    spec.rule.check(iset)
    assert [c.id for c in spec.rule.classes] == ["berkelanjutan", "mandiri", "berkembang", "dasar"]
    assert {i.id: len(i.variables) for i in spec.rule.indices} == {
        "input": 5, "process": 3, "output": 4}


def _person(pid: str, family: str, born: date, **kw: Any) -> dict[str, Any]:
    return {"person_id": pid, "family_id": family, "village_code": V1, "period": "2021",
            "sex": kw.pop("sex", "f"), "birth_date": born, **kw}


def test_output_variables_from_microdata() -> None:
    persons = [
        # family a: a couple (PUS on IUD) with a toddler (aged 5 on 31 Dec 2021) and a youth
        _person("a1", "a", date(1990, 1, 1), marital_status="married",
                contraceptive_method="iud"),
        _person("a2", "a", date(2016, 12, 31), sex="m"),
        _person("a3", "a", date(2008, 1, 1)),
        # family b: PUS wanting no more children, not using; grandmother aged 60
        _person("b1", "b", date(1985, 1, 1), marital_status="married",
                fertility_intention="no_more"),
        _person("b2", "b", date(1961, 12, 31), marital_status="widowed"),
        # family c: PUS on LAM (not one of the 7 methods), a child aged 6 (not a toddler)
        _person("c1", "c", date(1992, 1, 1), marital_status="married",
                contraceptive_method="lam"),
        _person("c2", "c", date(2015, 12, 31), sex="m"),
    ]
    families = [{"family_id": f, "village_code": V1, "period": "2021"} for f in "abc"]
    groups = [
        {"group_id": "g1", "village_code": V1, "period": "2021", "kind": "bkb",
         "participants": 1},
        {"group_id": "g2", "village_code": V1, "period": "2021", "kind": "uppka",
         "participants": 2},
        {"group_id": "g3", "village_code": V1, "period": "2021", "kind": "pikr",
         "participants": 1, "active": False},
    ]
    ds = kampungkb.Dataset.from_tables({"persons": persons, "families": families,
                                        "poktan_groups": groups})
    res = kampungkb.compute(ds, "bkkbn@2020", ["2021"], levels=("village",))
    assert res.value("cpr_7_methods", V1, "2021") == round(100 / 3, 2)
    assert res.value("mkjp_share_of_users", V1, "2021") == 100.0
    assert res.value("unmet_need_iat_tial", V1, "2021") == round(100 / 3, 2)
    assert res.value("participation_bkb", V1, "2021") == 100.0  # 1 / 1 family with a toddler
    assert res.value("participation_uppka", V1, "2021") == round(200 / 3, 2)
    assert res.value("participation_pikr", V1, "2021") == 0.0  # inactive group
    assert res.value("participation_bkl", V1, "2021") == 0.0  # no BKL group, 1 family


def test_reports_latest_month_of_the_year_and_month_periods() -> None:
    reports = [
        {"village_code": V2, "period": "2021-03", "pus": 100, "users_pill": 20},
        {"village_code": V2, "period": "2021-11", "pus": 100, "users_pill": 45,
         "users_iud": None},
    ]
    ds = kampungkb.Dataset.from_tables({"monthly_reports": reports})
    year = kampungkb.compute(ds, "bkkbn@2020", ["2021"], levels=("village",))
    assert year.value("cpr_7_methods", V2, "2021") == 45.0  # stock: the latest month
    month = kampungkb.compute(ds, "bkkbn@2020", ["2021-03"], levels=("village",))
    assert month.value("cpr_7_methods", V2, "2021-03") == 20.0


def test_profile_variables_average_above_the_village() -> None:
    profiles = [{"village_code": V1, "period": "2021", "funding_sources": ["apbn", "csr"]},
                {"village_code": V2, "period": "2021", "funding_sources": ["apbn"]}]
    ds = kampungkb.Dataset.from_tables({"kampung_kb_profiles": profiles})
    res = kampungkb.compute(ds, "bkkbn@2020", ["2021"])
    assert res.value("funding_sources", V1, "2021") == 2.0
    assert res.value("funding_sources", "19.02.01", "2021") == 1.5


def test_catalogue_page_is_up_to_date() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "catalogue" / "bkkbn-2020.md"
    assert page.read_text(encoding="utf-8") == catalogue_markdown(bkkbn_2020()), (
        "regenerate docs/catalogue/bkkbn-2020.md with catalogue_markdown(bkkbn_2020())")
