"""``memory_limit`` caps the dataset's DuckDB (spilling to ``temp_directory``): same numbers,
a clear error for a setting DuckDB cannot use, and no spill folder left after ``close()``."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.engine._duck import is_out_of_memory


def test_a_memory_limit_applies_and_changes_no_number(tmp_path: Path) -> None:
    spill = tmp_path / "spill"
    capped = kampungkb.Dataset.from_tables(generate_demo(), memory_limit="64MB",
                                           temp_directory=spill)
    free = kampungkb.Dataset.from_tables(generate_demo())
    setting = capped.query("SELECT current_setting('memory_limit') AS m, "
                           "current_setting('temp_directory') AS t").to_pylist()[0]
    assert setting["m"].endswith("MiB")
    assert float(setting["m"].split()[0]) < 64
    assert Path(setting["t"]) == spill
    a = kampungkb.evaluate(capped, "cikar", baseline="2017", followup="2019")
    b = kampungkb.evaluate(free, "cikar", baseline="2017", followup="2019")
    assert a.scorecard.equals(b.scorecard)
    # a query bigger than the cap spills instead of failing
    n = capped.query("SELECT count(DISTINCT i::VARCHAR || 'x') AS n FROM range(3000000) t(i)")
    assert n.column("n").to_pylist() == [3_000_000]
    capped.close()
    assert not spill.exists() or not any(spill.iterdir())


def test_the_default_cap_and_none_for_duckdbs_own() -> None:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    row = ds.query("SELECT current_setting('memory_limit') AS m, "
                   "current_setting('temp_directory') AS t").to_pylist()[0]
    assert row["m"] == "244.1 MiB"  # 256 MB
    assert "kampungkb-duckdb-" in row["t"]
    ds.close()
    assert not Path(row["t"]).exists() or not any(Path(row["t"]).iterdir())
    free = kampungkb.Dataset.from_tables(generate_demo(), memory_limit=None)
    row = free.query("SELECT current_setting('memory_limit') AS m, "
                     "current_setting('temp_directory') AS t").to_pylist()[0]
    assert row["m"] != "244.1 MiB"
    assert "kampungkb-duckdb-" not in row["t"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_setting_duckdb_cannot_use_is_named(lang: str) -> None:
    with pytest.raises(kampungkb.DatasetError) as info:
        kampungkb.Dataset.from_tables(generate_demo(), memory_limit="lots")
    text = info.value.message(lang)
    assert "lots" in text
    assert "500MB" in text  # the hint of a size DuckDB reads
    assert ("batas" if lang == "id" else "limit") in text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_computation_beyond_the_limit_says_how_to_give_more(lang: str) -> None:
    ds = kampungkb.Dataset.from_tables(generate_demo(), memory_limit="4MB")
    with pytest.raises(kampungkb.DatasetError) as info:
        kampungkb.evaluate(ds, "cikar", baseline="2017", followup="2019")
    assert info.value.key == "engine.out_of_memory"
    text = info.value.message(lang)
    assert "memory_limit=4MB" in text
    assert "--memory-limit" in text


@pytest.mark.parametrize(
    ("exc", "memory"),
    [
        (duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block"), True),
        # DuckDB meets the limit while committing the rows a statement keeps (seen under load
        # with memory_limit="4MB": the same condition, another exception class)
        (duckdb.TransactionException(
            "TransactionContext Error: Failed to commit: failed to pin block of size 256.0 KiB "
            "(3.6 MiB/3.8 MiB used)"), True),
        (duckdb.BinderException("Binder Error: column x not found"), False),
        (duckdb.TransactionException("TransactionContext Error: Conflict on update"), False),
    ],
)
def test_running_out_of_memory_while_committing_says_how_to_give_more(
    exc: duckdb.Error, memory: bool
) -> None:
    assert is_out_of_memory(exc) is memory
    ds = kampungkb.Dataset.from_tables(generate_demo(), memory_limit="64MB")
    try:
        with pytest.raises(Exception) as info, ds.connect():  # noqa: PT011 - checked below
            raise exc
        if memory:
            assert isinstance(info.value, kampungkb.DatasetError)
            assert info.value.key == "engine.out_of_memory"
            assert "memory_limit=64MB" in info.value.message("en")
        else:
            assert info.value is exc
    finally:
        ds.close()
