"""The xlsx report's writer (XlsxWriter, constant memory; level rows in bulk): cells, texts and
reproducible bytes.

Behaviour only; its speed is measured in ``benchmarks/bench_reports.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pyarrow as pa
import pytest
import python_calamine
from openpyxl import load_workbook

import kampungkb
from kampungkb.report import render
from kampungkb.report._excel_book import MAX_CELL_TEXT, _Book, _Sheet, cell_text
from kampungkb.report._excel_rows import _slice_columns
from kampungkb.report._sheet_xml import cells, inline_text, join_rows, number_cells


def _read(data: bytes, sheet: str) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(data))[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_cells_numbers_texts_and_empties() -> None:
    book = _Book(dt.date(2024, 5, 17))
    sheet = _Sheet(book, "T", ["a", "b", "c", "d", "e"], [10] * 5, "A2")
    sheet.append(["bad\x00\x1bname", None, 7, True, ""])  # through XlsxWriter
    fmt, fill = book.style(book.fmt("#,##0.00")), book.style(book.fmt(fill="#FFF4CE"))
    values = _slice_columns(pa.table({"x": [math.inf, math.nan, 1234.5]}), ["x", "absent"])
    assert values == {"x": [None, None, 1234.5], "absent": [None] * 3}
    quote = book.style(book.fmt(quote=True))
    texts = [cell_text(t) for t in ("=SUM(A1:A2)", "x" * (MAX_CELL_TEXT + 10))]
    rows = ["3"]  # in bulk, after the rows XlsxWriter wrote
    xml = join_rows(rows, [
        number_cells("A", rows, values["x"][:1], fmt),  # non-finite: empty, never "inf"
        number_cells("B", rows, values["x"][1:2], fmt, [fill]),  # empty, but filled
        number_cells("C", rows, values["x"][2:], fmt),
        cells("D", rows, [inline_text(texts[0], quote)]),
        cells("E", rows, [inline_text(texts[1], "")]),
    ])
    book.rows_later(sheet, 1, lambda: iter([xml]))
    data = book.close()
    ws = load_workbook(io.BytesIO(data))["T"]
    assert [c.value for c in ws[2]] == ["bad\ufffd\ufffdname", None, 7, True, None]
    row = next(iter(ws.iter_rows(min_row=3, max_row=3)))
    assert row[0].value is None
    assert row[1].value is None
    assert row[1].fill.fgColor.rgb.endswith("FFF4CE")
    assert row[2].value == 1234.5
    assert row[2].number_format == "#,##0.00"
    assert row[3].value == "=SUM(A1:A2)"
    assert row[3].data_type == "s"
    assert row[3].quotePrefix
    assert len(row[4].value) == MAX_CELL_TEXT
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 3


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
