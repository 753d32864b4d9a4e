"""Streaming validation (kampungkb.io._stream.validate_to_folder) against the in-memory path.

The same damaged files give the same report (rows, rules, masked values, file / row / column
names) and the same accepted rows whether validated whole (``validate_path``) or in small
batches; a table given as a folder of parts or a hive layout gives the same problems (named
after its part files) and the same evaluation; the work folder disappears unless kept, also
when the run is interrupted.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from kampungkb.cli import main
from kampungkb.demo import generate_demo
from kampungkb.demo._export import _flat_lists
from kampungkb.engine import Dataset
from kampungkb.errors import ReaderError
from kampungkb.evaluate import evaluate
from kampungkb.io import _stream as stream
from kampungkb.io import validate_path
from kampungkb.io._stream import validate_to_folder
from kampungkb.plugins import get_plugin_manager
from tests.test_io_support import KEY, TODAY

VILLAGES = ("19.01.01.2091", "19.01.01.2092")
NIK_MAN = "1901014507900001"  # a woman's NIK (day + 40) on a man's row: nik_sex, masked


def _tables() -> dict[str, pa.Table]:
    """Two demo villages, every column as text, with damaged rows."""
    out: dict[str, pa.Table] = {}
    for name, demo in generate_demo().items():
        table = demo
        if "village_code" in table.column_names:
            table = table.filter(pc.is_in(table["village_code"], pa.array(VILLAGES)))
        table = _flat_lists(table)
        text = pa.table({c: table[c].cast(pa.string()) for c in table.column_names})
        out[name] = text.slice(0, 1500)  # small: the engine runs many times
    # the families of the persons kept, and a few more
    ids = pa.concat_arrays(
        [
            out["persons"]["family_id"].combine_chunks(),
            out["families"]["family_id"].slice(0, 20).combine_chunks(),
        ]
    )
    out["families"] = out["families"].filter(pc.is_in(out["families"]["family_id"], ids))
    persons = out["persons"].to_pylist()
    persons[3]["birth_date"] = "kemarin"  # type
    persons[7]["sex"] = "x"  # enum
    persons[10]["family_id"] = "F-NOPE"  # reference to families
    persons[12]["village_code"] = "19.01.01.2099"  # reference to villages
    persons[15]["nik"], persons[15]["sex"] = NIK_MAN, "m"  # nik_sex, value masked
    persons[18]["name"] = "Baris\nkedua"  # a line break inside a quoted cell
    persons.append(dict(persons[20]))  # duplicate key, far from the first
    persons.insert(5, dict(persons[40]))  # duplicate key, before the first
    out["persons"] = pa.Table.from_pylist(persons, schema=out["persons"].schema)
    families = out["families"].to_pylist()
    families.append(dict(families[2]))
    out["families"] = pa.Table.from_pylist(families, schema=out["families"].schema)
    return out


@pytest.fixture(scope="module")
def tables() -> dict[str, pa.Table]:
    return _tables()


def _write(table: pa.Table, path: Path, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)


def _flat(tables: dict[str, pa.Table], root: Path, fmt: str) -> Path:
    for name, table in tables.items():
        _write(table, root / f"{name}.{fmt}", fmt)
    if fmt == "csv":  # a blank line in the middle: row numbers are editor lines
        text = (root / "persons.csv").read_text().split("\n")
        (root / "persons.csv").write_text("\n".join([*text[:30], "", *text[30:]]))
    return root


def _same_tables(result: Any, folder: Path) -> None:
    for name, table in result.tables.items():
        got = pq.read_table(folder / name).select(table.column_names)
        assert got.num_rows == table.num_rows, name
        assert got.equals(table.cast(got.schema)), name


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_batches_give_the_report_and_rows_of_the_whole_file(
    tmp_path: Path, tables: dict[str, pa.Table], fmt: str
) -> None:
    root = _flat(tables, tmp_path / "data", fmt)
    whole = validate_path(root, pseudonym_key=KEY, today=TODAY)
    streamed = validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY,
                                  batch_rows=600)  # fmt: skip
    rules = whole.report.summary_by_rule()
    for rule in ("type", "enum", "reference", "duplicate_key", "nik_sex"):
        assert rules.get(rule), rule  # the damage is there
    assert streamed.report.problems.equals(whole.report.problems)
    assert streamed.report.files == whole.report.files
    _same_tables(whole, tmp_path / "work")
    assert NIK_MAN not in streamed.report.problems.to_pandas().to_csv()
    assert not (tmp_path / "work" / stream._PRIVATE).exists()


@pytest.mark.parametrize("slice_rows", [60, 400])
def test_checks_across_batches_in_slices_give_the_same_report(
    tmp_path: Path, tables: dict[str, pa.Table], slice_rows: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Duplicate keys and references are checked in slices of the key hash when there are
    many keys (national data); slices of 60 or 400 keys find exactly what one pass
    over every key finds."""
    monkeypatch.setattr(stream, "SLICE_ROWS", slice_rows)
    root = _flat(tables, tmp_path / "data", "parquet")
    whole = validate_path(root, pseudonym_key=KEY, today=TODAY)
    streamed = validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY,
                                  batch_rows=600)  # fmt: skip
    rules = streamed.report.summary_by_rule()
    assert rules.get("reference")
    assert rules.get("duplicate_key")
    assert streamed.report.problems.equals(whole.report.problems)
    _same_tables(whole, tmp_path / "work")
    assert not (tmp_path / "work" / stream._PRIVATE).exists()


def _relabel(problems: pa.Table, root: str, fmt: str, size: int) -> pa.Table:
    """The whole-file report as the report of persons split into parts of ``size`` rows."""
    rows = problems.to_pylist()
    pattern = re.compile(rf"{root}/persons\.{fmt}:(\d+)")
    first = 2 if fmt == "csv" else 1

    def part(row: int) -> tuple[str, int]:
        j, r = divmod(row - first, size)
        return f"{root}/persons/part-{j}.{fmt}", r + first

    for p in rows:
        for field in ("message_id", "message_en"):
            p[field] = pattern.sub(lambda m: "{}:{}".format(*part(int(m[1]))), p[field])
        if p["file"] == f"{root}/persons.{fmt}" and p["row"] is not None:
            p["file"], p["row"] = part(p["row"])
    return pa.Table.from_pylist(rows, schema=problems.schema)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_folder_of_parts_gives_the_same_problems(
    tmp_path: Path, tables: dict[str, pa.Table], fmt: str
) -> None:
    size = 500
    if fmt == "csv":  # the line break in a cell shifts the whole file's lines after it
        persons = tables["persons"]
        names = pc.replace_substring(persons["name"], "\n", " ")
        tables = {**tables, "persons": persons.set_column(
            persons.column_names.index("name"), "name", names)}  # fmt: skip
    whole = validate_path(_flat(tables, tmp_path / "flat", fmt) if fmt == "parquet" else
                          _flat_plain(tables, tmp_path / "flat"), pseudonym_key=KEY,
                          today=TODAY)  # fmt: skip
    root = tmp_path / "data"
    for name, table in tables.items():
        if name == "persons":
            for j, start in enumerate(range(0, table.num_rows, size)):
                _write(table.slice(start, size), root / "persons" / f"part-{j}.{fmt}", fmt)
        else:
            _write(table, root / f"{name}.{fmt}", fmt)
    streamed = validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY,
                                  batch_rows=400)  # fmt: skip
    expected = _relabel(whole.report.problems, "flat", fmt, size)
    got = streamed.report.problems
    got = got.set_column(0, "file", pc.replace_substring(got["file"], "data/", "flat/"))
    got = got.set_column(8, "message_id", pc.replace_substring(got["message_id"], "data/",
                                                                "flat/"))  # fmt: skip
    got = got.set_column(9, "message_en", pc.replace_substring(got["message_en"], "data/",
                                                                "flat/"))  # fmt: skip
    assert got.to_pylist() == expected.to_pylist()
    assert streamed.report.rows_read == whole.report.rows_read
    assert streamed.report.rows_rejected == whole.report.rows_rejected
    _same_tables(whole, tmp_path / "work")


def _flat_plain(tables: dict[str, pa.Table], root: Path) -> Path:
    """CSV files without the blank line (the parts have none)."""
    for name, table in tables.items():
        _write(table, root / f"{name}.csv", "csv")
    return root


def _scorecard(dataset: Any) -> list[dict[str, Any]]:
    iset = get_plugin_manager().get_indicator_set("cikar@2018")
    ev = evaluate(dataset, iset, baseline="2017", followup="2019")
    table = ev.scorecard
    order = pc.sort_indices(table, [(c, "ascending") for c in ("region_code", "indicator_id")
                                    if c in table.column_names])  # fmt: skip
    return table.take(order).to_pylist()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_hive_layout_gives_the_same_evaluation(
    tmp_path: Path, tables: dict[str, pa.Table], fmt: str
) -> None:
    whole = validate_path(_flat_plain(tables, tmp_path / "flat"), pseudonym_key=KEY,
                          today=TODAY)  # fmt: skip
    root = tmp_path / "data"
    for name, table in tables.items():
        if "period" in table.column_names and name in ("persons", "families"):
            for period in sorted(set(table["period"].to_pylist())):
                part = table.filter(pc.equal(table["period"], period)).drop_columns(["period"])
                _write(part, root / name / f"province=19/period={period}/part-0.{fmt}", fmt)
        else:
            _write(table, root / f"{name}.{fmt}", fmt)
    streamed = validate_to_folder(root, tmp_path / "work", pseudonym_key=KEY, today=TODAY,
                                  batch_rows=200)  # fmt: skip
    assert streamed.report.summary_by_rule() == whole.report.summary_by_rule()
    assert streamed.report.rows_rejected == whole.report.rows_rejected
    for name, want in whole.tables.items():
        got = pq.read_table(tmp_path / "work" / name).select(want.column_names)
        diff = duckdb.sql("SELECT count(*) FROM (SELECT * FROM want EXCEPT ALL SELECT * FROM got)")
        assert got.num_rows == want.num_rows, name
        assert diff.fetchall()[0][0] == 0, name
    expected = _scorecard(Dataset.from_tables(whole.tables))
    assert _scorecard(streamed.dataset()) == expected


def test_interrupted_run_leaves_nothing(
    tmp_path: Path, tables: dict[str, pa.Table], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _flat(tables, tmp_path / "data", "parquet")
    calls = {"n": 0}
    original = stream._Writer.batch

    def interrupted(self: Any, *args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        original(self, *args)

    monkeypatch.setattr(stream._Writer, "batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        validate_to_folder(root, tmp_path / "new", pseudonym_key=KEY, batch_rows=300)
    assert not (tmp_path / "new").exists()
    # a kept folder of an earlier run: emptied, the marker stays
    monkeypatch.setattr(stream._Writer, "batch", original)
    validate_to_folder(root, tmp_path / "kept", pseudonym_key=KEY)
    calls["n"] = 0
    monkeypatch.setattr(stream._Writer, "batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        validate_to_folder(root, tmp_path / "kept", pseudonym_key=KEY, batch_rows=300)
    assert [p.name for p in (tmp_path / "kept").iterdir()] == [stream.MARKER]
    # a temporary work folder goes whatever happens
    calls["n"] = 0
    seen: list[Path] = []

    def run_in_temporary() -> None:
        with stream.work_folder() as work:
            seen.append(work)
            validate_to_folder(root, work, pseudonym_key=KEY, batch_rows=300)

    with pytest.raises(KeyboardInterrupt):
        run_in_temporary()
    assert not seen[0].parent.exists()


def test_a_folder_of_other_files_is_refused(tmp_path: Path, tables: dict[str, pa.Table]) -> None:
    root = _flat(tables, tmp_path / "data", "parquet")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(ReaderError, match="not empty"):
        validate_to_folder(root, mine, pseudonym_key=KEY)
    assert (mine / "notes.txt").read_text() == "keep me"


def test_cli_evaluate_streams_and_cleans_up(
    tmp_path: Path,
    tables: dict[str, pa.Table],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "data"
    for name, table in tables.items():
        if name == "persons":
            for j, start in enumerate(range(0, table.num_rows, 300)):
                _write(table.slice(start, 300), root / "persons" / f"part-{j}.parquet", "parquet")
        else:
            _write(table, root / f"{name}.parquet", "parquet")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.setenv("KAMPUNGKB_PSEUDONYM_KEY", KEY)
    args = ["evaluate", str(root), "--set", "cikar@2018", "--baseline", "2017",
            "--followup", "2019", "--format", "json", "--lang", "en"]  # fmt: skip
    assert main(args) == 0
    assert list(temp.iterdir()) == []
    out = capsys.readouterr()
    assert "persons/part-0.parquet" in out.err  # rejected rows named per part file
    kept = tmp_path / "kept"
    assert main([*args, "--work-dir", str(kept)]) == 0
    assert any((kept / "persons").glob("*.parquet"))
    assert main(["validate", str(root), "--work-dir", str(kept), "--lang", "en"]) == 1
    assert (kept / "persons").is_dir()


def test_cli_terminated_leaves_no_temporary_folder(
    tmp_path: Path, tables: dict[str, pa.Table], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _flat(tables, tmp_path / "data", "parquet")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    original = stream._Writer.flush

    def terminated(self: Any) -> None:
        original(self)
        if any(temp.rglob("*.parquet")):  # something written: now stop, as `timeout` does
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(stream._Writer, "flush", terminated)
    with pytest.raises(SystemExit) as stopped:
        main(["validate", str(root), "--lang", "en"])
    assert stopped.value.code == 128 + signal.SIGTERM
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_paths_with_brackets_are_paths_not_patterns(
    tmp_path: Path, tables: dict[str, pa.Table], fmt: str
) -> None:
    """'Laporan [Jan]' is a folder name, not a pattern: input, work folder and dataset read."""
    root = _flat(tables, tmp_path / "in [2019]*", fmt)
    whole = validate_path(root, pseudonym_key=KEY, today=TODAY)
    work = tmp_path / "out [1]?"
    streamed = validate_to_folder(root, work, pseudonym_key=KEY, today=TODAY, batch_rows=600)
    assert streamed.report.problems.equals(whole.report.problems)
    _same_tables(whole, work)
    persons = streamed.dataset().query("SELECT count(*) AS n FROM persons")["n"][0].as_py()
    assert persons == whole.tables["persons"].num_rows
