"""Issue #11 (readers and validation): damaged files and hostile inputs read, or give one
ReaderError naming the file, the line and what to do; counts add up; rows are numbered as an
editor shows them; the models' plausibility rules hold in bulk validation."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kampungkb.errors import ReaderError, RegionCodeError
from kampungkb.io import RULES, validate_data, validate_path
from kampungkb.models import VillageCode
from tests.test_io_support import (
    HEADER,
    KEY,
    NIK_BUDI,
    PERSONAL,
    TODAY,
    person_dict,
    person_rows,
    write_csv,
)


def _ok(path: Path, **kw: Any) -> Any:
    result = validate_path(path, pseudonym_key=KEY, today=TODAY, **kw)
    rep = result.report
    assert rep.rows_accepted + rep.rows_rejected == rep.rows_read
    return result


def _raises(path: Path, pattern: str, **kw: Any) -> str:
    with pytest.raises(ReaderError, match=pattern) as info:
        validate_path(path, pseudonym_key=KEY, today=TODAY, **kw)
    message = str(info.value)
    assert path.is_dir() or path.name in message
    for raw in PERSONAL:
        assert raw not in message
    return message


def _rows(result: Any) -> list[tuple[Any, ...]]:
    return [(p["row"], p["column"], p["rule"]) for p in result.report.problems.to_pylist()]


# -- readers -------------------------------------------------------------------------------


def test_a_line_over_128_kib_in_the_first_30_lines_reads(tmp_path: Path) -> None:
    rows = person_rows()
    long = ("1901014507900003", *rows[0][1:9], "x" * 140_000, rows[0][10])
    result = _ok(write_csv(tmp_path / "p.csv", [rows[0], long]))
    assert _rows(result) == [(3, "contraceptive_method", "enum")]


def test_a_3_mb_cell_reads(tmp_path: Path) -> None:
    rows = person_rows()
    big = ("1901014507900003", *rows[0][1:9], "Suntik " * 450_000, rows[0][10])  # 3.1 MB
    result = _ok(write_csv(tmp_path / "p.csv", [rows[0], big]))
    assert result.report.rows_read == 2
    assert [r[2] for r in _rows(result)] == ["enum"]


def test_cr_only_line_ends_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mac.csv", person_rows())
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\r"))
    result = _ok(path)
    assert result.report.ok
    assert result.report.rows_read == 2
    path.write_bytes(path.read_bytes().replace(b"\r", b"\r\r", 1))  # a blank line: row 3
    bad = path.read_bytes().replace(b",P,", b",?,")
    path.write_bytes(bad)
    assert _rows(_ok(path)) == [(3, "sex", "enum")]


def test_rows_are_numbered_as_an_editor_shows_them(tmp_path: Path) -> None:
    rows = person_rows()
    bad = (*rows[1][:5], "?", *rows[1][6:])
    path = write_csv(tmp_path / "p.csv", [rows[0], bad])
    text = path.read_bytes()
    # blank lines before and between the records, and a quoted cell with a line break
    text = text.replace(b"\r\n", b"\r\n\r\n\r\n", 2)
    path.write_bytes(text)
    assert _rows(_ok(path)) == [(7, "sex", "enum")]
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    assert lines[6].startswith(NIK_BUDI)  # line 7 as an editor shows it
    quoted = b'\n\nNIK,Nama,No KK,Kode Desa,Periode,Jenis Kelamin,Tgl Lahir,Status Kawin\n'
    quoted += b'1901014507900001,"Siti\nAminah",1901011201100001,1901012001,2019,P,05/07/1990,x\n'
    path.write_bytes(quoted)
    assert _rows(_ok(path)) == [(4, "marital_status", "enum")]


def test_a_trailing_delimiter_on_every_line_reads(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", person_rows())
    path.write_bytes(path.read_bytes().replace(b"\r\n", b",\r\n"))
    result = _ok(path)
    assert result.report.ok
    assert result.report.rows_read == 2
    assert "unknown_column" not in result.report.summary_by_rule()
    path.write_bytes(path.read_bytes().replace(b"Ya,\r\n", b"Ya,9\r\n"))
    _raises(path, r"p\.csv, row 1, column 12: header missing .*first in row 2")


def test_a_headerless_file_is_refused_without_echoing_its_cells(tmp_path: Path) -> None:
    rows = person_rows()
    path = write_csv(tmp_path / "penduduk.csv", rows[1:], header=rows[0])
    _raises(path, r"penduduk\.csv, row 1: the first row looks like data.*header missing")
    # only a NIK and text cells: still data
    path.write_text(f"Siti Aminah Raw,{rows[0][0]},Kawin\nBudi,{rows[1][0]},Kawin\n", "utf-8")
    _raises(path, r"row 1: the first row looks like data", table="persons")


def test_non_utf8_byte_past_the_first_mib_names_the_line(tmp_path: Path) -> None:
    rows = [person_rows()[i % 2] for i in range(30_000)]
    path = write_csv(tmp_path / "p.csv", rows)
    data = path.read_bytes()
    at = data.index(b"Tidak", 1_500_000)
    path.write_bytes(data[:at] + b"\xe9" + data[at + 1 :])
    line = data[:at].count(b"\n") + 1
    _raises(path, rf"p\.csv, line {line}: the file is not UTF-8 .*encoding='cp1252'")


def test_json_nested_100000_levels(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    _raises(path, r"p\.json: JSON nested too deeply")
    path = tmp_path / "p.ndjson"
    path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "utf-8")
    _raises(path, r"p\.ndjson, line 1: JSON nested too deeply")


def test_json_number_too_large_is_a_reported_value(tmp_path: Path) -> None:
    row = {**person_dict(birth_date="1990-07-05"), "age_first_marriage": 10**30}
    path = tmp_path / "p.json"
    path.write_text(json.dumps([row]), "utf-8")
    assert _rows(_ok(path, table="persons")) == [(1, "age_first_marriage", "type")]


def _xlsx(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "persons"
    for row in (HEADER, *person_rows()):
        ws.append(list(row))
    wb.save(path)
    return path


def test_xlsx_with_sheet_xml_cut_short(tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "ok.xlsx")
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(cut, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if "worksheets/sheet" in info.filename:
                data = data[: len(data) // 2]
            zout.writestr(info, data)
    _raises(cut, r"cut\.xlsx: not a readable \.xlsx workbook — damaged or truncated")


def _ole(path: Path, encrypted: bool) -> Path:
    body = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    if encrypted:
        body += "EncryptionInfo".encode("utf-16-le") + b"\0" * 50
        body += "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(body + b"\0" * 1024)
    return path


def test_password_protected_xlsx_says_so(tmp_path: Path) -> None:
    msg = _raises(_ole(tmp_path / "p.xlsx", True), r"p\.xlsx: the workbook is password-protected")
    assert "without a password" in msg
    _raises(_ole(tmp_path / "q.xlsx", False), r"q\.xlsx: .*password-protected .* \.xls")


def test_headerless_sheet_is_refused(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    for row in person_rows():
        wb.active.append(list(row))
    wb.save(tmp_path / "p.xlsx")
    pattern = r"p\.xlsx, sheet 'Sheet', row 1: .*looks like data"
    _raises(tmp_path / "p.xlsx", pattern, table="persons")


def test_non_data_files_in_a_folder_are_skipped_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write_csv(folder / "persons.csv", person_rows())
    (folder / "README.txt").write_text("Ekspor 2019.\nTanya Pak Budi, 0812 3456 7890.\n")
    (folder / "catatan.pdf").write_bytes(b"%PDF-1.4 ...")
    (folder / "notes.md").write_text("# notes\n\n- a, b\n")
    result = _ok(folder)
    assert result.report.ok
    assert result.report.rows_read == 2
    skipped = [p for p in result.report.problems.to_pylist() if p["rule"] == "file_skipped"]
    assert sorted(p["file"] for p in skipped) == ["data/README.txt", "data/catatan.pdf",
                                                   "data/notes.md"]  # fmt: skip
    assert all(p["severity"] == "warning" for p in skipped)
    assert "no reader for .pdf" in result.report.to_text("en")
    # a file named after a table must read
    (folder / "families.csv").write_text("kk_number\n\xff", "latin-1")
    _raises(folder, r"families\.csv")
    (folder / "families.csv").unlink()
    (folder / "persons.csv").unlink()
    _raises(folder, r"data: the folder holds no data files")


def test_strict_policy_reads_the_same(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", person_rows())
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\r"))
    assert validate_path(path, policy="strict", pseudonym_key=KEY, today=TODAY).report.ok


# -- counts ----------------------------------------------------------------------------------


def test_missing_column_and_a_bad_row_reject_each_row_once(tmp_path: Path) -> None:
    rows = [(*r[:4], *r[5:]) for r in person_rows()]
    rows[1] = (*rows[1][:4], "?", *rows[1][5:])  # sex, in the file without a period
    path = write_csv(tmp_path / "p.csv", rows, header=HEADER[:4] + HEADER[5:])
    result = _ok(path, quarantine_dir=tmp_path / "q")
    rep = result.report
    assert (rep.rows_read, rep.rows_accepted, rep.rows_rejected) == (2, 0, 2)
    assert rep.files[0].rows_rejected == 2
    rejected = result.rejected["persons"]
    assert rejected["source_row"].to_pylist() == [2, 3]
    text = (tmp_path / "q" / "persons.rejected.csv").read_text("utf-8")
    assert len(text.strip().splitlines()) == 3


# -- plausibility ------------------------------------------------------------------------------

BUDI = {"nik": NIK_BUDI, "sex": "m", "birth_date": dt.date(1988, 7, 15)}


@pytest.mark.parametrize(
    ("override", "column", "rule"),
    [
        ({**BUDI, "pregnant": True}, "pregnant", "male_pregnant"),
        ({**BUDI, "contraceptive_method": "condom"}, "contraceptive_method", "male_contraception"),
        ({**BUDI, "last_menses": "within_6_months"}, "last_menses", "male_fertility_detail"),
        ({"contraceptive_method": "pill", "contraception_start": dt.date(1989, 1, 1)},
         "contraception_start", "date_before_birth"),
        ({"last_birth_date": dt.date(1989, 1, 1)}, "last_birth_date", "date_before_birth"),
        ({"contraception_start": dt.date(2010, 1, 1)}, "contraception_start", "dependent_value"),
        ({"marital_status": "never_married"}, "age_first_marriage", "dependent_value"),
        ({"pregnant": False, "pregnancy_wanted": "then"}, "pregnancy_wanted", "dependent_value"),
        ({"last_birth_wanted": "then"}, "last_birth_wanted", "dependent_value"),
        ({"nik": "1901014507690001", "birth_date": dt.date(1869, 7, 5),
          "age_first_marriage": None}, "birth_date", "implausible_age"),
        ({"village_code": "1903010005"}, "village_code", "bps_village_code"),
        ({"village_code": "19.03.01.0005"}, "village_code", "bps_village_code"),
        # found by a review: a child born after the period counted as aged -1 (under 18)
        ({"nik": "1901014501190001", "birth_date": dt.date(2019, 1, 5), "period": "2018",
          "marital_status": "never_married", "age_first_marriage": None},
         "birth_date", "born_after_period"),
        ({"nik": "1901014510190001", "birth_date": dt.date(2019, 10, 5), "period": "2019-Q3",
          "marital_status": "never_married", "age_first_marriage": None},
         "birth_date", "born_after_period"),
    ],
)  # fmt: skip
def test_model_rules_hold_in_bulk(override: dict[str, Any], column: str, rule: str) -> None:
    result = validate_data([person_dict(**override)], table="persons", pseudonym_key=KEY,
                           today=TODAY)  # fmt: skip
    assert _rows(result) == [(1, column, rule)]
    assert RULES[rule].severity == "error"
    problem = result.report.problems.to_pylist()[0]
    assert problem["message_id"]
    assert problem["message_en"]


def test_bps_message_names_the_scheme() -> None:
    result = validate_data([person_dict(village_code="1903010005")], table="persons",
                           pseudonym_key=KEY, today=TODAY)  # fmt: skip
    problem = result.report.problems.to_pylist()[0]
    assert "BPS" in problem["message_en"]
    assert "Kemendagri" in problem["message_en"]
    assert "BPS" in problem["message_id"]
    with pytest.raises(RegionCodeError, match="BPS"):
        VillageCode("1903010005")
    assert VillageCode("1903012005") == "19.03.01.2005"


def test_child_measured_before_birth_and_register_dates() -> None:
    child = {"measurement_id": "m1", "child_id": "c1", "village_code": "1901012001",
             "date": dt.date(2019, 1, 1), "sex": "f", "birth_date": dt.date(2019, 3, 1)}
    result = validate_data([child], table="child_measurements", pseudonym_key=KEY, today=TODAY)
    assert _rows(result) == [(1, "date", "date_before_birth")]
    industry = {"industry_id": "i1", "village_code": "1901012001", "name": "Kerupuk Ikan",
                "started_on": dt.date(2019, 5, 1), "closed_on": dt.date(2019, 1, 1)}
    result = validate_data([industry], table="home_industries", pseudonym_key=KEY, today=TODAY)
    assert ("closed_on", "end_before_start") in [(r[1], r[2]) for r in _rows(result)]


@settings(max_examples=30, deadline=None)
@given(
    drop=st.sampled_from([None, 3, 4, 5, 6]),  # Kode Desa, Periode, Jenis Kelamin, Tgl Lahir
    bad=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10), st.sampled_from(["?", ""])),
                 max_size=4),
)  # fmt: skip
def test_counts_with_file_and_row_level_problems_together(
    drop: int | None, bad: list[tuple[int, int, str]]
) -> None:
    rows = [list(person_rows()[i % 2]) for i in range(4)]
    for i, row in enumerate(rows):
        row[0] = f"19010145079{i:05d}" if i % 2 == 0 else f"19010115078{i:05d}"
        row[1] = f"Nama {i}"
    for r, c, v in bad:
        rows[r][c] = v
    header = list(HEADER)
    if drop is not None:
        header.pop(drop)
        rows = [row[:drop] + row[drop + 1 :] for row in rows]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "p.csv", [tuple(r) for r in rows], header=tuple(header))
        result = validate_path(path, pseudonym_key=KEY, today=TODAY)
    rep = result.report
    assert rep.rows_read == 4
    assert rep.rows_accepted + rep.rows_rejected == rep.rows_read
    rejected = result.rejected.get("persons")
    n_rejected = 0 if rejected is None else rejected.num_rows
    assert n_rejected == rep.rows_rejected
    if rejected is not None:
        assert len(set(rejected["source_row"].to_pylist())) == n_rejected
    if drop is not None:
        assert rep.rows_rejected == 4  # a required column is missing: every row, once
