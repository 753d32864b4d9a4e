"""Input layouts of docs/data-in.md: tables as folders of parts, odd files and odd lines.

``validate_path`` never leaves a table's folder of parts out silently (it refuses it, pointing
to ``validate_to_folder``); a damaged part is named by its path under the folder; a CSV line
holding only spaces is a blank line; a README inside a folder of parts is skipped with a
``file_skipped`` warning; a folder mixing Parquet and CSV parts and a table given both as a
file and as a folder are refused, with the table named, as ``Dataset.from_folder`` refuses
them.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from kampungkb.demo import generate_demo
from kampungkb.demo._export import _flat_lists
from kampungkb.errors import ReaderError
from kampungkb.io import _stream as stream
from kampungkb.io import validate_path
from kampungkb.io._stream import validate_to_folder
from kampungkb.io._text import ROW_COLUMN, read_csv
from tests.test_io_support import KEY, TODAY


@pytest.fixture(scope="module")
def persons() -> pa.Table:
    table = generate_demo()["persons"].slice(0, 40)
    return _flat_lists(table)


def _parts(folder: Path, table: pa.Table, n: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-table.num_rows // n)
    paths = []
    for i in range(n):
        path = folder / f"part-{i}.parquet"
        pq.write_table(table.slice(i * size, size), path)
        paths.append(path)
    return paths


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


# ---------------------------------------------------------------- 1. validate_path and parts


def test_validate_path_refuses_a_folder_of_parts(tmp_path: Path, persons: pa.Table) -> None:
    root = tmp_path / "data"
    _parts(root / "persons", persons)
    pacsv.write_csv(persons.slice(0, 5), root / "other.csv")  # a file that is no table
    with pytest.raises(ReaderError) as caught:
        validate_path(root, pseudonym_key=KEY, today=TODAY)
    err = caught.value
    assert err.key == "io.table_parts_in_memory"
    assert "data/persons" in str(err)
    assert "validate_to_folder" in str(err)
    assert "data/persons" in err.message("id")
    assert "validate_to_folder" in err.message("id")


def test_validate_path_refuses_a_damaged_folder_of_parts(tmp_path: Path, persons: pa.Table) -> None:
    root = tmp_path / "data"
    parts = _parts(root / "penduduk", persons)  # a synonym of persons
    _truncate(parts[1])
    pacsv.write_csv(persons.slice(0, 5), root / "persons.csv")
    with pytest.raises(ReaderError, match="data/penduduk"):
        validate_path(root, pseudonym_key=KEY, today=TODAY)


# ---------------------------------------------------------------- 2. a damaged part's name


@pytest.mark.parametrize("sub", ["persons", "persons/period=2019"])
def test_a_damaged_part_is_named_by_its_path(tmp_path: Path, persons: pa.Table, sub: str) -> None:
    root = tmp_path / "data"
    parts = _parts(root / sub, persons)
    _truncate(parts[1])
    with pytest.raises(ReaderError) as caught:
        validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY)
    assert f"data/{sub}/part-1.parquet" in str(caught.value)
    assert f"data/{sub}/part-1.parquet" in caught.value.message("id")
    assert not (tmp_path / "work").exists()


# ---------------------------------------------------------------- 3. lines holding only spaces


def _spaced_csv(path: Path, persons: pa.Table) -> None:
    """Persons as CSV with a line of spaces and a tab after the 3rd record and a line of
    spaces at the end; the record on line 8 has a bad birth date."""
    table = persons.slice(0, 8)
    dates = table["birth_date"].cast(pa.string()).to_pylist()
    dates[5] = "kemarin"  # record 6: line 8 (header 1, records 2-4, spaces 5, records 6 …)
    table = table.set_column(
        table.schema.get_field_index("birth_date"), "birth_date", pa.array(dates)
    )
    pacsv.write_csv(table, path)
    lines = path.read_bytes().split(b"\n")
    lines.insert(4, b"  \t  ")
    path.write_bytes(b"\n".join(lines[:-1]) + b"\n   \n")


def test_a_line_of_spaces_is_a_blank_line(tmp_path: Path, persons: pa.Table) -> None:
    root = tmp_path / "data"
    root.mkdir()
    _spaced_csv(root / "persons.csv", persons)
    whole = validate_path(root / "persons.csv", pseudonym_key=KEY, today=TODAY)
    streamed = validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY)
    for report in (whole.report, streamed.report):
        assert report.rows_read == 8
        bad = report.problems.filter(pc.equal(report.problems["column"], "birth_date"))
        assert bad["row"].to_pylist() == [8]


def test_a_quoted_line_of_spaces_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n1,"x\n   \ny"\n \t \n2,z\n   ,\n')
    table = read_csv(path)
    assert table["b"].to_pylist() == ["x\n   \ny", "z", None]
    assert table[ROW_COLUMN].to_pylist() == [2, 6, 7]
    plan = stream._csv_plan(path, {})
    batches = list(stream._csv_batches(path, 100, plan))
    got = pa.concat_tables(batches)
    assert got["b"].to_pylist() == ["x\n   \ny", "z", None]
    assert got[ROW_COLUMN].to_pylist() == [2, 6, 7]


def test_a_plain_file_keeps_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1, x\n2,y \n")  # spaces in cells, no line of spaces
    assert read_csv(path)["b"].to_pylist() == [" x", "y "]
    plan = stream._csv_plan(path, {})
    assert stream._record_numbers(path, plan)[1] == []


# ---------------------------------------------------------------- 4. a README among the parts


def test_a_readme_among_the_parts_is_skipped(tmp_path: Path, persons: pa.Table) -> None:
    root = tmp_path / "data"
    _parts(root / "persons", persons)
    (root / "persons" / "README.txt").write_text("Bagian data penduduk 2019\n")
    (root / "persons" / "catatan.md").write_text("# catatan\n")
    result = validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY)
    problems = result.report.problems
    assert "missing_column" not in problems["rule"].to_pylist()
    skipped = problems.filter(pc.equal(problems["rule"], "file_skipped"))
    assert sorted(skipped["file"].to_pylist()) == [
        "data/persons/README.txt",
        "data/persons/catatan.md",
    ]
    assert result.report.rows_read == persons.num_rows
    assert {f.file for f in result.report.files} == {
        "data/persons/part-0.parquet",
        "data/persons/part-1.parquet",
    }


def test_a_readme_among_the_parts_is_not_a_part_for_the_engine(
        tmp_path: Path, persons: pa.Table) -> None:
    """``Dataset.from_folder`` reads the same parts (a README.txt there made it refuse the
    folder as mixing Parquet and CSV parts)."""
    import kampungkb  # noqa: PLC0415

    folder = tmp_path / "persons"
    _parts(folder, persons)
    (folder / "README.txt").write_text("Bagian data penduduk 2019\n")
    ds = kampungkb.Dataset.from_folder(tmp_path)
    try:
        assert ds.row_counts()["persons"] == persons.num_rows
    finally:
        ds.close()


# ---------------------------------------------------------------- 5. layouts from_folder refuses


def test_mixed_parts_are_refused(tmp_path: Path, persons: pa.Table) -> None:
    root = tmp_path / "data"
    _parts(root / "persons", persons.slice(0, 20), n=1)
    pacsv.write_csv(persons.slice(20), root / "persons" / "part-1.csv")
    with pytest.raises(ReaderError) as caught:
        validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY)
    assert caught.value.key == "engine.mixed_parts"
    assert "data/persons" in str(caught.value)
    assert "data/persons" in caught.value.message("id")


def test_a_table_as_file_and_folder_is_refused(tmp_path: Path, persons: pa.Table) -> None:
    root = tmp_path / "data"
    _parts(root / "persons", persons)
    pq.write_table(persons, root / "persons.parquet")
    with pytest.raises(ReaderError) as caught:
        validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY)
    assert caught.value.key == "engine.table_twice"
    assert "'persons'" in str(caught.value)
    assert "'persons'" in caught.value.message("id")
    with pytest.raises(ReaderError, match="persons"):
        validate_path(root, pseudonym_key=KEY, today=TODAY)
