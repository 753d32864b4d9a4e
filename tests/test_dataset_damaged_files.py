"""A damaged table file reached through the API (``Dataset.from_folder`` + a computation)
gives a :class:`DatasetError` naming the table and its file, in both languages — not DuckDB's
own exception, and not an "internal error" blaming the engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import kampungkb
from kampungkb import Dataset
from kampungkb.errors import DatasetError


def _copy(demo_parquet: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(demo_parquet, folder)
    return folder


def _spoil_column(path: Path, column: str) -> None:
    """Overwrite every chunk of ``column`` (its pages, dictionary included) with 0xFF bytes,
    keeping the footer: the file opens and its other columns read."""
    meta = pq.ParquetFile(path).metadata
    data = bytearray(path.read_bytes())
    spoilt = 0
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            chunk = meta.row_group(g).column(c)
            if chunk.path_in_schema != column:
                continue
            start = chunk.dictionary_page_offset or chunk.data_page_offset
            size = chunk.total_compressed_size
            data[start : start + size] = b"\xff" * size
            spoilt += 1
    assert spoilt
    path.write_bytes(bytes(data))


def _check(err: DatasetError, table: str, file: str) -> None:
    assert err.key == "engine.table_unreadable"
    for lang in ("id", "en"):
        message = err.message(lang)
        assert repr(table) in message
        assert file in message
        assert "Parquet" in message
    assert "tidak dapat dibaca" in err.message("id")
    assert "cannot be read" in err.message("en")


@pytest.mark.parametrize("content", [b"", b"not a parquet file", b"PAR1" + b"\0" * 64 + b"PAR1"])
def test_a_file_that_is_not_parquet_is_named_when_the_dataset_is_built(
    demo_parquet: Path, tmp_path: Path, content: bytes
) -> None:
    folder = _copy(demo_parquet, tmp_path)
    (folder / "families.parquet").write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        Dataset.from_folder(folder)
    _check(caught.value, "families", "families.parquet")


def test_a_damaged_part_among_good_ones_is_named(demo_parquet: Path, tmp_path: Path) -> None:
    folder = _copy(demo_parquet, tmp_path)
    parts = folder / "persons"
    parts.mkdir()
    (folder / "persons.parquet").rename(parts / "part-0.parquet")
    data = (parts / "part-0.parquet").read_bytes()
    (parts / "part-1.parquet").write_bytes(data[: len(data) // 2])  # truncated
    with pytest.raises(DatasetError) as caught:
        Dataset.from_folder(folder)
    _check(caught.value, "persons", "persons")


def test_a_damaged_column_found_while_computing_blames_the_file(
    demo_parquet: Path, tmp_path: Path
) -> None:
    """The periods read, so the dataset builds; the measures then read the damaged column.
    Before, this was "internal error … please report this to the developers"."""
    folder = _copy(demo_parquet, tmp_path)
    _spoil_column(folder / "persons.parquet", "contraceptive_method")
    ds = Dataset.from_folder(folder)
    try:
        with pytest.raises(DatasetError) as caught:
            kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")
        _check(caught.value, "persons", "persons.parquet")
        assert "internal" not in caught.value.message("en")
        # the same dataset still answers what does not read the damaged column
        villages = ds.query('SELECT count(DISTINCT village_code) AS n FROM persons')
        assert villages["n"][0].as_py() > 0
    finally:
        ds.close()


def test_an_intact_folder_is_untouched_by_the_check(demo_parquet: Path) -> None:
    ds = Dataset.from_folder(demo_parquet)
    try:
        with ds.connect() as con:
            assert ds._unreadable_error(con, "persons") is None
            assert ds._unreadable_error(con, "no_such_table") is None
    finally:
        ds.close()


def test_a_csv_with_a_byte_that_is_not_utf8_is_named(demo_parquet: Path, tmp_path: Path) -> None:
    import pyarrow.csv as pacsv  # noqa: PLC0415

    folder = _copy(demo_parquet, tmp_path)
    persons = pq.read_table(folder / "persons.parquet")
    (folder / "persons.parquet").unlink()
    pacsv.write_csv(persons, folder / "persons.csv")
    lines = (folder / "persons.csv").read_bytes().split(b"\n")
    lines[50] = lines[50].replace(b",", b",\xff\xfe", 1)
    (folder / "persons.csv").write_bytes(b"\n".join(lines))
    with pytest.raises(DatasetError) as caught:  # the whole file is read for its periods
        Dataset.from_folder(folder)
    assert caught.value.key == "engine.table_unreadable"
    for lang in ("id", "en"):
        assert "'persons'" in caught.value.message(lang)
        assert "persons.csv" in caught.value.message(lang)
        assert "CSV" in caught.value.message(lang)


def test_the_damaged_part_of_a_folder_is_named_in_words_of_both_languages(
    demo_parquet: Path, tmp_path: Path
) -> None:
    """Found by a review: the message named the folder and carried DuckDB's English text
    (its file path masked as if it were personal data)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("villages", "persons"):
        shutil.copy(demo_parquet / f"{name}.parquet", folder)
    parts = folder / "families"
    parts.mkdir()
    table = pq.read_table(demo_parquet / "families.parquet")
    half = table.num_rows // 2
    pq.write_table(table.slice(0, half), parts / "part-0.parquet")
    pq.write_table(table.slice(half), parts / "part-1.parquet")
    data = (parts / "part-1.parquet").read_bytes()
    (parts / "part-1.parquet").write_bytes(data[: len(data) // 2])
    def evaluate() -> None:
        ds = Dataset.from_folder(folder)
        try:
            kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")
        finally:
            ds.close()

    with pytest.raises(DatasetError) as caught:
        evaluate()
    err = caught.value
    _check(err, "families", str(parts / "part-1.parquet"))
    assert "part-0" not in err.message("en")
    assert "akhir berkasnya tidak ada" in err.message("id")
    assert "its end is missing" in err.message("en")
    for lang in ("id", "en"):
        assert "magic" not in err.message(lang)
        assert "‹" not in err.message(lang)
