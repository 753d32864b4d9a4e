"""Worksheet rows as XML text, written in bulk, and their place in the finished ``.xlsx``.

The level sheets and the ranking hold nearly all the workbook's cells (a province: ~12,000
rows × 17 cells; the nation: ~200,000 rows).  XlsxWriter spends several microseconds per cell
(a cell object, dimension checks, its XML written attribute by attribute); here a column's
cells are made by one list comprehension over the column — a text's XML once per distinct
text, a number's text once per distinct value — and a slice of rows joined in one go.

The XML is exactly what XlsxWriter's constant-memory mode writes for the same cells (a test
writes the same sheets cell by cell through XlsxWriter and compares the unzipped files byte
for byte):

* a row: ``<row r="7">`` (no ``spans``: XlsxWriter leaves them out in constant memory);
* a number: ``<c r="H7" s="4"><v>66.35</v></c>``, the value as ``format(x, ".16G")``;
* a text, inline: ``<c r="A7" s="9" t="inlineStr"><is><t>…</t></is></c>``, with
  ``xml:space="preserve"`` when it starts or ends with white space, ``&``, ``<``, ``>``
  escaped, control characters as ``_xHHHH_`` and a literal ``_xHHHH_`` as ``_x005F_xHHHH_``
  (Excel's own escapes), cut at 32,767 UTF-16 units;
* an empty cell that shows its format: ``<c r="W7" s="10"/>``; no format, no cell.

Two deliberate differences: XlsxWriter writes a text that begins with ``<r>`` and ends with
``</r>`` unescaped (as rich text), so such a village name would break the sheet's XML — here
every text is escaped; and the callers pass no negative zero (``-0`` is written ``0``).

:func:`splice_rows` puts the rows into the finished workbook: XlsxWriter writes those sheets
with their header row only (with widths, frozen panes and the auto-filter over the rows to
come), and the workbook's zip is copied member by member, in order, with XlsxWriter's dates,
permissions and compression, the rows streamed into their sheet before ``</sheetData>`` a
slice at a time and the sheet's ``<dimension>`` widened to them.  The copy (compression: half
the work) runs in a second thread while the next slice's XML is made; at most two slices
wait between them, so nothing holds a whole sheet's XML in memory.
"""

from __future__ import annotations

import io
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, repeat

import attrs

__all__ = [
    "RowSource",
    "TextCells",
    "cells",
    "inline_text",
    "join_rows",
    "number_cells",
    "splice_rows",
]

#: XlsxWriter's escapes of control characters (``_xHHHH_``); a literal one is escaped too.
_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
#: What a text needs escaped or marked: control characters, ``_`` (of ``_xHHHH_``), ``&<>``
#: and the two non-characters.
_SPECIAL = re.compile(r"[\x00-\x1f_&<>\ufffe\uffff]")
_LEADING_SPACE = re.compile(r"^\s")
_TRAILING_SPACE = re.compile(r"\s$")
#: Excel's longest text, in UTF-16 code units.
_MAX_UNITS = 32_767


def _utf16_cut(value: str) -> str:
    """``value`` cut to Excel's 32,767 UTF-16 units, never inside a character."""
    if (
        len(value) <= _MAX_UNITS // 2
        or len(value.encode("utf-16-le", "surrogatepass")) // 2 <= _MAX_UNITS
    ):
        return value
    units = 0
    for index, char in enumerate(value):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > _MAX_UNITS:
            return value[:index]
    return value


def inline_text(value: str, style: str) -> str:
    """The XML of a text cell after its ``r`` attribute: ``style`` (`` s="N"`` or ``""``) and
    the text, inline, escaped as XlsxWriter escapes it."""
    if (  # most texts need none of it
        len(value) <= _MAX_UNITS // 2
        and not _SPECIAL.search(value)
        and not value[:1].isspace()
        and not value[-1:].isspace()
    ):
        return f'{style} t="inlineStr"><is><t>{value}</t></is></c>'
    value = _ESCAPE_LIKE.sub(r"_x005F\1", _utf16_cut(value))
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = (
        ' xml:space="preserve"'
        if (_LEADING_SPACE.search(value) or _TRAILING_SPACE.search(value))
        else ""
    )
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'


class TextCells:
    """The text cells of a sheet: each distinct (text, style)'s XML after the cell's reference,
    made once by ``make(text, style)`` (``""``: no cell) and kept."""

    def __init__(self, make: Callable[[str | None, str], str]) -> None:
        self._make = make
        self._known: dict[str, dict[str | None, str]] = {}

    def tails(self, values: Sequence[str | None], style: str = "") -> list[str]:
        """Each value's XML after its reference, in ``style`` (`` s="N"`` or ``""``)."""
        known = self._known.setdefault(style, {})
        for value in set(values).difference(known):
            known[value] = self._make(value, style)
        return [known[value] for value in values]


def cells(column: str, rows: Sequence[str], tails: Sequence[str]) -> list[str]:
    """A column's cells from their XML after the reference (``rows``: Excel row numbers,
    as text; ``""``: no cell)."""
    return [f'<c r="{column}{r}"{t}' if t else "" for r, t in zip(rows, tails, strict=True)]


def number_cells(
    column: str,
    rows: Sequence[str],
    values: Sequence[float | None],
    styles: Sequence[str] | str = "",
    blanks: Sequence[str] | None = None,
) -> list[str]:
    """A column's number cells: ``values`` (``None``: empty) with their ``styles``
    (`` s="N"`` or ``""``; one for all or one per row); an empty cell with a style in
    ``blanks`` is still written (it shows its fill).

    Each distinct value is formatted once (``format`` is most of a cell's cost, and a column
    repeats its values: counts, percentages with two decimals), so values equal as numbers
    show one text: pass no negative zero (it would show as ``0`` or ``-0``, whichever came
    first).
    """
    if isinstance(styles, str) and blanks is None:  # the whole cell after "r" once per value
        tail = {v: f"{styles}><v>{v:.16G}</v></c>" for v in set(values) if v is not None}
        return [
            f'<c r="{column}{r}"{tail[v]}' if v is not None else ""
            for r, v in zip(rows, values, strict=True)
        ]
    shown = {v: f"{v:.16G}" for v in set(values) if v is not None}
    if isinstance(styles, str):
        styles = [styles] * len(rows)
    if blanks is None:
        return [
            f'<c r="{column}{r}"{s}><v>{shown[v]}</v></c>' if v is not None else ""
            for r, v, s in zip(rows, values, styles, strict=True)
        ]
    return [
        f'<c r="{column}{r}"{s}><v>{shown[v]}</v></c>'
        if v is not None
        else (f'<c r="{column}{r}"{b}/>' if b else "")
        for r, v, s, b in zip(rows, values, styles, blanks, strict=True)
    ]


def join_rows(rows: Sequence[str], columns: Iterable[Sequence[str]]) -> str:
    """The ``<row>`` elements of ``rows`` (Excel row numbers) with their cells, column by
    column, as one text."""
    starts = [f'<row r="{r}">' for r in rows]
    return "".join(chain.from_iterable(zip(starts, *columns, repeat("</row>"))))


@attrs.frozen
class RowSource:
    """Rows to put into a finished workbook's sheet.

    Attributes:
        member: the sheet's file in the zip (``xl/worksheets/sheet2.xml``).
        header_ref: the sheet's ``<dimension>`` as XlsxWriter wrote it (the header row only).
        ref: the dimension with the rows.
        chunks: the rows' XML, a slice at a time (called once, when the workbook is copied).
    """

    member: str
    header_ref: str
    ref: str
    chunks: Callable[[], Iterator[str]]


def splice_rows(xlsx: bytes, sources: Sequence[RowSource]) -> bytes:
    """``xlsx`` with each source's rows at the end of its sheet's data.

    The members keep their order, dates, permissions and compression, so the result is what
    XlsxWriter would have written had it written those rows.  The zip is written by a second
    thread while this one makes the rows' XML (compressing them is half the work, and zlib
    lets other threads run); at most two slices wait between the two.
    """
    by_member = {s.member: s for s in sources}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as old:
        missing = set(by_member).difference(old.namelist())
        if missing:
            raise RuntimeError(f"workbook without {sorted(missing)}")
        writer = _ZipCopy(old, by_member)
        writer.start()
        try:
            for info in old.infolist():
                source = by_member.get(info.filename)
                if source is None:
                    continue
                for chunk in source.chunks():
                    if writer.error is not None:  # no use making more
                        break
                    writer.pieces.put(chunk.encode("utf-8"))
                writer.pieces.put(None)
        finally:
            writer.pieces.put(_STOP)
            writer.join()
        if writer.error is not None:
            raise writer.error
        return writer.out.getvalue()


#: Put after the last piece (or on a failure): the zip's writer stops waiting for rows.
_STOP = b"\0stop"


class _ZipCopy(threading.Thread):
    """Copies a workbook's zip member by member, the rows of the spliced sheets taken from
    :attr:`pieces` (``bytes``; ``None`` ends a sheet's rows)."""

    def __init__(self, old: zipfile.ZipFile, sources: dict[str, RowSource]) -> None:
        super().__init__(name="kampungkb-xlsx-zip", daemon=True)
        self.old, self.sources = old, sources
        self.pieces: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self.out = io.BytesIO()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._copy()
        except _StoppedError:
            pass  # the caller raises its own error
        except BaseException as exc:  # handed to the caller's thread
            self.error = exc
            while self.pieces.get() is not _STOP:  # let the caller finish putting
                pass

    def _copy(self) -> None:
        with zipfile.ZipFile(self.out, "w", compression=zipfile.ZIP_DEFLATED) as new:
            for info in self.old.infolist():
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                data = self.old.read(info)
                source = self.sources.get(info.filename)
                if source is None:
                    new.writestr(copy, data)
                    continue
                dimension = f'<dimension ref="{source.header_ref}"/>'.encode()
                end = data.rfind(b"</sheetData>")
                if end < 0 or data.count(dimension) != 1:
                    raise RuntimeError(f"unexpected layout of {info.filename}")
                with new.open(copy, "w") as fh:
                    fh.write(
                        data[:end].replace(dimension, f'<dimension ref="{source.ref}"/>'.encode())
                    )
                    while (piece := self.pieces.get()) is not None:
                        if piece is _STOP:  # the caller failed: no workbook
                            raise _StoppedError
                        fh.write(piece)
                    fh.write(data[end:])


class _StoppedError(Exception):
    """The rows' maker stopped before the last sheet (its own error is raised)."""
