"""Delimited text (CSV) reading: encoding, delimiter and header sniffing.

Row numbers are the line a record starts on, as an editor shows it: with the header on line 1
the first record is row 2; blank lines are skipped but counted, and a cell with a line break
inside makes the next record start lower (see :mod:`kampungkb.io._lines`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from kampungkb.errors import ReaderError
from kampungkb.io._lines import Without, bad_byte_line, record_lines, space_lines
from kampungkb.io._schemas import normalise_name

__all__ = ["ROW_COLUMN", "encoding_problem", "looks_like_data", "read_csv", "sniff_encoding"]

#: Reserved column a reader may add: the row number as the user sees it in the source.
ROW_COLUMN = "_kampungkb_row"

_SAMPLE = 1 << 20
_DELIMITERS = (",", ";", "\t", "|")
_DATA_LIKE = re.compile(r"^[\d\s.,/:+\-]+$")
#: 12 or more digits, maybe grouped by spaces, dots or hyphens: a NIK, KK or phone number.
_ID_LIKE = re.compile(r"^\d(?:[\s.\-]?\d){11,}$")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")
#: Python's csv module may read fields this long (its default limit is 128 KiB).
_FIELD_LIMIT = 1 << 30
#: Arrow reads in blocks of 1 MiB; a record longer than that is read again in blocks this big.
_BIG_BLOCK = 64 << 20
#: The blocks of a read without line breaks in cells: an eighth of the file (the threads each
#: get some), within these bounds. Fewer, larger chunks make every later step over the columns
#: cheaper.
_FAST_BLOCKS = (1 << 20, 16 << 20)
#: The header line may be this long (a header wider than this is refused).
_HEADER_LIMIT = 16 << 20


def _allow_long_fields() -> None:
    """Let Python's ``csv`` module read fields as long as the file's (it refuses fields over
    128 KiB by default); the limit only ever goes up, so other users of ``csv`` lose nothing."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


def encoding_problem(path: Path, line: int, byte: int, encoding: str) -> ReaderError:
    """The error for a byte that is not valid text in ``encoding``, naming the line."""
    if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig"):
        return ReaderError.of("io.not_utf8", file=path.name, line=line, byte=byte)
    return ReaderError.of("io.bad_byte", file=path.name, line=line, byte=byte, encoding=encoding)


def sniff_encoding(path: Path, sample: bytes, encoding: str | None) -> str:
    """The encoding to read ``path`` with.

    A BOM decides (UTF-8 or UTF-16). Otherwise the text must be UTF-8 unless ``encoding`` is
    given: a file that is not valid UTF-8 is a :class:`ReaderError` that names the line and
    suggests ``encoding="cp1252"`` (Excel on Windows) — encodings are never guessed silently.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReaderError.of("io.unknown_encoding", file=path.name, encoding=encoding) from None
        return encoding
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=len(sample) < _SAMPLE)
    except UnicodeDecodeError as exc:
        line = sample[: exc.start].count(b"\n") or sample[: exc.start].count(b"\r")
        raise encoding_problem(path, line + 1, sample[exc.start], "utf-8") from None
    return "utf-8"


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", 0
    for delim in _DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = counts[0] * consistent
        if score > best_score:
            best, best_score = delim, score
    return best


def looks_like_data(cells: Sequence[str], known: Collection[str] = ()) -> bool:
    """True when a would-be header row holds data: a NIK or KK-like number (12+ digits), a
    date, or mostly numbers — unless most of its cells are known column headers."""
    texts = [c.strip() for c in cells if c and c.strip()]
    if not texts:
        return False
    if known and sum(1 for t in texts if normalise_name(t) in known) * 2 >= len(texts):
        return False
    strong = any(_ID_LIKE.match(t) or _DATE_LIKE.match(t) for t in texts)
    return strong or sum(1 for t in texts if _DATA_LIKE.match(t)) * 2 >= len(texts)


def _header(
    path: Path, text: str, delimiter: str, known: Collection[str]
) -> tuple[list[str], int]:
    """The header's names (``""`` for an empty cell) and the line it is on."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    line = 1
    try:
        for row in rows:
            if any(c.strip() for c in row):
                header = row
                break
            line = rows.line_num + 1
    except csv.Error:
        raise ReaderError.of("io.csv_header_unreadable", file=path.name, line=line) from None
    if header is None:
        raise ReaderError.of("io.no_rows", file=path.name)
    names = [h.strip() for h in header]
    if looks_like_data(names, known):
        raise ReaderError.of("io.csv_header_is_data", file=path.name, row=line)
    seen: set[str] = set()
    for i, name in enumerate(names, start=1):
        if name and name in seen:
            raise ReaderError.of(
                "io.csv_header_twice", file=path.name, row=line, column=i, header=name
            )
        seen.add(name)
    if not any(names):
        raise ReaderError.of("io.csv_no_header", file=path.name, row=line)
    return names, line


def _first_bad_row(path: Path, encoding: str, delimiter: str, width: int) -> int | None:
    """Line (as an editor shows it) of the first record of the wrong width."""
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        rows = csv.reader(fh, delimiter=delimiter)
        start = 1
        try:
            for row in rows:
                if row and len(row) != width and (len(row) > 1 or row[0].strip(" \t")):
                    return start
                start = rows.line_num + 1
        except csv.Error:
            return start
    return None


def _read(
    path: Path | io.BufferedReader,
    encoding: str,
    delimiter: str,
    names: list[str],
    bad_rows: list[tuple[int | None, int, int]],
    *,
    newlines: bool,
    block: int | None = None,
) -> pa.Table:
    """Every column as text; records of the wrong width are skipped and added to
    ``bad_rows`` (number, expected and actual width). ``newlines``: cells may hold line breaks
    (slower: the file is split into blocks for the threads with quotes taken into account)."""

    def on_invalid(row: Any) -> str:
        bad_rows.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

    read = pacsv.ReadOptions(encoding=encoding, use_threads=True)
    if block is None and not newlines and isinstance(path, Path):
        # an eighth of the file a block (within bounds): fewer, larger chunks
        block = min(max(path.stat().st_size // 8, _FAST_BLOCKS[0]), _FAST_BLOCKS[1])
    if block:
        read.block_size = block
    return pacsv.read_csv(
        path,
        read_options=read,
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter, newlines_in_values=newlines, invalid_row_handler=on_invalid
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )


def _careful(  # noqa: PLR0917 - private helper of read_csv
    path: Path,
    encoding: str,
    delimiter: str,
    names: list[str],
    bad_rows: list[tuple[int | None, int, int]],
    without: list[tuple[int, int]] | None = None,
) -> pa.Table:
    """Read with quotes taken into account; with larger blocks when a record does not fit
    Arrow's default 1 MiB block (a very long cell). ``without``: byte ranges left out (the
    lines holding only spaces)."""
    for block in (None, _BIG_BLOCK):
        bad_rows.clear()
        try:
            source: Any = path if not without else io.BufferedReader(Without(path, without))
            with contextlib.closing(source) if without else contextlib.nullcontext(source):
                if block is None:
                    return _read(source, encoding, delimiter, names, bad_rows, newlines=True)
                return _read(source, encoding, delimiter, names, bad_rows, newlines=True,
                             block=block)  # fmt: skip
        except UnicodeDecodeError:
            found = bad_byte_line(path, encoding)
            line, byte = found or (1, 0)
            raise encoding_problem(path, line, byte, encoding) from None
        except pa.ArrowInvalid as exc:
            msg = str(exc)
            if "UTF8" in msg or "UTF-8" in msg:
                found = bad_byte_line(path, encoding)
                line, byte = found or (1, 0)
                raise encoding_problem(path, line, byte, encoding) from None
            if "straddl" in msg and block is None:
                continue
            if "straddl" in msg:
                raise ReaderError.of(
                    "io.csv_record_too_long", file=path.name, limit=_BIG_BLOCK >> 20
                ) from None
            raise ReaderError.of("io.csv_damaged", file=path.name) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _drop_unnamed(
    path: Path, table: pa.Table, names: list[str], lines: npt.NDArray[np.int64], header: int
) -> pa.Table:
    """Drop columns with an empty header (a trailing delimiter on every line) when they hold
    no data; a column with data but no header is an error naming its first line."""
    keep = []
    for i, name in enumerate(names):
        if name:
            keep.append(i)
            continue
        column = table.column(i)
        if column.null_count != len(column):
            first = int(pc.index(pc.is_valid(column), True).as_py())
            raise ReaderError.of(
                "io.csv_column_without_header",
                file=path.name,
                row=header,
                column=i + 1,
                first=int(lines[first]),
            )
    if len(keep) == len(names):
        return table
    return pa.Table.from_arrays(
        [table.column(i) for i in keep], names=[names[i] for i in keep]
    )


def read_csv(source: str | Path, **options: Any) -> pa.Table:
    """Read a delimited text file into text columns.

    Options: ``encoding`` (default: sniffed, UTF-8 required without a BOM), ``delimiter``
    (default: sniffed among ``, ; TAB |``), ``decimal`` (``","`` or ``"."``; default ``","``
    when the delimiter is ``;``), ``known_headers`` (normalised header names: a first row
    that holds data rather than headers is refused). Every column is read as text; types are
    converted during validation so that a bad cell becomes a reported problem, not a failed
    read. Rows are numbered by the line they start on, as an editor shows it.
    """
    path = Path(source)
    try:
        with path.open("rb") as fh:
            sample = fh.read(_SAMPLE)
            if b"\n" not in sample and b"\r" not in sample:
                sample += fh.read(_HEADER_LIMIT - _SAMPLE)
    except OSError as exc:
        raise ReaderError.of("io.cannot_open", file=path.name, reason=exc.strerror) from None
    if not sample.strip():
        raise ReaderError.of("io.file_empty", file=path.name)
    if len(sample) > _SAMPLE and b"\n" not in sample and b"\r" not in sample:
        raise ReaderError.of("io.csv_no_line_end", file=path.name, limit=_HEADER_LIMIT >> 20)
    _allow_long_fields()
    encoding = sniff_encoding(path, sample, options.get("encoding"))
    text = sample.decode(encoding, errors="replace")
    delimiter = options.get("delimiter") or _sniff_delimiter(text)
    known = frozenset(options.get("known_headers") or ())
    names, header_line = _header(path, text, delimiter, known)
    decimal = options.get("decimal") or ("," if delimiter == ";" else ".")
    bad_rows: list[tuple[int | None, int, int]] = []
    # First without line breaks inside quoted cells (parsed ~25 % faster): a quoted line break
    # that falls on a block boundary then always makes Arrow fail or report a short row (never
    # a silent misparse), and the file is read again the careful way.
    try:
        table = _read(path, encoding, delimiter, names, bad_rows, newlines=False)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        table = None
    if table is None or bad_rows:
        table = _careful(path, encoding, delimiter, names, bad_rows)
    if bad_rows and (spaces := space_lines(path, encoding)):
        # lines holding only spaces or tabs are blank lines: read again without them (their
        # line ends are kept, so the records below keep their line numbers)
        table = _careful(path, encoding, delimiter, names, bad_rows, spaces)
    if bad_rows:
        number, expected, actual = bad_rows[0]
        number = _first_bad_row(path, encoding, delimiter, expected)
        key = "io.csv_wrong_width" if number is not None else "io.csv_wrong_width_somewhere"
        raise ReaderError.of(
            key,
            file=path.name,
            row=number,
            actual=actual,
            expected=expected,
            count=len(bad_rows),
        )
    lines = record_lines(path, encoding, table.num_rows)
    table = _drop_unnamed(path, table, names, lines, header_line)
    table = table.rename_columns([n.strip() for n in table.column_names])
    table = table.append_column(ROW_COLUMN, pa.array(lines))
    meta = {b"kampungkb.decimal": decimal.encode(), b"kampungkb.format": b"csv"}
    return table.replace_schema_metadata(meta)
