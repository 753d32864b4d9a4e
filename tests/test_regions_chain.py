"""Crosswalks between editions with one between them follow the chain of neighbouring steps.

Golden case from the shipped lists: 11.72.01.2002 Batee Shoek (2018) moved to 11.72.03.2002 in
2022 and was renamed Batee Shok in 2025 — both its code and its name changed, so comparing the
2018 and 2025 lists alone cannot link it; the chain through 2022 does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kampungkb import regions
from kampungkb.regions import Edition, RegionEditions
from kampungkb.regions._chain import compose


def _edition(id_: str, year: int) -> Edition:
    return Edition(id=id_, decree=f"Decree {id_}", title=f"Keputusan {id_}",
                   date=dt.date(year, 1, 1), date_confidence="high")


def _rows(cw: regions.Crosswalk) -> set[tuple[str, str, str, str]]:
    return {(c.kind, c.old_code, c.new_code, c.confidence) for c in cw}


HEAD = {"19": "P", "19.01": "Kab. A", "19.01.01": "Satu", "19.01.02": "Dua"}
A = {**HEAD, "19.01.01.2001": "Air Belo", "19.01.01.2002": "Sungai Liat",
     "19.01.01.2003": "Jaya", "19.01.01.2004": "Makmur", "19.01.01.2005": "Hilang",
     "19.01.01.2006": "Tetap"}
B = {**HEAD, "19.01.02.2001": "Air Belo",                       # moved district
     "19.01.01.2007": "Sungai Liat Utara", "19.01.01.2008": "Sungai Liat Selatan",  # split
     "19.01.01.2003": "Jaya", "19.01.01.2004": "Makmur",
     "19.01.01.2006": "Tetap", "19.01.01.2009": "Baru"}           # 2005 gone, 2009 new
C = {**HEAD, "19.01.02.1001": "Air Belo Indah",                  # kelurahan and renamed
     "19.01.01.2007": "Sungai Liat Utara", "19.01.01.2008": "Sungai Liat Selatan",
     "19.01.01.2010": "Jaya Makmur",                              # merge
     "19.01.01.2006": "Tetap", "19.01.01.2009": "Baru"}


@pytest.fixture
def three() -> RegionEditions:
    return RegionEditions({"a": A, "b": B, "c": C},
                          [_edition("a", 2018), _edition("b", 2022), _edition("c", 2025)])


def test_the_chain_keeps_a_link_neither_end_alone_shows(three: RegionEditions) -> None:
    straight = regions.derive_crosswalk(A, C, from_edition="a", to_edition="c")
    assert ("removed", "19.01.01.2001", "", "undecided") in _rows(straight)
    got = _rows(three.changes("a", "c"))
    assert ("code_change", "19.01.01.2001", "19.01.02.1001", "medium") in got  # least sure
    assert ("split", "19.01.01.2002", "19.01.01.2007", "medium") in got
    assert ("split", "19.01.01.2002", "19.01.01.2008", "medium") in got
    assert ("merge", "19.01.01.2003", "19.01.01.2010", "medium") in got
    assert ("merge", "19.01.01.2004", "19.01.01.2010", "medium") in got
    assert ("removed", "19.01.01.2005", "", "undecided") in got
    assert ("added", "", "19.01.01.2009", "undecided") in got
    assert not any(c.old_code == "19.01.01.2006" for c in three.changes("a", "c"))  # unchanged
    note = next(c.note for c in three.changes("a", "c") if c.old_code == "19.01.01.2001")
    assert note.startswith("via b")
    assert {u.code for u in three.changes("a", "c").undecided} == {"19.01.01.2005",
                                                                    "19.01.01.2009"}


def test_either_direction_is_the_same_chain(three: RegionEditions) -> None:
    forward = three.changes("a", "c")
    assert three.changes("c", "a") == forward.reversed()


def test_composition_of_the_shipped_steps_links_batee_shoek() -> None:
    eds = regions.packaged()
    straight = regions.derive_crosswalk(eds.names("2018"), eds.names("2025"),
                                        from_edition="2018", to_edition="2025")
    assert ("removed", "11.72.01.2002", "", "undecided") in _rows(straight)
    chain = eds.changes("2018", "2025")
    batee = [c for c in chain if c.old_code == "11.72.01.2002"]
    assert [(c.kind, c.new_code, c.new_name) for c in batee] == [
        ("code_change", "11.72.03.2002", "Batee Shok")]
    # the chain never links fewer villages than the straight derivation
    def unlinked(cw: regions.Crosswalk) -> int:
        return sum(1 for c in cw if c.level == "village" and c.kind in ("added", "removed"))
    assert unlinked(chain) < unlinked(straight)
    # every village of either end is accounted for: linked, unchanged, removed or added
    old_v = {c for c in eds.names("2018") if len(c) == 13}
    new_v = {c for c in eds.names("2025") if len(c) == 13}
    touched_old = {c.old_code for c in chain if c.level == "village"}
    touched_new = {c.new_code for c in chain if c.level == "village"}
    assert old_v - touched_old <= new_v  # untouched old codes still exist, unchanged
    assert new_v - touched_new <= old_v


def test_a_provinces_own_step_reaches_the_chain(tmp_path: Path) -> None:
    rows = tmp_path / "babel.csv"
    rows.write_text("kind,old_code,new_code,from_edition,to_edition,note\n"
                    "split,19.05.01.1001,19.05.01.1001,2018,2022,Perda\n"
                    "split,19.05.01.1001,19.05.01.1008,2018,2022,Perda\n", encoding="utf-8")
    plain = regions.packaged()
    assert ("added", "", "19.05.01.1008", "undecided") in _rows(
        plain.changes("2018", "2025", region="19.05.01"))
    eds = plain.with_changes(rows)
    got = _rows(eds.changes("2018", "2025", region="19.05.01"))
    assert ("split", "19.05.01.1001", "19.05.01.1008", "province") in got
    assert ("added", "", "19.05.01.1008", "undecided") not in got
    table = regions.comparable_codes("2018", "2025", {"19.05.01.1001": "2018",
                                                      "19.05.01.1008": "2025"}, history=eds)
    assert set(table["comparable_code"].to_pylist()) == {"19.05.01.1001"}


def test_changes_added_after_the_chain_was_computed_are_used(three: RegionEditions,
                                                               tmp_path: Path) -> None:
    assert ("removed", "19.01.01.2005", "", "undecided") in _rows(three.changes("a", "c"))
    rows = tmp_path / "own.csv"
    rows.write_text("kind,old_code,new_code,from_edition,to_edition\n"
                    "merge,19.01.01.2005,19.01.01.2006,a,b\n", encoding="utf-8")
    got = _rows(three.with_changes(rows).changes("a", "c"))
    assert ("merge", "19.01.01.2005", "19.01.01.2006", "province") in got


def test_compose_is_exact_on_a_single_step_and_no_change(three: RegionEditions) -> None:
    names = {"a": A, "b": B, "c": C}
    step = three.changes("a", "b")
    same = RegionEditions({"a": A, "b": B, "b2": B},
                          [_edition("a", 2018), _edition("b", 2022), _edition("b2", 2023)])
    nothing = same.changes("b", "b2")
    assert len(nothing) == 0
    composed = compose(step, nothing, {**names, "b2": B})
    assert _rows(composed) == _rows(step)
