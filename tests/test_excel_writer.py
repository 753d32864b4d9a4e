"""The xlsx report's writer (XlsxWriter, constant memory): cells, texts and reproducible bytes.

Behaviour only; its speed is measured in ``benchmarks/bench_reports.py``.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import python_calamine
from openpyxl import load_workbook

import kampungkb
from kampungkb.report import render
from kampungkb.report._excel import MAX_CELL_TEXT, _Book, _Cells, _Sheet, cell_text


def _read(data: bytes, sheet: str) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(data))[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_cells_numbers_texts_and_empties() -> None:
    book = _Book(dt.date(2024, 5, 17))
    sheet = _Sheet(book, "T", ["a", "b", "c", "d", "e"], [10] * 5, "A2")
    cells = _Cells(sheet)
    fmt = book.fmt("#,##0.00")
    cells.number(0, float("inf"), fmt)  # non-finite: empty, never "inf" (Excel refuses it)
    cells.number(1, float("nan"), fmt, book.fmt(fill="#FFF4CE"))  # empty, but filled
    cells.number(2, 1234.5, fmt)
    cells.text(3, "=SUM(A1:A2)")
    cells.text(4, "x" * (MAX_CELL_TEXT + 10))
    sheet.next_row()
    sheet.append(["bad\x00\x1bname", None, 7, True, ""])
    data = book.close()
    ws = load_workbook(io.BytesIO(data))["T"]
    row = next(iter(ws.iter_rows(min_row=2, max_row=2)))
    assert row[0].value is None
    assert row[1].value is None
    assert row[1].fill.fgColor.rgb.endswith("FFF4CE")
    assert row[2].value == 1234.5
    assert row[2].number_format == "#,##0.00"
    assert row[3].value == "=SUM(A1:A2)"
    assert row[3].data_type == "s"
    assert row[3].quotePrefix
    assert len(row[4].value) == MAX_CELL_TEXT
    assert [c.value for c in ws[3]] == ["bad\ufffd\ufffdname", None, 7, True, None]
    assert ws.freeze_panes == "A2"


def test_cell_text() -> None:
    assert cell_text("a\x07b\tc\nd") == "a\ufffdb\tc\nd"  # tab and newline are kept


@pytest.fixture(scope="module")
def evaluation(kampungkb_demo_dataset: kampungkb.Dataset) -> kampungkb.Evaluation:
    return kampungkb.evaluate(kampungkb_demo_dataset, "cikar", baseline="2017", followup="2019")


def test_same_evaluation_same_bytes(evaluation: kampungkb.Evaluation) -> None:
    day = dt.date(2024, 5, 17)
    first = render(evaluation, "xlsx", run_date=day, lang="en")
    assert render(evaluation, "xlsx", run_date=day, lang="en") == first
    assert render(evaluation, "xlsx", run_date=dt.date(2024, 5, 18), lang="en") != first


def test_both_readers_agree(evaluation: kampungkb.Evaluation) -> None:
    """openpyxl and python-calamine (the project's two xlsx readers) read the same cells."""
    data = render(evaluation, "xlsx", lang="en")
    assert isinstance(data, bytes)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in book.sheet_names:
        fast = book.get_sheet_by_name(name).to_python()
        slow = _read(data, name)
        assert len(fast) == len(slow), name
        for got, want in zip(fast, slow, strict=True):
            expected = [_same(v) for v in want]
            assert [_same(v) for v in got] + [""] * (len(want) - len(got)) == expected, name


def _same(value: object) -> object:
    """A cell as both readers give it: empty as "", numbers as float."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value
