"""Dated editions of the Kemendagri region list (#17): packaged data, edition per period,
village codes checked against their period's edition, BPS codes, roll-up per edition."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kampungkb
from kampungkb import regions
from kampungkb.errors import RegionCodeError
from kampungkb.io import validate_data
from kampungkb.models import RegionRegistry
from kampungkb.regions._build import build
from kampungkb.regions._store import decode_editions, encode_editions, packaged_names

WILAYAH = Path(__file__).resolve().parents[2] / "shared" / "data" / "wilayah"
DATA = Path(regions.__file__).parent / "data"


def _villages(edition: str) -> set[str]:
    return set(regions.packaged().villages(edition))


def test_editions_are_dated_and_cited() -> None:
    eds = regions.packaged().editions
    assert [e.id for e in eds] == ["2018", "2022", "2025"]
    assert [e.decree for e in eds] == [
        "Permendagri 137/2017", "Kepmendagri 050-145/2022", "Kepmendagri 300.2.2-2138/2025"]
    assert all(e.date_confidence in ("high", "medium", "low") for e in eds)
    notice = (DATA / "README.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2017-2025 Cahya DSN, cahyadsn/wilayah" in notice
    assert "Kepmendagri 300.2.2-2138/2025" in notice


@pytest.mark.parametrize(("period", "edition"), [
    ("2015", "2018"), ("2017", "2018"), ("2019", "2018"), ("2021-Q4", "2018"),
    ("2022-01", "2018"), ("2022-02", "2022"), ("2022", "2022"), ("2024", "2022"),
    ("2025-03", "2022"), ("2025-Q2", "2025"), ("2025", "2025"), (dt.date(2030, 1, 1), "2025"),
])
def test_edition_for_a_period(period: Any, edition: str) -> None:
    assert regions.packaged().edition_for(period).id == edition
    assert regions.edition_for(period).id == edition


def test_edition_errors_are_bilingual() -> None:
    with pytest.raises(RegionCodeError, match=r"unknown region edition '2099'") as info:
        regions.packaged().edition("2099")
    assert info.value.message("id").startswith("edisi wilayah '2099' tidak dikenal")
    with pytest.raises(RegionCodeError, match="not a period") as info:
        regions.edition_for("2019-13")
    assert info.value.message("id").startswith("bukan periode: '2019-13'")


def test_packaged_sizes_and_counts() -> None:
    """Compact: under 0.6 MB for three editions down to villages; the 2025 counts."""
    total = sum(p.stat().st_size for p in DATA.glob("*.gz"))
    assert total < 600_000
    names = packaged_names()
    assert {k: len(v) for k, v in names.items()} == {"2018": 91185, "2022": 91281,
                                                      "2025": 91599}
    by_len: dict[int, int] = {}
    for code in names["2025"]:
        by_len[len(code)] = by_len.get(len(code), 0) + 1
    assert by_len == {2: 38, 5: 514, 8: 7285, 13: 83762}
    babel = [c for c in names["2025"] if c == "19" or c.startswith("19.")]
    assert len(babel) == 448  # the province, 7 regencies/cities, 47 districts, 393 villages
    assert sum(len(c) == 13 for c in babel) == 393


def test_issue_counts_reproduced() -> None:
    """2018 → 2022: 615 removed / 646 added village codes; 2022 → 2025: 5,744 / 6,039."""
    v18, v22, v25 = _villages("2018"), _villages("2022"), _villages("2025")
    assert (len(v18 - v22), len(v22 - v18)) == (615, 646)
    assert (len(v22 - v25), len(v25 - v22)) == (5744, 6039)


def test_bangka_belitung_golden() -> None:
    eds = regions.packaged()
    for code, name in (("19.05.01.1008", "Keranggan"), ("19.05.01.1009", "Menjelang")):
        assert code not in eds.names("2018")
        assert eds.names("2022")[code] == name
        assert eds.registry("2025").name(code) == name
    n18, n25 = eds.names("2018"), eds.names("2025")
    renamed = {c: (n18[c], n25[c]) for c in n18
               if c.startswith("19.") and len(c) == 13 and c in n25 and n18[c] != n25[c]}
    assert len(renamed) == 10
    assert renamed["19.03.01.1003"] == ("Tanjungketapang", "Tanjung Ketapang")
    assert renamed["19.71.07.1002"] == ("Bukitintan", "Batu Intan")


def test_papua_provinces_golden() -> None:
    eds = regions.packaged()
    new = {"93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan",
           "96": "Papua Barat Daya"}
    for code, name in new.items():
        assert code not in eds.names("2022")
        assert eds.names("2025")[code] == name
    assert eds.names("2022")["91.01"].upper().endswith("MERAUKE")
    assert eds.names("2025")["93.01"] == "Kabupaten Merauke"
    assert sum(c.startswith("96.") and len(c) == 13 for c in eds.names("2025")) > 1000


def test_registry_per_edition() -> None:
    eds = regions.packaged()
    reg = eds.registry("2018")
    assert isinstance(reg, RegionRegistry)
    assert reg.edition == "Kemendagri 2018 (Permendagri 137/2017)"
    assert "19.05.01.1008" not in reg
    assert len(reg.descendants("19", "village")) == 391
    assert len(eds.registry("2025").descendants("19", "village")) == 393
    assert eds.registry("2025") is eds.registry("2025")  # cached


def test_encoding_round_trip() -> None:
    sample = {"2018": {"19": "Kep. Bangka Belitung", "19.01": "Kab. Bangka",
                       "19.01.01": "Sungailiat", "19.01.01.1001": "Sungailiat"},
              "2022": {"19": "Kepulauan Bangka Belitung", "19.01": "Kabupaten Bangka",
                       "19.01.01": "Sungailiat", "19.01.01.1001": "Sungailiat",
                       "19.01.01.1002": "Baru"}}
    assert decode_editions(encode_editions(sample)) == sample
    assert gzip.decompress(encode_editions(sample)).startswith(b"# kampungkb region editions")


@pytest.mark.skipif(not (WILAYAH / "wilayah_2025.csv").exists(), reason="needs ../shared")
def test_packaged_data_is_the_build_of_the_sources(tmp_path: Path) -> None:
    """The shipped files are exactly what the build script makes from the three CSV files."""
    build(WILAYAH, tmp_path)
    for name in ("editions.txt.gz", "crosswalk.csv.gz", "undecided.csv.gz"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_village_code_absent_from_its_edition() -> None:
    eds = regions.packaged()
    found = eds.check_village_codes(
        ["19.05.01.1008", "1905011008", "91.01.01.2001", "93.01.01.2001", "19.05.01.1001",
         None, "19.03.01.0005", "junk"],
        ["2019", "2022", "2025", "2019", "2019", "2019", "2019", "2019"])
    assert set(found.column_names) == set(regions.EDITION_PROBLEM_COLUMNS)
    rows = {r["row"]: r for r in found.to_pylist()}
    assert sorted(rows) == [0, 2, 3]  # 1008 exists in 2022; BPS, null, junk left to io
    assert rows[0]["edition"] == "2018"
    assert "edition 2018 (Permendagri 137/2017)" in rows[0]["message_en"]
    assert "(it is in edition 2022, 2025)" in rows[0]["message_en"]
    assert "edisi wilayah 2018" in rows[0]["message_id"]
    assert rows[2]["detail"] == "93.01.01.2001"  # Merauke moved to Papua Selatan
    assert "did you mean 93.01.01.2001?" in rows[2]["message_en"]
    assert rows[3]["detail"] == "91.01.01.2001"
    assert all(r["rule"] == "village_edition" and r["severity"] == "warning"
               for r in rows.values())


def test_check_with_editions_override_and_one_period() -> None:
    eds = regions.packaged()
    assert eds.check_village_codes(["93.01.01.2001"], "2019",
                                   editions={"2019": "2025"}).num_rows == 0
    assert eds.check_village_codes(pa.array(["93.01.01.2001"]), "2019").num_rows == 1


def test_check_editions_on_a_validation_result() -> None:
    """Opt-in: warnings added, rows stay accepted; the fictional demo codes are reported."""
    rows = [{"village_code": "19.05.01.1008", "period": "2019", "village_name": "Keranggan"},
            {"village_code": "19.05.01.1001", "period": "2019", "village_name": "Tanjung"}]
    result = validate_data(rows, table="kampung_kb_profiles", pseudonym_key="k" * 32)
    before = result.report.problems.num_rows
    checked = regions.check_editions(result)
    extra = checked.report.problems.slice(before).to_pylist()
    assert [p["value"] for p in extra if p["rule"] == "village_edition"] == ["19.05.01.1008"]
    assert checked.tables["kampung_kb_profiles"].num_rows == \
        result.tables["kampung_kb_profiles"].num_rows
    assert "(1 row)" in extra[-1]["message_en"]
    # a warning: the text report says so, and the source's count of problems includes it
    assert "village_edition (warning): 1" in checked.report.to_text("en")
    assert sum(f.problems for f in checked.report.files) == \
        sum(f.problems for f in result.report.files) + len(extra)


def test_bps_codes_message_and_converter(tmp_path: Path) -> None:
    assert regions.bps_message("19.05.01.1008") is None
    msg = regions.bps_message("1903010005")
    assert msg is not None
    assert "BPS" in msg
    assert "bps_converter" in msg
    assert RegionRegistry.bps_message("19.03.01.0005") == msg.replace("1903010005",
                                                                      "19.03.01.0005")
    table = tmp_path / "bps.csv"
    table.write_text("bps_code,kemendagri_code\n1903010005,19.05.01.2005\n1903,19.05\n",
                     encoding="utf-8")
    convert = regions.bps_converter(table)
    assert convert("19.03.01.0005") == "19.05.01.2005"
    assert convert("1903") == "19.05"
    assert convert.convert(["1903", None, "9999"], missing="null").to_pylist() == [
        "19.05", None, None]
    with pytest.raises(RegionCodeError, match="not in the conversion table"):
        convert("9999")
    bad = tmp_path / "bad.csv"
    bad.write_text("bps,kemendagri\n1,2\n", encoding="utf-8")
    with pytest.raises(RegionCodeError, match="bps_code,kemendagri_code"):
        regions.bps_converter(bad)


# -- roll-up on any edition equals the sum of its villages -----------------------------------

def _babel(edition: str) -> list[str]:
    return sorted(c for c in regions.packaged().villages(edition) if c.startswith("19.05."))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data(), edition=st.sampled_from(["2018", "2022", "2025"]))
def test_rollup_on_any_edition_is_the_sum_of_its_villages(data: st.DataObject,
                                                          edition: str) -> None:
    villages = _babel(edition)
    n = data.draw(st.integers(1, 40))
    period = {"2018": "2019", "2022": "2023", "2025": "2025"}[edition]
    rows = [{"person_id": f"p{i}", "family_id": f"f{i}", "period": period,
             "village_code": data.draw(st.sampled_from(villages)),
             "sex": "f", "birth_date": dt.date(1990, 1, 1), "marital_status": "married",
             "contraceptive_method": data.draw(st.sampled_from([None, "iud", "implant", "pill"]))}
            for i in range(n)]
    assert regions.packaged().check_village_codes(
        [r["village_code"] for r in rows], period).num_rows == 0  # codes of the period's edition
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": pa.Table.from_pylist(rows)}),
                            ["cikar"], [period], confidence=None)
    reg = regions.packaged().registry(edition)
    for district in reg.descendants("19.05", "district"):
        inside = reg.descendants(district, "village")
        total = sum(res.value("mkjp_acceptors", v, period) or 0 for v in inside
                    if any(r["village_code"] == v for r in rows))
        got = res.value("mkjp_acceptors", district, period)
        assert (got or 0) == total


def test_cli_validate_checks_editions_on_request(tmp_path: Path) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "persons.csv").write_text(
        "person_id,family_id,village_code,period,sex,birth_date\n"
        "p1,f1,91.01.01.2001,2025,f,1990-01-01\n", encoding="utf-8")
    argv = [sys.executable, "-m", "kampungkb.cli", "validate", str(folder), "--lang", "en"]
    plain = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    checked = subprocess.run([*argv, "--editions"], capture_output=True, text=True,  # noqa: S603
                             check=False)
    assert "village_edition" not in plain.stdout
    assert "did you mean 93.01.01.2001" in checked.stdout
