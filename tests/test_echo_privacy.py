"""What a caller passes in never comes back verbatim in an error when it may be personal data.

A NIK or a person's name typed where a period, a region code, an indicator id, a set name, a
level, a language or a report's region belongs is shown only as ``kampungkb._safe.safe_value``
allows (``19**************``, ``‹teks 11 karakter…›``) — in ``str(error)``, both languages of
its message, ``error.fields`` and the traceback — while a code-shaped mistake (``2019-Q5``,
``cpr_xx``, ``cikar@2099``) stays readable, so the message still helps.  Whatever an entry point
forgets, the errors' own safety net masks every run of 12 or more digits in a field.
"""

from __future__ import annotations

import copy
import pickle
import traceback
from collections.abc import Callable
from typing import Any

import pytest

import kampungkb
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.errors import (
    DatasetError,
    IndicatorDefinitionError,
    KampungKBError,
    KampungKBWarning,
    NoDataError,
    Phrase,
    PhraseList,
    UnknownIndicatorSetError,
    UnknownNameError,
    UnknownResultError,
)
from kampungkb.report import render

NIK = "1901015203850001"
NAME = "Siti Aminah"
#: What must never appear: the NIK's digits after the province, the name's words.
PERSONAL = ("5203850001", "Siti", "Aminah")


def _texts(error: BaseException) -> list[str]:
    """Every way an error is shown: its text, both languages, its fields, its traceback."""
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    if isinstance(error, KampungKBError | KampungKBWarning):
        texts += [error.message("id"), error.message("en"), repr(dict(error.fields))]
    return texts


def private(call: Callable[[], Any], expected: type[BaseException] = KampungKBError,
            ) -> BaseException:
    """The error ``call`` raises, checked to show no personal data."""
    with pytest.raises(expected) as caught:
        call()
    error = caught.value
    assert isinstance(error, KampungKBError)
    for text in _texts(error):
        for bit in PERSONAL:
            assert bit not in text, f"{bit!r} in {text!r}"
    return error


# -- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [NIK, NAME])
def test_parse_period(typed: str) -> None:
    error = private(lambda: kampungkb.parse_period(typed), DatasetError)
    assert error.key == "engine.not_a_period"
    if typed == NIK:
        assert error.fields["period"] == "19**************"


def test_parse_period_shows_a_code_shaped_mistake() -> None:
    with pytest.raises(DatasetError) as caught:
        kampungkb.parse_period("2019-Q5")
    assert "'2019-Q5'" in str(caught.value)
    assert "'2019-Q5'" in caught.value.message("id")


def test_compute_and_evaluate_periods(demo_ds: kampungkb.Dataset) -> None:
    private(lambda: kampungkb.compute(demo_ds, "cikar", NIK), DatasetError)
    private(lambda: kampungkb.compute(demo_ds, "cikar", [NAME]), DatasetError)
    private(lambda: kampungkb.evaluate(demo_ds, "cikar", baseline=NIK, followup="2019"),
            DatasetError)
    private(lambda: kampungkb.evaluate(demo_ds, "cikar", baseline="2017", followup=NAME),
            DatasetError)


def test_mixed_periods() -> None:
    from kampungkb.engine._compute import parse_periods  # noqa: PLC0415

    error = private(lambda: parse_periods(["2019", "2019-Q1", "2019-06"]), DatasetError)
    assert "'2019-Q1'" in str(error)  # periods are shown


# -- Results.value ------------------------------------------------------------------------


def test_value_region_indicator_period_category(demo_ev: kampungkb.Evaluation) -> None:
    results = demo_ev.results
    error = private(lambda: results.value("cpr", NIK, "2019"), UnknownResultError)
    assert error.fields["asked"] == "19**************"
    private(lambda: results.value("cpr", NAME, "2019"), UnknownResultError)
    private(lambda: results.value(NAME, SEED_VILLAGE_CODE, "2019"), UnknownResultError)
    private(lambda: results.value(NIK, SEED_VILLAGE_CODE, "2019"), UnknownResultError)
    private(lambda: results.value("cpr", SEED_VILLAGE_CODE, NIK), UnknownResultError)
    private(lambda: results.value("cpr", SEED_VILLAGE_CODE, NAME), UnknownResultError)
    private(lambda: results.value("cpr", SEED_VILLAGE_CODE, "2019", category=NAME),
            UnknownResultError)
    private(lambda: results.value("cpr", SEED_VILLAGE_CODE, "2019", set_id=NAME),
            UnknownResultError)
    private(lambda: results.value("cpr", SEED_VILLAGE_CODE, "2019", set_id=NIK),
            UnknownResultError)


def test_value_shows_code_shaped_mistakes(demo_ev: kampungkb.Evaluation) -> None:
    results = demo_ev.results
    for call, shown in [
        (lambda: results.value("cpr_xx", SEED_VILLAGE_CODE, "2019"), "'cpr_xx'"),
        (lambda: results.value("cpr", "19-01-01", "2019"), "'19-01-01'"),
        (lambda: results.value("cpr", SEED_VILLAGE_CODE, "2019-Q5"), "'2019-Q5'"),
        (lambda: results.value("cpr", SEED_VILLAGE_CODE, "2019", set_id="cikar@2099"),
         "'cikar@2099'"),
    ]:
        with pytest.raises(UnknownResultError) as caught:
            call()
        assert shown in str(caught.value)
        assert shown in caught.value.message("id")


# -- sets, levels -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [NAME, NIK, f"cikar@{NIK}", f"cikar@{NAME}"])
def test_set_names(demo_ds: kampungkb.Dataset, typed: str) -> None:
    error = private(lambda: kampungkb.compute(demo_ds, typed, "2019"), UnknownIndicatorSetError)
    assert "cikar" in error.message("id")  # the sets there are still listed
    private(lambda: kampungkb.evaluate(demo_ds, typed, baseline="2017", followup="2019"),
            UnknownIndicatorSetError)


def test_a_mistyped_set_name_still_gets_its_suggestion(demo_ds: kampungkb.Dataset) -> None:
    with pytest.raises(UnknownIndicatorSetError) as caught:
        kampungkb.compute(demo_ds, "cikar@2099", "2019")
    assert "'2099'" in str(caught.value)  # the version asked for, a code
    with pytest.raises(UnknownIndicatorSetError) as caught:
        kampungkb.compute(demo_ds, "cikr", "2019")
    assert "'cikar'" in str(caught.value)  # did you mean


def test_levels(demo_ds: kampungkb.Dataset) -> None:
    error = private(lambda: kampungkb.compute(demo_ds, "cikar", "2019", levels=[NAME]),
                    DatasetError)
    assert "village" in error.message("id")
    # one level given as text is that level, not its letters one by one
    private(lambda: kampungkb.compute(demo_ds, "cikar", "2019", levels=NAME), DatasetError)
    private(lambda: kampungkb.evaluate(demo_ds, "cikar", baseline="2017", followup="2019",
                                       levels=[NIK]), DatasetError)
    assert len(kampungkb.compute(demo_ds, "cikar", "2019", levels="province")) > 0


# -- reports and languages ----------------------------------------------------------------


@pytest.mark.parametrize("region", [NAME, NIK])
def test_report_region(demo_ev: kampungkb.Evaluation, region: str) -> None:
    error = private(lambda: render(demo_ev, "html", region=region), DatasetError)
    assert error.key == "cli.unknown_region"


def test_report_region_code_shown(demo_ev: kampungkb.Evaluation) -> None:
    with pytest.raises(DatasetError) as caught:
        render(demo_ev, "table", region="19.01.99")
    assert "'19.01.99'" in str(caught.value)


def test_report_lang_level_format(demo_ev: kampungkb.Evaluation) -> None:
    error = private(lambda: render(demo_ev, "table", lang=NAME), ValueError)
    assert error.key == "report.unknown_lang"
    private(lambda: render(demo_ev, "json", level=NAME), ValueError)
    private(lambda: render(demo_ev, NAME))
    with pytest.raises(ValueError, match="'fr'"):  # a short code stays readable
        render(demo_ev, "table", lang="fr")


def test_message_and_phrase_lang() -> None:
    error = DatasetError.of("engine.no_periods")
    private(lambda: error.message(NAME), ValueError)
    private(lambda: Phrase("engine.reason_unreadable").render(NIK), ValueError)
    private(lambda: NoDataError.of("nodata.level", asked="x", known="y").message(NAME),
            ValueError)


# -- evaluation and dataset lookups -------------------------------------------------------


def test_funnel(demo_ev: kampungkb.Evaluation) -> None:
    error = private(lambda: demo_ev.funnel(NAME), KeyError)
    assert isinstance(error, UnknownNameError)
    private(lambda: demo_ev.funnel(NIK), KeyError)


def test_dataset_lookups(demo_ds: kampungkb.Dataset) -> None:
    for lookup in (demo_ds.to_arrow, demo_ds.periods, demo_ds.schema, demo_ds.view_columns):
        private(lambda lookup=lookup: lookup(NAME), KeyError)  # type: ignore[misc]
        private(lambda lookup=lookup: lookup(NIK), KeyError)  # type: ignore[misc]


def test_dataset_table_names_and_within() -> None:
    private(lambda: kampungkb.Dataset.from_tables({NAME: []}), DatasetError)
    private(lambda: kampungkb.Dataset.from_tables({NIK: generate_demo()["villages"]}),
            DatasetError)
    private(lambda: kampungkb.Dataset.from_tables({"villages": 3}), DatasetError)
    private(lambda: kampungkb.Dataset.from_tables(generate_demo(), within=NAME), DatasetError)
    private(lambda: kampungkb.Dataset.from_tables(generate_demo(), within=NIK), DatasetError)


# -- the safety net -----------------------------------------------------------------------


def test_every_keyed_error_masks_identity_numbers() -> None:
    """Whatever an entry point passes on, a field never keeps 12 or more digits in a row."""
    made: list[BaseException] = [
        DatasetError.of("engine.glob_no_match", pattern=f"data/{NIK}.csv"),
        DatasetError.of("engine.bad_confidence", confidence=int(NIK)),
        DatasetError.of("engine.file_not_found", path="1901 0152 0385 0001.csv"),
        DatasetError.of("engine.file_not_found", path="1901-0152-0385-0001.csv"),
        NoDataError("nodata.level", asked=NIK, known="village"),
        NoDataError.of("nodata.level", asked=NIK, known="village"),
        UnknownResultError("nodata.region", asked=NIK, known="19"),
        IndicatorDefinitionError.of("nodata.level", set_id=NIK, item_id=NIK, asked=NIK,
                                    known=[NIK]),
        KampungKBError.of("cli.error", message=Phrase("nodata.level", asked=NIK,
                                                      known=PhraseList([NIK, "a"]))),
        KampungKBWarning.of("nodata.level", asked=NIK, known=(NIK,)),
    ]
    for error in made:
        for again in (error, pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):  # noqa: S301
            for text in _texts(again):
                assert "5203850001" not in text, text
                assert "0152" not in text, text
    assert made[0].fields["pattern"] == "data/19**************.csv"
    assert made[4].message("id").startswith("tingkat '19**************' tidak ada")


def test_the_safety_net_keeps_ordinary_values() -> None:
    """Region codes, periods, dates, counts and lists of them are not identity numbers."""
    codes = "19.01.01.2091, 19.01.01.2092, 19.01.02.2093"
    error = NoDataError("nodata.region", asked="19.01.01.2091", known=codes)
    assert error.fields == {"asked": "19.01.01.2091", "known": codes}
    error = DatasetError.of("engine.file_not_found", path="export-2019-01-31/2019-12-31.csv")
    assert error.fields["path"] == "export-2019-01-31/2019-12-31.csv"
    error = DatasetError.of("engine.bad_confidence", confidence=12345678901)  # 11 digits
    assert error.fields["confidence"] == 12345678901
