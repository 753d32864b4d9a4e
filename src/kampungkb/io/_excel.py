"""Excel workbook (.xlsx) reading: header-row detection, Excel dates, several sheets.

Cells are read with python-calamine (Rust; about 10× faster than openpyxl on a 77,000-row
sheet) into Python lists and turned into Arrow columns one column at a time.  openpyxl is used
only where calamine cannot read a workbook at all: when calamine refuses a file, the same bytes
are tried with openpyxl before the file is called damaged.  Neither library opens an encrypted
workbook; that case is recognised from the file's first bytes, before either is asked.

Row numbers are the worksheet's own row numbers (the ones Excel shows at the left), so with
the header in row 3 the first data row is row 4. Blank rows are skipped and not counted.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa

from kampungkb.errors import ReaderError
from kampungkb.io._schemas import normalise_name
from kampungkb.io._text import ROW_COLUMN, looks_like_data

__all__ = ["SKIPPED", "read_excel"]

#: Schema metadata key of the empty table :func:`read_excel` returns (with ``skip_sheets``)
#: for a sheet it left out; the value is the reason: ``sheet_hidden`` or ``sheet_no_table``.
SKIPPED = b"kampungkb.skipped"

_SCAN_ROWS = 20
#: The first bytes of an OLE2 compound file (encrypted OOXML, old .xls).
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: Stream names (UTF-16) of an encrypted OOXML package inside its OLE2 container.
_ENCRYPTED = tuple(n.encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))
#: Whole numbers up to this size are read as integers (as openpyxl and Excel's XML have them).
_EXACT = 2.0**53


@attrs.frozen
class _Sheet:
    """One worksheet's cells, whichever library read them.

    ``rows`` start at the sheet's row 1 and column A; an empty cell is ``""`` (calamine) or
    ``None`` (openpyxl).  ``merged`` holds zero-based ``((row, col), (row, col))`` ranges.
    """

    title: str
    rows: Sequence[Sequence[Any]]
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]

    @property
    def has_data(self) -> bool:
        """More than a single cell (what openpyxl's ``max_row > 1 or max_column > 1`` says)."""
        return len(self.rows) > 1 or any(len(r) > 1 for r in self.rows[:1])


def column_letter(index: int) -> str:
    """Excel's letters of the 1-based column ``index`` (1 → ``A``, 28 → ``AB``)."""
    out = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _damaged(path: Path, exc: BaseException) -> ReaderError:
    return ReaderError.of("io.xlsx_damaged", file=path.name, kind=type(exc).__name__)


def _check_container(path: Path) -> None:
    """A password-protected workbook (and an old .xls) is an OLE2/CFB file, not a zip."""
    with path.open("rb") as fh:
        if fh.read(8) != _OLE_MAGIC:
            return
        encrypted = False
        tail = b""
        while chunk := fh.read(1 << 22):
            block = tail + chunk
            if any(marker in block for marker in _ENCRYPTED):
                encrypted = True
                break
            tail = block[-64:]
    if encrypted:
        raise ReaderError.of("io.xlsx_encrypted", file=path.name)
    raise ReaderError.of("io.xlsx_ole2", file=path.name)


class _Workbook:
    """The sheets of a workbook, read on demand with calamine (or openpyxl, see the module)."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self._data = data
        self._cache: dict[str, _Sheet] = {}
        self._calamine: Any = None
        self._openpyxl: Any = None
        self.hidden: set[str] = set()
        try:
            from python_calamine import (  # noqa: PLC0415 - on demand
                CalamineWorkbook,
                SheetTypeEnum,
            )

            self._calamine = CalamineWorkbook.from_filelike(io.BytesIO(data))
            meta = self._calamine.sheets_metadata
            self.sheetnames = [m.name for m in meta]
            self.worksheets = [m.name for m in meta if m.typ == SheetTypeEnum.WorkSheet]
            self.hidden = {m.name for m in meta if str(m.visible).rsplit(".", 1)[-1] != "Visible"}
        except Exception:  # any refusal: openpyxl decides, below
            self._calamine = None
            self._fallback()

    def _fallback(self) -> None:
        """Open the same bytes with openpyxl; if it fails too, the file is damaged."""
        import openpyxl  # noqa: PLC0415 - only for a workbook calamine cannot read

        self._calamine = None
        self._cache.clear()
        try:
            self._openpyxl = openpyxl.load_workbook(io.BytesIO(self._data), data_only=True)
        except Exception as exc:
            raise _damaged(self.path, exc) from None
        self.sheetnames = list(self._openpyxl.sheetnames)
        self.worksheets = [ws.title for ws in self._openpyxl.worksheets]
        self.hidden = {ws.title for ws in self._openpyxl.worksheets if ws.sheet_state != "visible"}

    def sheet(self, name: str) -> _Sheet:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def _read(self, name: str) -> _Sheet:
        if self._calamine is not None:
            try:
                ws = self._calamine.get_sheet_by_name(name)
                rows = ws.to_python(skip_empty_area=False)
                return _Sheet(name, rows, ws.merged_cell_ranges or ())
            except Exception:  # calamine refused this sheet: try openpyxl
                self._fallback()
        ws = self._openpyxl[name]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        merged = [((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1))
                  for r in ws.merged_cells.ranges]
        return _Sheet(name, rows, merged)

    def close(self) -> None:
        if self._calamine is not None:
            self._calamine.close()
        if self._openpyxl is not None:
            self._openpyxl.close()


def _open(path: Path) -> _Workbook:
    if not path.exists():
        raise ReaderError.of("io.file_not_found", file=path.name)
    if path.stat().st_size == 0:
        raise ReaderError.of("io.file_empty", file=path.name)
    _check_container(path)
    # from memory: a workbook that fails half-way leaves no file handle open
    return _Workbook(path, path.read_bytes())


def _cell(value: Any) -> Any:
    """A cell as the reader keeps it: text stripped (blank → ``None``), whole numbers as
    ``int``, a date-time at midnight as a date."""
    cls = value.__class__
    if cls is str:
        return value.strip() or None
    if cls is float:
        return int(value) if value.is_integer() and abs(value) < _EXACT else value
    if cls is dt.datetime:
        return value.date() if value.time() == dt.time() else value
    return value


def _normalise(values: Sequence[Any]) -> list[Any]:
    """:func:`_cell` over a column, with a fast path for text-only columns."""
    if set(map(type, values)) == {str}:
        return [v.strip() or None for v in values]
    return list(map(_cell, values))


class _NoTableError(Exception):
    """A sheet without a recognisable header row (with ``skip_sheets``): left out."""


def _find_header(rows: Sequence[Sequence[Any]], known: Collection[str], header_row: int | None,
                 where: dict[str, str], *, skip: bool = False) -> int:
    if header_row is not None:
        return header_row
    best_row, best_score = 0, 0
    first_texty = 0
    scan = [[_cell(v) for v in row] for row in rows[:_SCAN_ROWS]]
    for idx, row in enumerate(scan, start=1):
        cells = [c for c in row if c is not None and str(c).strip()]
        if len(cells) < 2:
            continue
        if not first_texty and all(isinstance(c, str) for c in cells):
            first_texty = idx
        score = sum(1 for c in cells if isinstance(c, str) and normalise_name(c) in known)
        if score > best_score:
            best_row, best_score = idx, score
    if skip and not best_score:
        raise _NoTableError  # no cell of the first rows is a header any table knows: notes, lists
    found = best_row or first_texty
    if not found:
        raise ReaderError.of("io.xlsx_no_header", rows=_SCAN_ROWS, **where)
    if looks_like_data([_as_text(c) for c in scan[found - 1] if c is not None], known):
        raise ReaderError.of("io.xlsx_header_is_data", row=found, **where)
    return found


def _check_merged(sheet: _Sheet, header_row: int, where: dict[str, str]) -> None:
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 + 1 <= header_row <= r1 + 1 and c1 > c0:
            coord = f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1 + 1)}{r1 + 1}"
            raise ReaderError.of("io.xlsx_merged_header", row=header_row, cells=coord, **where)


_KINDS = {bool: "bool", int: "number", float: "number", dt.date: "date", dt.datetime: "date"}


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _column(values: list[Any]) -> pa.Array:
    kinds = {_KINDS.get(t, "text") for t in set(map(type, values)) if t is not type(None)}
    if len(kinds) <= 1:
        try:
            return pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    # mixed kinds: keep every cell's text; validation reports the cells that do not fit
    return pa.array([None if v is None else _as_text(v) for v in values], type=pa.string())


def _read_sheet(sheet: _Sheet, path: Path, known: Collection[str],
                header_row: int | None, *, skip: bool = False) -> pa.Table:
    where = {"file": path.name, "sheet": str(sheet.title)}
    hdr = _find_header(sheet.rows, known, header_row, where, skip=skip)
    _check_merged(sheet, hdr, where)
    header = [_cell(v) for v in sheet.rows[hdr - 1]] if 0 < hdr <= len(sheet.rows) else []
    body = sheet.rows[hdr:]
    width = max([len(header), *(len(r) for r in body)], default=0)
    if body and any(len(r) != width for r in body):  # openpyxl rows can differ in length
        body = [list(r) + [None] * (width - len(r)) for r in body]
    columns = [_normalise(c) for c in zip(*body, strict=True)] if body else []
    filled = np.zeros(len(body), dtype=bool)
    for values in columns:
        filled |= np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    keep = pa.array(filled)
    numbers = np.flatnonzero(filled) + hdr + 1
    names: list[str] = []
    arrays: list[pa.Array] = []
    for col in range(width):
        title = header[col] if col < len(header) else None
        values = columns[col] if col < len(columns) else [None] * len(body)
        if title is None or not str(title).strip():
            if any(v is not None for v in values):
                raise ReaderError.of(
                    "io.xlsx_column_without_header",
                    row=hdr,
                    column=column_letter(col + 1),
                    **where,
                )
            continue
        name = _as_text(title).strip()
        if name in names:
            raise ReaderError.of(
                "io.xlsx_header_twice",
                row=hdr,
                column=column_letter(col + 1),
                header=name,
                **where,
            )
        names.append(name)
        arrays.append(_column(values).filter(keep))
    if not names:
        raise ReaderError.of("io.xlsx_no_columns", **where)
    table = pa.table(dict(zip(names, arrays, strict=True)))
    table = table.append_column(ROW_COLUMN, pa.array(numbers, type=pa.int64()))
    meta = {b"kampungkb.format": b"xlsx", b"kampungkb.sheet": str(sheet.title).encode()}
    return table.replace_schema_metadata(meta)


def _skipped(name: str, reason: str) -> pa.Table:
    meta = {b"kampungkb.format": b"xlsx", b"kampungkb.sheet": name.encode(),
            SKIPPED: reason.encode()}  # fmt: skip
    return pa.table({}).replace_schema_metadata(meta)


def read_excel(source: str | Path, **options: Any) -> dict[str, pa.Table]:
    """Read the sheets of an .xlsx workbook, ``{sheet name: table}``.

    Options: ``sheet`` (one sheet name; default every sheet that has data), ``sheets`` (a
    collection of sheet names), ``header_row`` (1-based; default detected: the row among the
    first 20 whose cells best match known column headers), ``known_headers`` (normalised header
    names used for that detection). Cells keep their types (Excel dates become dates); a column
    mixing types is read as text so the odd cells are reported by validation.

    Two options serve validation: ``mapped_sheets`` (the sheet names of a mapping's
    ``[sheets]``): a workbook holding any of them is read as those sheets (hidden or not),
    any other workbook as every sheet; ``skip_sheets``: when every sheet is read, a hidden sheet
    and a sheet whose first 20 rows hold no header any table knows (instructions, a code list)
    come back as an empty table whose schema metadata :data:`SKIPPED` gives the reason
    (``sheet_hidden``, ``sheet_no_table``); a workbook with no other sheet is refused, with the
    first such sheet's error.
    """
    path = Path(source)
    wb = _open(path)
    try:
        known = frozenset(options.get("known_headers") or ())
        try:
            wanted: list[str]
            skip = False
            mapped = [str(s) for s in options.get("mapped_sheets") or ()]
            if options.get("sheet"):
                wanted = [str(options["sheet"])]
            elif options.get("sheets"):
                wanted = [str(s) for s in options["sheets"]]
            elif any(s in wb.sheetnames for s in mapped):
                wanted = [s for s in mapped if s in wb.sheetnames]
            else:
                wanted = [name for name in wb.worksheets if wb.sheet(name).has_data]
                skip = bool(options.get("skip_sheets"))
            missing = [s for s in wanted if s not in wb.sheetnames]
            if missing:
                raise ReaderError.of(
                    "io.xlsx_no_sheet",
                    file=path.name,
                    sheet=missing[0],
                    sheets=", ".join(repr(s) for s in wb.sheetnames),
                )
            if not wanted:
                raise ReaderError.of("io.xlsx_no_data", file=path.name)
            header_row = options.get("header_row")
            if not skip:
                return {name: _read_sheet(wb.sheet(name), path, known, header_row)
                        for name in wanted}  # fmt: skip
            return _read_skipping(wb, wanted, path, known, header_row)
        except ReaderError:
            raise
        except Exception as exc:
            raise _damaged(path, exc) from None
    finally:
        wb.close()


def _read_skipping(wb: _Workbook, wanted: list[str], path: Path, known: Collection[str],
                   header_row: int | None) -> dict[str, pa.Table]:  # fmt: skip
    """Every sheet of ``wanted``; hidden sheets and sheets without a table marked skipped."""
    out: dict[str, pa.Table] = {}
    first: str | None = None  # a visible sheet without a table
    for name in wanted:
        if name in wb.hidden:
            out[name] = _skipped(name, "sheet_hidden")
            continue
        try:
            out[name] = _read_sheet(wb.sheet(name), path, known, header_row, skip=True)
        except _NoTableError:
            out[name] = _skipped(name, "sheet_no_table")
            first = first or name
    if all(SKIPPED in (t.schema.metadata or {}) for t in out.values()):
        if first is not None:  # no sheet holds a table: the visible ones, as without skipping
            return {name: _read_sheet(wb.sheet(name), path, known, header_row)
                    for name in wanted if name not in wb.hidden}  # fmt: skip
        raise ReaderError.of("io.xlsx_only_hidden", file=path.name,
                             sheets=", ".join(repr(s) for s in wanted))  # fmt: skip
    return out
