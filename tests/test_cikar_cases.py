"""Every CIKAR indicator on a small hand-computed dataset, the seed table, and the one-pass rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import kampungkb
from kampungkb.demo import SEED_VILLAGE_CODE
from kampungkb.engine._compile import PlannedMeasure, compile_queries
from kampungkb.engine._periods import parse_period
from kampungkb.indicators import validate_indicator_set
from kampungkb.indicators._catalogue import catalogue_markdown
from kampungkb.indicators.cikar import cikar_2018
from kampungkb.models.tables import CANONICAL_TABLES

V1, V2 = "19.01.01.2001", "19.01.01.2002"


def _person(i: int, period: str, **kw: Any) -> dict[str, Any]:
    base = {"person_id": f"p{i}", "family_id": f"f{i}", "village_code": V1, "period": period,
            "sex": "f", "birth_date": date(1990, 6, 1), "marital_status": "married"}
    return {**base, **kw}


@pytest.fixture(scope="module")
def hand() -> kampungkb.Results:
    """A 2017/2019 dataset where every number below was counted by hand."""
    persons = [
        # 2017, village 1: 4 PUS (one using IUD, one condom, one unmet TIAL, one pregnant IAT)
        _person(1, "2017", contraceptive_method="iud"),
        _person(2, "2017", contraceptive_method="condom"),
        _person(3, "2017", fertility_intention="no_more"),
        _person(4, "2017", fertility_intention="later", pregnant=True),
        # not PUS: aged 50 on 31 Dec 2017, and a man
        _person(5, "2017", birth_date=date(1967, 12, 31), contraceptive_method="pill"),
        _person(6, "2017", sex="m", birth_date=date(1985, 1, 1)),
        # children: 17 on 31 Dec 2017 (counts), 18 that day (does not); one with akta
        _person(7, "2017", birth_date=date(2000, 1, 1), marital_status="never_married",
                has_birth_certificate=True),
        _person(8, "2017", birth_date=date(1999, 12, 31), marital_status="never_married",
                has_birth_certificate=True),
        _person(9, "2017", birth_date=date(2010, 5, 5), marital_status="never_married"),
        # 2019, village 1: 2 PUS, both users (MOP, implant)
        _person(1, "2019", contraceptive_method="mop"),
        _person(2, "2019", contraceptive_method="implant"),
        _person(9, "2019", birth_date=date(2010, 5, 5), marital_status="never_married",
                has_birth_certificate=True),
    ]
    families = [
        {"family_id": "f1", "village_code": V1, "period": "2017", "welfare_stage": "pra_sejahtera"},
        {"family_id": "f2", "village_code": V1, "period": "2017", "welfare_stage": "pra_sejahtera"},
        {"family_id": "f1", "village_code": V1, "period": "2019", "welfare_stage": "ks1"},
        {"family_id": "f2", "village_code": V1, "period": "2019", "welfare_stage": "pra_sejahtera"},
    ]
    groups = [
        {"group_id": "g1", "village_code": V1, "period": "2017", "kind": "bkb", "active": True},
        {"group_id": "g2", "village_code": V1, "period": "2019", "kind": "bkb", "active": True},
        {"group_id": "g3", "village_code": V1, "period": "2019", "kind": "bkb", "active": False},
        {"group_id": "g4", "village_code": V1, "period": "2019", "kind": "pikr"},
    ]
    marriages = [
        {"marriage_id": "m1", "village_code": V1, "date": date(2017, 3, 1),
         "husband_age": 25, "wife_age": 17},
        {"marriage_id": "m2", "village_code": V1, "date": date(2017, 4, 1),
         "husband_age": 30, "wife_age": 28},
        {"marriage_id": "m3", "village_code": V1, "date": date(2019, 4, 1),
         "husband_age": 17, "wife_age": 18},
        {"marriage_id": "m4", "village_code": V1, "date": date(2018, 4, 1),
         "husband_age": 16, "wife_age": 16},  # 2018: in neither period
    ]
    patbm = [{"patbm_id": "x", "village_code": V1, "formed_on": date(2018, 5, 1),
              "decree_number": "SK 1/2018"},
             {"patbm_id": "y", "village_code": V2, "formed_on": date(2016, 5, 1)}]  # no decree
    industries = [{"industry_id": "i", "village_code": V1, "started_on": date(2015, 1, 1),
                   "closed_on": date(2018, 1, 1)}]
    interventions = [{"intervention_id": f"n{i}", "village_code": V1,
                      "date": date(2019, 1 + i, 1), "agency": "Dinas Kesehatan"}
                     for i in range(3)]
    villages = [{"village_code": V1, "name": "Satu"}, {"village_code": V2, "name": "Dua"}]
    tables = {"persons": persons, "families": families, "poktan_groups": groups,
              "marriages": marriages, "patbm": patbm, "home_industries": industries,
              "interventions": interventions, "villages": villages}
    ds = kampungkb.Dataset.from_tables({k: _table(v) for k, v in tables.items()})
    return kampungkb.compute(ds, ["cikar"], ["2017", "2019"])


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    """Arrow table from dicts with differing keys (missing keys are nulls)."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows])


@pytest.mark.parametrize(
    ("indicator", "period", "expected"),
    [
        ("cpr", "2017", 50.0),                # 2 users / 4 PUS
        ("cpr", "2019", 100.0),
        ("unmet_need", "2017", 25.0),         # TIAL non-user; the pregnant one is not unmet
        ("mkjp_acceptors", "2017", 1.0),      # IUD
        ("mkjp_acceptors", "2019", 2.0),      # MOP, implant
        ("male_acceptors", "2017", 1.0),      # condom
        ("male_acceptors", "2019", 1.0),      # MOP
        ("birth_certificates", "2017", 50.0),  # 2 children (17 and 7), one with akta
        ("birth_certificates", "2019", 100.0),
        ("pre_prosperous", "2017", 2.0),
        ("pre_prosperous", "2019", 1.0),
        ("bkb_groups", "2017", 1.0),
        ("bkb_groups", "2019", 1.0),          # the inactive one does not count
        ("pikr_groups", "2019", 1.0),         # active unknown counts
        ("child_marriage", "2017", 50.0),     # 1 of 2 marriages with a spouse under 18
        ("child_marriage", "2019", 100.0),
        ("patbm", "2017", 0.0),
        ("patbm", "2019", 1.0),
        ("home_industry", "2017", 1.0),
        ("home_industry", "2019", 0.0),       # closed in 2018
        ("interventions", "2017", 0.0),       # covered village, no event: zero
        ("interventions", "2019", 3.0),
    ],
)
def test_hand_computed_village_values(hand: kampungkb.Results, indicator: str, period: str,
                                      expected: float) -> None:
    assert hand.value(indicator, V1, period) == expected


def test_hand_computed_second_village(hand: kampungkb.Results) -> None:
    assert hand.value("patbm", V2, "2019") == 0.0      # a PATBM without a decree is not formed
    assert hand.value("cpr", V2, "2019") is None        # no persons: missing, not zero
    assert hand.value("patbm", "19.01.01", "2019") == 50.0  # one of two villages
    assert hand.value("violence_cases", V1, "2019") is None  # no such table: missing


def test_small_denominators_are_flagged(hand: kampungkb.Results) -> None:
    row = next(r for r in hand.to_pylist() if r["indicator_id"] == "cpr"
               and r["region_code"] == V1 and r["period"] == "2017")
    assert (row["numerator"], row["denominator"]) == (2.0, 4.0)
    assert "small_denominator" in row["flags"]


def test_all_persons_measures_compile_into_one_query() -> None:
    checked = validate_indicator_set(cikar_2018())
    planned = [PlannedMeasure(f"m{i}", cm.measure, cm.filter_sql, cm.column_sql,
                              latest_among_sql=cm.latest_among_sql)
               for i, cm in enumerate(checked.measures.values())]
    queries = compile_queries(planned, dict(CANONICAL_TABLES),
                              [parse_period("2017"), parse_period("2019")], "year")
    by_table: dict[str, int] = {}
    for q in queries:
        by_table[q.table] = by_table.get(q.table, 0) + 1
    persons = [q for q in queries if q.table == "persons"]
    assert by_table["persons"] == 1
    assert len(persons[0].aliases) == 7
    assert persons[0].sql.count("count_if(") == 7  # one conditional count per measure
    # only the latest-measurement-per-child measures need a second selection
    assert all(n == 1 for t, n in by_table.items() if t != "child_measurements")


SEED = {
    "cpr": (66.35, 67.3), "unmet_need": (25.06, 24.96), "mkjp_acceptors": (67, 104),
    "male_acceptors": (6, 24), "pre_prosperous": (10, 4), "bkb_groups": (1, 3),
    "bkl_groups": (0, 1), "bkr_groups": (0, 1), "uppks_groups": (1, 2), "pikr_groups": (0, 1),
    "patbm": (0, 1), "home_industry": (0, 1), "birth_certificates": (95.9, 98.3),
    "child_marriage": (65.25, 2.5), "stunting_cases": (0, 0),
}


def test_demo_reproduces_the_seed_table(kampungkb_demo_dataset: kampungkb.Dataset) -> None:
    """DOMAIN.md's 2017 → 2019 table, to the decimals shown, computed from demo records."""
    ev = kampungkb.evaluate(kampungkb_demo_dataset, "cikar", baseline="2017", followup="2019")
    rows = {r["indicator_id"]: r for r in ev.village(SEED_VILLAGE_CODE).to_pylist()}
    for ind, (before, after) in SEED.items():
        assert (rows[ind]["baseline"], rows[ind]["followup"]) == (before, after), ind
    assert rows["interventions"]["baseline"] == 15
    assert rows["interventions"]["followup"] > 30
    assert all(rows[i]["achieved"] for i in ev.main_indicators)
    summary = ev.level("village").to_pylist()
    assert len(summary) == 14
    assert summary[0]["region_code"] == SEED_VILLAGE_CODE
    assert summary[0]["n_achieved"] == 6


def test_catalogue_page_is_up_to_date() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "catalogue" / "cikar-2018.md"
    assert page.read_text(encoding="utf-8") == catalogue_markdown(cikar_2018()), (
        "regenerate docs/catalogue/cikar-2018.md with catalogue_markdown(cikar_2018())")
