"""The demo data in the period type of the set to evaluate: ``generate_demo(period_type=…)``."""

from __future__ import annotations

import pytest

import kampungkb
from kampungkb.cli._demo import DEMO_PERIODS
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.plugins import load_plugins

CENSUS = ("kampung_kb_profiles", "families", "persons", "poktan_groups")


@pytest.fixture(scope="module")
def yearly() -> dict[str, object]:
    return dict(generate_demo())


@pytest.mark.parametrize("period_type", ["quarter", "month"])
def test_the_census_is_dated_in_the_asked_period_type(
    yearly: dict[str, object], period_type: str
) -> None:
    tables = generate_demo(period_type=period_type)
    assert set(tables) == set(yearly)
    for name in CENSUS:
        periods = set(tables[name].column("period").to_pylist())
        assert periods == set(DEMO_PERIODS[period_type]), name
        assert tables[name].num_rows == yearly[name].num_rows  # type: ignore[attr-defined]
        assert tables[name].schema == yearly[name].schema  # type: ignore[attr-defined]
    for name in ("marriages", "interventions", "monthly_reports"):
        assert tables[name].equals(yearly[name])


@pytest.mark.parametrize("period_type", ["quarter", "month"])
def test_a_set_of_that_period_type_evaluates_on_the_demo_periods(period_type: str) -> None:
    yearly_set = load_plugins(entry_points=False).get_indicator_set("cikar@2018")
    iset = type(yearly_set).model_validate(
        {**yearly_set.model_dump(), "period_type": period_type})
    dataset = kampungkb.Dataset.from_tables(generate_demo(period_type=period_type),
                                            source="demo")
    baseline, followup = DEMO_PERIODS[period_type]
    ev = kampungkb.evaluate(dataset, iset, baseline=baseline, followup=followup)
    # a census indicator has the yearly demo's value (CPR 66.35 % → 67.3 % in the seed village)
    year = kampungkb.evaluate(kampungkb.Dataset.from_tables(generate_demo(), source="demo"),
                              yearly_set, baseline="2017", followup="2019")
    for period, year_period in zip((baseline, followup), ("2017", "2019"), strict=True):
        value = ev.results.value("cpr", SEED_VILLAGE_CODE, period)
        assert value is not None
        assert value == pytest.approx(year.results.value("cpr", SEED_VILLAGE_CODE, year_period))


def test_an_unknown_period_type_is_refused() -> None:
    with pytest.raises(ValueError, match="period type 'week'"):
        generate_demo(period_type="week")


def test_the_cli_demo_tables_follow_the_sets_period_type() -> None:
    from kampungkb.cli._demo import demo_periods, demo_tables  # noqa: PLC0415

    yearly_set = load_plugins(entry_points=False).get_indicator_set("cikar@2018")
    iset = yearly_set.model_copy(update={"period_type": "month"})
    periods = set(demo_tables(iset)["persons"].column("period").to_pylist())
    assert periods == set(demo_periods(iset))
