"""Excel out and in (issue 13, points 2 and 3): behaviour, not timings.

The workbook is written row by row (XlsxWriter, constant memory) and never asks a worksheet for
its ``max_row`` (which scans every cell, making the report quadratic in rows); cells stay numbers
with explicit, locale-neutral number formats; the 95 % intervals of the results and the change
verdict are columns.  Workbooks are read with python-calamine, openpyxl only for a workbook
calamine refuses, with the same result.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pytest
import python_calamine
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.engine import Dataset
from kampungkb.errors import ReaderError
from kampungkb.evaluate import Evaluation, evaluate
from kampungkb.io.readers import read_excel
from kampungkb.report import region_names, render_xlsx


@pytest.fixture(scope="module")
def demo() -> tuple[Evaluation, dict[str, str]]:
    dataset = Dataset.from_tables(generate_demo())
    ev = evaluate(dataset, "cikar", baseline="2017", followup="2019")
    return ev, region_names(dataset)


def _rows(data: bytes, sheet: str) -> tuple[list[Any], list[list[Any]]]:
    ws = load_workbook(io.BytesIO(data))[sheet]
    rows = [list(r) for r in ws.iter_rows()]
    return [c.value for c in rows[0]], rows[1:]


def test_rows_are_appended_without_scanning_the_sheet(
    demo: tuple[Evaluation, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ev, names = demo
    calls = {"max_row": 0}
    original = Worksheet.max_row

    def counting(self: Worksheet) -> int:
        calls["max_row"] += 1
        return int(original.fget(self))  # type: ignore[attr-defined]

    monkeypatch.setattr(Worksheet, "max_row", property(counting))
    data = render_xlsx(ev, names=names, disclosure=None)
    assert isinstance(data, bytes)
    assert calls["max_row"] == 0
    monkeypatch.undo()
    # every scorecard row of a level is one row of its sheet, under a frozen, filtered header
    wb = load_workbook(io.BytesIO(data))
    for level, sheet in (("village", "Desa"), ("district", "Kecamatan"),
                         ("regency", "Kabupaten-Kota"), ("province", "Provinsi")):
        ws = wb[sheet]
        expected = pc.sum(pc.equal(ev.scorecard["level"], level)).as_py()
        assert ws.max_row == expected + 1
        assert ws.freeze_panes == "C2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}" \
                                     f"{expected + 1}"
    # the ranking sheet lists every region of every level (the HTML shows the top only)
    regions = sum(ev.level(level).num_rows for level in ("village", "district", "regency",
                                                          "province"))
    assert wb["Peringkat"].max_row == regions + 1


@pytest.mark.parametrize("lang", ["id", "en"])
def test_numbers_formats_intervals_and_verdict(
    demo: tuple[Evaluation, dict[str, str]], lang: str
) -> None:
    ev, names = demo
    data = render_xlsx(ev, names=names, lang=lang, disclosure=None)
    assert isinstance(data, bytes)
    sheet = "Desa" if lang == "id" else "Villages"
    header, rows = _rows(data, sheet)
    col = {h: i for i, h in enumerate(header)}
    base = "Awal 2017" if lang == "id" else "Baseline 2017"
    follow = "Akhir 2019" if lang == "id" else "Follow-up 2019"
    change = "Perubahan" if lang == "id" else "Change"
    lower = "batas bawah 95 %" if lang == "id" else "lower 95 % limit"
    upper = "batas atas 95 %" if lang == "id" else "upper 95 % limit"
    verdict = "Simpulan perubahan" if lang == "id" else "Change verdict"
    for name in (base, follow, change):
        assert f"{name}: {lower}" in col
        assert f"{name}: {upper}" in col
    seed = {r[col[header[4]]].value: r for r in rows if r[0].value == SEED_VILLAGE_CODE}
    cpr = seed["cpr"]
    # CPR 66.35 % (95 % Wilson 61.69–70.71) → 67.3 % (63.38–70.99): no significant change
    assert cpr[col[base]].value == pytest.approx(66.35)
    assert cpr[col[f"{base}: {lower}"]].value == pytest.approx(61.69)
    assert cpr[col[f"{follow}: {upper}"]].value == pytest.approx(70.99)
    assert cpr[col[follow]].number_format == '#,##0.00" %"'
    assert cpr[col[f"{follow}: {lower}"]].number_format == '#,##0.00" %"'
    assert cpr[col[change]].number_format == "+#,##0.00;-#,##0.00;0"
    assert cpr[col[f"{change}: {lower}"]].value < 0 < cpr[col[f"{change}: {upper}"]].value
    assert cpr[col[verdict]].value == ("tidak berubah" if lang == "id" else "no change")
    # child marriage 65.25 % → 2.5 %: a significant fall
    assert seed["child_marriage"][col[verdict]].value == ("turun" if lang == "id" else "fall")
    # a count: thousands grouped, whole numbers; a presence at village level: its word
    assert seed["mkjp_acceptors"][col[follow]].value == 104
    assert seed["mkjp_acceptors"][col[follow]].number_format == "#,##0"
    assert seed["mkjp_acceptors"][col[verdict]].value is None  # no verdict for counts
    word = "terbentuk" if lang == "id" else "formed"
    assert word in seed["patbm"][col[follow]].number_format
    for r in rows:  # numbers stay numbers
        for name in (base, follow, change, f"{follow}: {lower}", f"{follow}: {upper}"):
            assert r[col[name]].value is None or isinstance(r[col[name]].value, int | float)


def test_higher_levels_show_shares_of_villages_as_percentages(
    demo: tuple[Evaluation, dict[str, str]]
) -> None:
    ev, names = demo
    data = render_xlsx(ev, names=names, lang="en", disclosure=None)
    assert isinstance(data, bytes)
    header, rows = _rows(data, "Province")
    col = {h: i for i, h in enumerate(header)}
    patbm = next(r for r in rows if r[col["Indicator id"]].value == "patbm")
    assert patbm[col["Follow-up 2019"]].number_format.endswith('" %"')
    assert patbm[col["Villages evaluated"]].number_format == "#,##0"
    summary = [[c.value for c in r] for r in load_workbook(io.BytesIO(data))["Summary"].iter_rows()]
    assert any(r[0] == "Change verdict" and "Newcombe" in r[1] for r in summary)


# ------------------------------------------------------------------------- Excel in
def _workbook(path: Any, rows: list[list[Any]], merge: str | None = None) -> Any:
    wb = Workbook()
    ws = wb.active
    ws.title = "Penduduk"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def _sheet_rows() -> list[list[Any]]:
    return [
        ["Data Penduduk"], [],
        ["NIK", "Kode Desa", "Periode", "Umur", "Tinggi", "Tgl Lahir", "Waktu", "Aktif", "Campur"],
        ["  1901010101900001 ", "19.01.01.2001", 2019, 34, 150.5,
         dt.datetime(1990, 7, 5), dt.datetime(2019, 1, 2, 8, 30), True, "teks"],
        [None, "   ", None, None, None, None, None, None, None],  # blank: skipped, not counted
        ["1901010101900002", "19.01.01.2001", 2019, 1.5, 149, 32339, None, False, 7],
    ]


def test_reader_uses_calamine_not_openpyxl(tmp_path: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path / "p.xlsx", _sheet_rows())

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("openpyxl was asked to read an ordinary workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    table = read_excel(path)["Penduduk"]
    monkeypatch.undo()
    assert table.column("NIK").to_pylist() == ["1901010101900001", "1901010101900002"]
    assert table.column("Periode").type == pa.int64()  # whole numbers stay integers
    assert table.column("Umur").to_pylist() == [34, 1.5]
    assert table.column("Tgl Lahir").to_pylist() == ["1990-07-05", "32339"]  # mixed → text
    assert table.column("Waktu").to_pylist() == [dt.datetime(2019, 1, 2, 8, 30), None]
    assert table.column("Aktif").to_pylist() == [True, False]
    assert table.column("Campur").to_pylist() == ["teks", "7"]
    assert table.column("_kampungkb_row").to_pylist() == [4, 6]


def test_openpyxl_reads_what_calamine_refuses(tmp_path: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path / "p.xlsx", _sheet_rows())
    fast = read_excel(path)
    merged = _workbook(tmp_path / "m.xlsx", [["Identitas", None, "Periode"], ["a", "b", "c"]],
                       merge="A1:B1")
    with pytest.raises(ReaderError, match="merged header cells A1:B1") as fast_error:
        read_excel(merged)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise python_calamine.CalamineError("refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    slow = read_excel(path)
    assert slow["Penduduk"].equals(fast["Penduduk"])
    assert slow["Penduduk"].schema.metadata == fast["Penduduk"].schema.metadata
    with pytest.raises(ReaderError) as slow_error:
        read_excel(merged)
    assert str(slow_error.value) == str(fast_error.value)
