"""Small-cell suppression of published outputs (#15 point 4)."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kampungkb
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.engine import RESULT_SCHEMA
from kampungkb.publish import (
    FLAG_PRIMARY,
    FLAG_SECONDARY,
    DisclosurePolicy,
    publish_evaluation,
    suppress_cells,
)
from kampungkb.report import render


@pytest.fixture(scope="module")
def evaluation() -> kampungkb.Evaluation:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    return kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")


def _seed(ev: kampungkb.Evaluation) -> dict[str, dict]:
    return {r["indicator_id"]: r for r in ev.village(SEED_VILLAGE_CODE).to_pylist()}


def test_small_counts_of_people_are_hidden_and_marked(evaluation: kampungkb.Evaluation) -> None:
    exact = _seed(evaluation)
    published = _seed(publish_evaluation(evaluation))
    # child marriage 2019: 2.5 % of a few dozen marriages rests on one person
    assert exact["child_marriage"]["followup"] == 2.5
    assert published["child_marriage"]["followup"] is None
    assert published["child_marriage"]["change"] is None
    assert FLAG_PRIMARY in published["child_marriage"]["followup_flags"]
    assert "2.5" not in published["child_marriage"]["reason_en"]
    # large counts and counts of groups (not people) stay
    assert published["cpr"]["followup"] == 67.3
    assert published["bkb_groups"]["followup"] == 3
    # the exact evaluation is untouched, and achievement is decided on exact values
    assert _seed(evaluation)["child_marriage"]["followup"] == 2.5
    assert published["child_marriage"]["achieved"] == exact["child_marriage"]["achieved"]


def test_reports_publish_with_suppression_unless_told(evaluation: kampungkb.Evaluation) -> None:
    region = {"region": SEED_VILLAGE_CODE, "lang": "en"}
    hidden = render(evaluation, "json", **region)
    shown = render(evaluation, "json", disclosure=None, **region)
    assert isinstance(hidden, str)
    assert isinstance(shown, str)
    assert FLAG_PRIMARY in hidden
    assert FLAG_PRIMARY not in shown
    strict = render(evaluation, "json", disclosure=DisclosurePolicy(min_count=50), **region)
    assert isinstance(strict, str)
    assert strict.count(FLAG_PRIMARY) > hidden.count(FLAG_PRIMARY)
    with pytest.raises(kampungkb.KampungKBError, match="DisclosurePolicy"):
        render(evaluation, "json", disclosure=5)


def test_policy_is_checked() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        DisclosurePolicy(min_count=1)


# -- the property: nothing hidden can be recovered by subtraction -----------------------------

_LEVEL_LEN = {"village": 13, "district": 8, "regency": 5, "province": 2}


def _hierarchy_table(villages: list[tuple[int, int, int, int, int]]) -> pa.Table:
    """Results rows for random villages (regency, district, numerator, denominator, male
    share) and every roll-up level, with a by-sex disaggregation; parents are sums."""
    cells: dict[tuple[str, str, str | None], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for i, (reg, dist, num, extra, male) in enumerate(villages):
        code = f"19.{reg:02d}.{dist:02d}.{2001 + i:04d}"
        den = num + extra
        male_num, male_den = min(male, num), min(male, num) + extra // 2
        parts = {None: (num, den), "m": (male_num, male_den),
                 "f": (num - male_num, den - male_den)}
        for level, length in _LEVEL_LEN.items():
            for cat, (n, d) in parts.items():
                cell = cells[(level, code[:length], cat)]
                cell[0] += n
                cell[1] += d
    rows = [{"set_id": "uji", "set_version": "1", "indicator_id": "share",
             "region_code": code, "level": level, "period": "2019",
             "disaggregation": None if cat is None else "sex", "category": cat,
             "numerator": n, "denominator": d, "value": None, "n": 1, "flags": [],
             "lower": None, "upper": None}
            for (level, code, cat), (n, d) in cells.items()]
    return pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)


def _groups(table: pa.Table) -> dict[int, list[int]]:
    """parent row -> its part rows (regions one level down, and categories of a total)."""
    rows = table.to_pylist()
    index = {(r["level"], r["region_code"], r["category"]): i for i, r in enumerate(rows)}
    up = {"village": "district", "district": "regency", "regency": "province"}
    out: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r["level"] in up:
            parent_level = up[r["level"]]
            parent = index[(parent_level, r["region_code"][:_LEVEL_LEN[parent_level]],
                            r["category"])]
            out[parent].append(i)
        if r["category"] is not None:
            out[index[(r["level"], r["region_code"], None)]].append(i)
    return out


@settings(max_examples=60, deadline=None)
@given(villages=st.lists(
    st.tuples(st.integers(1, 2), st.integers(1, 3), st.integers(0, 30), st.integers(0, 40),
              st.integers(0, 15)),
    min_size=1, max_size=12),
    min_count=st.integers(2, 10))
def test_no_hidden_cell_is_one_published_total_minus_published_parts(
        villages: list[tuple[int, int, int, int, int]], min_count: int) -> None:
    table = _hierarchy_table(villages)
    marks = suppress_cells(table, pa.array([True] * table.num_rows), min_count)
    hidden = marks["suppressed"].to_pylist()
    why = marks["suppression"].to_pylist()
    rows = table.to_pylist()
    for i, r in enumerate(rows):  # primary: every small count is hidden
        small = [x for x in (r["numerator"], r["denominator"],
                             r["denominator"] - r["numerator"]) if 0 < x < min_count]
        if small:
            assert hidden[i], r
            assert why[i] == "primary"
        elif hidden[i]:
            assert why[i] == "secondary"
    for parent, parts in _groups(table).items():
        if not hidden[parent]:
            assert sum(hidden[p] for p in parts) != 1, (rows[parent], [rows[p] for p in parts])


def test_cells_not_counting_people_are_never_hidden() -> None:
    table = _hierarchy_table([(1, 1, 1, 1, 0), (1, 1, 2, 0, 1)])
    marks = suppress_cells(table, pa.array([False] * table.num_rows), 5)
    assert not any(marks["suppressed"].to_pylist())


def test_flags_name_the_reason(evaluation: kampungkb.Evaluation) -> None:
    published = publish_evaluation(evaluation)
    flags = {f for fl in published.results.table["flags"].to_pylist() for f in fl}
    assert {FLAG_PRIMARY, FLAG_SECONDARY} <= flags


def test_reports_mark_hidden_cells_and_explain_them(evaluation: kampungkb.Evaluation) -> None:
    text = render(evaluation, "table", region=SEED_VILLAGE_CODE, lang="en")
    assert isinstance(text, str)
    line = next(x for x in text.splitlines() if "Child-marriage" in x)
    assert " x " in f" {line} "
    assert "x hidden: small numbers of people (disclosure control)" in text
    exact = render(evaluation, "table", region=SEED_VILLAGE_CODE, lang="en", disclosure=None)
    assert isinstance(exact, str)
    assert "hidden:" not in exact
