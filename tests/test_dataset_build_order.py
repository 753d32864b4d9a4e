"""A dataset registers its tables two at a time (each reads its files' metadata and periods
on its own connection): what a caller sees must not depend on which finished first."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import kampungkb
from kampungkb import Dataset
from kampungkb.demo import generate_demo
from kampungkb.errors import DatasetError


@pytest.fixture(scope="module")
def demo() -> dict[str, pa.Table]:
    return generate_demo()


def test_table_names_keep_the_order_given(demo: dict[str, pa.Table]) -> None:
    rng = random.Random(12)
    for _ in range(6):
        names = list(demo)
        rng.shuffle(names)
        ds = Dataset.from_tables({n: demo[n] for n in names})
        try:
            assert ds.table_names == tuple(names)
            for name in names:
                if ds.schema(name).period_column:
                    column = demo[name].column(ds.schema(name).period_column)
                    assert ds.periods(name) == sorted({str(v) for v in column.to_pylist()})
        finally:
            ds.close()


def test_the_first_bad_table_in_order_is_named(demo: dict[str, pa.Table]) -> None:
    """Two tables lack a required column: the error names the first, as one at a time did."""
    broken = dict(demo)
    broken["families"] = demo["families"].drop_columns(["village_code"])
    broken["persons"] = demo["persons"].drop_columns(["village_code"])
    order = ["villages", "persons", "families"]
    tables = {n: broken[n] for n in order}
    for _ in range(5):
        with pytest.raises(DatasetError) as caught:
            Dataset.from_tables(tables)
        assert "persons" in str(caught.value)
        assert "families" not in str(caught.value).split("persons")[0]


def test_folders_built_from_many_threads_agree(tmp_path: Path, demo: dict[str, pa.Table]) -> None:
    """Eight datasets built at once over the same Parquet folder (each registering its
    tables in two threads of its own) give the same tables, periods and evaluation."""
    for name, table in demo.items():
        pq.write_table(table, tmp_path / f"{name}.parquet")

    def build_and_evaluate(_: int) -> tuple[tuple[str, ...], dict[str, list[str]], pa.Table]:
        ds = Dataset.from_folder(tmp_path)
        try:
            periods = {n: ds.periods(n) for n in ds.table_names if ds.schema(n).period_column}
            result = kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")
            return ds.table_names, periods, result.scorecard
        finally:
            ds.close()

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(build_and_evaluate, range(8)))
    first = outcomes[0]
    assert set(first[0]) == set(demo)
    for names, periods, scorecard in outcomes[1:]:
        assert names == first[0]
        assert periods == first[1]
        assert scorecard.equals(first[2])
