"""From a reader's raw table to a :class:`Source`: which table, which header is which column."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.errors import ReaderError
from kampungkb.io._schemas import TABLE_SYNONYMS, input_columns, normalise_name
from kampungkb.io._text import ROW_COLUMN
from kampungkb.io.mapping import HEADER_SYNONYMS, ColumnMapping
from kampungkb.models._schema import TableSchema

__all__ = [
    "Encoded",
    "Source",
    "check_mapping_used",
    "header_lookup",
    "known_headers",
    "prepare",
    "sheet_named",
    "sheet_table",
]

#: Rows sampled (from the start) to guess whether a text column has few distinct values.
_SAMPLE = 20_000
#: A text column with at most one distinct value per this many rows is dictionary-encoded.
_RATIO = 20


@attrs.frozen
class Encoded:
    """A text column dictionary-encoded (as the source gave it, or by :func:`encode_few`): its
    distinct values (the dictionary, no nulls) and each row's index into them (null where the
    value is null)."""

    dictionary: pa.Array
    indices: pa.ChunkedArray


@attrs.frozen(repr=False)
class Source:
    """One source (file, sheet or in-memory object) mapped onto a canonical table.

    Attributes:
        file: file name or label, sheet: sheet name for workbooks.
        table: canonical table name.
        data: the source's columns renamed to canonical names, plus ``_kampungkb_row``.
        decimal: decimal separator for numbers held as text.
        date_format: extra ``strptime`` format for dates held as text.
        unknown: source headers that map to no column.
        missing: required columns the source lacks.
        encoded: text columns the source gave dictionary-encoded (``data`` holds them decoded)
            or with few distinct values (see :func:`encode_few`): checked once per value.
    """

    file: str
    sheet: str | None
    table: str
    data: pa.Table
    decimal: str = "."
    date_format: str | None = None
    unknown: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    encoded: Mapping[str, Encoded] = attrs.field(factory=dict)

    def __repr__(self) -> str:
        return (
            f"Source(file={self.file!r}, sheet={self.sheet!r}, table={self.table!r}, "
            f"rows={self.data.num_rows})"
        )


def header_lookup(schema: TableSchema, mapping: ColumnMapping) -> dict[str, str]:
    """``{normalised header: canonical column}`` for ``schema``: the mapping's headers win, then
    column names, then Indonesian and English labels, then common export headers."""
    cols = input_columns(schema)
    names = {c.name for c in cols}
    out = {norm: target for norm, target in HEADER_SYNONYMS.items() if target in names}
    for c in cols:
        for label in (c.label_en, c.label_id):
            if label:
                out[normalise_name(label)] = c.name
    for c in cols:
        out[normalise_name(c.name)] = c.name
    out.update(mapping.header_lookup())
    return out


def known_headers(schemas: Mapping[str, TableSchema], mapping: ColumnMapping) -> frozenset[str]:
    """Every normalised header some table would recognise (for Excel header-row detection)."""
    known: set[str] = set()
    for schema in schemas.values():
        known |= set(header_lookup(schema, mapping))
    return frozenset(known)


def _table_by_name(name: str | None, schemas: Mapping[str, TableSchema]) -> str | None:
    if not name:
        return None
    norm = normalise_name(name)
    if norm in schemas:
        return norm
    found = TABLE_SYNONYMS.get(norm)
    return found if found in schemas else None


def _table_by_columns(
    headers: list[str], schemas: Mapping[str, TableSchema], mapping: ColumnMapping
) -> str | None:
    scores: dict[str, int] = {}
    norms = [normalise_name(h) for h in headers]
    for name, schema in schemas.items():
        lookup = header_lookup(schema, mapping)
        required = {c.name for c in schema.columns if c.required}
        hits = {lookup[n] for n in norms if n in lookup}
        scores[name] = len(hits) + len(hits & required)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def resolve_table(
    headers: list[str],
    *,
    explicit: str | None,
    sheet: str | None,
    name_hint: str | None,
    mapping: ColumnMapping,
    schemas: Mapping[str, TableSchema],
) -> str | None:
    """The canonical table a source holds, or None when it cannot be told."""
    for candidate in (explicit, mapping.sheets.get(sheet or ""), mapping.table):
        if candidate:
            if candidate not in schemas:
                raise ReaderError.of("io.unknown_table", table=candidate, tables=", ".join(schemas))
            return candidate
    return (
        _table_by_name(sheet, schemas)
        or _table_by_name(name_hint, schemas)
        or (_table_by_columns(headers, schemas, mapping))
    )


def sheet_table(
    headers: list[str],
    *,
    explicit: str | None,
    sheet: str,
    file_hint: str | None,
    mapping: ColumnMapping,
    schemas: Mapping[str, TableSchema],
) -> str | None:
    """The canonical table a workbook's sheet holds, or None: as :func:`resolve_table` by the
    sheet's name and headers; else the table the workbook is named after (``persons.xlsx``)
    when some header of the sheet is one of that table's."""
    found = resolve_table(headers, explicit=explicit, sheet=sheet, name_hint=sheet,
                          mapping=mapping, schemas=schemas)  # fmt: skip
    if found is not None:
        return found
    by_file = _table_by_name(file_hint, schemas)
    if by_file is None:
        return None
    lookup = header_lookup(schemas[by_file], mapping)
    return by_file if any(normalise_name(h) in lookup for h in headers) else None


def sheet_named(sheet: str, mapping: ColumnMapping) -> bool:
    """Whether the mapping names ``sheet`` (``[read] sheet`` or ``[sheets]``): such a sheet is
    read whatever it holds, never skipped."""
    return sheet in mapping.sheets or mapping.read.get("sheet") == sheet


def check_mapping_used(
    mapping: ColumnMapping,
    *,
    headers: set[str],
    names: set[str],
    tables: set[str],
    schemas: Mapping[str, TableSchema],
    where: str,
) -> None:
    """Refuse mapping entries that apply to no source of the input: a ``[columns]`` entry whose
    header no source has and whose column no table read has (a typo), a ``[sheets]`` name that
    is neither a sheet nor a file name of the input. ``headers`` are the sources' normalised
    headers, ``names`` their sheet names and file stems, ``tables`` the tables read."""
    for header, wanted in mapping.columns.items():
        if normalise_name(header) in headers:
            continue  # checked against that source's table by prepare()
        if any(wanted in {c.name for c in input_columns(schemas[t])} for t in tables):
            continue
        if len(tables) == 1:
            raise ReaderError.of("io.mapping_unknown_column", header=header, column=wanted,
                                 table=next(iter(tables)))  # fmt: skip
        raise ReaderError.of("io.mapping_column_nowhere", header=header, column=wanted,
                             tables=", ".join(sorted(tables)))  # fmt: skip
    for sheet in mapping.sheets:
        if sheet not in names:
            raise ReaderError.of("io.mapping_sheet_nowhere", file=where, sheet=sheet)


def prepare(
    raw: pa.Table,
    *,
    file: str,
    sheet: str | None,
    table: str,
    schema: TableSchema,
    mapping: ColumnMapping,
) -> Source:
    """Rename ``raw``'s headers to canonical columns, drop blank rows, number the rows."""
    lookup = header_lookup(schema, mapping)
    valid = {c.name for c in input_columns(schema)}
    present = {normalise_name(h) for h in raw.column_names}
    for header, wanted in mapping.columns.items():
        # an entry whose header this source lacks is for another file (see check_mapping_used)
        if wanted not in valid and normalise_name(header) in present:
            raise ReaderError.of(
                "io.mapping_unknown_column", header=header, column=wanted, table=table
            )
    names: list[str] = []
    arrays: list[pa.ChunkedArray] = []
    unknown: list[str] = []
    origin: dict[str, str] = {}
    for header in raw.column_names:
        if header == ROW_COLUMN:
            continue
        found = lookup.get(normalise_name(header))
        if found is None:
            unknown.append(header)
            continue
        target: str = found
        if target in origin:
            raise ReaderError.of(
                "io.columns_both_map_sheet" if sheet else "io.columns_both_map",
                file=file,
                sheet=sheet,
                first=origin[target],
                second=header,
                column=target,
            )
        origin[target] = header
        names.append(target)
        arrays.append(raw.column(header))
    if ROW_COLUMN in raw.column_names:
        rows = raw.column(ROW_COLUMN)
    else:
        rows = pa.chunked_array([pa.array(np.arange(1, raw.num_rows + 1, dtype=np.int64))])
    data = pa.table([*arrays, rows], names=[*names, ROW_COLUMN])
    if names and data.num_rows:
        blank = pc.is_null(data.column(names[0]))
        for name in names[1:]:
            blank = pc.and_(blank, pc.is_null(data.column(name)))
        if pc.any(blank).as_py():
            data = data.filter(pc.invert(blank))
    data, encoded = _decode(data)
    encoded.update(_encode_few(data, encoded))
    required = [c.name for c in schema.columns if c.required and not c.derived]
    derivable = {"person_id": "nik", "family_id": "kk_number"}
    missing = tuple(c for c in required if c not in names and derivable.get(c, "\0") not in names)
    meta = raw.schema.metadata or {}
    return Source(
        file=file,
        sheet=sheet,
        table=table,
        data=data,
        decimal=mapping.read.get("decimal") or meta.get(b"kampungkb.decimal", b".").decode(),
        date_format=mapping.read.get("date_format"),
        unknown=tuple(unknown),
        missing=missing,
        encoded=encoded,
    )


def _decode(data: pa.Table) -> tuple[pa.Table, dict[str, Encoded]]:
    """Decode dictionary-encoded columns (every later step sees plain values); keep the
    encoding of text columns (see :class:`Encoded`)."""
    encoded: dict[str, Encoded] = {}
    names = [f.name for f in data.schema if pa.types.is_dictionary(f.type)]
    if not names:
        return data, encoded
    unified = data.select(names).unify_dictionaries()
    # Arrow releases the GIL: decode two columns at a time
    with ThreadPoolExecutor(2) as pool:
        decoded = list(
            pool.map(lambda n: unified.column(n).cast(unified.column(n).type.value_type), names)
        )
    for name, values in zip(names, decoded, strict=True):
        column = unified.column(name)
        value_type = column.type.value_type
        data = data.set_column(data.column_names.index(name), name, values)
        if column.num_chunks and pa.types.is_string(value_type):
            dictionary = column.chunk(0).dictionary
            if not dictionary.null_count:
                indices = pa.chunked_array([c.indices for c in column.chunks])
                encoded[name] = Encoded(dictionary, indices)
    return data, encoded


def encode_few(values: pa.ChunkedArray) -> Encoded | None:
    """``values`` (text) dictionary-encoded when it has few distinct values, else None.

    Few: a sample of :data:`_SAMPLE` rows with at most one distinct value per five, or one
    that repeats values (e.g. ~30 000 distinct birth dates among 1.5 M persons) and a whole
    column with at most one distinct value per :data:`_RATIO` rows. Then every check and
    conversion runs once per distinct value.
    """
    sample = values.slice(0, _SAMPLE)
    seen = len(pc.unique(sample))
    few = seen * 5 <= max(len(sample), 1)
    if not few and (len(values) <= _SAMPLE or seen * 10 > len(sample) * 9):
        return None  # (nearly) every sampled value differs, or the sample is the column
    encoded = pc.dictionary_encode(values)
    chunks = [c for c in encoded.chunks if len(c)]
    if not chunks:
        return None
    if any(len(c.dictionary) != len(chunks[0].dictionary) for c in chunks):
        chunks = pa.chunked_array(chunks).unify_dictionaries().chunks
    dictionary = chunks[0].dictionary
    if not few and len(dictionary) * _RATIO > len(values):
        return None
    return Encoded(dictionary, pa.chunked_array([c.indices for c in chunks], pa.int32()))


def _encode_few(data: pa.Table, encoded: Mapping[str, Encoded]) -> dict[str, Encoded]:
    """:func:`encode_few` for each plain text column (two columns at a time)."""
    names = [
        f.name
        for f in data.schema
        if pa.types.is_string(f.type) and f.name not in encoded and f.name != ROW_COLUMN
    ]
    if not data.num_rows or not names:
        return {}
    with ThreadPoolExecutor(2) as pool:
        found = list(pool.map(lambda n: encode_few(data.column(n)), names))
    return {n: e for n, e in zip(names, found, strict=True) if e is not None}
