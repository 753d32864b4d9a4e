"""A definition file's problems are told in the language shown (Bahasa Indonesia or English).

An indicator set or classification file is checked by pydantic, whose own messages are English
and whose locations count from zero (``indicators.0.label_id``).  kampungkb shows every problem
from its message catalogue, at the file's own keys: a list item by its ``id``
(``indicators[a1].label_id``) or, without one, by its position counted from one
(``bands[2].hi``).
"""

from __future__ import annotations

import copy
import pickle
import types
from typing import Any

import pytest
from pydantic import ValidationError

from kampungkb._catalogue import messages
from kampungkb._pydantic_problems import _KNOWN, definition_problems
from kampungkb.errors import IndicatorDefinitionError, PluginLoadError
from kampungkb.evaluate import load_classification
from kampungkb.indicators import IndicatorSet, load_indicator_set
from kampungkb.plugins import hookimpl
from kampungkb.testing import plugin_manager

#: pydantic's own English phrases, which must not reach an Indonesian message.
PYDANTIC_ENGLISH = ("Field required", "Input should", "Extra inputs", "Value error",
                    "validation error", "String should", "is required", "must be")

HEAD = 'id = "uji"\nversion = "2026"\ntitle_id = "Uji"\ntitle_en = "Test"\n'
MEASURE = ('[[measures]]\nid = "{id}"\ntable = "persons"\nlabel_id = "M"\nlabel_en = "M"\n'
           '{extra}\n')
INDICATOR = ('[[indicators]]\nid = "{id}"\nlabel_id = "I"\nlabel_en = "I"\n{extra}\n')


def ind(id_: str, extra: str) -> str:
    return INDICATOR.format(id=id_, extra=extra)


def meas(id_: str, extra: str = "") -> str:
    return MEASURE.format(id=id_, extra=extra)


def problem_of(text: str) -> IndicatorDefinitionError:
    with pytest.raises(IndicatorDefinitionError) as caught:
        load_indicator_set(text)
    return caught.value


def assert_indonesian(message: str) -> None:
    for english in PYDANTIC_ENGLISH:
        assert english not in message, (english, message)


def test_structural_problems_name_the_indicator_by_id_in_both_languages() -> None:
    text = HEAD + meas("m1") + ind("a1", 'kind = "ratiox"\nnumerator = 5\ndecimals = "x"\n'
                                          'name = "lama"')
    error = problem_of(text)
    indonesian, english = error.message("id"), error.message("en")
    assert_indonesian(indonesian)
    assert "indicators[a1].kind: harus salah satu dari 'ratio', 'count', 'presence' atau " \
           "'composite', bukan 'ratiox'" in indonesian
    assert "indicators[a1].numerator: harus berupa teks, bukan 5" in indonesian
    assert "indicators[a1].decimals: harus berupa bilangan bulat, bukan 'x'" in indonesian
    assert "indicators[a1].name: bukan isian yang dikenal" in indonesian
    assert "indicators[a1].kind: must be one of 'ratio', 'count', 'presence' or " \
           "'composite', not 'ratiox'" in english
    assert "indicators[a1].name: is not a known field" in english
    assert ".0." not in indonesian
    assert ".0." not in english
    assert str(error) == english  # str() stays the English message


def test_a_missing_title_is_required_in_indonesian() -> None:
    error = problem_of('id = "uji"\nversion = "1"\n' + meas("m1") + ind(
        "a1", 'kind = "count"\nnumerator = "m1"'))
    assert "title_id: wajib diisi; title_en: wajib diisi" in error.message("id")
    assert "title_id: is required; title_en: is required" in error.message("en")


#: One broken definition per rule of the models' own validators, and the Indonesian words
#: its message must hold.
RULES = [
    (meas("m1", 'agg = "sum"') + ind("a1", 'kind = "count"\nnumerator = "m1"'),
     "measures[m1]: ukuran 'm1': agg='sum' memerlukan column"),
    (meas("m1") + ind("a1", 'kind = "composite"'),
     "indikator komposit 'a1' memerlukan components"),
    (meas("m1") + ind("b", 'kind = "count"\nnumerator = "m1"\nparent = "a1"')
     + ind("a1", 'kind = "composite"\ncomponents = ["b"]'),
     "indikator komposit 'a1' memerlukan rule"),
    (meas("m1") + ind("a1", 'kind = "count"'),
     "indikator 'a1' (count) memerlukan ukuran pembilang"),
    (meas("m1") + ind("a1", 'kind = "ratio"\nnumerator = "m1"'),
     "indikator rasio 'a1' memerlukan ukuran penyebut"),
    (meas("m1") + ind("a1", 'kind = "count"\nnumerator = "m1"\ndenominator = "m1"'),
     "indikator count 'a1' tidak memakai penyebut"),
    (meas("m1") + ind("a1", 'kind = "count"\nnumerator = "m1"\nchange_significant = true'),
     "change_significant memerlukan indikator rasio"),
    (meas("m1") + meas("m1") + ind("a1", 'kind = "count"\nnumerator = "m1"'),
     "id ukuran 'm1' didefinisikan dua kali"),
    (meas("m1") + ind("a1", 'kind = "count"\nnumerator = "m1"')
     + ind("a1", 'kind = "count"\nnumerator = "m1"'),
     "id indikator 'a1' didefinisikan dua kali"),
    (meas("m1") + ind("b", 'kind = "count"\nnumerator = "m1"')
     + ind("a1", 'kind = "composite"\ncomponents = ["b"]\nrule = { all_of = ["b"] }'),
     "ia komponen dari komposit 'a1' tetapi tidak punya parent"),
    (meas("m1") + ind("b", 'kind = "count"\nnumerator = "m1"\nparent = "c"')
     + ind("c", 'kind = "composite"\ncomponents = ["b"]\nrule = { all_of = ["b"] }')
     + ind("a1", 'kind = "composite"\ncomponents = ["b"]\nrule = { all_of = ["b"] }'),
     "ia komponen dari komposit 'a1' tetapi parent-nya 'c'"),
    (meas("m1") + ind("b", 'kind = "count"\nnumerator = "m1"\nparent = "a1"')
     + ind("c", 'kind = "count"\nnumerator = "m1"\nparent = "a1"')
     + ind("a1", 'kind = "composite"\ncomponents = ["b"]\nrule = { all_of = ["b"] }'),
     "indikator 'c': parent-nya komposit 'a1', yang tidak mencantumkannya"),
    (meas("m1") + ind("a1", 'kind = "count"\nnumerator = "m1"\nsource_id = "Sumber"'),
     "indikator 'a1': 'source_id' diisi tetapi 'source_en' tidak"),
    (meas("m1") + ind("a1", 'kind = "count"\nnumerator = "m1"\nsource = "Satu"\n'
                            'source_en = "One"'),
     "indikator 'a1': berikan 'source' (satu teks untuk kedua bahasa) atau"),
]


@pytest.mark.parametrize(("body", "indonesian"), RULES)
def test_every_rule_of_a_set_speaks_indonesian(body: str, indonesian: str) -> None:
    error = problem_of(HEAD + body)
    shown = error.message("id")
    assert indonesian in shown
    assert_indonesian(shown)
    assert error.message("en") != shown
    assert "Value error" not in error.message("en")


def test_a_bad_version_is_told_in_both_languages() -> None:
    error = problem_of(HEAD.replace('"2026"', '"20 26"') + meas("m1")
                       + ind("a1", 'kind = "count"\nnumerator = "m1"'))
    assert "versi '20 26' tidak sah" in error.message("id")
    assert "version '20 26' is not a valid version" in error.message("en")


def test_a_toml_syntax_error_gives_line_and_column_in_indonesian() -> None:
    error = problem_of('id = "uji"\nversion = \n')
    assert "bukan TOML yang sah: baris 2, kolom 11" in error.message("id")
    assert "is not valid TOML: line 2, column 11" in error.message("en")


def test_errors_with_problem_lists_survive_pickle_and_copy() -> None:
    error = problem_of(HEAD + meas("m1") + ind("a1", 'kind = "ratiox"\nnumerator = "m1"'))
    pickled = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    for again in (pickled, copy.deepcopy(error)):
        assert again.message("id") == error.message("id")
        assert again.message("en") == error.message("en")


CLASSIFICATION = """
id = "uji"
label_id = "Uji"
label_en = "Test"
set_key = "bkkbn@2020"
[[variables]]
id = "v1"
indicator = "a"
bands = [{{ hi = 2, score = 1 }}, {{ lo = {lo}, score = 3 }}]
[[indices]]
id = "i1"
variables = ["v1"]
[[classes]]
id = "atas"
label_id = "Atas"
label_en = "Top"
when = {{ i1 = "{cond}" }}
[[classes]]
id = "bawah"
label_id = "Bawah"
label_en = "Bottom"
"""


@pytest.mark.parametrize(("lo", "cond", "indonesian", "english"), [
    ("5", ">= 3", "variables[v1]: variabel 'v1': bilangan bulat di antara pita 1 dan pita 2 "
     "tidak akan mendapat skor", "an integer between band 1 and band 2 would get no score"),
    ("1", ">= 3", "pita skor harus urut naik dan tidak tumpang tindih (pita 2)",
     "bands must be in ascending order and not overlap (band 2)"),
    ("3", "about 3", "classes[atas]: kelas 'atas': syarat 'about 3' pada 'i1' bukan",
     "class 'atas': condition 'about 3' on 'i1' is not"),
    ('"x"', ">= 3", "variables[v1].bands[2].lo: harus berupa angka, bukan 'x'",
     "variables[v1].bands[2].lo: must be a number, not 'x'"),
])
def test_classification_problems_speak_the_language_shown(
        lo: str, cond: str, indonesian: str, english: str) -> None:
    with pytest.raises(IndicatorDefinitionError) as caught:
        load_classification(CLASSIFICATION.format(lo=lo, cond=cond))
    assert indonesian in caught.value.message("id")
    assert_indonesian(caught.value.message("id"))
    assert english in caught.value.message("en")


def test_a_plugin_building_an_invalid_set_in_python_is_told_in_indonesian() -> None:
    def sets() -> list[Any]:
        return [IndicatorSet(id="rusak", version="1", title_id="R", title_en="R",
                             indicators=[{"id": "a1", "label_id": "A", "label_en": "A",
                                          "kind": "count"}])]

    module = types.ModuleType("rusak")
    module.kampungkb_register_indicator_sets = hookimpl(sets)  # type: ignore[attr-defined]
    with pytest.raises(PluginLoadError) as caught:
        plugin_manager(module).definitions()
    shown = caught.value.message("id")
    assert "indicators[1]: indikator 'a1' (count) memerlukan ukuran pembilang" in shown
    assert_indonesian(shown)
    assert "needs a numerator measure" in caught.value.message("en")


def test_every_pydantic_type_we_translate_has_a_catalogue_entry() -> None:
    catalogue = messages()
    for kind in _KNOWN:
        assert f"definitions.pyd_{kind}" in catalogue


def test_a_problem_found_without_the_files_data_still_names_its_place() -> None:
    try:
        IndicatorSet.model_validate({"id": "x", "version": "1", "title_id": "a",
                                     "title_en": "a", "indicators": "bukan daftar"})
    except ValidationError as exc:
        shown = definition_problems(exc, None).render("id")
    assert shown.startswith("indicators: ")
    assert_indonesian(shown)


def test_limits_are_written_with_the_languages_thousands_separator() -> None:
    from kampungkb import validate_indicator_set  # noqa: PLC0415

    values = ",".join(str(i) for i in range(1001))
    text = HEAD + meas("m1", f'filter = "age_years IN ({values})"') + ind(
        "a1", 'kind = "count"\nnumerator = "m1"')
    with pytest.raises(IndicatorDefinitionError) as caught:
        validate_indicator_set(load_indicator_set(text))
    assert "berisi 1.001 nilai; paling banyak 1.000 diperbolehkan" in caught.value.message("id")
    assert "has 1,001 values; at most 1,000 are allowed" in caught.value.message("en")
    assert pickle.loads(pickle.dumps(caught.value)).message("id") == (  # noqa: S301
        caught.value.message("id"))
