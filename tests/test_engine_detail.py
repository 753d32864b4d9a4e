"""DuckDB's failure detail in engine errors never shows personal data (issue 13, point 4)."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kampungkb.engine._detail import safe_detail, safe_value
from kampungkb.errors import RegionCodeError
from kampungkb.io._mask import safe_text
from kampungkb.models import VillageCode


@pytest.mark.parametrize("value", [
    "Siti Aminah", "1901012345678901", "19.0101.234567.8901", "abc", "P-0012", "L", "Ya",
    "Kawinn", "2019-Q5", "", "  ", "12345", "+62 812-3456-7890",
])
def test_the_engines_mask_is_the_validation_reports(value: str) -> None:
    assert safe_value(value) == safe_text(value)


@given(st.text(max_size=60))
def test_the_engines_mask_is_the_validation_reports_for_any_text(value: str) -> None:
    assert safe_value(value) == safe_text(value)


@pytest.mark.parametrize(("cell", "shown"), [
    ("Siti Aminah", "'‹teks 11 karakter / text of 11 characters›'"),
    ("1901012345678901", "'19**************'"),
    ("abc", "'abc'"),
])
def test_a_failed_conversion_shows_the_cell_masked(cell: str, shown: str) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT ? AS age", [cell])
    with pytest.raises(duckdb.ConversionException) as caught:
        con.execute("SELECT CAST(age AS INTEGER) FROM t").fetchall()
    detail = safe_detail(caught.value)
    assert shown in detail
    if cell != "abc":
        assert cell not in detail


@pytest.mark.parametrize("cell", ["Ja'far Shodiq bin Ahmad", "Siti Ma'ruf Amin",
                                  'Ahmad "Udin" Saputra', "Mu'min", "O'Neil 'Ujang'"])
@pytest.mark.parametrize("target", ["INTEGER", "DATE", "DOUBLE"])
def test_a_name_holding_quotes_never_shows(cell: str, target: str) -> None:
    """DuckDB does not escape quotes inside the value it quotes; no piece of the name shows."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT ? AS v", [cell])
    with pytest.raises(duckdb.ConversionException) as caught:
        con.execute(f"SELECT CAST(v AS {target}) FROM t").fetchall()
    detail = safe_detail(caught.value)
    for word in cell.replace("'", " ").replace('"', " ").split():
        if len(word) > 3:
            assert word not in detail, detail
    assert "text of" in detail


@pytest.mark.parametrize("typed", ["1901012345678901", "Siti Aminah", "Ja'far bin Ahmad"])
def test_a_region_code_field_holding_personal_data_is_shown_masked(typed: str) -> None:
    with pytest.raises(RegionCodeError) as caught:
        VillageCode(typed)
    for lang in ("id", "en"):
        shown = caught.value.message(lang)
        assert typed not in shown
        for piece in ("Aminah", "345678901", "Ahmad"):
            assert piece not in shown


@pytest.mark.parametrize("message", [
    'invalid input syntax for type integer: "Ahmad "Udin" Saputra"',  # PostgreSQL
    "The value 'Ja'far Shodiq' of the type \"STRING\" cannot be cast to \"INT\"",  # Spark
    'invalid input syntax for type date: "Siti Ma\'ruf"',
])
def test_a_backends_error_never_shows_a_piece_of_a_value(message: str) -> None:
    from kampungkb.backends._remote import safe_detail  # noqa: PLC0415 - needs no server

    shown = safe_detail(message, {"persons", "birth_date"})
    for piece in ("Udin", "Saputra", "Shodiq", "far", "Ma'ruf", "ruf"):
        assert piece not in shown


def test_a_backends_error_keeps_known_names() -> None:
    from kampungkb.backends._remote import safe_detail  # noqa: PLC0415 - needs no server

    shown = safe_detail('column "birth_date" of relation "persons" holds "Siti Aminah"',
                        {"persons", "birth_date"})
    assert '"birth_date"' in shown
    assert '"persons"' in shown
    assert "Aminah" not in shown
