"""The built-in readers and the in-memory converters (DataFrames, Arrow, pydantic records).

Every reader has the plugin signature ``read(source, **options)`` and returns a
``pyarrow.Table`` or ``{name: pyarrow.Table}`` (sheet or canonical table name). A reader may add
the column ``_kampungkb_row`` with the row number the user sees; without it rows are numbered
from 1. Row-number rules:

* CSV: header = row 1, first data record = row 2.
* Excel: the worksheet's own row numbers.
* NDJSON: the line number (first line = 1).
* JSON (array of objects): the object's position, first = 1.
* Parquet, Arrow, pandas/Polars DataFrames, lists of records: the position, first row = 1.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kampungkb.errors import ReaderError
from kampungkb.io._excel import read_excel
from kampungkb.io._mask import mask_ids
from kampungkb.io._text import ROW_COLUMN, read_csv

__all__ = [
    "ROW_COLUMN",
    "from_object",
    "read_csv",
    "read_excel",
    "read_json",
    "read_ndjson",
    "read_parquet",
]


#: Text columns stored with at most this many bytes per value (dictionary page included) are
#: read dictionary-encoded: few distinct values.
_DICT_BYTES = 2.5


def _few_values(meta: pq.FileMetaData) -> list[str]:
    """Text columns the file stores dictionary-encoded with few distinct values (by size)."""
    names = []
    schema = meta.schema.to_arrow_schema()
    for i in range(meta.num_columns):
        field = schema.field(i) if i < len(schema) else None
        if field is None or not pa.types.is_string(field.type) or not meta.num_rows:
            continue
        chunks = [meta.row_group(g).column(i) for g in range(meta.num_row_groups)]
        if chunks and all(
            c.has_dictionary_page and c.num_values and c.path_in_schema == field.name
            and c.total_uncompressed_size <= _DICT_BYTES * c.num_values
            for c in chunks
        ):  # fmt: skip
            names.append(field.name)
    return names


def read_parquet(source: str | Path, **options: Any) -> pa.Table:
    """Read a Parquet file (types kept). Rows are numbered by position, first = 1.

    Text columns with few distinct values (codes, village codes, periods) come
    dictionary-encoded, as the file stores them: validation then checks each distinct value
    once (and returns them decoded).
    """
    del options
    path = Path(source)
    try:
        # ParquetFile, not read_table: no pyarrow.dataset import (~0.25 s) for one file
        with pq.ParquetFile(path) as file:
            few = _few_values(file.metadata)
        with pq.ParquetFile(path, read_dictionary=few) as file:
            return file.read()
    except FileNotFoundError:
        raise ReaderError.of("io.file_not_found", file=path.name) from None
    except (pa.ArrowInvalid, OSError) as exc:
        empty = path.exists() and path.stat().st_size == 0
        key = "io.parquet_empty" if empty else "io.parquet_damaged"
        raise ReaderError.of(key, file=path.name) from exc


_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "bool"),
    ((int, float, Decimal, dt.time), "number"),
    (str, "text"),
    (dt.date, "date"),
    (list, "list"),
)


def _scalar_kind(value: Any) -> str:
    if value is None:
        return "null"
    for types, kind in _KINDS:
        if isinstance(value, types):
            return kind
    return "object"


#: The message keys of a column mixing types, by what a row is: a JSON array's object, an
#: NDJSON line or a record passed in memory.
_MIXED = {
    "object": ("io.json_mixed_types", "io.list_mixed_types"),
    "line": ("io.ndjson_mixed_types", "io.list_mixed_types"),
    "record": ("io.records_mixed_types", "io.records_list_mixed_types"),
}


def _columns_from_rows(
    rows: Sequence[Mapping[str, Any]], numbers: Sequence[int], where: str, unit: str
) -> pa.Table:
    mixed_key, list_key = _MIXED[unit]
    names: list[str] = []
    for row in rows:
        for key in row:
            if key not in names:
                names.append(key)
    arrays: dict[str, pa.Array] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        kinds = {_scalar_kind(v) for v in values} - {"null"}
        if "object" in kinds or ("list" in kinds and len(kinds) > 1):
            odd = "object" if "object" in kinds else "list"
            pos = next(i for i, v in enumerate(values) if _scalar_kind(v) == odd)
            raise ReaderError.of(
                mixed_key,
                where=where,
                number=numbers[pos],
                column=mask_ids(name),
                shape="{…}" if odd == "object" else "[…]",
            )
        if len(kinds) > 1:
            values = [
                None if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                for v in values
            ]
        try:
            arrays[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, RecursionError):
            if "list" in kinds:
                raise ReaderError.of(list_key, where=where, column=mask_ids(name)) from None
            # numbers too large for 64 bits: kept as text, validation reports them
            arrays[name] = pa.array([None if v is None else str(v) for v in values], pa.string())
    table = pa.table(arrays) if arrays else pa.table({})
    return table.append_column(ROW_COLUMN, pa.array(numbers, type=pa.int64()))


def read_json(source: str | Path, **options: Any) -> pa.Table | dict[str, pa.Table]:
    """Read a JSON array of objects, or ``{"table name": [objects …]}`` for several tables."""
    del options
    path = Path(source)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReaderError.of("io.file_not_found", file=path.name) from None
    except OSError as exc:
        raise ReaderError.of("io.cannot_open", file=path.name, reason=exc.strerror) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReaderError.of(
            "io.json_not_utf8", file=path.name, line=line, byte=raw[exc.start]
        ) from None
    if not text.strip():
        raise ReaderError.of("io.file_empty", file=path.name)
    data = _loads(text, path.name)
    if isinstance(data, list):
        return _rows_table(data, path.name)
    if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
        return {str(k): _rows_table(v, f"{path.name}, {k!r}") for k, v in data.items()}
    raise ReaderError.of("io.json_shape", file=path.name)


def _too_deep(where: str, line: int | None = None) -> ReaderError:
    if line is None:
        return ReaderError.of("io.json_too_deep", where=where)
    return ReaderError.of("io.json_too_deep_line", file=where, line=line)


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReaderError.of(
            "io.json_invalid", where=where, line=exc.lineno, column=exc.colno, reason=exc.msg
        ) from None
    except RecursionError:
        raise _too_deep(where) from None


def _rows_table(data: list[Any], where: str) -> pa.Table:
    for i, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise ReaderError.of("io.json_not_object", where=where, number=i)
    return _columns_from_rows(data, range(1, len(data) + 1), where, "object")


def read_ndjson(source: str | Path, **options: Any) -> pa.Table:
    """Read newline-delimited JSON (one object per line); rows are numbered by line."""
    del options
    path = Path(source)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReaderError.of("io.file_not_found", file=path.name) from None
    if not raw.strip():
        raise ReaderError.of("io.file_empty", file=path.name)
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ReaderError.of("io.ndjson_invalid", file=path.name, line=lineno) from None
        except RecursionError:
            raise _too_deep(path.name, lineno) from None
        if not isinstance(obj, dict):
            raise ReaderError.of("io.ndjson_not_object", file=path.name, line=lineno)
        rows.append(obj)
        numbers.append(lineno)
    return _columns_from_rows(rows, numbers, path.name, "line")


def _records_table(records: Sequence[Any]) -> pa.Table:
    dumped: list[dict[str, Any]] = []
    for rec in records:
        if hasattr(rec, "model_dump"):
            dumped.append(rec.model_dump(mode="python"))
        elif isinstance(rec, Mapping):
            dumped.append(dict(rec))
        else:
            raise ReaderError.of("io.records_type", kind=type(rec).__name__)
    for row in dumped:
        for key, value in row.items():
            if hasattr(value, "reveal"):
                row[key] = value.reveal()  # identity numbers: pseudonymised at ingest
            elif isinstance(value, str) and type(value) is not str:
                row[key] = str.__str__(value)  # enums and identity numbers → plain codes
            elif isinstance(value, dt.datetime):
                row[key] = value.date()
    return _columns_from_rows(dumped, range(1, len(dumped) + 1), "records", "record")


def from_object(data: Any) -> pa.Table:
    """An Arrow table from a pandas/Polars DataFrame, an Arrow table or a list of records.

    pandas and Polars are optional: they are only touched when such an object is passed.
    """
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    module = type(data).__module__
    if module.startswith("polars"):
        return pa.table(data.to_arrow())
    if module.startswith("pandas"):
        return pa.Table.from_pandas(data, preserve_index=False)
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        return _records_table(data)
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise ReaderError.of("io.object_type", kind=type(data).__name__)
