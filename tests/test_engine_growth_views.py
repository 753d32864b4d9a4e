"""The child measurements are read through a view computing only the z-scores a query uses
(``Dataset._growth_relation``): the numbers are those of the whole view, the narrow views
are made once, also when many threads compute at once, and anything the engine cannot see
through reads the whole view."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import kampungkb
from kampungkb import Dataset
from kampungkb.engine._compile import PlannedMeasure, _columns_read
from kampungkb.indicators import Measure

PERIODS = ["2017", "2019"]


def _sorted(table: pa.Table) -> pa.Table:
    keys = [c for c in ("set_id", "indicator_id", "level", "region_code", "period")
            if c in table.column_names]
    return table.sort_by([(k, "ascending") for k in keys])


def test_stunting_reads_only_height_for_age_with_the_same_numbers(demo_parquet: Path) -> None:
    narrow = Dataset.from_folder(demo_parquet)
    whole = Dataset.from_folder(demo_parquet)
    whole._relations = dict  # type: ignore[method-assign]  # every query reads the whole view
    got = kampungkb.compute(narrow, "cikar", PERIODS)
    expected = kampungkb.compute(whole, "cikar", PERIODS)
    assert narrow._growth_views == {"child_measurements__haz"}
    assert whole._growth_views == frozenset()
    assert _sorted(got.table).equals(_sorted(expected.table))
    stunting = got.table.filter(pc.equal(got.table["indicator_id"], "stunting_cases"))
    assert stunting.num_rows
    assert any(v is not None for v in stunting["value"].to_pylist())


@pytest.mark.parametrize(("used", "view"), [
    ({"haz", "village_code"}, "child_measurements__haz"),
    ({"waz_class"}, "child_measurements__waz"),
    ({"whz_flag", "haz"}, "child_measurements__haz_whz"),
    ({"age_months", "sex"}, "child_measurements__age"),
    ({"haz", "waz", "whz_class"}, "child_measurements"),
    ({"HAZ", "Waz_Flag"}, "child_measurements__haz_waz"),  # names ignore case
    (None, "child_measurements"),
])
def test_each_combination_of_scores_has_its_view(demo_parquet: Path, used: set[str] | None,
                                                 view: str) -> None:
    ds = Dataset.from_folder(demo_parquet)
    name = ds._growth_relation(None if used is None else frozenset(used))
    assert name == view
    assert ds._growth_relation(None if used is None else frozenset(used)) == view  # made once
    columns = sorted(used or ["haz"])
    order = "ORDER BY child_id, date"
    got = ds.query(f'SELECT {", ".join(columns)} FROM "{name}" {order}')
    expected = ds.query(f'SELECT {", ".join(columns)} FROM child_measurements {order}')
    assert got.equals(expected)
    if view.endswith("__haz"):  # the narrow view really lacks the other scores
        assert "waz" not in ds.query(f'SELECT * FROM "{name}" LIMIT 1').column_names


def test_many_threads_computing_at_once_make_each_view_once(demo_parquet: Path) -> None:
    ds = Dataset.from_folder(demo_parquet)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: kampungkb.compute(ds, "cikar", PERIODS), range(8)))
    first = _sorted(results[0].table)
    assert all(_sorted(r.table).equals(first) for r in results[1:])
    assert ds._growth_views == {"child_measurements__haz"}


def _planned(**fields: str) -> PlannedMeasure:
    m = Measure(id="m", table="child_measurements", label_id="m", label_en="m",
                **fields)  # type: ignore[arg-type]
    return PlannedMeasure("a0", m, m.filter, m.column)


def test_columns_read_is_none_when_it_cannot_be_told() -> None:
    assert _columns_read([_planned(filter="haz < -2 AND sex = 'f'")]) == {"haz", "sex"}
    assert _columns_read([_planned(filter="haz < -2", by="waz_class")]) == {"haz", "waz_class"}
    assert _columns_read([_planned(agg="sum", column="whz")]) == {"whz"}
    assert _columns_read([_planned(filter="COLUMNS('w.z') > 0")]) is None
    assert _columns_read([_planned(agg="count_distinct", column="struct_pack(*)")]) is None
    assert _columns_read([_planned(filter="haz <")]) is None  # not parsable: read everything


def test_a_plugin_set_reading_some_scores_in_any_case_gets_the_whole_views_numbers(
        demo_parquet: Path) -> None:
    from kampungkb.indicators import Indicator, IndicatorSet  # noqa: PLC0415

    iset = IndicatorSet(
        id="uji", version="1", title_id="Uji", title_en="Test",
        measures=(Measure(id="all", table="child_measurements"),
                  Measure(id="short", table="child_measurements", filter="HAZ < -2"),
                  Measure(id="light", table="child_measurements", filter="\"Waz\" < -2",
                          by="haz_class")),
        indicators=(Indicator(id="stunted", label_id="a", label_en="a", numerator="short",
                              denominator="all"),
                    Indicator(id="light", label_id="b", label_en="b", kind="count",
                              numerator="light")),
    )
    narrow = Dataset.from_folder(demo_parquet)
    whole = Dataset.from_folder(demo_parquet)
    whole._relations = dict  # type: ignore[method-assign]
    got = kampungkb.compute(narrow, [iset], PERIODS)
    expected = kampungkb.compute(whole, [iset], PERIODS)
    assert narrow._growth_views == {"child_measurements__haz_waz"}
    assert _sorted(got.table).equals(_sorted(expected.table))
    assert got.data_values.equals(expected.data_values)
    assert any(v for v in got.table["value"].to_pylist())


def test_the_whole_view_is_bound_on_first_use_once(demo_parquet: Path) -> None:
    """An evaluation reads a narrow view only, so the whole one (every z-score) waits for the
    first caller who may name it: a query, a connection of one's own, a measure the engine
    cannot see through; many threads asking at once make it once, with the same numbers."""
    ds = Dataset.from_folder(demo_parquet)
    kampungkb.evaluate(ds, "cikar", baseline="2017", followup="2019")
    assert ds._growth_pending is not None  # not bound by the evaluation
    with ThreadPoolExecutor(max_workers=6) as pool:
        tables = list(pool.map(lambda _: ds.query(
            "SELECT child_id, date, haz, waz, whz FROM child_measurements "
            "ORDER BY child_id, date"), range(6)))
    assert ds._growth_pending is None
    assert all(t.equals(tables[0]) for t in tables[1:])
    assert tables[0].num_rows
    assert tables[0]["waz"].null_count < tables[0].num_rows
    narrow = ds.query('SELECT child_id, date, haz FROM "child_measurements__haz" '
                      "ORDER BY child_id, date")
    assert narrow["haz"].equals(tables[0]["haz"])
    other = Dataset.from_folder(demo_parquet)
    with other.connect() as con:  # one's own connection sees every view
        n = con.execute("SELECT count(waz) FROM child_measurements").fetchone()
    assert n is not None
    assert n[0] == tables[0]["waz"].length() - tables[0]["waz"].null_count


def test_the_who_tables_live_in_the_datasets_database(demo_parquet: Path) -> None:
    """The LMS tables are tables of the dataset's own database, so a connection of a dataset
    read from files registers no Arrow data (measure queries open a dozen of them)."""
    from kampungkb.growth._sql import LMS_RELATIONS  # noqa: PLC0415

    ds = Dataset.from_folder(demo_parquet)
    assert ds._arrow == {}
    tables = ds.query("SELECT table_name FROM duckdb_tables() WHERE NOT temporary")
    assert set(LMS_RELATIONS.values()) <= set(tables["table_name"].to_pylist())
    other = Dataset.from_folder(demo_parquet)  # each dataset its own, in its own database
    n = other.query('SELECT count(*) AS n FROM "_who_lhfa"')["n"][0].as_py()
    assert n == ds.query('SELECT count(*) AS n FROM "_who_lhfa"')["n"][0].as_py() > 1000
