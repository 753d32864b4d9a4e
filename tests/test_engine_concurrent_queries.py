"""One compute runs its measure queries two at a time (each on its own connection of the
dataset); the results must be exactly those of running them one after another."""

from __future__ import annotations

from pathlib import Path

import attrs
import pyarrow as pa
import pytest

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.engine import _compute
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.indicators._validate import CheckedSet, validate_indicator_set


@pytest.fixture
def folder(demo_parquet: Path) -> Path:
    return demo_parquet


def _both(ds: kampungkb.Dataset, sets: list[str], periods: list[str]) -> tuple[pa.Table, ...]:
    together = kampungkb.compute(ds, sets, periods)
    ds._concurrent_queries = False  # this instance only
    try:
        alone = kampungkb.compute(ds, sets, periods)
    finally:
        del ds._concurrent_queries
    return together.table, alone.table, together.data_values, alone.data_values


@pytest.mark.parametrize("source", ["arrow", "files"])
def test_concurrent_measure_queries_give_the_sequential_results(folder: Path,
                                                                source: str) -> None:
    ds = (kampungkb.Dataset.from_tables(generate_demo()) if source == "arrow"
          else kampungkb.Dataset.from_folder(folder))
    assert type(ds)._concurrent_queries is True
    together, alone, values_together, values_alone = _both(
        ds, ["cikar@2018", "bkkbn"], ["2017", "2018", "2019"])
    assert together.num_rows > 0
    assert together.equals(alone)
    assert values_together.equals(values_alone)


def test_size_hint_orders_the_largest_table_first(folder: Path) -> None:
    ds = kampungkb.Dataset.from_folder(folder)
    sizes = {name: ds._size_hint(name) for name in ds.table_names}
    assert sizes["persons"] == (folder / "persons.parquet").stat().st_size
    assert sizes["persons"] > sizes["villages"] > 0
    assert ds._size_hint("no_such_table") == 0


def test_a_failing_measure_is_still_named_when_queries_run_together(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter the checker let through that DuckDB rejects at run time, in the second of
    two queries run together: the error names set and measure, as when run alone."""
    iset = IndicatorSet(
        id="uji", version="1", title_id="Uji", title_en="Test",
        measures=(Measure(id="families", table="families"),
                  Measure(id="all", table="persons"),
                  Measure(id="bad", table="persons", filter="age_first_marriage > 1")),
        indicators=(Indicator(id="share", label_id="Bagian", label_en="Share",
                              numerator="bad", denominator="all"),
                    Indicator(id="n", label_id="Keluarga", label_en="Families", kind="count",
                              numerator="families")),
    )

    def unguarded(iset: IndicatorSet, **kwargs: object) -> CheckedSet:
        checked = validate_indicator_set(iset, **kwargs)  # type: ignore[arg-type]
        bad = attrs.evolve(checked.measures["bad"], filter_sql='"age_first_marriage" // 0 = 1')
        return attrs.evolve(checked, measures={**checked.measures, "bad": bad})

    monkeypatch.setattr(_compute, "validate_indicator_set", unguarded)
    demo = generate_demo()
    ds = kampungkb.Dataset.from_tables({"persons": demo["persons"],
                                        "families": demo["families"]})
    with pytest.raises(kampungkb.IndicatorDefinitionError) as info:
        kampungkb.compute(ds, [iset], ["2019"])
    assert (info.value.set_id, info.value.item_id) == ("uji@1", "bad")
