"""Small-cell suppression of published outputs (#15 point 4)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
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


def _groups(table: pa.Table) -> dict[tuple[int, str], list[int]]:
    """(total row, kind of part) -> its part rows: the regions one level down, and the
    categories of a total (one sum each)."""
    rows = table.to_pylist()
    index = {(r["level"], r["region_code"], r["category"]): i for i, r in enumerate(rows)}
    up = {"village": "district", "district": "regency", "regency": "province"}
    out: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r["level"] in up:
            parent_level = up[r["level"]]
            parent = index[(parent_level, r["region_code"][:_LEVEL_LEN[parent_level]],
                            r["category"])]
            out[(parent, "regions")].append(i)
        if r["category"] is not None:
            out[(index[(r["level"], r["region_code"], None)], "categories")].append(i)
    return out


def _recoverable(groups: dict[tuple[int, str], list[int]], hidden: list[bool]) -> list[int]:
    """Hidden cells whose value follows from the published ones by any linear combination of
    the sums (a total minus its parts, over several totals at once): with the equations
    ``total - sum(parts) = 0`` restricted to the hidden cells, a hidden cell is determined
    exactly when its unit vector lies in the equations' row space (the rank does not grow)."""
    cols = [i for i, h in enumerate(hidden) if h]
    pos = {c: k for k, c in enumerate(cols)}
    eqs = []
    for (parent, _), parts in groups.items():
        row = np.zeros(len(cols))
        for cell, sign in [(parent, 1.0), *((p, -1.0) for p in parts)]:
            if hidden[cell]:
                row[pos[cell]] += sign
        if row.any():
            eqs.append(row)
    if not eqs:
        return cols
    a = np.array(eqs)
    rank = np.linalg.matrix_rank(a)
    return [c for c in cols
            if np.linalg.matrix_rank(np.vstack([a, np.eye(len(cols))[pos[c]]])) == rank]


_VILLAGES = st.lists(
    st.tuples(st.integers(1, 2), st.integers(1, 3), st.integers(0, 30), st.integers(0, 40),
              st.integers(0, 15)),
    min_size=1, max_size=12)


def _check_primary(table: pa.Table, marks: pa.Table, min_count: int) -> list[bool]:
    hidden = marks["suppressed"].to_pylist()
    why = marks["suppression"].to_pylist()
    for i, r in enumerate(table.to_pylist()):  # primary: every small count is hidden
        small = [x for x in (r["numerator"], r["denominator"],
                             r["denominator"] - r["numerator"]) if 0 < x < min_count]
        if small:
            assert hidden[i], r
            assert why[i] == "primary"
        elif hidden[i]:
            assert why[i] == "secondary"
    return hidden


@settings(max_examples=50, deadline=None)
@given(villages=_VILLAGES, min_count=st.integers(2, 10))
def test_no_hidden_cell_follows_from_published_sums_in_the_hierarchy(
        villages: list[tuple[int, int, int, int, int]], min_count: int) -> None:
    table = _hierarchy_table(villages)
    table = table.filter(pa.compute.is_null(table["disaggregation"]))
    marks = suppress_cells(table, pa.array([True] * table.num_rows), min_count)
    hidden = _check_primary(table, marks, min_count)
    groups = _groups(table)
    assert _recoverable(groups, hidden) == []
    for (parent, _), parts in groups.items():  # no group has exactly one hidden cell
        assert hidden[parent] + sum(hidden[p] for p in parts) != 1


@settings(max_examples=30, deadline=None)
@given(villages=_VILLAGES, min_count=st.integers(2, 10))
def test_no_group_of_a_total_and_its_parts_has_exactly_one_hidden_cell(
        villages: list[tuple[int, int, int, int, int]], min_count: int) -> None:
    table = _hierarchy_table(villages)
    marks = suppress_cells(table, pa.array([True] * table.num_rows), min_count)
    hidden = _check_primary(table, marks, min_count)
    for (parent, _), parts in _groups(table).items():
        assert hidden[parent] + sum(hidden[p] for p in parts) != 1


def test_a_hidden_district_hides_its_only_village() -> None:
    """Found by a review: a district hidden to protect its sibling, with its only village
    published, gave the sibling away (regency - village)."""
    # regency 19.01: district 01 with a small village (3 of 40), district 02 with one village
    table = _hierarchy_table([(1, 1, 3, 37, 0), (1, 2, 14, 30, 0)])
    table = table.filter(pa.compute.is_null(table["disaggregation"]))
    marks = suppress_cells(table, pa.array([True] * table.num_rows), 5)
    hidden = dict(zip(table["region_code"].to_pylist(), marks["suppressed"].to_pylist(),
                      strict=True))
    assert hidden["19.01.01.2001"]  # 3 people: primary
    assert hidden["19.01.01"]       # a total with a single part goes with it
    assert hidden["19.01.02"]       # the regency would give away 19.01.01 otherwise
    assert hidden["19.01.02.2002"]  # ... and its only village would give it away
    assert _recoverable(_groups(table), marks["suppressed"].to_pylist()) == []


@settings(max_examples=80, deadline=None)
@given(villages=_VILLAGES, min_count=st.integers(2, 10))
def test_no_hidden_cell_follows_from_published_sums_across_categories(
        villages: list[tuple[int, int, int, int, int]], min_count: int) -> None:
    """Regions crossed with categories: several totals together give nothing away either."""
    table = _hierarchy_table(villages)
    marks = suppress_cells(table, pa.array([True] * table.num_rows), min_count)
    hidden = _check_primary(table, marks, min_count)
    assert _recoverable(_groups(table), hidden) == []


def test_a_large_crossed_component_hides_every_category(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond the audit's size the categories of the indicator and period all go."""
    import kampungkb.publish._suppress as suppress  # noqa: PLC0415

    monkeypatch.setattr(suppress, "AUDIT_LIMIT", 1)
    table = _hierarchy_table([(1, 1, 3, 37, 1), (1, 1, 14, 30, 9), (2, 1, 20, 20, 7),
                              (2, 2, 8, 1, 2)])
    marks = suppress_cells(table, pa.array([True] * table.num_rows), 5)
    hidden = marks["suppressed"].to_pylist()
    assert _recoverable(_groups(table), hidden) == []
    categories = [h for h, d in zip(hidden, table["disaggregation"].to_pylist(), strict=True)
                  if d is not None]
    assert all(categories)


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
