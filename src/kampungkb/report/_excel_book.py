"""The workbook's building blocks: XlsxWriter's workbook with one shared format per style
(numbered in ``styles.xml`` when it is made), a sheet written row by row, the number formats,
the safe text of a cell, and rows written in bulk (:mod:`kampungkb.report._sheet_xml`) put into
their sheet when the workbook is closed.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from kampungkb.labels import Lang
from kampungkb.report._format import FORMULA_START, presence_word
from kampungkb.report._sheet_xml import RowSource, inline_text, splice_rows

__all__ = ["COUNT_FORMAT", "MAX_CELL_TEXT", "cell_text", "change_format", "number_format"]

_HEAD_FILL = "#DCE8EE"
_FLAG_FILL = "#FFF4CE"
#: Counts (numerators, denominators, count indicators): whole numbers, thousands grouped.
COUNT_FORMAT = "#,##0"
#: The characters XML 1.0 (and so an xlsx file) cannot hold.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
#: Excel's longest cell text.
MAX_CELL_TEXT = 32_767


def _decimals(decimals: int) -> str:
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def number_format(
    kind: str, decimals: int, level: str, lang: Lang, group: str, *, unit: str = "%"
) -> str:
    """The Excel number format of an indicator's values.

    ``#,##0.00" %"`` for a percentage with two decimals (the value stays in percent, e.g.
    ``66.35``), ``#,##0`` for a count; a presence indicator at village level shows its word
    (``terbentuk``/``formed``) for 1 and ``–`` for 0.  The separators are the viewer's.
    """
    if kind == "presence" and level == "village":
        return f'[=1]"{presence_word(group, lang)}";[=0]"–";0'
    if kind == "presence" or (kind == "ratio" and unit == "%"):
        return _decimals(decimals) + '" %"'
    if kind == "ratio":
        return _decimals(decimals)
    return COUNT_FORMAT


def change_format(kind: str, decimals: int) -> str:
    """The signed format of a change (percentage points for a ratio)."""
    body = _decimals(decimals if kind == "ratio" else 0)
    return f"+{body};-{body};0"


def cell_text(value: str) -> str:
    """``value`` without the control characters an xlsx file cannot hold (→ ``�``), cut to
    Excel's 32,767 characters."""
    return _ILLEGAL.sub("\ufffd", value)[:MAX_CELL_TEXT]


class _Book:
    """An XlsxWriter workbook in memory, with one shared format per distinct style."""

    def __init__(self, run_date: dt.date) -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.buffer,
            {
                "constant_memory": True,  # rows are flushed as written: memory does not grow
                "strings_to_formulas": False,  # belt and braces: text is written with write_string
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        created = dt.datetime(run_date.year, run_date.month, run_date.day)
        self.wb.set_properties({"created": created})
        self._formats: dict[tuple[Any, ...], Any] = {}
        self._later: list[RowSource] = []
        self._closed = False
        #: The format of a text that begins like a formula (Excel's quote prefix).
        self.quote = self.fmt(quote=True)

    def fmt(
        self,
        num: str | None = None,
        *,
        bold: bool = False,
        fill: str | None = None,
        wrap: bool = False,
        quote: bool = False,
    ) -> Any:
        """The shared format of this style (``None`` for the default one)."""
        key = (num, bold, fill, wrap, quote)
        if key == (None, False, None, False, False):
            return None
        found = self._formats.get(key)
        if found is None:
            if self._closed:  # the rows written in bulk come too late to add a format
                raise RuntimeError("a format made after the workbook was closed")
            props: dict[str, Any] = {}
            if num:
                props["num_format"] = num
            if bold:
                props["bold"] = True
            if fill:
                props.update(pattern=1, bg_color=fill)
            if wrap:
                props.update(text_wrap=True, valign="top")
            if quote:
                props["quote_prefix"] = True
            found = self._formats[key] = self.wb.add_format(props)
            # The format's number in styles.xml is fixed now, in the order formats are made
            # (XlsxWriter would number it at its first cell): the rows written in bulk name it
            # in their XML, and the numbering cannot depend on which cells come first.
            found._get_xf_index()
        return found

    @staticmethod
    def style(fmt: Any) -> str:
        """A cell's style attribute in the sheet's XML (`` s="N"``; ``""`` for none)."""
        return f' s="{fmt._get_xf_index()}"' if fmt is not None else ""

    def rows_later(self, sheet: _Sheet, rows: int, chunks: Callable[[], Iterator[str]]) -> None:
        """``rows`` rows after the rows written so far on ``sheet`` (the last of the sheet:
        nothing may be written below them), their XML from ``chunks``, called when the
        workbook is closed (:func:`._sheet_xml.splice_rows`, which checks that XlsxWriter's
        ``sheetN.xml`` — sheets are numbered in order — has the dimension expected here)."""
        if not rows:
            return
        last = xl_col_to_name(sheet.columns - 1)
        member = f"xl/worksheets/sheet{self.wb.worksheets().index(sheet.ws) + 1}.xml"
        self._later.append(
            RowSource(member, f"A1:{last}{sheet.rows}", f"A1:{last}{sheet.rows + rows}", chunks)
        )
        sheet.rows += rows

    def text_tail(self, value: str | None, style: str = "") -> str:
        """A text cell's XML after its reference (:mod:`._sheet_xml`): literal text, with the
        quote prefix instead of ``style`` when it begins like a formula; for no text, an empty
        cell when ``style`` is a fill, else no cell."""
        if value:
            safe = cell_text(value)
            return inline_text(
                safe, self.style(self.quote) if safe.startswith(FORMULA_START) else style
            )
        return f"{style}/>" if style else ""

    def close(self) -> bytes:
        self._closed = True
        self.wb.close()
        data = self.buffer.getvalue()
        return splice_rows(data, self._later) if self._later else data


_FREEZE = {"A2": (1, 0), "B2": (1, 1), "C2": (1, 2)}


class _Sheet:
    """One worksheet, written row by row; keeps its own row count."""

    def __init__(
        self,
        book: _Book,
        title: str,
        headers: Sequence[str],
        widths: Sequence[int],
        freeze: str | None,
    ) -> None:
        self.book = book
        self.ws = book.wb.add_worksheet(title[:31])
        self.rows = 0
        self.columns = len(headers)
        for i, width in enumerate(widths):
            self.ws.set_column(i, i, width)
        if freeze:
            self.ws.freeze_panes(*_FREEZE[freeze])
        if headers:
            self.append(headers, bold=True, fill=_HEAD_FILL, wrap=True)

    def put(
        self,
        col: int,
        value: object,
        num: str | None = None,
        *,
        bold: bool = False,
        fill: str | None = None,
        wrap: bool = False,
    ) -> None:
        """One cell of the current row: text stays text (never a formula), numbers stay
        numbers; ``None``, ``""`` and a non-finite number are an empty cell."""
        ws, row = self.ws, self.rows
        if isinstance(value, str):
            value = cell_text(value)
            if value:
                quote = value.startswith(FORMULA_START)
                ws.write_string(
                    row,
                    col,
                    value,
                    self.book.fmt(None, bold=bold, fill=fill, wrap=wrap, quote=quote),
                )
                return
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, self.book.fmt(num, bold=bold, fill=fill))
            return
        elif isinstance(value, int | float) and math.isfinite(value):
            ws.write_number(row, col, value, self.book.fmt(num, bold=bold, fill=fill, wrap=wrap))
            return
        if fill is not None:  # an empty cell that still shows its fill
            ws.write_blank(row, col, None, self.book.fmt(None, fill=fill))

    def next_row(self) -> None:
        self.rows += 1

    def append(self, values: Iterable[object], **style: Any) -> None:
        for col, value in enumerate(values):
            self.put(col, value, **style)
        self.rows += 1

    def filter_all(self) -> None:
        """An auto-filter over the header and every row written."""
        if self.rows and self.columns:
            self.ws.autofilter(0, 0, self.rows - 1, self.columns - 1)
