"""Streaming validation: files of any size, in record batches, accepted rows written to Parquet.

:func:`validate_to_folder` reads every table (a file, a folder of part files, a glob or a
hive-style layout) batch by batch, never the whole table: each batch goes through the same
engine as :func:`~kampungkb.io.validate_path` (:func:`kampungkb.io._engine.run`, every
row-local rule, pseudonyms, masking), its accepted rows are written as one Parquet part under
``<work>/<table>/`` and its typed keys (with the masked value a problem would show) under a
private folder. The checks that look at other rows — duplicate keys and references — then run
once in DuckDB over those keys (spilling to disk when they do not fit the memory limit), and
the parts holding a row they reject are rewritten without it. The report is the one
``validate_path`` gives for the same files: the same rows, rules, masked values and file / row
/ column names.

Memory is bounded by the batch size (:data:`BATCH_ROWS`), not the data: the engine holds one
batch, DuckDB's own memory is capped (:data:`MEMORY_LIMIT`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import glob
import io
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from kampungkb._regioncodes import in_region, region_code
from kampungkb.errors import DatasetError, DataValidationError, ReaderError
from kampungkb.io._catalogue import RULES
from kampungkb.io._coerce import lit, qi
from kampungkb.io._engine import run, shown_expr
from kampungkb.io._excel import SKIPPED
from kampungkb.io._mask import install_mask_macros
from kampungkb.io._prepare import (
    Source,
    check_mapping_used,
    header_lookup,
    known_headers,
    prepare,
    resolve_table,
    sheet_named,
    sheet_table,
)
from kampungkb.io._pseudonym import PseudonymKey, resolve_key
from kampungkb.io._schemas import canonical_schemas, input_columns, normalise_name
from kampungkb.io._text import ROW_COLUMN
from kampungkb.io.ingest import (
    MappingLike,
    Policy,
    _districts,
    _names_table,
    _table_named,
    reader_for,
)
from kampungkb.io.mapping import ColumnMapping, load_mapping
from kampungkb.io.report import FileSummary, ValidationReport, problems_schema, with_skipped
from kampungkb.models._schema import Column, TableSchema

if TYPE_CHECKING:
    from kampungkb.engine import Dataset

__all__ = ["BATCH_ROWS", "MEMORY_LIMIT", "StreamResult", "validate_to_folder", "work_folder"]

#: Rows validated at a time (per file): the engine's memory grows with it, not with the data.
BATCH_ROWS = 400_000
#: DuckDB's memory limit for the checks across rows (it spills to the work folder beyond).
MEMORY_LIMIT = "500MB"
#: Marks a work folder as kampungkb's (a folder holding it may be emptied and reused).
MARKER = ".kampungkb-work"
_PRIVATE = ".kampungkb-keys"
_STREAMED = {".parquet": "parquet", ".csv": "csv", ".txt": "csv", ".tsv": "csv"}
#: The part files of a table's folder (as :meth:`~kampungkb.engine.Dataset.from_folder`).
_PARTS = {".parquet": "parquet", ".csv": "csv"}


@attrs.frozen(repr=False)
class StreamResult:
    """What :func:`validate_to_folder` hands back.

    Attributes:
        folder: the work folder; every accepted table is a sub-folder of Parquet parts
            (``<folder>/persons/part-….parquet``), personal columns removed and NIK / KK
            numbers replaced by pseudonyms, as :attr:`IngestResult.tables
            <kampungkb.io.IngestResult.tables>` holds them.
        tables: the canonical tables written.
        report: the :class:`~kampungkb.io.ValidationReport` (the same as ``validate_path``'s).
        key_source: where the pseudonymisation key came from.
    """

    folder: Path
    tables: tuple[str, ...]
    report: ValidationReport
    key_source: str = "argument"

    def __repr__(self) -> str:
        return f"StreamResult(folder=<{len(self.tables)} tables>, report={self.report!r})"

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return self.report.ok

    def table_paths(self) -> dict[str, Path]:
        """``{table: folder of its Parquet parts}`` (for :meth:`Dataset.from_tables
        <kampungkb.engine.Dataset.from_tables>`)."""
        return {name: self.folder / name for name in self.tables}

    def ingest_result(self, columns: Sequence[str] = ("village_code", "period", "date")) -> Any:
        """An :class:`~kampungkb.io.IngestResult` with this report and, of every table, only
        ``columns`` (those it has) read into memory: for checks that need a few columns,
        such as :func:`kampungkb.regions.check_editions`."""
        from kampungkb.io.ingest import IngestResult  # noqa: PLC0415

        tables = {}
        for name in self.tables:
            have = pq.read_schema(next((self.folder / name).glob("*.parquet"))).names
            tables[name] = pq.read_table(self.folder / name,
                                         columns=[c for c in columns if c in have])  # fmt: skip
        return IngestResult(tables=tables, report=self.report, key_source=self.key_source)

    def dataset(self, **kwargs: Any) -> Dataset:
        """The accepted tables as a :class:`~kampungkb.engine.Dataset` scanning the parts
        lazily; keyword arguments go to :meth:`~kampungkb.engine.Dataset.from_tables`."""
        from kampungkb.engine import Dataset  # noqa: PLC0415 - the engine is heavy

        return Dataset.from_tables(self.table_paths(), **kwargs)


# ---------------------------------------------------------------------------- the work folder


def _prepare_folder(folder: Path) -> bool:
    """Make ``folder`` ready; True when it was created here. A folder that holds anything but
    an earlier run's output is refused (nothing of the user's is ever deleted)."""
    if folder.exists():
        if not folder.is_dir():
            raise ReaderError.of("io.work_folder_is_file", folder=str(folder))
        entries = list(folder.iterdir())
        if entries and not (folder / MARKER).exists():
            raise ReaderError.of("io.work_folder_not_empty", folder=str(folder))
        for p in entries:
            if p.name != MARKER:
                shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
        return False
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("kampungkb work folder: accepted rows as Parquet\n")
    return True


def _clear(folder: Path, created: bool) -> None:
    """Remove what a failed run wrote (the folder too when the run created it)."""
    if created:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for p in folder.iterdir() if folder.is_dir() else ():
        if p.name != MARKER:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


@contextlib.contextmanager
def work_folder(path: str | Path | None = None) -> Iterator[Path]:
    """A work folder for :func:`validate_to_folder`: ``path`` (kept afterwards) or a new
    temporary folder (removed on exit, also when interrupted)."""
    if path is not None:
        yield Path(path)
        return
    tmp = Path(tempfile.mkdtemp(prefix="kampungkb-work-"))
    try:
        yield tmp / "work"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------- finding the files


@attrs.frozen
class _File:
    path: Path
    label: str
    hint: str
    named: bool
    partitions: tuple[tuple[str, str], ...] = ()
    #: the reason a file of a table's folder of parts is skipped (a README, notes …)
    skip: str | None = None


def _partitions(rel: Path) -> tuple[tuple[str, str], ...]:
    out = []
    for part in rel.parent.parts:
        if "=" in part:
            key, _, value = part.partition("=")
            out.append((key, value))
    return tuple(out)


def _part_files(folder: Path, root: Path, hint: str, named: bool) -> list[_File]:
    """The files of a table's folder of parts (plain or hive-partitioned), labelled by their
    path under ``root``: ``.parquet`` or ``.csv`` parts, as
    :meth:`~kampungkb.engine.Dataset.from_folder` reads them; any other file (a README.txt,
    notes, a PDF) is skipped with a ``file_skipped`` warning. A folder mixing Parquet and CSV
    parts is refused, naming it."""
    out = []
    for f in sorted(p for p in folder.rglob("*")
                    if p.is_file() and not p.name.startswith((".", "~$"))):  # fmt: skip
        rel = f.relative_to(root)
        skip = None if f.suffix.lower() in _PARTS else "not_part"
        out.append(_File(f, f"{root.name}/{rel}", hint, named, _partitions(f.relative_to(folder)),
                         skip))  # fmt: skip
    kinds = {_PARTS[f.path.suffix.lower()] for f in out if f.skip is None}
    if len(kinds) > 1:
        where = root.name if folder == root else f"{root.name}/{folder.relative_to(root)}"
        raise ReaderError.of("engine.mixed_parts", folder=where)
    return out


def _files(path: Path, mapping: ColumnMapping, schemas: Mapping[str, TableSchema]) -> list[_File]:
    """The files to read, in the order :func:`validate_path` reads them."""
    text = str(path)
    if any(ch in text for ch in "*?[") and not path.exists():  # "Laporan [Jan].csv" is a file
        root = Path(re.split(r"[*?\[]", text, maxsplit=1)[0])
        root = root if text.endswith(str(root)) or root.is_dir() else root.parent
        matched = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not matched:
            raise ReaderError.of("io.pattern_no_match", file=path.name)
        out = []
        for f in matched:
            rel = f.relative_to(root) if f.is_relative_to(root) else Path(f.name)
            hint = next((d for d in reversed(rel.parent.parts) if _names_table(d, schemas)), f.stem)
            label = f"{root.name}/{rel}" if root.name else str(rel)
            out.append(_File(f, label, hint, _names_table(hint, schemas), _partitions(rel)))
        return out
    if not path.exists():
        raise ReaderError.of("io.file_not_found", file=path.name)
    if path.is_file():
        return [_File(path, path.name, path.stem, False)]
    entries = sorted(p for p in path.iterdir() if not p.name.startswith((".", "~$")))
    tables = [p for p in entries if p.is_dir() and _names_table(p.name, schemas)]
    if not tables and any("=" in p.name for p in entries if p.is_dir()):
        # the folder is one table's parts, hive-partitioned
        return _part_files(path, path, path.name, False)
    folders = {_table_named(p.name, schemas): p for p in tables}
    out = []
    for p in entries:
        if p.is_file():
            named = _names_table(p.stem, schemas) or p.stem in mapping.sheets
            twin = folders.get(_table_named(p.stem, schemas)) if named else None
            if twin is not None:  # persons.parquet and persons/part-0.parquet
                raise ReaderError.of("engine.table_twice", folder=path.name,
                                     table=_table_named(p.stem, schemas),
                                     first=f"{path.name}/{p.name}",
                                     second=f"{path.name}/{twin.name}/")  # fmt: skip
            out.append(_File(p, f"{path.name}/{p.name}", p.stem, named))
        elif p in tables:
            parts = _part_files(p, path, p.name, True)
            if not any(f.skip is None for f in parts):
                raise ReaderError.of("io.subfolder_no_data", folder=f"{path.name}/{p.name}")
            out.extend(parts)
    if not out:
        raise ReaderError.of("io.folder_empty", folder=path.name)
    return out


# ---------------------------------------------------------------------------- reading in batches


def _parquet_batches(path: Path, rows: int) -> Iterator[pa.Table]:
    from kampungkb.io.readers import _few_values  # noqa: PLC0415 - private helper

    try:
        with pq.ParquetFile(path) as file:
            few = _few_values(file.metadata)
        with pq.ParquetFile(path, read_dictionary=few) as file:
            schema = file.schema_arrow
            start = 0
            for batch in file.iter_batches(batch_size=rows):
                table = pa.Table.from_batches([batch])
                numbers = np.arange(start + 1, start + table.num_rows + 1, dtype=np.int64)
                start += table.num_rows
                yield table.append_column(ROW_COLUMN, pa.array(numbers))
            if start == 0:
                yield schema.empty_table().append_column(ROW_COLUMN, pa.array([], pa.int64()))
    except FileNotFoundError:
        raise ReaderError.of("io.file_not_found", file=path.name) from None
    except (pa.ArrowInvalid, OSError) as exc:
        empty = path.exists() and path.stat().st_size == 0
        key = "io.parquet_empty" if empty else "io.parquet_damaged"
        raise ReaderError.of(key, file=path.name) from exc


@attrs.frozen
class _CsvPlan:
    """How a CSV file reads (sniffed once, as :func:`~kampungkb.io.readers.read_csv` does)."""

    encoding: str
    delimiter: str
    names: list[str]
    header_line: int
    decimal: str


def _csv_plan(path: Path, options: Mapping[str, Any]) -> _CsvPlan:
    from kampungkb.io import _text as t  # noqa: PLC0415 - the reader's private helpers

    try:
        with path.open("rb") as fh:
            sample = fh.read(t._SAMPLE)
            if b"\n" not in sample and b"\r" not in sample:
                sample += fh.read(t._HEADER_LIMIT - t._SAMPLE)
    except OSError as exc:
        raise ReaderError.of("io.cannot_open", file=path.name, reason=exc.strerror) from None
    if not sample.strip():
        raise ReaderError.of("io.file_empty", file=path.name)
    if len(sample) > t._SAMPLE and b"\n" not in sample and b"\r" not in sample:
        raise ReaderError.of("io.csv_no_line_end", file=path.name, limit=t._HEADER_LIMIT >> 20)
    t._allow_long_fields()
    encoding = t.sniff_encoding(path, sample, options.get("encoding"))
    text = sample.decode(encoding, errors="replace")
    delimiter = options.get("delimiter") or t._sniff_delimiter(text)
    known = frozenset(options.get("known_headers") or ())
    names, header_line = t._header(path, text, delimiter, known)
    decimal = options.get("decimal") or ("," if delimiter == ";" else ".")
    return _CsvPlan(encoding, delimiter, names, header_line, decimal)


def _plain(path: Path) -> bool:
    """True when every line of the file is one record: no blank line, no lone CR line end, no
    line break inside quotes (then record n is on line n + 1). One chunked pass in numpy."""
    odd = False  # inside quotes at the chunk's start
    previous = 10  # the byte before the chunk (a line end: the file starts a line)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 23):
            data = np.frombuffer(chunk, np.uint8)
            lf = np.flatnonzero(data == 10)
            cr = np.flatnonzero(data == 13)
            if cr.size:
                after = data[np.minimum(cr + 1, data.size - 1)]
                if np.any((after != 10) & (cr + 1 < data.size)):
                    return False  # a CR not followed by LF (a CR at the chunk's end is let be)
            before = np.where(lf > 0, data[np.maximum(lf - 1, 0)], previous)
            two = np.where(lf > 1, data[np.maximum(lf - 2, 0)], 10)
            if np.any(before == 10) or np.any((before == 13) & (two == 10)):
                return False  # a blank line
            spaced = (before == 32) | (before == 9)
            if np.any(spaced | (((two == 32) | (two == 9)) & (before == 13))):
                return False  # a line ending in spaces: maybe one holding only spaces
            quotes = np.flatnonzero(data == 34)
            if quotes.size:
                inside = (np.searchsorted(quotes, lf) % 2 == 1) != odd
                if np.any(inside):
                    return False
                odd = odd != (quotes.size % 2 == 1)
            elif odd and lf.size:
                return False
            previous = int(data[-1])
    return not odd and previous not in (32, 9)  # a last line of spaces


def _record_numbers(
    path: Path, plan: _CsvPlan
) -> tuple[npt.NDArray[np.int64] | None, list[tuple[int, int]]]:
    """Every record's line, or None when records are on lines 2, 3, 4 …; and the byte ranges
    of the lines holding only spaces or tabs (blank lines, read without them)."""
    from kampungkb.io._lines import _ASCII_SAFE, _record_starts, space_lines  # noqa: PLC0415

    if plan.encoding.lower().replace("_", "-") not in _ASCII_SAFE or _plain(path):
        return None, []
    import mmap  # noqa: PLC0415

    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        data = np.frombuffer(mm, dtype=np.uint8)
        try:
            starts = _record_starts(data)
        finally:
            del data
    return starts[1:], space_lines(path, plan.encoding)


def _csv_batches(path: Path, rows: int, plan: _CsvPlan) -> Iterator[pa.Table]:  # noqa: PLR0912, PLR0915
    """A CSV file in batches of text columns, as :func:`~kampungkb.io.readers.read_csv` reads
    it whole (same errors and row numbers)."""
    from kampungkb.io import _text as t  # noqa: PLC0415 - the reader's private helpers
    from kampungkb.io._lines import Without, bad_byte_line  # noqa: PLC0415

    meta = {b"kampungkb.decimal": plan.decimal.encode(), b"kampungkb.format": b"csv"}
    bad_rows: list[tuple[int | None, int, int]] = []

    def on_invalid(row: Any) -> str:
        bad_rows.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

    block = t._BIG_BLOCK >> 2
    read = pacsv.ReadOptions(encoding=plan.encoding, use_threads=True, block_size=block)
    parse = pacsv.ParseOptions(delimiter=plan.delimiter, newlines_in_values=True,
                               invalid_row_handler=on_invalid)  # fmt: skip
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(plan.names, pa.string()),
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    lines, spaces = _record_numbers(path, plan)
    pending: list[pa.RecordBatch] = []
    held = done = 0
    # lines holding only spaces or tabs are blank lines: read without them (line ends kept)
    source: Any = io.BufferedReader(Without(path, spaces)) if spaces else path
    try:
        batches: Iterator[pa.RecordBatch] = iter(pacsv.open_csv(
            source, read_options=read, parse_options=parse, convert_options=convert))  # fmt: skip
        while True:
            batch = next(batches, None)
            if bad_rows:
                for _ in batches:  # count every short or long record, as the reader does
                    pass
                number, expected, actual = bad_rows[0]
                number = t._first_bad_row(path, plan.encoding, plan.delimiter, expected)
                key = "io.csv_wrong_width" if number is not None else "io.csv_wrong_width_somewhere"
                raise ReaderError.of(key, file=path.name, row=number, actual=actual,
                                     expected=expected, count=len(bad_rows))  # fmt: skip
            if batch is not None and batch.num_rows:
                pending.append(batch)
                held += batch.num_rows
            if held and (held >= rows or batch is None):
                table = pa.Table.from_batches(pending)
                pending, held = [], 0
                n = table.num_rows
                if lines is not None and len(lines) >= done + n:
                    numbers = lines[done : done + n]
                else:
                    numbers = np.arange(done + 2, done + n + 2, dtype=np.int64)
                done += n
                table = t._drop_unnamed(path, table, plan.names, numbers, plan.header_line)
                table = table.rename_columns([c.strip() for c in table.column_names])
                table = table.append_column(ROW_COLUMN, pa.array(numbers))
                yield table.replace_schema_metadata(meta)
            if batch is None:
                break
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        msg = str(exc)
        if isinstance(exc, UnicodeDecodeError) or "UTF8" in msg or "UTF-8" in msg:
            line, byte = bad_byte_line(path, plan.encoding) or (1, 0)
            raise t.encoding_problem(path, line, byte, plan.encoding) from None
        if "straddl" in msg:
            raise ReaderError.of("io.csv_record_too_long", file=path.name,
                                 limit=block >> 20) from None  # fmt: skip
        raise ReaderError.of("io.csv_damaged", file=path.name) from None
    finally:
        if spaces:
            source.close()
    if done == 0:
        empty = pa.table({c.strip(): pa.array([], pa.string()) for c in plan.names if c})
        empty = empty.append_column(ROW_COLUMN, pa.array([], pa.int64()))
        yield empty.replace_schema_metadata(meta)


def _whole_batches(table: pa.Table, rows: int) -> Iterator[pa.Table]:
    if ROW_COLUMN not in table.column_names:
        numbers = np.arange(1, table.num_rows + 1, dtype=np.int64)
        table = table.append_column(ROW_COLUMN, pa.array(numbers))
    if table.num_rows == 0:
        yield table
    for start in range(0, table.num_rows, rows):
        yield table.slice(start, rows)


@attrs.frozen
class _Raw:
    """One source (a file, or a sheet / table of a workbook or JSON file): its headers now,
    its batches when asked for."""

    label: str
    sheet: str | None
    hint: str
    headers: list[str]
    batches: Callable[[], Iterator[pa.Table]]
    #: why a workbook's sheet was left out (``sheet_hidden``, ``sheet_no_table``), see read_excel
    skip: str | None = None


def _parquet_headers(path: Path) -> list[str]:
    try:
        return list(pq.read_schema(path).names)
    except FileNotFoundError:
        raise ReaderError.of("io.file_not_found", file=path.name) from None
    except (pa.ArrowInvalid, OSError) as exc:
        empty = path.exists() and path.stat().st_size == 0
        key = "io.parquet_empty" if empty else "io.parquet_damaged"
        raise ReaderError.of(key, file=path.name) from exc


def _raws(f: _File, options: dict[str, Any], reader: str | None, rows: int) -> list[_Raw]:
    kind = _STREAMED.get(f.path.suffix.lower()) if reader is None else None
    if kind == "parquet":
        headers = _parquet_headers(f.path)
        return [_Raw(f.label, None, f.hint, headers, lambda: _parquet_batches(f.path, rows))]
    if kind == "csv":
        plan = _csv_plan(f.path, options)
        headers = [n.strip() for n in plan.names if n.strip()]
        return [_Raw(f.label, None, f.hint, headers, lambda: _csv_batches(f.path, rows, plan))]
    result = reader_for(f.path, reader)(f.path, **options)
    if isinstance(result, pa.Table):
        result = {None: result}
    if not isinstance(result, Mapping):
        raise ReaderError.of("io.reader_returned_not_table", file=f.path.name,
                             kind=type(result).__name__)  # fmt: skip
    out = []
    for name, tbl in result.items():
        if not isinstance(tbl, pa.Table):
            raise ReaderError.of("io.reader_returned", file=f.path.name, kind=type(tbl).__name__)
        meta = tbl.schema.metadata or {}
        fmt = meta.get(b"kampungkb.format", b"")
        sheet = str(name) if name is not None and fmt == b"xlsx" else None
        hint = f.hint if name is None else str(name)
        headers = [h for h in tbl.column_names if not h.startswith("_kampungkb")]
        skip = meta[SKIPPED].decode() if SKIPPED in meta else None
        out.append(
            _Raw(f.label, sheet, hint, headers, functools.partial(_whole_batches, tbl, rows), skip)
        )
    return out


def _with_partitions(table: pa.Table, f: _File, lookup: Mapping[str, str]) -> pa.Table:
    """Hive folder names (``period=2019``) as text columns, where they name a column the
    file lacks; other partition keys (``province=19``) are layout, not data."""
    have = {lookup.get(normalise_name(h)) for h in table.column_names}
    for key, value in f.partitions:
        target = lookup.get(normalise_name(key))
        if target is None or target in have:
            continue
        table = table.append_column(key, pa.array([value] * table.num_rows, pa.string()))
        have.add(target)
    return table


# ---------------------------------------------------------------------------- one batch


@attrs.frozen
class _Part:
    """Where one batch's accepted rows went."""

    path: Path | None
    start: int  # the batch's first ``__i`` in its table
    rows: int
    gone: npt.NDArray[np.int64]  # batch-local indexes of its rejected rows


def _refs(name: str, schema: TableSchema, tables: set[str]) -> dict[str, tuple[str, str]]:
    """``{column: (parent table, parent column)}`` checked for ``name`` (as the rules do)."""
    out: dict[str, tuple[str, str]] = {}
    cols = {c.name for c in input_columns(schema)}
    region = schema.region_column
    if region in cols and "villages" in tables and name != "villages":
        out[region] = ("villages", "village_code")
    for col, target in schema.parents.items():
        ptable, pcol = target.split(".", 1)
        if ptable in tables and col in cols:
            out[col] = (ptable, pcol)
    return out


class _Writer:
    """Runs the engine batch by batch and keeps what the final checks need."""

    def __init__(self, folder: Path, schemas: Mapping[str, TableSchema], *,
                 mapping: ColumnMapping, key: PseudonymKey, districts: frozenset[str] | None,
                 today: dt.date, rows: int) -> None:  # fmt: skip
        self.folder = folder
        self.rows = rows
        self.pending: list[tuple[int, Source, bool]] = []
        self.held = 0
        self.keys = folder / _PRIVATE
        self.schemas = schemas
        self.mapping = mapping
        self.key = key
        self.districts = districts
        self.today = today
        self.offsets: dict[str, int] = defaultdict(int)
        self.parts: dict[str, list[_Part]] = defaultdict(list)
        self.schema_of: dict[str, pa.Schema] = {}
        self.problems: list[pa.Table] = []
        self.summaries: list[list[int]] = []  # per source: read, rejected
        self.sources: list[tuple[str, str | None, str]] = []  # file, sheet, table
        self.refs: dict[str, dict[str, tuple[str, str]]] = {}
        self.kept: dict[str, list[str]] = defaultdict(list)  # parent table → columns kept
        self.con = duckdb.connect(":memory:")
        install_mask_macros(self.con)

    def plan(self, tables: set[str]) -> None:
        """Which columns each table's key files keep: its key, its references, and the
        columns other tables refer to."""
        for name in tables:
            self.refs[name] = _refs(name, self.schemas[name], tables)
            for ptable, pcol in self.refs[name].values():
                if pcol not in self.kept[ptable]:
                    self.kept[ptable].append(pcol)

    def source(self, label: str, sheet: str | None, table: str) -> int:
        self.sources.append((label, sheet, table))
        self.summaries.append([0, 0])
        return len(self.sources) - 1

    def batch(self, k: int, src: Source, first: bool) -> None:
        """Queue one batch of source ``k``; the engine runs when the queue holds enough rows
        (small tables share one run, as they would in memory)."""
        self.pending.append((k, src, first))
        self.held += src.data.num_rows
        if self.held >= self.rows:
            self.flush()

    def flush(self) -> None:
        """Validate the queued batches together (checks across rows deferred), write their
        accepted rows and keys."""
        if not self.pending:
            return
        group, self.pending, self.held = self.pending, [], 0
        out = run([s for _, s, _ in group], schemas=self.schemas, mapping=self.mapping,
                  key=self.key, districts=self.districts, today=self.today,
                  deferred=True)  # fmt: skip
        where = {(s.file, s.sheet, s.table): (k, first) for k, s, first in group}
        problems = out.report.problems
        if problems.num_rows:
            ids = zip(problems["file"].to_pylist(), problems["sheet"].to_pylist(),
                      problems["table"].to_pylist(), strict=True)  # fmt: skip
            found = [where[i] for i in ids]
            told = pc.invert(pc.and_(pc.is_null(problems["row"]),
                                     pa.array([not f for _, f in found])))  # fmt: skip
            problems = problems.append_column(
                "__src", pa.array([k for k, _ in found], pa.int32())
            ).filter(told)  # the file's own problems (missing or unknown columns) told once
            self.problems.append(problems)
        for (k, _, _), summary in zip(group, out.report.files, strict=True):
            self.summaries[k][0] += summary.rows_read
            self.summaries[k][1] += summary.rows_rejected
        for name in dict.fromkeys(s.table for _, s, _ in group):
            self._table(name, [(k, s) for k, s, _ in group if s.table == name], out)

    def _table(self, name: str, group: list[tuple[int, Source]], out: Any) -> None:
        start = self.offsets[name]
        n = sum(s.data.num_rows for _, s in group)
        self.offsets[name] += n
        accepted = out.accepted[name]
        self.schema_of.setdefault(name, accepted.schema)
        part: Path | None = None
        if accepted.num_rows:
            part = self.folder / name / f"part-{group[0][0]:05d}-{start:012d}.parquet"
            part.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(accepted, part)
        gone = out.gone.get(name, np.zeros(0, np.int64))
        self.parts[name].append(_Part(part, start, n, gone))
        self._keys(name, group, out.typed[name], gone, start)

    def _keys(self, name: str, group: list[tuple[int, Source]], typed: pa.Table,
              gone: npt.NDArray[np.int64], start: int) -> None:  # fmt: skip
        schema = self.schemas[name]
        n = typed.num_rows
        cols = {c.name for c in input_columns(schema)}
        key = list(schema.key) if all(c in cols for c in schema.key) else []
        refs = self.refs.get(name, {})
        keep = list(dict.fromkeys([*key, *refs, *self.kept.get(name, [])]))
        if not keep or not n:
            return
        rejected = np.zeros(n, bool)
        rejected[gone] = True
        table = typed.select(keep).append_column("__rej", pa.array(rejected))
        table = table.append_column("__i", pa.array(np.arange(start, start + n, dtype=np.int64)))
        srcs = np.concatenate([np.full(s.data.num_rows, k, np.int32) for k, s in group])
        table = table.append_column("__src", pa.array(srcs))
        rows = pa.chunked_array([c for _, s in group
                                 for c in s.data.column(ROW_COLUMN).cast(pa.int64()).chunks],
                                pa.int64())  # fmt: skip
        table = table.append_column("__row", rows)
        for col in input_columns(schema):
            if col.name in refs:
                shown, same = self._shown(col, group, typed.column(col.name))
                table = table.append_column("__show_" + col.name, shown)
                table = table.append_column("__same_" + col.name, same)
        folder = self.keys / name
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / f"part-{group[0][0]:05d}-{start:012d}.parquet")

    def _shown(self, col: Column, group: list[tuple[int, Source]],
               typed: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:  # fmt: skip
        """The value a reference problem on ``col`` would show, per row: the source cell made
        safe. Where the cell equals the typed value (nearly always) only ``same`` is set, and
        the few failing rows are masked at the end from the typed value; the others (a code
        written another way, a number pseudonymised) are masked here."""
        shown: list[pa.Array] = []
        same: list[pa.Array] = []
        at = 0
        for _, s in group:
            n = s.data.num_rows
            mine = typed.slice(at, n)
            at += n
            if col.name not in s.data.column_names:  # derived (family_id from kk_number)
                shown.append(pa.nulls(n, pa.string()))
                same.append(pa.array(np.zeros(n, bool)))
                continue
            raw = s.data.column(col.name)
            if pa.types.is_string(raw.type) and pa.types.is_string(mine.type):
                equal = pc.fill_null(pc.equal(raw, mine), False)
                differ = pc.and_(pc.is_valid(raw), pc.invert(equal))
            else:  # not text: mask every cell
                equal = pa.chunked_array([pa.array(np.zeros(n, bool))])
                differ = pc.is_valid(raw)
            flags = np.asarray(differ.to_numpy(zero_copy_only=False), bool)
            values = pa.nulls(n, pa.string())
            if flags.any():
                self.con.register("s", s.data.select([col.name]).filter(pa.array(flags)))
                masked = self.con.sql(f"SELECT {shown_expr(col, self.mapping)} FROM s s")
                fill = masked.to_arrow_table().column(0).combine_chunks().cast(pa.string())
                self.con.unregister("s")
                values = pc.replace_with_mask(values, pa.array(flags), fill)
            shown.append(values)
            same.append(pc.cast(equal, pa.bool_()).combine_chunks()
                        if isinstance(equal, pa.ChunkedArray) else equal)  # fmt: skip
        return pa.chunked_array(shown, pa.string()), pa.chunked_array(same, pa.bool_())


# ---------------------------------------------------------------------------- across batches


#: Rows per slice of the checks across batches (a grouping of this many keys fits
#: :data:`MEMORY_LIMIT`).
SLICE_ROWS = 2_000_000


def _slices(rows: int) -> int:
    return max(1, -(-rows // SLICE_ROWS))


def _buckets(con: duckdb.DuckDBPyConnection, query: str, by: str, parts: int,
             folder: Path) -> list[str | None]:
    """Write the rows of ``query`` into ``parts`` folders by ``hash(by) % parts`` (one pass)
    and return the scan of each (``None`` where no row fell): a slice then reads its own
    rows only, so the checks across batches cost one pass over the keys, not one per slice."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY (SELECT *, hash({by}) % {parts} AS __b FROM ({query})) TO "
                f"{lit(str(folder))} (FORMAT parquet, PARTITION_BY (__b))")
    scans: list[str | None] = []
    for j in range(parts):
        files = sorted((folder / f"__b={j}").glob("*.parquet"))
        scans.append(f"read_parquet([{', '.join(lit(str(f)) for f in files)}], "
                     "union_by_name = true, hive_partitioning = false)" if files else None)
    return scans


def _parts_scan(folder: Path) -> str:
    """``read_parquet`` of a work folder's parts, named one by one: a work folder whose path
    holds ``[``, ``*`` or ``?`` must not be taken for a pattern."""
    files = sorted(str(p) for p in folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        return f"read_parquet({lit(str(folder / '*.parquet'))}, union_by_name = true)"
    return f"read_parquet([{', '.join(lit(f) for f in files)}], union_by_name = true)"


def _duplicates(w: _Writer, con: duckdb.DuckDBPyConnection, name: str, key: list[str],
                scan: str) -> str:
    """The duplicate-key problems of table ``name`` (a temporary table; its name)."""
    keys = ", ".join(qi(c) for c in key)
    notnull = " AND ".join(f"{qi(c)} IS NOT NULL" for c in key)
    value = " || ', ' || ".join(f"kkb_safe(CAST({qi(c)} AS VARCHAR))" for c in key)
    # in slices of the key hash: each grouping fits DuckDB's memory limit
    parts = _slices(w.offsets[name])
    con.execute(f"CREATE OR REPLACE TEMP TABLE __dup AS SELECT {keys} FROM {scan} WHERE FALSE")
    query = f"SELECT {keys} FROM {scan} WHERE {notnull}"
    sliced = ([f"({query})"] if parts == 1
              else _buckets(con, query, keys, parts, w.keys / f"__dup_{name}"))
    for part in sliced:
        if part is not None:
            con.execute(f"INSERT INTO __dup SELECT {keys} FROM {part} "
                        "GROUP BY ALL HAVING count(*) > 1")
    out = qi("__d_" + name)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {out} AS "
        f"SELECT __i, __src, __row, {lit(name)} AS tbl, {lit(', '.join(key))} AS col, "
        f"'duplicate_key' AS rule, {value} AS value, s.file || ':' || "
        f"CAST(__fr AS VARCHAR) AS detail, __rej FROM (SELECT *, row_number() OVER w "
        f"AS __n, first_value(__src) OVER w AS __fs, first_value(__row) OVER w AS __fr "
        f"FROM {scan} SEMI JOIN __dup USING ({keys}) WINDOW w AS (PARTITION BY {keys} "
        f"ORDER BY __i)) d JOIN __sources s ON s.src = d.__fs WHERE __n > 1"
    )
    return out


def _references(w: _Writer, con: duckdb.DuckDBPyConnection, name: str, col: str, *,
                parent_of: tuple[str, str], scan: str) -> str:
    """The reference problems of ``name.col`` against its parent table's keys (a temporary
    table; its name)."""
    ptable, pcol = parent_of
    pscan = _parts_scan(w.keys / ptable)
    if not (w.keys / ptable).exists():
        pscan = "(SELECT NULL::VARCHAR AS " + qi(pcol) + " WHERE FALSE)"
    # the masked source cell, or the typed value masked where they are the same
    typed = shown_expr(w.schemas[name].column(col), w.mapping, "k")
    value = f"CASE WHEN k.{qi('__same_' + col)} THEN {typed} ELSE k.{qi('__show_' + col)} END"
    tmp = qi(f"__r_{name}_{col}")
    select = (f"SELECT __i, __src, __row, {lit(name)} AS tbl, {lit(col)} AS col, "
              f"'reference' AS rule, {value} AS value, {lit(f'{ptable}.{pcol}')} AS detail, "
              "__rej")
    needed = ", ".join(qi(c) for c in ("__i", "__src", "__row", "__rej", col, "__same_" + col,
                                          "__show_" + col))
    child = f"SELECT {needed} FROM {scan} WHERE {qi(col)} IS NOT NULL"
    parent = f"SELECT {qi(pcol)} FROM {pscan} WHERE {qi(pcol)} IS NOT NULL"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {tmp} AS {select} FROM ({child}) k WHERE FALSE")
    # an anti-join per slice of the key hash (each fits the memory limit); the slices are
    # written once, by hash, so each reads its own rows only
    parts = _slices(max(w.offsets[name], w.offsets.get(ptable, 0)))
    pairs: list[tuple[str | None, str | None]]
    if parts == 1:
        pairs = [(f"({child})", f"({parent})")]
    else:
        folder = w.keys / f"__ref_{name}_{col}"
        pairs = list(zip(_buckets(con, child, qi(col), parts, folder / "child"),
                         _buckets(con, parent, qi(pcol), parts, folder / "parent"),
                         strict=True))
    empty = f"(SELECT NULL::VARCHAR AS {qi(pcol)} WHERE FALSE)"
    for kids, known in pairs:
        if kids is not None:
            con.execute(f"INSERT INTO {tmp} {select} FROM {kids} k WHERE {qi(col)} NOT IN "
                        f"(SELECT {qi(pcol)} FROM {known or empty})")
    return tmp


def _late(w: _Writer, con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Duplicate keys and references over every batch's keys: problems as
    ``(__i, __src, __row, tbl, col, rule, value, detail, __rej)``."""
    selects: list[str] = []
    for name, schema in w.schemas.items():
        folder = w.keys / name
        if name not in w.refs or not folder.exists():
            continue
        scan = _parts_scan(folder)
        cols = {c.name for c in input_columns(schema)}
        key = list(schema.key) if all(c in cols for c in schema.key) else []
        if key:
            selects.append(f"SELECT * FROM {_duplicates(w, con, name, key, scan)}")
        for col, parent_of in w.refs[name].items():
            refs = _references(w, con, name, col, parent_of=parent_of, scan=scan)
            selects.append(f"SELECT * FROM {refs}")
    if not selects:
        return pa.table({"__i": pa.array([], pa.int64())})
    return con.sql(" UNION ALL ".join(selects)).to_arrow_table()


def _late_report(con: duckdb.DuckDBPyConnection, late: pa.Table) -> pa.Table:
    """The report rows of the late problems (as :func:`kampungkb.io._engine._report`)."""
    con.register("__late", late)
    fill = (
        "replace(replace(replace({m}, '{{column}}', COALESCE(x.col, '')), '{{value}}', "
        "COALESCE(x.value, '')), '{{detail}}', COALESCE(x.detail, ''))"
    )
    table = con.sql(
        f'SELECT s.file, s.sheet, x.tbl AS "table", CAST(x.__row AS BIGINT) AS "row", '
        f'x.col AS "column", x.value AS value, x.rule, r.severity, '
        f"{fill.format(m='r.message_id')} AS message_id, "
        f"{fill.format(m='r.message_en')} AS message_en, x.__src "
        "FROM __late x JOIN __rules r USING (rule) JOIN __sources s ON s.src = x.__src"
    ).to_arrow_table()
    con.unregister("__late")
    return table


def _rewrite(w: _Writer, name: str, late: npt.NDArray[np.int64]) -> None:
    """Rewrite the parts of ``name`` holding a row rejected across batches, without it."""
    late = np.unique(late)
    for part in w.parts[name]:
        lo, hi = np.searchsorted(late, [part.start, part.start + part.rows])
        if lo == hi or part.path is None:
            continue
        local = late[lo:hi] - part.start
        local = local[~np.isin(local, part.gone)]
        if not local.size:
            continue
        position = local - np.searchsorted(part.gone, local)
        table = pq.read_table(part.path)
        keep = np.ones(table.num_rows, bool)
        keep[position] = False
        tmp = part.path.with_suffix(".tmp")
        pq.write_table(table.filter(pa.array(keep)), tmp)
        tmp.replace(part.path)


def _finish(w: _Writer, skipped: Sequence[tuple[str, str, str]]) -> ValidationReport:
    con = w.con
    con.execute(f"SET memory_limit = {lit(MEMORY_LIMIT)}")
    con.execute(f"SET temp_directory = {lit(str(w.keys / 'spill'))}")
    # the hash slices are written with PARTITION_BY, whose per-thread buffers are not held
    # to the memory limit: flush them every 16 k rows (default 512 k: +0.2 GB nationally)
    con.execute("SET partitioned_write_flush_threshold = 16384")
    con.execute("SET preserve_insertion_order = false")
    con.register("__rules", pa.table({
        "rule": list(RULES),
        "severity": [r.severity for r in RULES.values()],
        "message_id": [r.message_id for r in RULES.values()],
        "message_en": [r.message_en for r in RULES.values()],
    }))  # fmt: skip
    con.register("__sources", pa.table({
        "src": pa.array(range(len(w.sources)), pa.int32()),
        "file": [s[0] for s in w.sources],
        "sheet": [s[1] for s in w.sources],
    }))  # fmt: skip
    late = _late(w, con)
    parts = list(w.problems)
    rejected_late: dict[int, int] = defaultdict(int)
    if late.num_rows:
        parts.append(_late_report(con, late))
        con.register("late", late)
        gone = con.sql(
            "SELECT DISTINCT l.tbl, l.__i, l.__src FROM late l JOIN __rules r USING (rule) "
            "WHERE r.severity = 'error' AND NOT l.__rej"
        ).to_arrow_table()
        con.unregister("late")
        for name in set(gone.column("tbl").to_pylist()):
            rows = gone.filter(pc.equal(gone.column("tbl"), name))
            _rewrite(w, name, rows.column("__i").to_numpy().astype(np.int64))
        for src in gone.column("__src").to_pylist():
            rejected_late[int(src)] += 1
    # empty tables still exist (with their columns)
    for name in {s[2] for s in w.sources}:
        folder = w.folder / name
        if not folder.exists() or not any(folder.iterdir()):
            folder.mkdir(parents=True, exist_ok=True)
            schema = w.schema_of.get(name)
            if schema is not None:
                pq.write_table(schema.empty_table(), folder / "part-00000-000000000000.parquet")
    if parts:
        con.register("__all", pa.concat_tables(parts, promote_options="permissive"))
        cols = ", ".join(qi(c) for c in problems_schema().names)
        problems = (
            con.sql(f'SELECT {cols} FROM __all ORDER BY __src, "row" NULLS FIRST, "column", rule')
            .to_arrow_table()
            .cast(problems_schema())
        )
        counts = dict(con.execute("SELECT __src, count(*) FROM __all GROUP BY __src").fetchall())
        con.unregister("__all")
    else:
        problems, counts = problems_schema().empty_table(), {}
    files = []
    for k, (file, sheet, table) in enumerate(w.sources):
        read, rejected = w.summaries[k]
        rejected += rejected_late.get(k, 0)
        files.append(FileSummary(file=file, sheet=sheet, table=table, rows_read=read,
                                 rows_accepted=read - rejected, rows_rejected=rejected,
                                 problems=int(counts.get(k, 0))))  # fmt: skip
    return with_skipped(ValidationReport(problems=problems, files=tuple(files)), skipped)


# ---------------------------------------------------------------------------- the entry point


def _resolvable(headers: list[str], hint: str, mapping: ColumnMapping,
                schemas: Mapping[str, TableSchema]) -> bool:  # fmt: skip
    try:
        return resolve_table(headers, explicit=None, sheet=None, name_hint=hint,
                             mapping=mapping, schemas=schemas) is not None  # fmt: skip
    except ReaderError:
        return False


def validate_to_folder(
    path: str | Path,
    folder: str | Path,
    *,
    mapping: MappingLike = None,
    policy: Policy = "quarantine",
    table: str | None = None,
    registry: object = None,
    pseudonym_key: str | bytes | None = None,
    encoding: str | None = None,
    reader: str | None = None,
    schemas: Mapping[str, TableSchema] | None = None,
    today: dt.date | None = None,
    batch_rows: int = BATCH_ROWS,
    within: str | None = None,
) -> StreamResult:
    """Validate files of any size in batches; write the accepted rows as Parquet to ``folder``.

    Like :func:`~kampungkb.io.validate_path` (same arguments, same report), but no table is
    ever held whole: a table may be one file, a folder of part files (``persons/part-0.parquet``
    …), a glob (``"data/**/persons*.csv"``) or a hive-style layout
    (``persons/period=2019/part-0.parquet``; a folder name that names a column the files lack
    becomes that column). Parquet and CSV files are read in batches of ``batch_rows`` rows;
    other formats (Excel, JSON) are read whole and validated in batches.

    Args:
        path: a file, a folder (one entry per table: a file or a folder of parts) or a glob.
        folder: the work folder, new or empty (or an earlier run's); the accepted tables are
            written there as ``<table>/part-….parquet``. It is emptied when the run fails.
        batch_rows: rows validated at a time (memory grows with it).
        within: a region code (``"19"``, ``"19.01"`` …, dotted or not): the part files under
            another region's hive folder (``persons/province=13/…``) are not read, nor
            reported; other files are read whole (keep ``within=`` for the dataset too, see
            :meth:`StreamResult.dataset`, so that it holds only the region's rows).
        mapping, policy, table, registry, pseudonym_key, encoding, reader, schemas, today: as
            :func:`~kampungkb.io.validate_path`.

    Raises:
        ReaderError: a file cannot be read, or ``folder`` holds other files.
        DataValidationError: ``policy="strict"`` and some row broke a rule.
        DatasetError: ``within`` is not a region code.
    """
    if policy not in ("strict", "quarantine"):
        raise ValueError(f"unknown policy {policy!r}; expected 'strict' or 'quarantine'")
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    maps = load_mapping(mapping)
    tables = canonical_schemas(schemas)
    target = Path(folder)
    files = _files(Path(path), maps, tables)
    if within is not None:
        code = region_code(str(within))
        if code is None:
            raise DatasetError.of("engine.bad_within", code=str(within))
        files = [f for f in files if in_region((f"{k}={v}" for k, v in f.partitions), code)]
        if not files:
            raise ReaderError.of("io.within_no_files", file=Path(path).name, code=code)
    key = resolve_key(pseudonym_key)
    created = _prepare_folder(target)
    try:
        report, names = _stream(files, target, maps, tables, key, table, registry, encoding,
                                reader, today or dt.date.today(), batch_rows)  # fmt: skip
    except BaseException:
        _clear(target, created)
        raise
    finally:
        shutil.rmtree(target / _PRIVATE, ignore_errors=True)
    if policy == "strict" and not report.ok:
        _clear(target, created)
        rules = ", ".join(f"{r} {n}" for r, n in report.summary_by_rule().items())
        raise DataValidationError.of(
            "io.validation_failed",
            report=report,
            rejected=report.rows_rejected,
            read=report.rows_read,
            rules=rules,
        )
    return StreamResult(target, names, report, key.source)


def _raise_named(exc: ReaderError, f: _File) -> NoReturn:
    """Raise ``exc`` naming a file inside a sub-folder by its path under the folder given
    (``data/persons/period=2019/part-0.parquet``), as the report names it, not by its bare
    name (a table's parts all share names such as ``part-0.parquet``)."""
    fields = dict(exc.fields or {})
    if exc.key is None or fields.get("file") != f.path.name or f.label.count("/") < 2:
        raise exc
    fields["file"] = f.label
    raise ReaderError.of(exc.key, **fields) from exc


def _stream(  # noqa: PLR0912, PLR0915, PLR0917 - private worker of validate_to_folder
    files: list[_File],
    target: Path,
    maps: ColumnMapping,
    tables: Mapping[str, TableSchema],
    key: PseudonymKey,
    table: str | None,
    registry: object,
    encoding: str | None,
    reader: str | None,
    today: dt.date,
    batch_rows: int,
) -> tuple[ValidationReport, tuple[str, ...]]:
    options: dict[str, Any] = dict(maps.read)
    if encoding:
        options["encoding"] = encoding
    if maps.sheets and "sheet" not in options:
        options["mapped_sheets"] = list(maps.sheets)
    options["skip_sheets"] = True
    options["known_headers"] = known_headers(tables, maps)
    skipped: list[tuple[str, str, str]] = []
    seen_headers: set[str] = set()
    seen_names: set[str] = set()
    # first the files' headers (which table each holds); then the batches
    opened: list[tuple[_File, _Raw, str]] = []
    folder_mode = Path(files[0].label).parent != Path()
    for f in files:
        if f.skip is not None:
            skipped.append((f.label, f.skip, f.path.suffix.lower() or "—"))
            continue
        if folder_mode and not f.named:
            try:
                reader_for(f.path, reader)
            except ReaderError:
                skipped.append((f.label, "no_reader", f.path.suffix.lower() or "—"))
                continue
        try:
            raws = _raws(f, options, reader, batch_rows)
        except ReaderError as exc:
            if f.named or not folder_mode:
                _raise_named(exc, f)
            skipped.append((f.label, "unreadable", ""))
            continue
        seen_names.update({f.hint, f.path.stem, *(r.sheet for r in raws if r.sheet)})
        # a workbook's sheets that hold no table are skipped, unless no sheet holds one
        sheet_skips: list[tuple[str, str, str]] = []
        unresolved: list[_Raw] = []
        mine: list[tuple[_File, _Raw, str]] = []
        for raw in raws:
            if raw.skip is not None and raw.sheet is not None:
                sheet_skips.append((f.label, raw.skip, raw.sheet))
                continue
            headers = raw.headers + [k for k, _ in f.partitions if k not in raw.headers]
            if raw.sheet is not None:
                found = sheet_table(headers, explicit=table, sheet=raw.sheet, file_hint=f.hint,
                                    mapping=maps, schemas=tables)  # fmt: skip
                if found is None and not sheet_named(raw.sheet, maps):
                    sheet_skips.append((f.label, "sheet_no_table", raw.sheet))
                    unresolved.append(raw)
                    continue
            elif folder_mode and not f.named and not _resolvable(headers, raw.hint, maps, tables):
                skipped.append((f.label, "no_table", ""))
                continue
            else:
                found = resolve_table(headers, explicit=table, sheet=None, name_hint=raw.hint,
                                      mapping=maps, schemas=tables)  # fmt: skip
            if found is None:
                raise ReaderError.of("io.table_unknown_sheet" if raw.sheet else "io.table_unknown",
                                     file=raw.label, sheet=raw.sheet)  # fmt: skip
            mine.append((f, raw, found))
            seen_headers.update(normalise_name(h) for h in headers)
        if sheet_skips and not mine:  # no sheet of the workbook holds a table
            if folder_mode and not f.named:
                skipped.append((f.label, "no_table", ""))
                continue
            sheet = unresolved[0].sheet if unresolved else sheet_skips[0][2]
            raise ReaderError.of("io.table_unknown_sheet", file=raws[0].label, sheet=sheet)
        skipped.extend(sheet_skips)
        opened.extend(mine)
    if not opened:
        raise ReaderError.of("io.folder_no_data", folder=files[0].label.split("/")[0])
    check_mapping_used(maps, headers=seen_headers, names=seen_names,
                       tables={name for _, _, name in opened}, schemas=tables,
                       where=files[0].label.split("/")[0])  # fmt: skip
    used = {name: tables[name] for _, _, name in opened}
    w = _Writer(target, used, mapping=maps, key=key, districts=_districts(registry),
                today=today, rows=batch_rows)  # fmt: skip
    w.plan(set(used))
    try:
        for f, raw, name in opened:
            k = w.source(raw.label, raw.sheet, name)
            lookup = header_lookup(tables[name], maps)
            first = True
            try:
                for batch in raw.batches():
                    chunk = _with_partitions(batch, f, lookup) if f.partitions else batch
                    src = prepare(chunk, file=raw.label, sheet=raw.sheet, table=name,
                                  schema=tables[name], mapping=maps)  # fmt: skip
                    w.batch(k, src, first)
                    first = False
            except ReaderError as exc:
                _raise_named(exc, f)
        w.flush()
        report = _finish(w, skipped)
    finally:
        w.con.close()
    return report, tuple(sorted(used))
