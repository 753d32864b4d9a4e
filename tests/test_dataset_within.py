"""``Dataset(…, within=CODE)``: one region's rows in every table, and the parts of a
hive-partitioned layout under other regions' folders are not read (issue 12 point 1)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import kampungkb
from kampungkb import Dataset
from kampungkb._regioncodes import region_code
from kampungkb.demo import generate_demo
from kampungkb.errors import DatasetError
from tests.conftest import moved_to_province

PERIODS = ["2017", "2019"]


@pytest.fixture(scope="module")
def demo() -> dict[str, pa.Table]:
    return generate_demo()


@pytest.fixture
def national(national_hive: Path) -> Path:
    return national_hive


def _values(ds: Dataset) -> pa.Table:
    table = kampungkb.compute(ds, "cikar@2018", PERIODS).table
    return table.select(["indicator_id", "region_code", "level", "period", "value"]).sort_by(
        [("indicator_id", "ascending"), ("region_code", "ascending"), ("period", "ascending")])


def test_a_province_of_a_national_layout_reads_only_its_parts(
    national: Path, demo: dict[str, pa.Table]
) -> None:
    whole = Dataset.from_folder(national)
    ds = Dataset.from_folder(national, within="19")
    alone = Dataset.from_tables(demo)
    try:
        for name in demo:
            files = ds._tables[name].files  # type: ignore[union-attr]
            assert files, name
            assert all("province=19" in f for f in files), name
        assert ds.row_counts() == alone.row_counts()
        assert whole.row_counts()["persons"] == 2 * alone.row_counts()["persons"]
        assert _values(ds).equals(_values(alone))
        with ds.connect() as con:
            plan = con.execute("EXPLAIN ANALYZE SELECT count(*) FROM persons__raw "
                               "WHERE sex = 'f'").fetchall()[0][1]
        assert "Total Files Read: 1 " in plan
        codes = set(_values(whole)["region_code"].to_pylist())
        assert {"13", "19"} <= codes
        assert {c[:2] for c in _values(ds)["region_code"].to_pylist()} == {"19"}
    finally:
        for d in (whole, ds, alone):
            d.close()


def test_the_other_province_matches_its_own_data(national: Path,
                                                 demo: dict[str, pa.Table]) -> None:
    ds = Dataset.from_folder(national, within="13")
    alone = Dataset.from_tables({n: moved_to_province(t, "13") for n, t in demo.items()})
    try:
        assert _values(ds).equals(_values(alone))
    finally:
        ds.close()
        alone.close()


@pytest.mark.parametrize("code", ["19.01", "1901"])
def test_a_regency_keeps_its_villages_in_every_table(
    national: Path, demo: dict[str, pa.Table], code: str
) -> None:
    """Below the folders' level: the province=19 parts are read, their rows filtered."""
    ds = Dataset.from_folder(national, within=code)
    plain = Dataset.from_tables(demo, within=code)
    expected = Dataset.from_tables({
        n: t.filter(pc.starts_with(t.column("village_code"), "19.01.")) for n, t in demo.items()
    })
    try:
        for name in demo:
            assert all("province=19" in f for f in ds._tables[name].files)  # type: ignore[union-attr]
        assert ds.row_counts() == expected.row_counts() == plain.row_counts()
        assert 0 < ds.row_counts()["persons"] < demo["persons"].num_rows
        assert _values(ds).equals(_values(expected))
        assert _values(plain).equals(_values(expected))
        assert ds.periods("persons") == expected.periods("persons")
    finally:
        for d in (ds, plain, expected):
            d.close()


def test_a_village_code_prefix_is_not_a_neighbour(demo: dict[str, pa.Table]) -> None:
    """19.01.06 holds 19.01.06.2001 but not 19.01.060… (whole segments only)."""
    villages = demo["villages"]
    code = villages["village_code"][0].as_py()
    ds = Dataset.from_tables(demo, within=code)
    try:
        assert ds.villages()["village_code"].to_pylist() == [code]
    finally:
        ds.close()
    assert region_code("19.01.06") == "19.01.06"
    assert region_code("190106") == "19.01.06"
    assert region_code("1901062001") == "19.01.06.2001"
    assert region_code("19.1") is None
    assert region_code("2019") == "20.19"  # digits alone: read as a code (the caller's words)


@pytest.mark.parametrize("bad", ["Bangka", "19.1", "19.01.06.201", ""])
def test_a_code_that_is_no_region_is_refused_in_both_languages(demo: dict[str, pa.Table],
                                                                bad: str) -> None:
    with pytest.raises(DatasetError) as caught:
        Dataset.from_tables(demo, within=bad)
    assert caught.value.key == "engine.bad_within"
    assert "bukan kode wilayah" in caught.value.message("id")
    assert "is not a region code" in caught.value.message("en")


def test_other_hive_keys_are_kept(tmp_path: Path, demo: dict[str, pa.Table]) -> None:
    """A period folder is not a region: within= prunes by region folders only."""
    for name, table in demo.items():
        if "period" in table.column_names and name == "persons":
            for period in PERIODS:
                folder = tmp_path / name / f"period={period}"
                folder.mkdir(parents=True)
                rows = table.filter(pc.equal(table.column("period"), period))
                pq.write_table(rows.drop_columns(["period"]), folder / "part-0.parquet")
        else:
            pq.write_table(table, tmp_path / f"{name}.parquet")
    ds = Dataset.from_folder(tmp_path, within="19")
    alone = Dataset.from_tables(demo)
    try:
        assert len(ds._tables["persons"].files) == 2  # type: ignore[union-attr]
        assert _values(ds).equals(_values(alone))
    finally:
        ds.close()
        alone.close()


def test_a_region_without_rows_is_refused(national: Path, demo: dict[str, pa.Table]) -> None:
    """A code the data does not hold gives an error, not an empty evaluation."""
    for build in (lambda: Dataset.from_folder(national, within="31"),
                  lambda: Dataset.from_tables(demo, within="19.09")):
        with pytest.raises(DatasetError) as caught:
            build()
        assert caught.value.key == "engine.within_empty"
        assert "check the code" in caught.value.message("en")
        assert "periksa kodenya" in caught.value.message("id")


def test_csv_parts_are_pruned_too(tmp_path: Path, demo: dict[str, pa.Table]) -> None:
    import pyarrow.csv as pacsv  # noqa: PLC0415

    for name, table in demo.items():
        if name == "persons":
            for province in ("19", "13"):
                folder = tmp_path / name / f"provinsi={province}"
                folder.mkdir(parents=True)
                pacsv.write_csv(moved_to_province(table, province), folder / "part-0.csv")
        else:
            pq.write_table(table, tmp_path / f"{name}.parquet")
    ds = Dataset.from_folder(tmp_path, within="19")
    alone = Dataset.from_tables(demo)
    try:
        files = ds._tables["persons"].files  # type: ignore[union-attr]
        assert len(files) == 1
        assert "provinsi=19" in files[0]
        assert ds.row_counts()["persons"] == demo["persons"].num_rows
        assert _values(ds).equals(_values(alone))
    finally:
        ds.close()
        alone.close()
