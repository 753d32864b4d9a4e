"""Each rule reports the exact row, column and rule (rows numbered as the user sees them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kampungkb.io import RULES, validate_data
from kampungkb.models import RegionRegistry
from tests.test_io_support import KEY, KK_1, NIK_BUDI, NIK_SITI, TODAY, family_dict, person_dict


def _problems(data: Any, **kw: Any) -> list[tuple[str, int | None, str | None, str]]:
    kw.setdefault("table", None if isinstance(data, dict) else "persons")
    result = validate_data(data, pseudonym_key=KEY, today=TODAY, **kw)
    return [
        (p["table"], p["row"], p["column"], p["rule"]) for p in result.report.problems.to_pylist()
    ]


BUDI = {"nik": NIK_BUDI, "sex": "m", "birth_date": dt.date(1988, 7, 15)}


@pytest.mark.parametrize(
    ("override", "column", "rule"),
    [
        ({"sex": None}, "sex", "required"),
        ({"birth_date": "kemarin"}, "birth_date", "type"),
        ({"age_first_marriage": "18,5"}, "age_first_marriage", "type"),
        ({"marital_status": "nikah siri"}, "marital_status", "enum"),
        ({"age_first_marriage": -1}, "age_first_marriage", "range"),
        ({"period": "2019-13"}, "period", "period"),
        ({"contraception_start": dt.date(2020, 5, 1), "contraceptive_method": "pill"},
         "contraception_start", "future_date"),
        ({"age_first_marriage": 35}, "age_first_marriage", "age_first_marriage"),
        ({"nik": "19010145079000"}, "nik", "nik_format"),
        ({"nik": "1901019907900001"}, "nik", "nik_format"),
        ({"sex": "m"}, "nik", "nik_sex"),
        ({"birth_date": dt.date(1990, 7, 6)}, "nik", "nik_birth_date"),
        ({"kk_number": "1901013201100001"}, "kk_number", "kk_format"),
        ({"village_code": "19.01.01"}, "village_code", "village_code"),
    ],
)
def test_row_rule(override: dict[str, Any], column: str, rule: str) -> None:
    rows = [person_dict(**BUDI), person_dict(**override)]
    assert _problems(rows) == [("persons", 2, column, rule)]


def test_missing_required_column_rejects_every_row() -> None:
    rows = [{k: v for k, v in person_dict().items() if k != "birth_date"}]
    result = validate_data(rows, table="persons", pseudonym_key=KEY, today=TODAY)
    assert [(p["row"], p["column"], p["rule"]) for p in result.report.problems.to_pylist()] == [
        (None, "birth_date", "missing_column")
    ]
    assert result.report.rows_rejected == 1
    assert result.tables["persons"].num_rows == 0


def test_duplicate_key_names_the_first_row() -> None:
    rows = [person_dict(**BUDI), person_dict(), person_dict()]
    result = validate_data(rows, table="persons", pseudonym_key=KEY, today=TODAY, label="x.csv")
    (p,) = result.report.problems.to_pylist()
    assert (p["row"], p["column"], p["rule"]) == (3, "person_id, period", "duplicate_key")
    assert p["message_en"].endswith("already at x.csv:2")
    assert result.tables["persons"].num_rows == 2


def test_person_family_and_village_references() -> None:
    villages = [{"village_code": "1901012001", "name": "Contoh"}]
    families = [family_dict(), family_dict(kk="1901011201100002", village="19.01.01.2002")]
    persons = [person_dict(), person_dict(**BUDI, kk_number="1901011201100009")]
    got = _problems({"villages": villages, "families": families, "persons": persons})
    assert got == [
        ("families", 2, "village_code", "reference"),
        ("persons", 2, "family_id", "reference"),
    ]


def test_district_known_to_registry() -> None:
    rows = [person_dict(**BUDI), person_dict(village_code="1999012001")]
    assert _problems(rows, registry=["19.01.01"]) == [
        ("persons", 2, "village_code", "district_unknown")
    ]
    registry = RegionRegistry({"19": "Kepulauan Bangka Belitung", "19.01": "Bangka",
                               "19.01.01": "Sungailiat"}, edition="test")  # fmt: skip
    assert _problems(rows, registry=registry) == [
        ("persons", 2, "village_code", "district_unknown")
    ]


def test_monthly_report_parts_do_not_exceed_totals() -> None:
    good = {
        "village_code": "1901012001",
        "period": "2019-06",
        "pus": 100,
        "users_iud": 10,
        "users_pill": 20,
        "nonusers_later": 5,
        "families": 50,
        "families_with_toddler": 20,
    }
    bad = {**good, "period": "2019-07", "users_pill": 90, "families_with_toddler": 60}
    got = _problems([good, bad], table="monthly_reports")
    assert sorted(got) == [
        ("monthly_reports", 2, "families_with_toddler", "report_totals"),
        ("monthly_reports", 2, "users_iud + … + nonusers_no_more", "report_totals"),
    ]


def test_year_period_is_rejected_for_monthly_reports() -> None:
    row = {"village_code": "1901012001", "period": "2019"}
    assert _problems([row], table="monthly_reports") == [("monthly_reports", 1, "period", "period")]


def test_every_rule_has_bilingual_messages() -> None:
    for rule in RULES.values():
        assert rule.message_id
        assert rule.message_en
        assert rule.message_id != rule.message_en
    result = validate_data([person_dict(sex="x")], table="persons", pseudonym_key=KEY,
                           today=TODAY)  # fmt: skip
    (p,) = result.report.problems.to_pylist()
    assert p["message_id"] == "Kode 'x' di kolom 'sex' tidak dikenal (yang sah: m, f)"
    assert p["message_en"] == "Code 'x' in column 'sex' is not allowed (allowed: m, f)"
    assert KK_1
    assert NIK_SITI


def test_nik_birth_date_message_shows_the_nik_date_readably() -> None:
    """The NIK's DDMMYY is shown as DD-MM-YY (it was DD-MMYY: "05-0790")."""
    rows = [person_dict(birth_date=dt.date(1990, 7, 6))]
    result = validate_data(rows, table="persons", pseudonym_key=KEY, today=TODAY)
    (p,) = result.report.problems.to_pylist()
    assert p["rule"] == "nik_birth_date"
    assert "05-07-90" in p["message_en"]
    assert "05-07-90" in p["message_id"]
