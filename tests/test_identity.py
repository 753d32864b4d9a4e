"""NIK and KK numbers: derivations, century resolution, masking and safe errors."""

from __future__ import annotations

import pickle
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from kampungkb.models import NIK, Family, KKNumber, Person, Sex

RAW_NIK = "1901015203850001"  # 19.01.01, 12 March 1985, woman, serial 0001
RAW_KK = "1971031506200042"  # 19.71.03, issued 15 June 2020, serial 0042

districts = st.builds(
    lambda p, k, c: f"{p:02d}.{k:02d}.{c:02d}",
    st.integers(11, 99),
    st.integers(1, 99),
    st.integers(1, 99),
)
birth_dates = st.dates(min_value=date(1901, 1, 1), max_value=date(2024, 12, 31))
sexes = st.sampled_from([Sex.m, Sex.f])
serials = st.integers(1, 9999)


@given(districts, birth_dates, sexes, serials)
def test_nik_round_trip(district: str, born: date, sex: Sex, serial: int) -> None:
    nik = NIK.build(district, born, sex, serial)
    raw = nik.reveal()
    assert len(raw) == 16
    assert raw.isdigit()
    assert NIK(raw) == nik
    assert nik.sex is sex
    assert nik.district_code == district
    assert nik.province_code == district[:2]
    assert nik.serial == f"{serial:04d}"
    # a reference date less than 100 years after the birth resolves the century exactly
    assert nik.birth_date(reference=born) == born
    assert nik.birth_date(reference=born + timedelta(days=365 * 99)) == born


@given(birth_dates, sexes, st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_nik_birth_date_is_latest_not_after_reference(born: date, sex: Sex, ref: date) -> None:
    nik = NIK.build("19.01.01", born, sex, 1)
    try:
        resolved = nik.birth_date(reference=ref)
    except ValueError:
        return  # e.g. 29 February with no leap year in range
    assert resolved <= ref
    assert (resolved.day, resolved.month, resolved.year % 100) == (
        born.day,
        born.month,
        born.year % 100,
    )
    # the same day one century later would be after the reference (or does not exist)
    try:
        later = resolved.replace(year=resolved.year + 100)
    except ValueError:
        return
    assert later > ref


def test_nik_century_examples() -> None:
    nik = NIK("1901014512050003")  # 5 December (day 45 - 40), YY = 05
    assert nik.sex is Sex.f
    assert nik.birth_date(date(2024, 1, 1)) == date(2005, 12, 5)
    assert nik.birth_date(date(2005, 12, 4)) == date(1905, 12, 5)
    male = NIK("1901010101990001")
    assert male.sex is Sex.m
    assert male.birth_date(date(2024, 6, 30)) == date(1999, 1, 1)


def test_nik_29_february_skips_non_leap_century() -> None:
    nik = NIK.build("19.01.01", date(2000, 2, 29), "m", 7)
    assert nik.birth_date(date(2020, 1, 1)) == date(2000, 2, 29)
    assert nik.birth_date(date(2000, 3, 1)) == date(2000, 2, 29)
    # 1900 (and 1800) were not leap years: no 29 February 00 before 2000
    with pytest.raises(ValueError, match="no valid date"):
        nik.birth_date(date(2000, 2, 28))


@given(districts, st.dates(min_value=date(1971, 1, 1), max_value=date(2024, 12, 31)), serials)
def test_kk_round_trip(district: str, issued: date, serial: int) -> None:
    kk = KKNumber.build(district, issued, serial)
    assert KKNumber(kk.reveal()) == kk
    assert kk.issue_date(reference=issued) == issued
    assert kk.district_code == district
    assert kk.serial == f"{serial:04d}"


def test_kk_has_no_female_offset() -> None:
    kk = KKNumber(RAW_KK)
    assert kk.issue_date(date(2024, 1, 1)) == date(2020, 6, 15)
    with pytest.raises(ValueError, match="day"):
        KKNumber("1971035506200042")  # day 55 is not a date on a KK number


@pytest.mark.parametrize("cls", [NIK, KKNumber])
def test_masked_str_and_repr(cls: type[NIK] | type[KKNumber]) -> None:
    value = cls(RAW_NIK if cls is NIK else RAW_KK)
    raw = value.reveal()
    assert str(value) == raw[:2] + "*" * 14
    assert repr(value) == f"{cls.__name__}('{raw[:2]}**************')"
    assert f"{value}" == str(value)
    assert raw not in repr(value)
    assert raw not in str([value])
    with pytest.raises(AttributeError):
        value._digits = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301 — our own object
    assert hash(value) == hash(cls(raw))
    assert value != raw


def test_accepts_separators_and_integers() -> None:
    assert NIK("1901 0152 0385 0001") == NIK(RAW_NIK)
    assert NIK(int(RAW_NIK)) == NIK(RAW_NIK)
    with pytest.raises(TypeError):
        NIK(True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("12345", "16 digits"),
        ("19010152038500011", "16 digits"),
        ("19010152038500A1", "16 digits"),
        ("0901015203850001", "district"),
        ("1900015203850001", "district"),
        ("1901015213850001", "month"),
        ("1901017203850001", "day"),
        ("1901013102850001", "day"),
        ("1901015203850000", "serial"),
    ],
)
def test_invalid_nik(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as info:
        NIK(raw)
    assert raw not in str(info.value)


class _Holder(BaseModel):
    nik: NIK
    kk: KKNumber | None = None


@pytest.mark.parametrize("raw", ["1901017203850001", "12345", "1901015213850001"])
def test_pydantic_error_never_echoes_the_value(raw: str) -> None:
    for validate in (
        lambda: _Holder(nik=raw),
        lambda: TypeAdapter(NIK).validate_python(raw),
        lambda: Person(
            person_id="p",
            nik=raw,
            family_id="f",
            village_code="1901012001",
            period="2019",
            sex="f",
            birth_date=date(1985, 3, 12),
        ),
        lambda: Family(family_id="f", kk_number=raw, village_code="1901012001", period="2019"),
    ):
        with pytest.raises(ValidationError) as info:
            validate()
        exc = info.value
        text = str(exc) + repr(exc.errors()) + exc.json()
        assert raw not in text
        assert raw[:8] not in text
        assert "16 digits" in text
        assert exc.errors()[0]["input"] == "<hidden>"


def test_pydantic_serialises_digits_in_json_only() -> None:
    holder = _Holder(nik=RAW_NIK)
    assert isinstance(holder.model_dump()["nik"], NIK)
    assert holder.model_dump(mode="json")["nik"] == RAW_NIK
    assert _Holder.model_validate_json(holder.model_dump_json()) == holder
    assert RAW_NIK not in repr(holder)
    schema = _Holder.model_json_schema()["properties"]["nik"]
    assert schema["pattern"] == NIK._json_pattern()  # the parts' ranges, not just 16 digits
    assert re.fullmatch(schema["pattern"], RAW_NIK)
    assert schema["personal"] is True
