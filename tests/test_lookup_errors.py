"""Lookups by name answer with a catalogue error naming what exists, never a bare exception.

* ``Results.value(..., set_id=)`` takes a set as ``"cikar"`` or ``"cikar@2018"`` (as
  ``Results.sets`` names it); a set the results do not hold is an error, never ``None``.
* ``Dataset.from_tables`` takes lists of pydantic records, NIK and KK number included.
* ``Evaluation.funnel``, ``Dataset.to_arrow``, ``periods``, ``schema`` and ``view_columns``
  raise a keyed, bilingual error (still a ``KeyError``) naming the known names.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
import pytest

import kampungkb
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.engine._dataset import _to_arrow
from kampungkb.engine._results import RESULT_SCHEMA, Results
from kampungkb.errors import DatasetError, KampungKBError, UnknownNameError, UnknownResultError
from kampungkb.models import Family, Person

# -- B: Results.value(set_id=) ------------------------------------------------------------


def test_value_takes_the_set_as_results_sets_names_it(demo_ev: kampungkb.Evaluation) -> None:
    results = demo_ev.results
    assert results.sets == ("cikar@2018",)
    plain = results.value("cpr", SEED_VILLAGE_CODE, "2019")
    assert plain is not None
    assert results.value("cpr", SEED_VILLAGE_CODE, "2019", set_id="cikar@2018") == plain
    assert results.value("cpr", SEED_VILLAGE_CODE, "2019", set_id="cikar") == plain


@pytest.mark.parametrize("set_id", ["bogus", "cikar@2099", "sdg"])
def test_value_of_a_set_not_in_the_results_is_an_error(demo_ev: kampungkb.Evaluation,
                                                        set_id: str) -> None:
    with pytest.raises(UnknownResultError) as caught:
        demo_ev.results.value("cpr", SEED_VILLAGE_CODE, "2019", set_id=set_id)
    error = caught.value
    assert isinstance(error, KeyError)
    assert isinstance(error, KampungKBError)
    assert error.key == "engine.unknown_result_set"
    assert error.message("en").startswith("indicator set ")
    assert error.message("en").endswith("is not in the results; there are: cikar@2018")
    assert error.message("id").startswith("set indikator ")
    assert error.message("id").endswith("tidak ada dalam hasil; yang ada: cikar@2018")
    assert str(error) == error.message("en")


def _row(set_id: str, version: str, indicator: str, value: float) -> dict[str, object]:
    return {"set_id": set_id, "set_version": version, "indicator_id": indicator,
            "region_code": "19", "level": "province", "period": "2019", "disaggregation": None,
            "category": None, "numerator": value, "denominator": 100.0, "value": value, "n": 1,
            "flags": [], "lower": None, "upper": None}


@pytest.fixture
def two_sets() -> Results:
    rows = [_row("a", "1", "x", 1.0), _row("a", "2", "x", 2.0), _row("b", "1", "y", 3.0)]
    table = pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)
    return Results(table, periods=("2019",), sets=("a@1", "a@2", "b@1"), hierarchy="")


def test_value_picks_the_version_asked_for(two_sets: Results) -> None:
    assert two_sets.value("x", "19", "2019", set_id="a@1") == 1.0
    assert two_sets.value("x", "19", "2019", set_id="a@2") == 2.0
    assert two_sets.value("y", "19", "2019", set_id="b") == 3.0
    with pytest.raises(UnknownResultError) as caught:  # which version: never a guess
        two_sets.value("x", "19", "2019", set_id="a")
    assert caught.value.key == "engine.ambiguous_result_set"
    assert caught.value.fields["known"] == "a@1, a@2"
    assert "a@1, a@2" in caught.value.message("id")


def test_value_of_an_indicator_the_chosen_set_does_not_hold(two_sets: Results) -> None:
    with pytest.raises(UnknownResultError) as caught:
        two_sets.value("y", "19", "2019", set_id="a@1")
    assert caught.value.key == "nodata.indicator"
    assert caught.value.fields["known"] == "x"


# -- C: pydantic records with identity numbers --------------------------------------------

NIK = "1901015203850001"
KK = "1901010101100001"


def _person(pid: str, nik: str | None) -> Person:
    return Person(person_id=pid, nik=nik, name="Siti Aminah", family_id="f1",
                  village_code=SEED_VILLAGE_CODE, period="2019", sex="f",
                  birth_date=dt.date(1985, 3, 12), marital_status="married")


def test_records_with_nik_and_kk_number_build_a_dataset() -> None:
    persons = [_person("p0", None), _person("p1", NIK)]
    families = [Family(family_id="f1", kk_number=KK, head_name="Budi",
                       village_code=SEED_VILLAGE_CODE, period="2019")]
    ds = kampungkb.Dataset.from_tables({"persons": persons, "families": families})
    seen = ds.to_arrow("persons")
    assert seen.num_rows == 2
    assert "nik" not in seen.column_names  # personal columns never enter the views
    assert "name" not in seen.column_names
    assert seen["birth_date"].type == pa.date32()
    assert "kk_number" not in ds.to_arrow("families").column_names


def test_records_convert_as_model_dump_json_gives_identity_numbers() -> None:
    persons = [_person("p0", None), _person("p1", NIK)]
    table = _to_arrow("persons", persons)
    assert isinstance(table, pa.Table)
    assert table["nik"].type == pa.string()
    assert table["nik"].to_pylist() == [p.model_dump(mode="json")["nik"] for p in persons]
    assert table["birth_date"].type == pa.date32()  # dates stay dates
    assert table["birth_date"].to_pylist() == [dt.date(1985, 3, 12)] * 2
    assert table["sex"].to_pylist() == ["f", "f"]
    families = _to_arrow("families", [Family(family_id="f1", kk_number=KK,
                                             village_code=SEED_VILLAGE_CODE, period="2019")])
    assert isinstance(families, pa.Table)
    assert families["kk_number"].to_pylist() == [KK]


def test_records_arrow_cannot_take_name_the_column_not_the_value() -> None:
    with pytest.raises(DatasetError) as caught:
        kampungkb.Dataset.from_tables({"persons": [{"person_id": "a", "x": 1},
                                                   {"person_id": "b", "x": "Siti Aminah"}]})
    error = caught.value
    assert error.key == "engine.record_values"
    assert error.fields["table"] == "persons"
    assert error.fields["column"] == "x"
    for text in (str(error), error.message("id"), repr(dict(error.fields))):
        assert "Siti" not in text
    assert error.__cause__ is None
    assert error.__suppress_context__


# -- D: lookups by name -------------------------------------------------------------------


def test_funnel_of_an_unknown_indicator(demo_ev: kampungkb.Evaluation) -> None:
    with pytest.raises(KeyError) as caught:
        demo_ev.funnel("nope")
    error = caught.value
    assert isinstance(error, UnknownNameError)
    assert isinstance(error, KampungKBError)
    assert error.key == "evaluate.unknown_indicator"
    assert error.message("en").startswith("indicator set cikar@2018 has no indicator ")
    assert "it has: kb_achievement, cpr, " in error.message("en")
    assert "yang ada: kb_achievement, cpr, " in error.message("id")
    assert str(error) == error.message("en")  # not KeyError's repr of it
    with pytest.raises(UnknownNameError) as caught:
        demo_ev.funnel("cpr_x")
    assert caught.value.key == "evaluate.unknown_indicator_close"
    assert "'cpr_x' (did you mean 'cpr'?)" in str(caught.value)
    assert "(mungkin maksud Anda 'cpr'?)" in caught.value.message("id")
    assert demo_ev.funnel("cpr").num_rows > 0


def test_to_arrow_of_an_unknown_table(demo_ds: kampungkb.Dataset) -> None:
    with pytest.raises(UnknownNameError) as caught:
        demo_ds.to_arrow("bogus")
    error = caught.value
    assert not isinstance(error, duckdb.Error)
    assert isinstance(error, KeyError)
    assert isinstance(error, DatasetError)
    assert error.key == "engine.table_not_held"
    assert "__" not in str(error)  # no internal view
    assert "it holds: villages, " in str(error)
    assert "tabel yang dimuatnya: villages, " in error.message("id")
    with pytest.raises(UnknownNameError) as caught:
        demo_ds.to_arrow("person")
    assert caught.value.key == "engine.table_not_held_close"
    assert "(did you mean 'persons'?)" in str(caught.value)


def test_a_canonical_table_the_dataset_does_not_hold() -> None:
    ds = kampungkb.Dataset.from_tables({"persons": generate_demo()["persons"]})
    for lookup in (ds.to_arrow, ds.periods, ds.view_columns):
        with pytest.raises(UnknownNameError) as caught:
            lookup("villages")
        assert str(caught.value) == "this dataset holds no table 'villages'; it holds: persons"
        assert caught.value.message("id") == (
            "dataset ini tidak memuat tabel 'villages'; tabel yang dimuatnya: persons")
    assert ds.schema("villages").name == "villages"  # the canonical schema, held or not
    assert ds.periods("persons") == ["2017", "2019"]


def test_periods_and_schema_of_an_unknown_table(demo_ds: kampungkb.Dataset) -> None:
    with pytest.raises(KeyError) as caught:
        demo_ds.periods("bogus")
    assert isinstance(caught.value, UnknownNameError)
    assert caught.value.key == "engine.table_not_held"
    with pytest.raises(KeyError) as caught:
        demo_ds.schema("bogus")
    assert isinstance(caught.value, UnknownNameError)
    assert caught.value.key == "engine.unknown_table"
    assert "known tables: child_measurements, " in str(caught.value)
    assert "tabel yang dikenal: child_measurements, " in caught.value.message("id")
    with pytest.raises(KeyError) as caught:
        demo_ds.schema("person")
    assert "(did you mean 'persons'?)" in str(caught.value)
    with pytest.raises(KeyError):
        demo_ds.view_columns("bogus")


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_an_unknown_only_level_is_an_error_not_an_empty_report(
        demo_ev: kampungkb.Evaluation, fmt: str) -> None:
    from kampungkb.report import render  # noqa: PLC0415

    with pytest.raises(DatasetError) as caught:
        render(demo_ev, fmt, only_level="desa")
    assert "village, district, regency, province" in caught.value.message("en")
    assert render(demo_ev, fmt, only_level="district")


def test_an_indicator_sets_lookup_names_what_it_has(demo_ev: kampungkb.Evaluation) -> None:
    iset = demo_ev.indicator_set
    assert iset.indicator("cpr").id == "cpr"
    with pytest.raises(KeyError) as caught:  # still a KeyError, now a keyed one
        iset.indicator("cprr")
    assert isinstance(caught.value, UnknownNameError)
    assert "did you mean 'cpr'?" in caught.value.message("en")
    assert "mungkin maksud Anda 'cpr'?" in caught.value.message("id")
    with pytest.raises(UnknownNameError) as hidden:
        iset.indicator("Siti Aminah")
    assert "Siti" not in str(hidden.value)


def test_an_unknown_language_is_a_keyed_error_everywhere() -> None:
    from kampungkb.errors import check_language  # noqa: PLC0415
    from kampungkb.labels import check_lang  # noqa: PLC0415
    from kampungkb.models import Sex  # noqa: PLC0415

    for call in (lambda: check_language("fr"), lambda: Sex("f").label("fr")):
        with pytest.raises(ValueError, match="use 'id'") as caught:  # still a ValueError
            call()
        assert isinstance(caught.value, DatasetError)
        assert "gunakan 'id' (Bahasa Indonesia)" in caught.value.message("id")
    for call in (lambda: check_language("Siti Aminah"), lambda: check_lang("Siti Aminah")):
        with pytest.raises(ValueError, match="language") as hidden:
            call()
        assert "Siti" not in str(hidden.value)


def test_reasons_write_thousands_the_languages_way(demo_ev: kampungkb.Evaluation) -> None:
    """docs/reports.md: the evaluation's own reason_id / reason_en write numbers as the
    tables do (a thousands point in Indonesian, a comma in English)."""
    rows = [r for r in demo_ev.scorecard.to_pylist()
            if r["baseline"] is not None and r["baseline"] >= 1000
            and r["baseline"] == int(r["baseline"])]
    assert rows, "the demo has counts of a thousand and more above the village"
    for r in rows[:20]:
        english = f"{int(r['baseline']):,}"
        assert english in r["reason_en"], (english, r["reason_en"])
        assert english.replace(",", ".") in r["reason_id"], r["reason_id"]
