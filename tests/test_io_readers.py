"""Readers: every format, written at test time, through validate_path / validate_data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kampungkb.errors import ReaderError
from kampungkb.io import ColumnMapping, load_mapping, pseudonym, resolve_key, validate_data
from kampungkb.io import validate_path as _validate_path
from kampungkb.io.ingest import IngestResult, reader_for
from kampungkb.io.readers_plugin import kampungkb_register_readers
from kampungkb.models import Person
from tests.test_io_support import (
    HEADER,
    KEY,
    KK_1,
    NIK_BUDI,
    NIK_SITI,
    TODAY,
    family_dict,
    person_dict,
    person_rows,
    write_csv,
)


def validate_path(path: Path, **kw: object) -> IngestResult:
    kw.setdefault("pseudonym_key", KEY)
    kw.setdefault("today", TODAY)
    return _validate_path(path, **kw)  # type: ignore[arg-type]


def _persons_ok(result: IngestResult, n: int = 2) -> pa.Table:
    assert result.report.ok, result.report.to_text("en")
    persons = result.tables["persons"]
    assert persons.num_rows == n
    return persons


def test_csv_semicolon_bom_decimal_comma(tmp_path: Path) -> None:
    rows = [(*r, "55,5") for r in person_rows()]
    header = (*HEADER, "Unused Decimal")
    path = write_csv(tmp_path / "penduduk.csv", rows, delimiter=";", encoding="utf-8-sig",
                     header=header)  # fmt: skip
    result = validate_path(path)
    persons = _persons_ok(result)
    assert persons["sex"].to_pylist() == ["f", "m"]
    assert persons["birth_date"].to_pylist() == [dt.date(1990, 7, 5), dt.date(1988, 7, 15)]
    assert persons["contraceptive_method"].to_pylist() == ["injectable", None]
    assert persons["has_birth_certificate"].to_pylist() == [True, False]
    assert persons["village_code"].to_pylist() == ["19.01.01.2001"] * 2
    # the unknown column is a warning, not a rejection
    assert result.report.summary_by_rule() == {"unknown_column": 1}


def test_csv_decimal_comma_number(tmp_path: Path) -> None:
    fam = family_dict()
    header = ("No KK", "Kode Desa", "Periode", "Tahapan KS", "iBangga")
    row = (fam["kk_number"], "1901012001", "2019", "Pra KS", "1.234,5")
    path = write_csv(tmp_path / "keluarga.csv", [row], delimiter=";", header=header)
    result = validate_path(path)
    assert result.report.summary_by_rule() == {"range": 1}  # 1234.5 > 100: read as a number
    row = (fam["kk_number"], "1901012001", "2019", "Pra KS", "55,5")
    path = write_csv(tmp_path / "keluarga.csv", [row], delimiter=";", header=header)
    families = validate_path(path).tables["families"]
    assert families["ibangga"].to_pylist() == [55.5]
    assert families["welfare_stage"].to_pylist() == ["pra_sejahtera"]


def test_csv_cp1252_needs_encoding(tmp_path: Path) -> None:
    rows = [(*r[:1], "Désirée", *r[2:]) for r in person_rows()]
    path = write_csv(tmp_path / "penduduk.csv", rows, delimiter=";", encoding="cp1252")
    with pytest.raises(ReaderError, match=r"penduduk\.csv, line 2: .*not UTF-8.*encoding="):
        validate_path(path)
    _persons_ok(validate_path(path, encoding="cp1252"))
    _persons_ok(validate_path(path, mapping={"read": {"encoding": "cp1252"}}))


def _xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]],
          hidden: tuple[str, ...] = ()) -> Path:
    """A workbook of ``sheets`` (rows of cells); the sheets named in ``hidden`` hidden."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
        if title in hidden:
            ws.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _excel_persons() -> list[list[object]]:
    return [
        ["Data Penduduk Desa Contoh"],  # a title row above the header
        [],
        ["NIK", "Nama", "No KK", "Kode Desa", "Periode", "Jenis Kelamin", "Tgl Lahir",
         "Status Kawin", "Alat Kontrasepsi", "Punya Akta"],
        [NIK_SITI, "Siti", KK_1, 1901012001, 2019, "Perempuan", dt.datetime(1990, 7, 5),
         "Kawin", "IUD", "Ya"],
        [],
        [NIK_BUDI, "Budi", KK_1, 1901012001, 2019, "Laki-laki", 32339, "Kawin", None, 1],
    ]  # fmt: skip


def test_xlsx_header_detection_dates_and_row_numbers(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "data.xlsx", {"Penduduk": _excel_persons()})
    persons = _persons_ok(validate_path(path))
    # a real Excel date and an Excel serial number (32339 = 1988-07-15) both become dates
    assert persons["birth_date"].to_pylist() == [dt.date(1990, 7, 5), dt.date(1988, 7, 15)]
    assert persons["sex"].to_pylist() == ["f", "m"]
    assert persons["contraceptive_method"].to_pylist() == ["iud", None]
    assert persons["period"].to_pylist() == ["2019", "2019"]
    # row numbers are the sheet's own: header row 3, data rows 4 and 6
    rows = _excel_persons()
    rows[5][5] = "X"
    path = _xlsx(tmp_path / "bad.xlsx", {"Penduduk": rows})
    problems = validate_path(path).report.problems.to_pylist()
    assert [(p["sheet"], p["row"], p["column"], p["rule"]) for p in problems] == [
        ("Penduduk", 6, "sex", "enum")
    ]


def test_xlsx_several_sheets_mapped_to_tables(tmp_path: Path) -> None:
    fam = [["No KK", "Kode Desa", "Periode", "Tahapan KS"], [KK_1, "1901012001", "2019", "KS II"]]
    path = _xlsx(tmp_path / "data.xlsx", {"Sheet A": _excel_persons(), "Sheet B": fam})
    mapping = {"sheets": {"Sheet A": "persons", "Sheet B": "families"}}
    result = validate_path(path, mapping=mapping)
    assert result.report.ok, result.report.to_text("en")
    assert result.tables["families"]["welfare_stage"].to_pylist() == ["ks2"]
    # persons link to their family through the KK pseudonym
    fam_id = result.tables["families"]["family_id"][0].as_py()
    assert set(result.tables["persons"]["family_id"].to_pylist()) == {fam_id}
    assert fam_id == pseudonym(resolve_key(KEY), "kk", KK_1)


def test_parquet_json_ndjson(tmp_path: Path) -> None:
    rows = [person_dict(), person_dict(nik=NIK_BUDI, sex="m", birth_date=dt.date(1988, 7, 15))]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "persons.parquet")
    _persons_ok(validate_path(tmp_path / "persons.parquet"))
    text_rows = [{**r, "birth_date": r["birth_date"].isoformat()} for r in rows]
    (tmp_path / "persons.json").write_text(json.dumps(text_rows), "utf-8")
    _persons_ok(validate_path(tmp_path / "persons.json"))
    lines = [json.dumps(r) for r in text_rows]
    (tmp_path / "persons.ndjson").write_text("\n".join([lines[0], "", lines[1]]) + "\n", "utf-8")
    _persons_ok(validate_path(tmp_path / "persons.ndjson"))
    # NDJSON rows are numbered by line (the blank line counts)
    text_rows[1]["sex"] = "?"
    lines = [json.dumps(r) for r in text_rows]
    (tmp_path / "persons.ndjson").write_text("\n".join([lines[0], "", lines[1]]), "utf-8")
    problems = validate_path(tmp_path / "persons.ndjson").report.problems
    assert problems["row"].to_pylist() == [3]


def test_dataframes_and_records(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    rows = [person_dict(), person_dict(nik=NIK_BUDI, sex="m", birth_date=dt.date(1988, 7, 15))]
    kw = {"pseudonym_key": KEY, "today": TODAY, "table": "persons"}
    _persons_ok(validate_data(pd.DataFrame(rows), **kw))  # type: ignore[arg-type]
    _persons_ok(validate_data(pl.DataFrame(rows), **kw))  # type: ignore[arg-type]
    records = [
        Person(person_id="p1", nik=NIK_SITI, name="Siti", family_id="f1",
               village_code="1901012001", period="2019", sex="f", birth_date="1990-07-05"),
    ]  # fmt: skip
    persons = _persons_ok(validate_data(records, **kw), n=1)  # type: ignore[arg-type]
    assert persons["person_id"].to_pylist() == ["p1"]
    both = validate_data({"persons": pd.DataFrame(rows), "families": [family_dict()]},
                         pseudonym_key=KEY, today=TODAY)  # fmt: skip
    assert both.report.ok, both.report.to_text("en")
    assert set(both.tables) == {"persons", "families"}


def test_folder_one_file_per_table(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write_csv(folder / "penduduk.csv", person_rows())
    pq.write_table(pa.Table.from_pylist([family_dict()]), folder / "families.parquet")
    result = validate_path(folder)
    assert result.report.ok, result.report.to_text("en")
    assert result.tables["persons"].num_rows == 2
    assert result.tables["families"].num_rows == 1
    assert {f.file for f in result.report.files} == {
        "export/families.parquet",
        "export/penduduk.csv",
    }


def test_mapping_toml_and_values(tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text(
        'table = "persons"\n[columns]\n"Kelamin (1/2)" = "sex"\n"Lahir" = "birth_date"\n'
        '[values.contraceptive_method]\n"KB Suntik 3 Bulan" = "injectable"\n',
        "utf-8",
    )
    mapping = load_mapping(tmp_path / "map.toml")
    assert isinstance(mapping, ColumnMapping)
    header = ("NIK", "No KK", "Kode Desa", "Periode", "Kelamin (1/2)", "Lahir", "Alat KB")
    row = (NIK_SITI, KK_1, "1901012001", "2019", "2", "1990-07-05", "KB Suntik 3 Bulan")
    path = write_csv(tmp_path / "x.csv", [row], header=header)
    persons = _persons_ok(validate_path(path, mapping=tmp_path / "map.toml"), n=1)
    assert persons["sex"].to_pylist() == ["f"]
    assert persons["contraceptive_method"].to_pylist() == ["injectable"]


def test_readers_are_registered_through_the_hook(tmp_path: Path) -> None:
    names = {spec.name for spec in kampungkb_register_readers()}
    assert names == {"csv", "xlsx", "parquet", "json", "ndjson"}
    assert reader_for(tmp_path / "a.CSV").__name__ == "read_csv"
    assert reader_for(tmp_path / "a.jsonl").__name__ == "read_ndjson"


def test_mapping_accepts_toml_booleans_as_codes() -> None:
    """``Ya = true`` in a mapping file means the code "true" (a data officer writes it so)."""
    mapping = load_mapping({"values": {"has_birth_certificate": {"Ya": True, "Tidak": False}}})
    assert mapping.values["has_birth_certificate"] == {"Ya": "true", "Tidak": "false"}
