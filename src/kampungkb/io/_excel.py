"""Excel workbook (.xlsx) reading: header-row detection, Excel dates, several sheets.

Row numbers are the worksheet's own row numbers (the ones Excel shows at the left), so with
the header in row 3 the first data row is row 4. Blank rows are skipped and not counted.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pyarrow as pa

from kampungkb.errors import ReaderError
from kampungkb.io._schemas import normalise_name
from kampungkb.io._text import ROW_COLUMN, looks_like_data

__all__ = ["read_excel"]

_SCAN_ROWS = 20
#: The first bytes of an OLE2 compound file (encrypted OOXML, old .xls).
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: Stream names (UTF-16) of an encrypted OOXML package inside its OLE2 container.
_ENCRYPTED = tuple(n.encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))


def _open(path: Path) -> Any:
    import openpyxl  # noqa: PLC0415 - heavy, loaded on demand
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    if not path.exists():
        raise ReaderError(f"{path.name}: file not found")
    if path.stat().st_size == 0:
        raise ReaderError(f"{path.name}: the file is empty — berkas kosong")
    _check_container(path)
    try:
        # from memory: a workbook that fails half-way leaves no file handle open
        return openpyxl.load_workbook(io.BytesIO(path.read_bytes()), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError) as exc:
        raise _damaged(path, exc) from None
    except Exception as exc:
        raise _damaged(path, exc) from None


def _damaged(path: Path, exc: BaseException) -> ReaderError:
    return ReaderError(
        f"{path.name}: not a readable .xlsx workbook — damaged or truncated "
        f"({type(exc).__name__}); open it in Excel and save it again (berkas Excel rusak)"
    )


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
        raise ReaderError(
            f"{path.name}: the workbook is password-protected (encrypted) — open it in Excel, "
            "remove the password (File › Info › Protect Workbook › Encrypt with Password: "
            "clear it) and save it as .xlsx without a password (berkas Excel dilindungi kata "
            "sandi; simpan tanpa kata sandi)"
        )
    raise ReaderError(
        f"{path.name}: not an .xlsx workbook but an OLE2 file — a password-protected "
        "(encrypted) workbook or an old Excel 97–2003 .xls: open it in Excel and save it as "
        ".xlsx without a password (simpan ulang sebagai .xlsx tanpa kata sandi)"
    )


def _find_header(ws: Any, known: Collection[str], header_row: int | None, where: str) -> int:
    if header_row is not None:
        return header_row
    best_row, best_score = 0, 0
    first_texty = 0
    for idx, row in enumerate(ws.iter_rows(max_row=_SCAN_ROWS, values_only=True), start=1):
        cells = [c for c in row if c is not None and str(c).strip()]
        if len(cells) < 2:
            continue
        if not first_texty and all(isinstance(c, str) for c in cells):
            first_texty = idx
        score = sum(1 for c in cells if isinstance(c, str) and normalise_name(c) in known)
        if score > best_score:
            best_row, best_score = idx, score
    found = best_row or first_texty
    if not found:
        raise ReaderError(
            f"{where}: no header row found in the first {_SCAN_ROWS} rows — header missing "
            "(baris judul kolom tidak ditemukan); pass header_row="
        )
    row = next(ws.iter_rows(min_row=found, max_row=found, values_only=True), ())
    if looks_like_data([_as_text(c) for c in row if c is not None], known):
        raise ReaderError(
            f"{where}, row {found}: the row taken as the header looks like data (numbers, dates "
            "or ID numbers) — header missing: add the header row or pass header_row= (baris "
            "judul kolom tidak ada)"
        )
    return found


def _check_merged(ws: Any, header_row: int, where: str) -> None:
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= header_row <= rng.max_row and rng.max_col > rng.min_col:
            raise ReaderError(
                f"{where}, row {header_row}: merged header cells {rng.coord} — give each column "
                "its own header (sel judul digabung; pisahkan)"
            )


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return "text"


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _column(values: list[Any]) -> pa.Array:
    kinds = {_kind(v) for v in values if v is not None}
    if len(kinds) <= 1:
        try:
            return pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    # mixed kinds: keep every cell's text; validation reports the cells that do not fit
    return pa.array([None if v is None else _as_text(v) for v in values], type=pa.string())


def _read_sheet(ws: Any, path: Path, known: Collection[str], header_row: int | None) -> pa.Table:
    where = f"{path.name}, sheet {ws.title!r}"
    hdr = _find_header(ws, known, header_row, where)
    _check_merged(ws, hdr, where)
    header = next(ws.iter_rows(min_row=hdr, max_row=hdr, values_only=True), ())
    data_rows: list[tuple[Any, ...]] = []
    numbers: list[int] = []
    for idx, row in enumerate(ws.iter_rows(min_row=hdr + 1, values_only=True), start=hdr + 1):
        cells = tuple(_cell(v) for v in row)
        if any(c is not None for c in cells):
            data_rows.append(cells)
            numbers.append(idx)
    width = max([len(header), *(len(r) for r in data_rows)], default=0)
    names: list[str] = []
    arrays: list[pa.Array] = []
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    for col in range(width):
        title = header[col] if col < len(header) else None
        values = [r[col] if col < len(r) else None for r in data_rows]
        if title is None or not str(title).strip():
            if any(v is not None for v in values):
                raise ReaderError(
                    f"{where}, row {hdr}, column {get_column_letter(col + 1)}: header missing "
                    "for a column that holds data (kolom tanpa judul)"
                )
            continue
        name = _as_text(title).strip()
        if name in names:
            raise ReaderError(
                f"{where}, row {hdr}, column {get_column_letter(col + 1)}: header {name!r} "
                "appears twice"
            )
        names.append(name)
        arrays.append(_column(values))
    if not names:
        raise ReaderError(f"{where}: the sheet has no columns — lembar kosong")
    table = pa.table(dict(zip(names, arrays, strict=True)))
    table = table.append_column(ROW_COLUMN, pa.array(numbers, type=pa.int64()))
    meta = {b"kampungkb.format": b"xlsx", b"kampungkb.sheet": str(ws.title).encode()}
    return table.replace_schema_metadata(meta)


def read_excel(source: str | Path, **options: Any) -> dict[str, pa.Table]:
    """Read the sheets of an .xlsx workbook, ``{sheet name: table}``.

    Options: ``sheet`` (one sheet name; default every sheet that has data), ``sheets`` (a
    collection of sheet names), ``header_row`` (1-based; default detected: the row among the
    first 20 whose cells best match known column headers), ``known_headers`` (normalised header
    names used for that detection). Cells keep their types (Excel dates become dates); a column
    mixing types is read as text so the odd cells are reported by validation.
    """
    path = Path(source)
    wb = _open(path)
    try:
        wanted: list[str]
        if options.get("sheet"):
            wanted = [str(options["sheet"])]
        elif options.get("sheets"):
            wanted = [str(s) for s in options["sheets"]]
        else:
            wanted = [ws.title for ws in wb.worksheets if ws.max_row > 1 or ws.max_column > 1]
        missing = [s for s in wanted if s not in wb.sheetnames]
        if missing:
            raise ReaderError(
                f"{path.name}: no sheet {missing[0]!r}; the workbook has "
                f"{', '.join(repr(s) for s in wb.sheetnames)} (lembar tidak ada)"
            )
        if not wanted:
            raise ReaderError(f"{path.name}: the workbook has no data — berkas kosong")
        known = frozenset(options.get("known_headers") or ())
        try:
            return {
                name: _read_sheet(wb[name], path, known, options.get("header_row"))
                for name in wanted
            }
        except ReaderError:
            raise
        except Exception as exc:
            raise _damaged(path, exc) from None
    finally:
        wb.close()
