"""No silent empties (issue #13, point 6): asking for what the data does not hold is a clear
message naming what exists — an error in the API, a warning with exit status 4 in the CLI."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

import kampungkb
from kampungkb.cli import EXIT_NO_DATA, EXIT_USER_ERROR, main
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.engine._nodata import NoDataError, UnknownResultError
from kampungkb.errors import DatasetError, KampungKBError


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def dataset() -> kampungkb.Dataset:
    return kampungkb.Dataset.from_tables(generate_demo())


@pytest.fixture(scope="module")
def evaluation(dataset: kampungkb.Dataset) -> kampungkb.Evaluation:
    return kampungkb.evaluate(dataset, "cikar", baseline="2017", followup="2019")


# -- API ----------------------------------------------------------------------------------


def test_follow_up_without_data_raises_naming_the_periods(dataset: kampungkb.Dataset) -> None:
    with pytest.raises(NoDataError, match=r"2018.*2017, 2019") as info:
        kampungkb.evaluate(dataset, "cikar", baseline="2017", followup="2018")
    assert isinstance(info.value, DatasetError)
    assert "2018" in info.value.message("id")
    assert "periode" in info.value.message("id")


def test_quarters_of_yearly_data_raise(dataset: kampungkb.Dataset) -> None:
    with pytest.raises(NoDataError, match="2017-Q4"):
        kampungkb.evaluate(dataset, "cikar", baseline="2017-Q4", followup="2019-Q4")


def test_baseline_must_precede_follow_up(dataset: kampungkb.Dataset) -> None:
    with pytest.raises(DatasetError, match="before"):
        kampungkb.evaluate(dataset, "cikar", baseline="2019", followup="2017")


def test_compute_accepts_one_period_as_text(dataset: kampungkb.Dataset) -> None:
    results = kampungkb.compute(dataset, ["cikar"], "2019")
    assert results.periods == ("2019",)


def test_value_of_an_unknown_indicator_raises(evaluation: kampungkb.Evaluation) -> None:
    results = evaluation.results
    assert results.value("cpr", SEED_VILLAGE_CODE, "2019") == pytest.approx(67.3)
    with pytest.raises(UnknownResultError, match="cpr") as info:
        results.value("cprx", SEED_VILLAGE_CODE, "2019")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, KampungKBError)
    with pytest.raises(KeyError, match=r"19\.01\.01\.2091"):
        results.value("cpr", "19-01-01", "2019")  # malformed
    # a well-formed code without data is missing, as a village without records would be;
    # the command line checks --region against the results (exit 4)
    assert results.value("cpr", "19.01.01.9999", "2019") is None
    with pytest.raises(KeyError, match="2017, 2019"):
        results.value("cpr", SEED_VILLAGE_CODE, "2018")
    with pytest.raises(KeyError, match="category"):
        results.value("cpr", SEED_VILLAGE_CODE, "2019", category="nosuch")


# -- CLI ----------------------------------------------------------------------------------


def test_cli_period_without_data_warns_with_exit_4() -> None:
    code, out, err = run("evaluate", "--demo", "--baseline", "2017", "--followup", "2018",
                         "--lang", "en") if _has_demo_flag() else _demo_period("2018")
    assert code == EXIT_NO_DATA
    assert out == ""
    assert err.startswith("warning: no data for the period 2018")
    assert "2017, 2019" in err


def _has_demo_flag() -> bool:
    _code, out, _ = run("evaluate", "--help", "--lang", "en")
    return "--demo" in out


def _demo_period(followup: str) -> tuple[int, str, str]:  # pragma: no cover - fallback
    raise pytest.skip.Exception("evaluate --demo is not available")


def test_cli_quarters_of_yearly_data_warn() -> None:
    if not _has_demo_flag():  # pragma: no cover
        pytest.skip("evaluate --demo is not available")
    code, _, err = run("evaluate", "--demo", "--baseline", "2017-Q4", "--followup", "2019-Q4")
    assert code == EXIT_NO_DATA
    assert err.startswith("peringatan: tidak ada data untuk periode 2017-Q4")


def test_cli_classify_period_without_profiles_warns() -> None:
    code, out, err = run("classify", "demo", "--period", "2018", "--lang", "en")
    assert code == EXIT_NO_DATA
    assert "Dasar" not in out
    assert "2018" in err
    assert "2017, 2019" in err


def test_cli_unknown_region_warns_naming_some_that_exist() -> None:
    code, out, err = run("demo", "--region", "19.01.01.2999", "--lang", "en")
    assert code == EXIT_NO_DATA
    assert out == ""
    assert "19.01.01.2999" in err
    assert SEED_VILLAGE_CODE in err


def test_cli_malformed_region_is_a_usage_error() -> None:
    code, _, err = run("demo", "--region", "19-01", "--lang", "en")
    assert code == EXIT_USER_ERROR
    assert "malformed" in err


def test_cli_unknown_level_is_a_usage_error() -> None:
    code, _, err = run("demo", "--level", "kecamatan")
    assert code == EXIT_USER_ERROR
    assert "village" in err
