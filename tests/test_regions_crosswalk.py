"""The crosswalk between editions and comparable evaluations across them (#17)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kampungkb
from kampungkb import regions
from kampungkb.cli import main
from kampungkb.errors import RegionCodeError


def _rows(cw: regions.Crosswalk, kind: str | None = None, level: str | None = None
          ) -> list[regions.Change]:
    return [c for c in cw if (kind is None or c.kind == kind)
            and (level is None or c.level == level)]


def test_bangka_belitung_2018_2022() -> None:
    cw = regions.packaged().changes("2018", "2022", region="19")
    assert [c.row() for c in cw] == [
        ("added", "", "", "19.05.01.1008", "Keranggan", "undecided"),
        ("added", "", "", "19.05.01.1009", "Menjelang", "undecided"),
    ]
    assert [u.code for u in cw.undecided] == ["19.05.01.1008", "19.05.01.1009"]


def test_bangka_belitung_renames_by_2025() -> None:
    cw = regions.packaged().changes("2022", "2025", region="19")
    villages = _rows(cw, "rename", "village")
    assert len(villages) == 10
    assert all(c.confidence == "high" for c in villages)
    assert ("19.71.05.1005", "Tua Tunu", "Tua Tunu Indah") in [
        (c.old_code, c.old_name, c.new_name) for c in villages]
    assert {c.kind for c in cw} == {"rename"}  # no code changed in Bangka Belitung
    direct = regions.packaged().changes("2018", "2025", region="19.05.01")
    assert {c.new_code for c in direct} == {"19.05.01.1008", "19.05.01.1009"}


def test_papua_new_provinces_2022_2025() -> None:
    cw = regions.packaged().changes("2022", "2025")
    provinces = {(c.old_code, c.new_code) for c in _rows(cw, "split", "province")}
    assert provinces == {("91", "91"), ("91", "93"), ("91", "94"), ("91", "95"),
                         ("92", "92"), ("92", "96")}
    regencies = {c.old_code: c.new_code for c in _rows(cw, "code_change", "regency")}
    assert regencies["91.01"] == "93.01"  # Merauke → Papua Selatan
    assert len(regencies) == 26
    assert all(new[:2] in ("93", "94", "95", "96") for new in regencies.values())
    villages = {c.old_code: c for c in _rows(cw, "code_change", "village")}
    assert villages["91.01.01.2001"].new_code == "93.01.01.2001"
    assert villages["91.01.01.2001"].confidence == "high"
    moved = [c for c in villages.values() if c.old_code[:2] in ("91", "92")
             and c.new_code[:2] in ("93", "94", "95", "96")]
    assert len(moved) > 5000
    # every new Papua village either came from a vanished code or is listed for a human
    added = {u.code for u in cw.undecided if u.kind == "added"}
    new_papua = [c for c in regions.packaged().villages("2025") if c[:2] in ("93", "94", "95",
                                                                               "96")]
    origins = {c.new_code for c in cw if c.new_code and c.kind != "added"}
    assert all(c in origins or c in added for c in new_papua)


def test_reversed_crosswalk() -> None:
    fwd = regions.packaged().changes("2022", "2025", region="96")
    back = regions.packaged().changes("2025", "2022", region="96")
    assert back.from_edition == "2025"
    assert {(c.old_code, c.new_code) for c in back if c.kind == "merge"} == {("96", "92")}
    assert len(back) == len(fwd)


def test_derivation_rules_on_small_editions() -> None:
    old = {"19": "P", "19.01": "Kab. A", "19.01.01": "Satu", "19.01.01.2001": "Air Belo",
           "19.01.01.2002": "Sungai Liat", "19.01.01.2003": "Kota", "19.01.01.2004": "Jaya",
           "19.01.01.2005": "Makmur", "19.01.01.2006": "Hilang"}
    new = {"19": "P", "19.01": "Kabupaten A", "19.01.01": "Satu", "19.01.02": "Dua",
           "19.01.01.1001": "Air Belo",                                       # desa → kelurahan
           "19.01.01.2007": "Sungai Liat Utara", "19.01.01.2008": "Sungai Liat Selatan",
           "19.01.02.2001": "Kota",                                           # moved district
           "19.01.01.2009": "Jaya Makmur",                                    # merge
           "19.01.01.2010": "Baru"}
    cw = regions.derive_crosswalk(old, new, from_edition="a", to_edition="b")
    got = {(c.kind, c.old_code, c.new_code, c.confidence) for c in cw}
    assert ("code_change", "19.01.01.2001", "19.01.01.1001", "high") in got
    assert ("split", "19.01.01.2002", "19.01.01.2007", "medium") in got
    assert ("split", "19.01.01.2002", "19.01.01.2008", "medium") in got
    assert ("code_change", "19.01.01.2003", "19.01.02.2001", "high") in got
    assert ("merge", "19.01.01.2004", "19.01.01.2009", "medium") in got
    assert ("merge", "19.01.01.2005", "19.01.01.2009", "medium") in got
    assert ("split", "19.01.01", "19.01.02", "high") in got  # the new district's village came
    assert ("removed", "19.01.01.2006", "", "undecided") in got
    assert ("added", "", "19.01.01.2010", "undecided") in got
    assert not any(c.level == "regency" for c in cw)  # Kab. / Kabupaten: not a rename
    assert {u.code for u in cw.undecided} == {"19.01.01.2006", "19.01.01.2010"}
    note = next(c.note for c in cw if c.old_code == "19.01.01.2001")
    assert "desa → kelurahan" in note


PROVINCE_CSV = """kind,old_code,new_code,from_edition,to_edition,note
split,19.05.01.1001,19.05.01.1001,2018,2022,example only
split,19.05.01.1001,19.05.01.1008,2018,2022,example only
split,19.05.01.1001,19.05.01.1009,2018,2022,example only
"""


@pytest.fixture
def province_file(tmp_path: Path) -> Path:
    """A province's own changes (a made-up example: which kelurahan the two came from)."""
    path = tmp_path / "babel.csv"
    path.write_text(PROVINCE_CSV, encoding="utf-8")
    return path


def test_province_changes_replace_the_derived(province_file: Path) -> None:
    eds = regions.packaged().with_changes(province_file)
    cw = eds.changes("2018", "2022", region="19")
    assert [c.row() for c in cw] == [
        ("split", "19.05.01.1001", "Tanjung", "19.05.01.1001", "Tanjung", "province"),
        ("split", "19.05.01.1001", "Tanjung", "19.05.01.1008", "Keranggan", "province"),
        ("split", "19.05.01.1001", "Tanjung", "19.05.01.1009", "Menjelang", "province"),
    ]
    assert cw.undecided == ()
    back = eds.changes("2022", "2018", region="19.05.01")
    assert {c.kind for c in back} == {"merge"}
    assert regions.packaged().changes("2018", "2022", region="19").changes[0].kind == "added"


def test_province_changes_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,old_code,new_code,from_edition,to_edition\nsplat,19,19,2018,2022\n",
                   encoding="utf-8")
    with pytest.raises(RegionCodeError, match=r"line 2: unknown kind 'splat'"):
        regions.packaged().with_changes(bad)
    bad.write_text("kind,old_code,new_code\nsplit,19,19\n", encoding="utf-8")
    with pytest.raises(RegionCodeError, match="missing column"):
        regions.packaged().with_changes(bad)


def test_comparable_codes_for_a_split(province_file: Path) -> None:
    eds = regions.packaged().with_changes(province_file)
    table = regions.comparable_codes("2018", "2022", {
        "19.05.01.1001": "2018", "19.05.01.1008": "2022", "19.05.01.1009": "2022",
        "19.05.01.1001 ": "2022", "19.05.01.2004": "2018", "20.01.01.2001": "2018"},
        history=eds)
    rows = {(r["edition"], r["region_code"].strip()): r for r in table.to_pylist()}
    for key in (("2018", "19.05.01.1001"), ("2022", "19.05.01.1008"),
                ("2022", "19.05.01.1009")):
        assert rows[key]["comparable_code"] == "19.05.01.1001"
        assert rows[key]["method"] == "split"
        assert rows[key]["to_codes"] == ["19.05.01.1001", "19.05.01.1008", "19.05.01.1009"]
    assert rows[("2018", "19.05.01.2004")]["method"] == "same"
    assert rows[("2018", "20.01.01.2001")]["method"] == "not_in_edition"
    papua = regions.comparable_codes("2022", "2025", {"91.01.01.2001": "2022",
                                                      "93.01.01.2001": "2025"})
    assert papua["comparable_code"].to_pylist() == ["93.01.01.2001", "93.01.01.2001"]
    assert set(papua["method"].to_pylist()) == {"recoded"}


def _cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_cli_regions_editions_and_changes(tmp_path: Path, province_file: Path) -> None:
    code, text = _cli("regions", "editions", "--lang", "en")
    assert code == 0
    assert "Kepmendagri 300.2.2-2138/2025" in text
    assert "2025-04-25" in text
    assert "Permendagri 137/2017" in text
    assert "Kepmendagri 050-145/2022" in text
    assert "Cahya DSN" in text
    code, text = _cli("regions", "editions")
    assert "Keputusan" in text
    code, text = _cli("regions", "changes", "2018", "2022", "--region", "19")
    assert code == 0
    assert text.splitlines() == [
        "kind,old_code,old_name,new_code,new_name,confidence,from_edition,to_edition,note",
        "added,,,19.05.01.1008,Keranggan,undecided,2018,2022,no predecessor found by name",
        "added,,,19.05.01.1009,Menjelang,undecided,2018,2022,no predecessor found by name",
    ]
    code, text = _cli("regions", "changes", "2018", "2022", "--region", "19",
                      "--changes", str(province_file))
    assert text.count("split,19.05.01.1001,Tanjung") == 3
    code, text = _cli("regions", "changes", "2022", "2025", "--region", "1971",
                      "--level", "village", "-o", str(tmp_path / "c.csv"))
    assert code == 0
    assert text == ""
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").count("rename,19.71.") == 6
    code, text = _cli("regions", "changes", "2018", "2022", "--undecided", "--region", "19")
    assert text.splitlines()[0] == "kind,code,name,candidates,reason"
    assert _cli("regions", "changes", "2018", "2030")[0] == 2


# -- an evaluation across a split gives the same totals as on merged data --------------------

PARTS = ["19.05.01.1001", "19.05.01.1008", "19.05.01.1009"]
OTHERS = ["19.05.01.2004", "19.05.01.2005"]


def _person(i: int, village: str, period: str, draw: Any) -> dict[str, Any]:
    return {"person_id": f"p{i}", "family_id": f"f{i}", "period": period,
            "village_code": village, "sex": "f",
            "birth_date": dt.date(1980, 1, 1) + dt.timedelta(days=draw(st.integers(0, 9000))),
            "marital_status": draw(st.sampled_from(["married", "never_married"])),
            "contraceptive_method": draw(st.sampled_from([None, "iud", "implant", "pill",
                                                          "mop"])),
            "has_birth_certificate": draw(st.sampled_from([None, True, False]))}


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_evaluation_across_a_split_equals_merged_data(data: st.DataObject,
                                                      province_file: Path) -> None:
    eds = regions.packaged().with_changes(province_file)
    n_base, n_follow = data.draw(st.integers(1, 25)), data.draw(st.integers(1, 25))
    base = [_person(i, data.draw(st.sampled_from([PARTS[0], *OTHERS])), "2019", data.draw)
            for i in range(n_base)]
    follow = [_person(1000 + i, data.draw(st.sampled_from(PARTS + OTHERS)), "2023", data.draw)
              for i in range(n_follow)]
    split = kampungkb.Dataset.from_tables({"persons": pa.Table.from_pylist(base + follow)})
    merged_rows = [dict(r, village_code=PARTS[0] if r["village_code"] in PARTS
                        else r["village_code"]) for r in base + follow]
    merged = kampungkb.Dataset.from_tables({"persons": pa.Table.from_pylist(merged_rows)})
    cmp = regions.make_comparable(split, baseline="2019", followup="2023", history=eds)
    assert (cmp.from_edition, cmp.to_edition) == ("2018", "2022")
    used = set(cmp.mapping["method"].to_pylist())
    assert used <= {"split", "same"}
    assert cmp.changed == any(r["village_code"] in PARTS[1:] for r in follow)
    periods = ["2019", "2023"]
    got = kampungkb.compute(cmp.dataset, ["cikar"], periods, confidence=None)
    want = kampungkb.compute(merged, ["cikar"], periods, confidence=None)
    cols = ["indicator_id", "region_code", "period", "numerator", "denominator", "value"]

    def key(t: pa.Table) -> list[tuple[Any, ...]]:
        rows = t.totals().select(cols).to_pylist()
        return sorted(tuple(r.values()) for r in rows)

    assert key(got) == key(want)
    assert "split" in cmp.note() or not cmp.changed


def test_make_comparable_same_edition_is_a_no_op() -> None:
    ds = kampungkb.Dataset.from_tables({"persons": pa.Table.from_pylist([
        {"person_id": "p", "family_id": "f", "period": "2019", "village_code": "20.01.01.2001",
         "sex": "f", "birth_date": dt.date(1990, 1, 1), "marital_status": "married"}])})
    cmp = regions.make_comparable(ds, baseline="2017", followup="2019")
    assert cmp.dataset is ds
    assert not cmp.changed
    assert "same region edition (2018)" in cmp.note()
    assert "edisi wilayah yang sama" in cmp.note("id")


def test_an_exported_crosswalk_reads_back_as_a_provinces_changes(tmp_path: Path) -> None:
    """Export, correct, give back: the CSV of ``changes`` is a file ``with_changes`` reads."""
    eds = regions.packaged()
    exported = tmp_path / "babel.csv"
    eds.changes("2022", "2025", region="19.71").to_csv(exported)
    back = [c for _, _, c in regions.read_changes(exported)]
    assert back == list(eds.changes("2022", "2025", region="19.71"))
    corrected = exported.read_text(encoding="utf-8").replace(",high,", ",province,")
    exported.write_text(corrected, encoding="utf-8")
    again = eds.with_changes(exported).changes("2022", "2025", region="19.71")
    assert {c.confidence for c in again} == {"province"}
    assert len(again) == len(eds.changes("2022", "2025", region="19.71"))


@pytest.mark.parametrize(("row", "words"), [
    ("split,19.05.01.1001,19.05.01.1008,2018,2018", "are the same (2018)"),
    ("split,19.05.01.1001,19.05.01.1008,2018,2020", "unknown edition '2020'"),
    ("split,19.05.01.1091,19.05.01.1008,2018,2022",
     "code 19.05.01.1091 in column old_code is not in edition 2018"),
    ("split,19.05.01.1001,19.05.01.1098,2018,2022",
     "code 19.05.01.1098 in column new_code is not in edition 2022"),
])
def test_a_provinces_row_that_cannot_link_is_refused_naming_its_line(
        tmp_path: Path, row: str, words: str) -> None:
    bad = tmp_path / "babel.csv"
    bad.write_text(f"kind,old_code,new_code,from_edition,to_edition\n{row}\n", encoding="utf-8")
    with pytest.raises(RegionCodeError) as caught:
        regions.packaged().with_changes(bad)
    assert words in caught.value.message("en")
    assert "babel.csv, line 2" in caught.value.message("en")
    assert "baris 2" in caught.value.message("id")
