"""``memory_limit`` caps the dataset's DuckDB (spilling to ``temp_directory``): same numbers,
a clear error for a setting DuckDB cannot use, and no spill folder left after ``close()``."""

from __future__ import annotations

from pathlib import Path

import pytest

import kampungkb
from kampungkb.demo import generate_demo


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
