"""Workbooks with more than table sheets: instructions, code lists, hidden sheets; a mapping
used on a folder of several files.

A sheet that is hidden or holds no recognisable table is skipped with a ``sheet_skipped``
warning naming the workbook and the sheet; the workbook's table sheets are read, every row.
Only a workbook none of whose sheets holds a table is skipped (in a folder) or refused. A
mapping applies to the files where its headers and sheet names occur; an entry that applies to
no file of the input is refused.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from kampungkb.errors import ReaderError
from kampungkb.io import validate_path, validate_to_folder
from tests.test_io_readers import _xlsx
from tests.test_io_support import KEY, TODAY

Rows = list[list[Any]]
NOTES: Rows = [["Petunjuk pengisian"], ["Isi satu baris per orang"], ["Kolom bertanda * wajib"]]
CODES: Rows = [["Kode", "Keterangan"], ["L", "Laki-laki"], ["P", "Perempuan"]]


def _sheet(table: pa.Table) -> Rows:
    cols = [c for c in table.column_names if table[c].null_count < table.num_rows]
    body = [[r[c] for c in cols] for r in table.select(cols).to_pylist()]
    return [cols, *body]


@pytest.fixture(scope="module")
def demo() -> dict[str, Rows]:
    from kampungkb.demo import generate_demo  # noqa: PLC0415 - slow, once per module

    tables = generate_demo()
    persons = tables["persons"].slice(0, 40)
    families = set(persons["family_id"].to_pylist())
    fam = tables["families"].filter(
        pa.compute.is_in(tables["families"]["family_id"], pa.array(sorted(families)))
    )
    return {"persons": _sheet(persons), "families": _sheet(fam)}


def _book(path: Path, sheets: dict[str, Rows], hidden: tuple[str, ...] = ()) -> Path:
    return _xlsx(path, sheets, hidden)


def _csv(path: Path, rows: Rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(["" if v is None else v for v in r] for r in rows)


def _runs(path: Path, tmp_path: Path, **kw: Any) -> Iterator[Any]:
    """The report of validate_path and of validate_to_folder (the command line's path)."""
    kw = {"pseudonym_key": KEY, "today": TODAY, **kw}
    yield validate_path(path, **kw).report
    yield validate_to_folder(path, tmp_path / "work", **kw).report


def _skips(report: Any) -> list[tuple[str, str | None, str]]:
    return [(p["file"], p["sheet"], p["rule"]) for p in report.problems.to_pylist()
            if p["rule"] in ("file_skipped", "sheet_skipped")]  # fmt: skip


def _read(report: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in report.files:
        out[f.table] = out.get(f.table, 0) + f.rows_read
    return out


def test_instructions_sheet_is_skipped_the_table_sheets_are_read(
    demo: dict[str, Rows], tmp_path: Path
) -> None:
    sheets = {"Petunjuk": NOTES, "persons": demo["persons"], "families": demo["families"]}
    book = _book(tmp_path / "data" / "data_kampung.xlsx", sheets)
    want = {"persons": len(demo["persons"]) - 1, "families": len(demo["families"]) - 1}
    for path in (book.parent, book):  # in a folder, and the workbook given directly
        for report in _runs(path, tmp_path / path.name):
            assert _read(report) == want
            assert report.rows_accepted + report.rows_rejected == sum(want.values())
            label = "data/data_kampung.xlsx" if path.is_dir() else "data_kampung.xlsx"
            assert _skips(report) == [(label, "Petunjuk", "sheet_skipped")]
            (p,) = [p for p in report.problems.to_pylist() if p["rule"] == "sheet_skipped"]
            assert p["message_en"] == (
                "Sheet 'Petunjuk' was skipped: it holds no recognisable canonical table"
            )
            assert p["message_id"].startswith("Lembar 'Petunjuk' dilewati: ")


def test_a_workbook_without_any_table_is_skipped_in_a_folder_refused_alone(
    demo: dict[str, Rows], tmp_path: Path
) -> None:
    book = _book(tmp_path / "data" / "catatan.xlsx", {"Petunjuk": NOTES, "Kode": CODES})
    _csv(tmp_path / "data" / "persons.csv", demo["persons"])
    for report in _runs(book.parent, tmp_path / "folder"):
        assert _skips(report) == [("data/catatan.xlsx", None, "file_skipped")]
    with pytest.raises(ReaderError):
        validate_path(book, pseudonym_key=KEY, today=TODAY)
    with pytest.raises(ReaderError):
        validate_to_folder(book, tmp_path / "w", pseudonym_key=KEY, today=TODAY)


@pytest.mark.parametrize("hidden", [False, True])
def test_table_named_workbook_with_a_code_list_sheet(
    demo: dict[str, Rows], tmp_path: Path, hidden: bool
) -> None:
    sheets = {"Data Penduduk": demo["persons"], "Arsip": CODES}
    book = _book(tmp_path / "data" / "persons.xlsx", sheets, ("Arsip",) if hidden else ())
    for report in _runs(book.parent, tmp_path / "folder"):
        assert _read(report) == {"persons": len(demo["persons"]) - 1}
        assert _skips(report) == [("data/persons.xlsx", "Arsip", "sheet_skipped")]
        (p,) = [p for p in report.problems.to_pylist() if p["rule"] == "sheet_skipped"]
        assert ("hidden" in p["message_en"]) is hidden


def test_hidden_copy_is_skipped_unless_the_mapping_names_it(
    demo: dict[str, Rows], tmp_path: Path
) -> None:
    copy = demo["persons"][:6]
    sheets = {"Data Penduduk": demo["persons"], "Arsip": copy}
    book = _book(tmp_path / "data" / "persons.xlsx", sheets, ("Arsip",))
    n = len(demo["persons"]) - 1
    for report in _runs(book.parent, tmp_path / "plain"):
        assert _read(report) == {"persons": n}
        assert report.ok
    mapping = {"sheets": {"Data Penduduk": "persons", "Arsip": "persons"}}
    for report in _runs(book.parent, tmp_path / "mapped", mapping=mapping):
        assert _read(report) == {"persons": n + 5}
        assert not _skips(report)
        assert report.summary_by_rule() == {"duplicate_key": 5}


def test_one_mapping_for_a_folder_applies_where_its_names_occur(
    demo: dict[str, Rows], tmp_path: Path
) -> None:
    fam = [list(r) for r in demo["families"]]
    fam[0] = ["Air Minum Layak" if h == "safe_drinking_water" else h for h in fam[0]]
    _book(tmp_path / "data" / "persons.xlsx", {"Data Penduduk": demo["persons"]})
    _book(tmp_path / "data" / "families.xlsx", {"Keluarga": fam})
    mapping = {
        "columns": {"Air Minum Layak": "safe_drinking_water"},
        "sheets": {"Data Penduduk": "persons"},
    }
    want = {"persons": len(demo["persons"]) - 1, "families": len(demo["families"]) - 1}
    for report in _runs(tmp_path / "data", tmp_path / "ok", mapping=mapping):
        assert _read(report) == want
        assert report.ok, report.to_text("en")


@pytest.mark.parametrize(
    ("mapping", "key"),
    [
        ({"columns": {"Air Minum Layk": "safe_drinking_watr"}}, "io.mapping_column_nowhere"),
        ({"sheets": {"Data Pendudk": "persons"}}, "io.mapping_sheet_nowhere"),
    ],
)
def test_a_mapping_entry_matching_no_file_is_refused(
    demo: dict[str, Rows], tmp_path: Path, mapping: dict[str, Any], key: str
) -> None:
    _book(tmp_path / "data" / "persons.xlsx", {"Data Penduduk": demo["persons"]})
    _csv(tmp_path / "data" / "families.csv", demo["families"])
    kw: dict[str, Any] = {"pseudonym_key": KEY, "today": TODAY, "mapping": mapping}
    for run in (lambda: validate_path(tmp_path / "data", **kw),
                lambda: validate_to_folder(tmp_path / "data", tmp_path / "w", **kw)):  # fmt: skip
        with pytest.raises(ReaderError) as info:
            run()
        assert info.value.key == key
        assert info.value.message("id") != str(info.value)
