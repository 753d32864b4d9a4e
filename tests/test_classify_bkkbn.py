"""The BKKBN Kampung KB classification on hand-computed villages: bands, rounding, classes."""

from __future__ import annotations

from datetime import date
from itertools import product
from typing import Any

import pytest

import kampungkb
from kampungkb.errors import IndicatorDefinitionError, UnknownIndicatorSetError
from kampungkb.evaluate import Classification, Classified, classify, load_classification
from kampungkb.indicators.bkkbn import bkkbn_2020, bkkbn_2020_classification

PERIOD = "2021"


def _code(i: int, district: int = 1) -> str:
    return f"19.01.{district:02d}.{2000 + i:04d}"


def _report(code: str, **kw: Any) -> dict[str, Any]:
    return {"village_code": code, "period": "2021-06", **kw}


def _classify(reports: list[dict[str, Any]], **tables: Any) -> Classified:
    ds = kampungkb.Dataset.from_tables({"monthly_reports": reports, **tables})
    return classify(ds, "bkkbn-2020", PERIOD)


# ------------------------------------------------------------------ bands and rounding
CPR = [(29.4, 1), (29.6, 2), (30.0, 2), (40.0, 2), (40.4, 2), (40.6, 3), (41.0, 3), (50.0, 3),
       (50.4, 3), (50.6, 4), (51.0, 4)]
MKJP = [(19.4, 1), (19.6, 2), (20.0, 2), (22.0, 2), (22.4, 2), (22.6, 3), (23.0, 3), (24.0, 3),
        (24.4, 3), (24.6, 4)]
UNMET = [(6.0, 4), (6.1, 4), (6.4, 4), (6.6, 3), (9.0, 3), (9.1, 3), (9.4, 3), (9.6, 2),
         (12.0, 2), (12.4, 2), (12.6, 1), (13.0, 1)]


def test_cpr_mkjp_unmet_bands_after_rounding() -> None:
    reports = []
    for i, (pct, _) in enumerate(CPR):  # PUS 1000, users (pill) = pct x 10
        reports.append(_report(_code(i), pus=1000, users_pill=round(pct * 10)))
    for i, (pct, _) in enumerate(MKJP, start=100):  # 1000 users, of which IUD = pct x 10
        reports.append(_report(_code(i), pus=2000, users_iud=round(pct * 10),
                               users_pill=1000 - round(pct * 10)))
    for i, (pct, _) in enumerate(UNMET, start=200):
        reports.append(_report(_code(i), pus=1000, nonusers_later=round(pct * 10)))
    out = _classify(reports)
    for i, (pct, score) in enumerate(CPR):
        assert out.village(_code(i))["cpr_score"] == score, pct
    for i, (pct, score) in enumerate(MKJP, start=100):
        assert out.village(_code(i))["mkjp_score"] == score, pct
    for i, (pct, score) in enumerate(UNMET, start=200):
        row = out.village(_code(i))
        assert row["unmet_need_score"] == score, pct
        assert row["unmet_need"] == round(pct + 1e-9)


def test_missing_output_data_scores_one() -> None:
    # a report with PUS 0: CPR and unmet need have no denominator; no users: no MKJP share
    out = _classify([_report(_code(1), pus=0)])
    row = out.village(_code(1))
    assert (row["cpr"], row["cpr_score"]) == (None, 1)
    assert (row["unmet_need"], row["unmet_need_score"]) == (None, 1)
    assert (row["mkjp"], row["mkjp_score"]) == (None, 1)
    assert {"cpr", "unmet_need", "mkjp", "pokja"} <= set(row["missing"])


def test_poktan_participation_is_the_rounded_mean_of_five() -> None:
    base = {"families": 100, "families_with_toddler": 100, "families_with_youth": 100,
            "families_with_elderly": 100, "youths": 100}
    cases = {  # participants of each poktan -> mean -> score
        1: ((9, 9, 9, 10, 10), 9.4, 1),      # 9.4 -> 9 -> 1
        2: ((10, 10, 10, 9, 9), 9.6, 2),     # 9.6 -> 10 -> 2
        3: ((20, 20, 20, 20, 22), 20.4, 2),  # 20.4 -> 20 -> 2
        4: ((21, 21, 21, 20, 20), 20.6, 3),  # 20.6 -> 21 -> 3
        5: ((30, 30, 30, 30, 32), 30.4, 3),
        6: ((31, 31, 31, 30, 30), 30.6, 4),
    }
    reports = []
    for i, (parts, _, _) in cases.items():
        names = ("bkb", "bkr", "bkl", "uppka", "pikr")
        reports.append(_report(_code(i), **base,
                               **{f"participants_{n}": p
                                  for n, p in zip(names, parts, strict=True)}))
    # one village with only BKB reported (40 %): the four missing shares count as 0 -> 8 -> 1
    reports.append(_report(_code(9), participants_bkb=40, families_with_toddler=100))
    out = _classify(reports)
    for i, (_, mean, score) in cases.items():
        row = out.village(_code(i))
        assert row["poktan_participation_score"] == score, mean
    assert out.village(_code(9))["poktan_participation"] == 8


def _profile(code: str, **kw: Any) -> dict[str, Any]:
    return {"village_code": code, "period": PERIOD, **kw}


def test_input_and_process_variable_bands() -> None:
    cases: list[tuple[dict[str, Any], dict[str, int]]] = [
        ({}, {"pokja": 1, "funding_sources": 1, "programmes": 1, "facilities": 1,
              "field_worker_regulation": 1, "data_sources": 1, "mechanisms": 1}),
        ({"has_pokja": True, "funding_sources": ["apbn"], "programmes": ["bkb"],
          "has_secretariat": True, "has_regulation": True, "data_sources": ["sectoral"],
          "freq_planning": "yearly", "freq_reporting": "none"},
         {"pokja": 2, "funding_sources": 2, "programmes": 2, "facilities": 2,
          "field_worker_regulation": 2, "data_sources": 2, "mechanisms": 2}),
        ({"has_pokja": True, "pokja_trained": True,
          "funding_sources": ["apbn", "csr", "add", "swadaya"],
          "programmes": ["bkb", "bkr"], "has_secretariat": True, "has_rumah_dataku": True,
          "has_field_worker": True, "has_regulation": True,
          "data_sources": ["sectoral", "family_census", "other"],
          "freq_planning": "yearly", "freq_monitoring": "monthly", "freq_reporting": "monthly",
          "freq_coordination": "none"},
         {"pokja": 3, "funding_sources": 3, "programmes": 2, "facilities": 3,
          "field_worker_regulation": 3, "data_sources": 3, "mechanisms": 3}),
        ({"has_pokja": True, "pokja_trained": True, "pokja_members": 12,
          "funding_sources": ["apbn", "csr", "add", "swadaya", "dana_desa"],
          "programmes": ["bkb", "bkr", "bkl", "uppka", "pikr"],
          "data_sources": ["sectoral", "family_census", "other", "village_potential"],
          **{f"freq_{m}": "monthly" for m in ("coordination", "socialisation", "planning",
                                              "monitoring", "reporting")}},
         {"pokja": 4, "funding_sources": 4, "programmes": 4, "data_sources": 4, "mechanisms": 4}),
        ({"has_pokja": False, "pokja_members": 10, "pokja_trained": True,
          "programmes": ["bkb", "bkr", "bkl", "pkk"]}, {"pokja": 1, "programmes": 3}),
        ({"has_pokja": True, "pokja_members": 10}, {"pokja": 3}),
    ]
    profiles = [_profile(_code(i), **p) for i, (p, _) in enumerate(cases)]
    agencies = {0: [], 1: ["A", "A"], 2: ["A", "B", "C"], 3: list("ABCD"), 4: list("ABCDEF"),
                5: list("ABCDEFGA")}
    interventions = [
        {"intervention_id": f"{i}-{j}", "village_code": _code(i), "date": date(2021, 5, j + 1),
         "agency": a} for i, names in agencies.items() for j, a in enumerate(names)]
    interventions.append({"intervention_id": "other-year", "village_code": _code(0),
                          "date": date(2020, 5, 1), "agency": "Z"})
    ds = kampungkb.Dataset.from_tables({"kampung_kb_profiles": profiles,
                                        "interventions": interventions})
    out = classify(ds, "bkkbn-2020", PERIOD)
    for i, (_, scores) in enumerate(cases):
        row = out.village(_code(i))
        for var, score in scores.items():
            assert row[f"{var}_score"] == score, (i, var)
    expected_agencies = {0: (0, 1), 1: (1, 2), 2: (3, 2), 3: (4, 3), 4: (6, 3), 5: (7, 4)}
    for i, (n, score) in expected_agencies.items():
        row = out.village(_code(i))
        assert (row["agencies"], row["agencies_score"]) == (n, score)


# ------------------------------------------------------------------ classes at every boundary
_HIGH_PROFILE = {"has_pokja": True, "pokja_trained": True, "funding_sources": ["apbn", "csr"],
                 "programmes": ["bkb", "bkr", "bkl"], "has_secretariat": True,
                 "has_rumah_dataku": True, "has_field_worker": True, "has_regulation": True,
                 "data_sources": ["sectoral", "family_census"], "freq_planning": "yearly",
                 "freq_monitoring": "yearly", "freq_reporting": "monthly"}
_OUTPUT = {"pus": 100, "users_pill": 34, "users_iud": 11, "nonusers_later": 8,
           "families": 100, "families_with_toddler": 100, "families_with_youth": 100,
           "families_with_elderly": 100, "youths": 100, **{f"participants_{n}": 25 for n in
                                                          ("bkb", "bkr", "bkl", "uppka", "pikr")}}
EXPECTED = {  # (input >= 3, process >= 3, output >= 3) -> class
    (True, True, True): "berkelanjutan",
    (True, False, True): "mandiri",
    (False, True, True): "mandiri",
    (False, False, True): "dasar",
    (True, True, False): "berkembang",
    (True, False, False): "dasar",
    (False, True, False): "dasar",
    (False, False, False): "dasar",
}


def test_classes_at_the_threshold() -> None:
    profiles, reports, interventions = [], [], []
    combos = list(product((True, False), repeat=3))
    for i, (inp, proc, outp) in enumerate(combos):
        code = _code(i, district=1 + i % 2)
        # input 15/5 = 3.00 vs 14/5 = 2.80 (one facility fewer)
        profiles.append(_profile(code, **{**_HIGH_PROFILE, "has_rumah_dataku": inp}))
        # process 9/3 = 3.00 vs 8/3 = 2.67 (3 agencies instead of 4)
        interventions += [{"intervention_id": f"{i}-{a}", "village_code": code,
                           "date": date(2021, 2, 1), "agency": a}
                          for a in "ABCD"[: 4 if proc else 3]]
        # output 12/4 = 3.00 vs 11/4 = 2.75 (unmet need 10 % instead of 8 %)
        reports.append(_report(code, **{**_OUTPUT, "nonusers_later": 8 if outp else 10}))
    out = _classify(reports, kampung_kb_profiles=profiles, interventions=interventions)
    for i, combo in enumerate(combos):
        row = out.village(_code(i, district=1 + i % 2))
        assert (row["input_index"], row["process_index"], row["output_index"]) == (
            3.0 if combo[0] else 2.8, 3.0 if combo[1] else 2.67, 3.0 if combo[2] else 2.75)
        assert row["class_id"] == EXPECTED[combo], combo
        assert row["class_label_id"] == row["class_id"].capitalize()
    shares = {(r["level"], r["region_code"], r["class_id"]): r for r in out.shares.to_pylist()}
    # district 01 holds combos 0, 2, 4, 6: berkelanjutan, mandiri, mandiri, dasar
    district = {c: shares[("district", "19.01.01", c)]["share"] for c in EXPECTED.values()}
    assert district == {"berkelanjutan": 25.0, "mandiri": 50.0, "berkembang": 0.0, "dasar": 25.0}
    province = {c: shares[("province", "19", c)] for c in EXPECTED.values()}
    assert (province["dasar"]["villages"], province["dasar"]["share"]) == (4, 50.0)
    assert (province["mandiri"]["share"], province["berkelanjutan"]["total"]) == (25.0, 8)


def test_classify_from_results_matches_dataset() -> None:
    reports = [_report(_code(1), **_OUTPUT), _report(_code(2), pus=10, users_pill=2)]
    ds = kampungkb.Dataset.from_tables({"monthly_reports": reports})
    direct = classify(ds, bkkbn_2020_classification(), PERIOD, indicator_set=bkkbn_2020())
    results = kampungkb.compute(ds, "bkkbn@2020", [PERIOD])
    via = classify(results, "bkkbn-2020", PERIOD)
    assert direct.villages.to_pylist() == via.villages.to_pylist()
    assert out_classes(via) == {"19.01.01.2001": "dasar", "19.01.01.2002": "dasar"}


def out_classes(c: Classified) -> dict[str, str]:
    return {r["region_code"]: r["class_id"] for r in c.villages.to_pylist()}


# ------------------------------------------------------------------ the rule as data
_RULE = """
id = "tiny"
label_id = "Kecil"
label_en = "Tiny"
set_key = "bkkbn@2020"
[[variables]]
id = "cpr"
indicator = "cpr_7_methods"
bands = [{ hi = 49, score = 1 }, { lo = 50, score = 2 }]
[[indices]]
id = "all"
variables = ["cpr"]
[[classes]]
id = "good"
label_id = "Baik"
label_en = "Good"
when = { all = "> 1.5" }
[[classes]]
id = "other"
label_id = "Lain"
label_en = "Other"
"""


def test_a_custom_rule_from_toml() -> None:
    rule = load_classification(_RULE)
    ds = kampungkb.Dataset.from_tables({"monthly_reports": [
        _report(_code(1), pus=10, users_pill=5), _report(_code(2), pus=10, users_pill=4)]})
    out = classify(ds, rule, PERIOD, levels=("province",))
    assert out_classes(out) == {_code(1): "good", _code(2): "other"}
    assert {r["level"] for r in out.shares.to_pylist()} == {"province"}


@pytest.mark.parametrize(("change", "message"), [
    ("bands = [{ hi = 49, score = 1 }, { lo = 49, score = 2 }]", "overlap"),
    ("bands = [{ hi = 48, score = 1 }, { lo = 50, score = 2 }]", "no score"),
    ("bands = [{ lo = 0, hi = 49, score = 1 }, { lo = 50, score = 2 }]", "every value"),
    ('when = { all = "about 3" }', "not '<op> <number>'"),
    ('when = { nope = ">= 3" }', "unknown indices"),
    ('variables = ["cpr", "ghost"]', "unknown variables"),
])
def test_invalid_rules_are_rejected(change: str, message: str) -> None:
    key = change.split(" = ", maxsplit=1)[0]
    lines = [change if line.startswith(f"{key} = ") else line for line in _RULE.splitlines()]
    with pytest.raises(IndicatorDefinitionError, match=message):
        load_classification("\n".join(lines))


def test_rule_checked_against_its_set_and_names() -> None:
    data = load_classification(_RULE).model_dump()
    data["variables"][0]["indicator"] = "no_such_indicator"
    rule = Classification.model_validate(data)
    with pytest.raises(IndicatorDefinitionError, match="no_such_indicator"):
        rule.check(bkkbn_2020())
    with pytest.raises(UnknownIndicatorSetError, match="bkkbn-2020"):
        classify(kampungkb.Dataset.from_tables({"monthly_reports": [_report(_code(1))]}),
                 "no-such-classifier", PERIOD)
