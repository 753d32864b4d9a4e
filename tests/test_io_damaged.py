"""Damaged files give a ReaderError naming the file (and sheet/row/column), never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kampungkb.errors import ReaderError
from kampungkb.io import validate_path
from tests.test_io_support import (
    KEY,
    NIK_SITI,
    PERSONAL,
    TODAY,
    person_dict,
    person_rows,
    write_csv,
)


def _read(path: Path, **kw: object) -> None:
    validate_path(path, pseudonym_key=KEY, today=TODAY, **kw)  # type: ignore[arg-type]


def _raises(path: Path, pattern: str, **kw: object) -> ReaderError:
    with pytest.raises(ReaderError, match=pattern) as info:
        _read(path, **kw)
    for raw in PERSONAL:
        assert raw not in str(info.value)
    return info.value


def test_empty_files(tmp_path: Path) -> None:
    for name in ("a.csv", "a.xlsx", "a.parquet", "a.json", "a.ndjson"):
        (tmp_path / name).write_bytes(b"")
        _raises(tmp_path / name, rf"{name}: .*empty")


def test_truncated_files(tmp_path: Path) -> None:
    pq.write_table(pa.Table.from_pylist([person_dict()]), tmp_path / "p.parquet")
    data = (tmp_path / "p.parquet").read_bytes()
    (tmp_path / "p.parquet").write_bytes(data[: len(data) // 2])
    _raises(tmp_path / "p.parquet", r"p\.parquet: not a readable Parquet file")
    (tmp_path / "p.xlsx").write_bytes(b"PK\x03\x04 truncated")
    _raises(tmp_path / "p.xlsx", r"p\.xlsx: not a readable \.xlsx workbook")
    text = json.dumps([person_dict(birth_date="1990-07-05")])
    (tmp_path / "p.json").write_text(text[:-20], "utf-8")
    _raises(tmp_path / "p.json", r"p\.json, line 1, column \d+: not valid JSON")
    (tmp_path / "p.ndjson").write_text(text[1:-1] + "\n" + text[1:40], "utf-8")
    _raises(tmp_path / "p.ndjson", r"p\.ndjson, line 2: not a valid JSON object")
    path = write_csv(tmp_path / "p.csv", person_rows())
    path.write_text(path.read_text("utf-8") + f"{NIK_SITI},Siti\n", "utf-8")
    _raises(path, r"p\.csv, row 4: 2 fields where the header has 11")


def test_csv_header_missing(tmp_path: Path) -> None:
    rows = person_rows()
    path = tmp_path / "p.csv"
    path.write_text("\n".join(",".join(r) for r in rows), "utf-8")
    _raises(path, r"p\.csv, row 1: the first row looks like data.*header missing", table="persons")
    path.write_text("NIK,,Kode Desa\n1,2,3\n", "utf-8")
    _raises(path, r"p\.csv, row 1, column 2: header missing", table="persons")


def _xlsx(path: Path, rows: list[list[object]], merge: str | None = None) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def test_excel_wrong_sheet_merged_header_and_missing_header(tmp_path: Path) -> None:
    header = ["NIK", "Kode Desa", "Periode", "Jenis Kelamin", "Tgl Lahir"]
    path = _xlsx(tmp_path / "x.xlsx", [header, [NIK_SITI, "1901012001", "2019", "P", "05/07/1990"]])
    _raises(path, r"x\.xlsx: no sheet 'Penduduk'; the workbook has 'Data'",
            mapping={"read": {"sheet": "Penduduk"}})  # fmt: skip
    merged = [["Identitas", None, "Periode", "Jenis Kelamin", "Tgl Lahir"], *([["a"] * 5] * 1)]
    path = _xlsx(tmp_path / "m.xlsx", merged, merge="A1:B1")
    _raises(path, r"m\.xlsx, sheet 'Data', row 1: merged header cells A1:B1", table="persons")
    rows = [["NIK", None, "Periode"], [NIK_SITI, "1901012001", "2019"]]
    path = _xlsx(tmp_path / "h.xlsx", rows)
    _raises(path, r"h\.xlsx, sheet 'Data', row 1, column B: header missing", table="persons")


def test_mixed_types(tmp_path: Path) -> None:
    rows = [person_dict(birth_date="1990-07-05"), person_dict(birth_date={"y": 1990})]
    (tmp_path / "p.json").write_text(json.dumps(rows), "utf-8")
    _raises(tmp_path / "p.json", r"p\.json, object 2, column 'birth_date': mixed types")
    # a spreadsheet column mixing dates and text is read; the odd cell is a row problem
    header = ["NIK", "No KK", "Kode Desa", "Periode", "Jenis Kelamin", "Tgl Lahir"]
    path = _xlsx(tmp_path / "x.xlsx", [
        header,
        [NIK_SITI, "1901011201100001", "1901012001", "2019", "P", dt.datetime(1990, 7, 5)],
        [NIK_SITI[:-1] + "2", "1901011201100001", "1901012001", "2019", "P", "lupa"],
    ])  # fmt: skip
    result = validate_path(path, pseudonym_key=KEY, today=TODAY)
    problems = result.report.problems.to_pylist()
    assert [(p["row"], p["column"], p["rule"]) for p in problems] == [(3, "birth_date", "type")]


def test_unknown_suffix_and_table(tmp_path: Path) -> None:
    (tmp_path / "x.dbf").write_bytes(b"x")
    _raises(tmp_path / "x.dbf", r"x\.dbf: no reader for \.dbf")
    path = write_csv(tmp_path / "x.csv", [("1", "2")], header=("a", "b"))
    _raises(path, r"x\.csv: cannot tell which canonical table")
    _raises(tmp_path / "nope.csv", r"nope\.csv: file not found")
