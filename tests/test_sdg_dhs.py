"""The sdg set: the DHS 2012 unmet-need steps on hand-made women, and the SDG indicators."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import kampungkb
from kampungkb.indicators import validate_indicator_set
from kampungkb.indicators._catalogue import catalogue_markdown
from kampungkb.indicators.sdg import (
    DHS2012_INFECUND_ROUTES,
    DHS2012_STATUSES,
    DHS2012_STEPS,
    dhs2012_status_sql,
    sdg_2024,
)
from kampungkb.plugins import get_plugin_manager

V = "19.01.01.2001"
P = "2020"  # reference date 2020-12-31


def _woman(pid: str, **kw: Any) -> dict[str, Any]:
    base = {"person_id": pid, "family_id": f"f-{pid}", "village_code": V, "period": P,
            "sex": "f", "birth_date": date(1990, 3, 1), "marital_status": "married",
            "age_first_marriage": 28}
    return {**base, **kw}


# (id, fields, expected DHS status) — one woman per branch of the algorithm
WOMEN: list[tuple[str, dict[str, Any], str]] = [
    # step 1: users have met need, whatever else is true
    ("user", {"contraceptive_method": "pill", "fertility_intention": "no_more"}, "met"),
    ("user_traditional", {"contraceptive_method": "traditional"}, "met"),
    # step 2: pregnant, by wantedness of the pregnancy
    ("preg_then", {"pregnant": True, "pregnancy_wanted": "then"}, "no_need"),
    ("preg_later", {"pregnant": True, "pregnancy_wanted": "later"}, "spacing"),
    ("preg_no_more", {"pregnant": True, "pregnancy_wanted": "no_more"}, "limiting"),
    ("preg_unknown", {"pregnant": True}, "unknown"),
    ("preg_says_infecund", {"pregnant": True, "pregnancy_wanted": "later",
                            "infecund_reported": True}, "spacing"),
    # step 3: postpartum amenorrhoeic, birth < 24 months before 2020-12-31
    ("ppa_then", {"last_menses": "before_last_birth", "last_birth_date": date(2020, 2, 10),
                  "last_birth_wanted": "then", "fertility_intention": "no_more"}, "no_need"),
    ("ppa_later", {"last_menses": "before_last_birth", "last_birth_date": date(2019, 6, 15),
                   "last_birth_wanted": "later"}, "spacing"),
    ("ppa_no_more", {"last_menses": "before_last_birth", "last_birth_date": date(2019, 6, 15),
                     "last_birth_wanted": "no_more", "fertility_intention": "want_soon"},
     "limiting"),
    ("ppa_23_months", {"last_menses": "before_last_birth", "last_birth_date": date(2019, 1, 31),
                       "last_birth_wanted": "later", "fertility_intention": "want_soon"},
     "spacing"),
    # 24 months: no longer PPA; birth < 5 years so not infecund either -> by desire
    ("ppa_24_months", {"last_menses": "before_last_birth", "last_birth_date": date(2018, 12, 1),
                       "last_birth_wanted": "later", "fertility_intention": "want_soon"},
     "no_need"),
    ("period_back", {"last_menses": "within_6_months", "last_birth_date": date(2020, 1, 5),
                     "last_birth_wanted": "no_more", "fertility_intention": "later"}, "spacing"),
    # step 4: infecund, by each route (they would otherwise have unmet need)
    ("inf_reported", {"infecund_reported": True, "fertility_intention": "no_more"}, "infecund"),
    ("inf_menopause", {"last_menses": "menopausal_hysterectomy",
                       "fertility_intention": "no_more"}, "infecund"),
    ("inf_6_months", {"last_menses": "over_6_months", "fertility_intention": "later"},
     "infecund"),
    ("inf_never_menstruated", {"last_menses": "never_menstruated",
                               "fertility_intention": "later"}, "infecund"),
    ("never_menstruated_recent_birth", {"last_menses": "never_menstruated",
                                        "last_birth_date": date(2018, 1, 1),
                                        "fertility_intention": "later"}, "spacing"),
    ("inf_amenorrhoeic_5y", {"last_menses": "before_last_birth",
                             "last_birth_date": date(2015, 12, 1),
                             "fertility_intention": "no_more"}, "infecund"),
    ("inf_married_5y", {"age_first_marriage": 25, "ever_used_contraception": False,
                        "fertility_intention": "no_more"}, "infecund"),
    ("married_5y_used_before", {"age_first_marriage": 25, "ever_used_contraception": True,
                                "fertility_intention": "no_more"}, "limiting"),
    ("married_5y_use_unknown", {"age_first_marriage": 25, "fertility_intention": "no_more"},
     "limiting"),
    ("married_5y_recent_birth", {"age_first_marriage": 25, "ever_used_contraception": False,
                                 "last_birth_date": date(2017, 1, 1),
                                 "last_menses": "within_6_months",
                                 "fertility_intention": "no_more"}, "limiting"),
    ("married_4y", {"age_first_marriage": 26, "ever_used_contraception": False,
                    "fertility_intention": "no_more"}, "limiting"),
    # step 5: fecund, by desire for (more) children
    ("want_soon", {"fertility_intention": "want_soon"}, "no_need"),
    ("want_later", {"fertility_intention": "later"}, "spacing"),
    ("undecided", {"fertility_intention": "undecided"}, "spacing"),
    ("no_more", {"fertility_intention": "no_more"}, "limiting"),
    ("desire_unknown", {}, "unknown"),
]
NOT_COUNTED = [  # outside the denominator: too old, unmarried, a man
    _woman("aged_50", birth_date=date(1970, 1, 1), fertility_intention="no_more"),
    _woman("unmarried", marital_status="never_married", age_first_marriage=None,
           fertility_intention="no_more"),
    {"person_id": "man", "family_id": "f-man", "village_code": V, "period": P, "sex": "m",
     "birth_date": date(1985, 1, 1), "marital_status": "married"},
]


@pytest.fixture(scope="module")
def women() -> kampungkb.Dataset:
    persons = [_woman(pid, **kw) for pid, kw, _ in WOMEN] + NOT_COUNTED
    return kampungkb.Dataset.from_tables({"persons": persons})


def test_every_step_and_route_has_a_case() -> None:
    assert [s.id for s in DHS2012_STEPS] == [
        "using", "pregnant", "postpartum_amenorrhoeic", "infecund", "fecund"]
    assert len(DHS2012_INFECUND_ROUTES) == 6
    assert {status for _, _, status in WOMEN} == set(DHS2012_STATUSES)


def test_dhs_status_of_each_woman(women: kampungkb.Dataset) -> None:
    rows = women.query(
        f"SELECT person_id, {dhs2012_status_sql()} AS status FROM persons").to_pylist()
    got = {r["person_id"]: r["status"] for r in rows}
    for pid, _, expected in WOMEN:
        assert got[pid] == expected, pid


def test_dhs_indicators_count_only_married_women_15_49(women: kampungkb.Dataset) -> None:
    res = kampungkb.compute(women, "sdg@2024", [P], levels=("village",))
    n = len(WOMEN)
    spacing = sum(1 for _, _, s in WOMEN if s == "spacing")
    limiting = sum(1 for _, _, s in WOMEN if s == "limiting")
    met = sum(1 for _, _, s in WOMEN if s == "met")
    assert res.value("unmet_need_dhs2012_spacing", V, P) == round(100 * spacing / n, 2)
    assert res.value("unmet_need_dhs2012_limiting", V, P) == round(100 * limiting / n, 2)
    assert res.value("unmet_need_dhs2012", V, P) == round(100 * (spacing + limiting) / n, 2)
    # demand satisfied by modern methods: 1 modern user of (2 users + unmet)
    assert res.value("demand_satisfied_modern_married_women", V, P) == round(
        100 * 1 / (met + spacing + limiting), 2)
    assert res.value("cpr_married_women", V, P) == round(100 * 2 / n, 2)
    assert res.value("mcpr_married_women", V, P) == round(100 * 1 / n, 2)


def test_child_marriage_and_birth_registration() -> None:
    people = [
        _woman("w20_14", birth_date=date(2000, 6, 1), age_first_marriage=14),
        _woman("w24_17", birth_date=date(1996, 1, 1), age_first_marriage=17),
        _woman("w22_18", birth_date=date(1998, 1, 1), age_first_marriage=18),
        _woman("w21_single", birth_date=date(1999, 1, 1), marital_status="never_married",
               age_first_marriage=None),
        _woman("w25_14", birth_date=date(1995, 1, 1), age_first_marriage=14),  # 25: not 20-24
        _woman("w19_15", birth_date=date(2001, 6, 1), age_first_marriage=15),  # 19: not 20-24
    ]
    kids = [
        {"person_id": f"c{i}", "family_id": "f", "village_code": V, "period": P,
         "sex": "m", "birth_date": bd, "has_birth_certificate": cert}
        for i, (bd, cert) in enumerate([
            (date(2016, 1, 1), True), (date(2018, 5, 5), False), (date(2020, 7, 1), None),
            (date(2019, 2, 2), True), (date(2015, 12, 31), True)])  # last is 5: not under 5
    ]
    ds = kampungkb.Dataset.from_tables({"persons": people + kids})
    res = kampungkb.compute(ds, "sdg", [P], levels=("village",))
    assert res.value("child_marriage_before_15", V, P) == 25.0
    assert res.value("child_marriage_before_18", V, P) == 50.0
    assert res.value("birth_registration_under5", V, P) == 50.0


def test_stunting_prevalence_latest_valid_measurement() -> None:
    def m(mid: str, child: str, when: date, height: float) -> dict[str, Any]:
        return {"measurement_id": mid, "child_id": child, "village_code": V, "date": when,
                "sex": "m", "birth_date": date(2018, 6, 1), "height_cm": height,
                "measured": "standing"}

    rows = [
        m("a1", "a", date(2020, 3, 1), 88.0),   # normal at first, ...
        m("a2", "a", date(2020, 9, 1), 81.0),   # ... stunted (z -2.67) at the latest one
        m("b1", "b", date(2020, 6, 1), 88.0),   # normal
        m("c1", "c", date(2020, 6, 1), 55.0),   # |z| > 6: implausible, left out
        m("d1", "d", date(2020, 6, 1), 76.0),   # severely stunted
    ]
    ds = kampungkb.Dataset.from_tables({"child_measurements": rows})
    res = kampungkb.compute(ds, "sdg@2024", [P], levels=("village",))
    assert res.value("stunting_prevalence_under5", V, P) == round(200 / 3, 2)
    assert res.value("severe_stunting_prevalence_under5", V, P) == round(100 / 3, 2)


def test_registered_and_valid() -> None:
    manager = get_plugin_manager()
    sdg = manager.get_indicator_set("sdg")
    assert sdg.key == "sdg@2024"
    validate_indicator_set(sdg, shared_measures=manager.measures())
    ids = {i.id for i in sdg.indicators}
    assert {"unmet_need_dhs2012", "cpr_married_women", "mcpr_married_women",
            "demand_satisfied_modern_married_women", "child_marriage_before_15",
            "child_marriage_before_18", "birth_registration_under5",
            "stunting_prevalence_under5"} <= ids
    # named variants: no indicator id is shared with the BKKBN set
    assert not ids & {i.id for i in manager.get_indicator_set("bkkbn").indicators}


def test_catalogue_page_is_up_to_date() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "catalogue" / "sdg-2024.md"
    assert page.read_text(encoding="utf-8") == catalogue_markdown(sdg_2024()), (
        "regenerate docs/catalogue/sdg-2024.md with catalogue_markdown(sdg_2024())")


def test_person_fertility_detail_is_checked() -> None:
    from pydantic import ValidationError  # noqa: PLC0415 - only this test

    from kampungkb.models import Person  # noqa: PLC0415

    base = {"person_id": "p", "family_id": "f", "village_code": V, "period": P,
            "birth_date": date(1990, 1, 1)}
    ok = Person(**base, sex="f", pregnant=True, pregnancy_wanted="later",
                last_birth_date=date(2018, 1, 1), last_birth_wanted="then",
                last_menses="within_6_months", ever_used_contraception=True)
    assert ok.last_menses is not None
    assert ok.last_menses.label("en").startswith("Within")
    for bad, message in [
        ({"sex": "m", "last_menses": "over_6_months"}, "man's row"),
        ({"sex": "f", "pregnant": False, "pregnancy_wanted": "then"}, "pregnant is false"),
        ({"sex": "f", "last_birth_wanted": "then"}, "last_birth_date is empty"),
        ({"sex": "f", "last_birth_date": date(1980, 1, 1)}, "before birth_date"),
    ]:
        with pytest.raises(ValidationError, match=message):
            Person(**base, **bad)
