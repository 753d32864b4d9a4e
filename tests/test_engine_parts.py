"""A table may be one file, a folder of parts, a glob or a hive-partitioned layout."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pds
import pyarrow.parquet as pq
import pytest

import kampungkb
from kampungkb.demo import generate_demo


@pytest.fixture(scope="module")
def tables() -> dict[str, pa.Table]:
    return generate_demo()


@pytest.fixture(scope="module")
def expected(tables: dict[str, pa.Table]) -> pa.Table:
    return kampungkb.compute(kampungkb.Dataset.from_tables(tables), "cikar@2018",
                             ["2017", "2019"]).table


def _write(tables: dict[str, pa.Table], folder: Path) -> None:
    for name, table in tables.items():
        if name == "persons":  # hive-partitioned by period: persons/period=2017/…
            pds.write_dataset(table, folder / "persons", format="parquet",
                              partitioning=["period"], partitioning_flavor="hive")
        elif name == "families":  # a plain folder of parts
            (folder / "families").mkdir()
            half = table.num_rows // 2
            pq.write_table(table.slice(0, half), folder / "families" / "part-0.parquet")
            pq.write_table(table.slice(half), folder / "families" / "part-1.parquet")
        else:
            pq.write_table(table, folder / f"{name}.parquet")
    (folder / "README.txt").write_text("not a table", encoding="utf-8")


def test_folders_of_parts_give_the_same_numbers(tables: dict[str, pa.Table], expected: pa.Table,
                                                tmp_path: Path) -> None:
    _write(tables, tmp_path)
    ds = kampungkb.Dataset.from_folder(tmp_path)
    assert ds.row_counts()["persons"] == tables["persons"].num_rows
    got = kampungkb.compute(ds, "cikar@2018", ["2017", "2019"]).table
    assert got.equals(expected)


def test_a_glob_names_a_table(tables: dict[str, pa.Table], expected: pa.Table,
                              tmp_path: Path) -> None:
    _write(tables, tmp_path)
    ds = kampungkb.Dataset.from_tables(
        {**tables, "persons": str(tmp_path / "persons" / "**" / "*.parquet")})
    assert kampungkb.compute(ds, "cikar@2018", ["2017", "2019"]).table.equals(expected)


def test_hive_partitions_are_pruned_by_period(tables: dict[str, pa.Table],
                                              tmp_path: Path) -> None:
    _write(tables, tmp_path)
    ds = kampungkb.Dataset.from_folder(tmp_path)
    with ds.connect() as con:
        plan = con.execute("EXPLAIN ANALYZE SELECT count(*) FROM persons "
                           "WHERE period IN ('2019')").fetchall()[0][1]
    assert "Scanning Files: 1/2" in plan


def test_csv_parts(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    folder = tmp_path / "villages"
    folder.mkdir()
    villages = tables["villages"].select(["village_code", "name"])
    pacsv.write_csv(villages.slice(0, 7), folder / "a.csv")
    pacsv.write_csv(villages.slice(7), folder / "b.csv")
    ds = kampungkb.Dataset.from_tables({"villages": folder})
    assert sorted(ds.villages()["village_code"].to_pylist()) == sorted(
        villages["village_code"].to_pylist())


def test_mixed_formats_and_duplicates_are_refused(tables: dict[str, pa.Table],
                                                  tmp_path: Path) -> None:
    folder = tmp_path / "villages"
    folder.mkdir()
    pq.write_table(tables["villages"], folder / "a.parquet")
    pacsv.write_csv(tables["villages"].select(["village_code", "name"]), folder / "b.csv")
    with pytest.raises(kampungkb.DatasetError, match="mixes Parquet and CSV"):
        kampungkb.Dataset.from_tables({"villages": folder})
    other = tmp_path / "other"
    other.mkdir()
    pq.write_table(tables["villages"], other / "villages.parquet")
    pacsv.write_csv(tables["villages"].select(["village_code", "name"]), other / "villages.csv")
    with pytest.raises(kampungkb.DatasetError, match="twice"):
        kampungkb.Dataset.from_folder(other)
    with pytest.raises(kampungkb.DatasetError, match="no file matches"):
        kampungkb.Dataset.from_tables({"villages": str(tmp_path / "nothing" / "*.parquet")})


def test_fetch_arrow_once_returns_the_rows_and_leaves_nothing_behind() -> None:
    import duckdb  # noqa: PLC0415

    from kampungkb.engine._duck import fetch_arrow, fetch_arrow_once  # noqa: PLC0415

    con = duckdb.connect()
    sql = "SELECT i % 7 AS k, sum(i) AS s FROM range(1000) t(i) GROUP BY 1"
    once = fetch_arrow_once(con, sql).sort_by("k")
    assert once.equals(fetch_arrow(con, sql).sort_by("k"))
    assert once.num_rows == 7
    assert con.sql("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall() == [(0,)]
    with pytest.raises(duckdb.Error):
        fetch_arrow_once(con, "SELECT no_such_column FROM range(3)")
    assert fetch_arrow_once(con, "SELECT 1 AS one").to_pylist() == [{"one": 1}]
