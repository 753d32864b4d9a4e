"""Dataset: canonical tables (Arrow) registered in an in-process DuckDB.

Each input table is registered zero-copy and exposed through a view that casts the canonical
columns to their declared types, fills absent optional columns with typed nulls, and adds the
derived columns indicator filters may use (``period_end``; on persons ``age_years`` and
``is_pus``; on child measurements the WHO z-score columns).  Personal columns (NIK, KK number,
names) are left out of the views altogether: pseudonymise them at ingest with
:mod:`kampungkb.io`.

Thread safety: a ``Dataset`` is immutable after construction.  It keeps the *recipe* of its
views (the Arrow tables to register and the view statements); every engine call opens its own
DuckDB connection to the dataset's in-process database with :meth:`Dataset.connect`, registers
the tables there and works in that connection's private temporary schema, so calls from many
threads never see each other's intermediate tables.
"""

from __future__ import annotations

import difflib
import glob
import os
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias, cast

import attrs
import duckdb
import pyarrow as pa

from kampungkb._regioncodes import in_region, region_code
from kampungkb._shown import shown
from kampungkb.definitions import Definitions, default_definitions
from kampungkb.definitions._records import sql_type
from kampungkb.engine._compile import Relations
from kampungkb.engine._detail import safe_detail
from kampungkb.engine._duck import (
    DEFAULT_MEMORY_LIMIT,
    fetch_arrow,
    is_out_of_memory,
    open_database,
)
from kampungkb.engine._periods import parse_period
from kampungkb.errors import DatasetError, Phrase, UnknownNameError
from kampungkb.indicators._derived import DERIVED_COLUMNS, derived_columns
from kampungkb.models._schema import Column, TableSchema

__all__ = [
    "DERIVED_COLUMNS", "Dataset", "FileSource", "derived_columns", "effective_schemas",
]

def effective_schemas(manager: Any | None = None) -> dict[str, TableSchema]:
    """The canonical tables with every plugin's table extensions applied.

    Args:
        manager: a :class:`~kampungkb.plugins.PluginManager` or a
            :class:`~kampungkb.definitions.Definitions` (default: the loaded plugins' definitions).
    """
    definitions = _definitions_of(manager)
    return dict(definitions.schemas)


class _Opening:
    """:func:`open_database` in a thread of its own; :meth:`result` waits for it and hands
    the database over, :meth:`discard` closes one nobody took."""

    def __init__(self, memory_limit: str | None, temp_directory: str | Path | None) -> None:
        self._db: duckdb.DuckDBPyConnection | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, args=(memory_limit, temp_directory),
                                        name="kampungkb-open", daemon=True)
        self._thread.start()

    def _open(self, memory_limit: str | None, temp_directory: str | Path | None) -> None:
        try:
            self._db = open_database(memory_limit, temp_directory)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> duckdb.DuckDBPyConnection:
        """The database (now the caller's), or the error opening it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        db = cast(duckdb.DuckDBPyConnection, self._db)  # set when no error was
        self._db = None
        return db

    def discard(self) -> None:
        """Wait for the database and close it unless :meth:`result` handed it over."""
        self._thread.join()
        if self._db is not None:
            self._db.close()
            self._db = None


class _Handoff(threading.local):
    """The database ``from_folder`` started, for the constructor it calls (per thread)."""

    opening: _Opening | None = None

    def take(self) -> _Opening | None:
        opening, self.opening = self.opening, None
        return opening


_HANDOFF = _Handoff()


def _definitions_of(source: Any | None) -> Definitions:
    if source is None:
        return default_definitions()
    if isinstance(source, Definitions):
        return source
    definitions = source.definitions()  # a PluginManager
    if not isinstance(definitions, Definitions):
        raise DatasetError.of("engine.definitions_source", kind=type(source).__name__)
    return definitions


@attrs.frozen
class FileSource:
    """A table stored as files that DuckDB scans lazily (never loaded whole).

    Attributes:
        pattern: a file, or a glob over the table's part files.
        format: ``"parquet"`` or ``"csv"``.
        hive: the parts sit in hive-style folders (``period=2019/…``), whose names become
            columns; filters on those columns skip whole folders.
        label: how messages name the table's files.
    """

    pattern: str
    format: str
    hive: bool = False
    label: str = ""
    #: The part files themselves, when known (a folder's): scanned by name, so a folder whose
    #: name holds ``[``, ``*`` or ``?`` is not taken for a pattern.
    files: tuple[str, ...] = ()

    def scan_sql(self) -> str:
        """``SELECT * FROM`` the files."""
        if self.files:
            literal = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in self.files) + "]"
        else:
            literal = "'" + self.pattern.replace("'", "''") + "'"
        several = bool(self.files) or _is_glob(self.pattern)
        options = ", union_by_name = true" if several else ""
        if self.hive:
            options += ", hive_partitioning = true, hive_types_autocast = false"
        if self.format == "parquet":
            return f"SELECT * FROM read_parquet({literal}{options})"
        return f"SELECT * FROM read_csv({literal}, all_varchar = true, header = true{options})"


#: A table given as Arrow data or as Parquet/CSV files DuckDB scans lazily.
Source: TypeAlias = "pa.Table | FileSource"

_SUFFIXES = {".parquet": "parquet", ".csv": "csv", ".txt": "csv"}
#: The files of a folder of parts (what validate_to_folder reads there too).
_PART_SUFFIXES = frozenset({".parquet", ".csv"})


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _to_arrow(name: str, data: Any, label: str | None = None) -> Source:
    """Turn any supported input into an Arrow table (or lazily scanned files).

    ``label`` is how messages name the table (default: ``name`` as
    :func:`~kampungkb._shown.shown` allows).
    """
    label = shown(name) if label is None else label
    table: pa.Table
    if isinstance(data, FileSource | pa.Table):
        return data
    if isinstance(data, str | Path):
        return _read_file(data)
    if isinstance(data, pa.RecordBatch):
        table = pa.Table.from_batches([data])
        return table
    mod = type(data).__module__
    if mod.startswith("pandas"):
        table = pa.Table.from_pandas(data, preserve_index=False)
        return table
    if mod.startswith("polars"):
        table = data.to_arrow()
        return table
    if isinstance(data, list | tuple):
        if not data:
            raise DatasetError.of("engine.empty_records", table=label)
        return _records_table(label, data)
    raise DatasetError.of("engine.unusable_data", table=label, kind=type(data).__name__)


def _records_table(label: str, data: list[Any] | tuple[Any, ...]) -> pa.Table:
    """Records (pydantic models or mappings) as an Arrow table, one column at a time.

    A pydantic record is dumped as Python values (dates stay dates); an identity number
    (:class:`~kampungkb.models.NIK`, :class:`~kampungkb.models.KKNumber`) becomes its digits,
    as ``model_dump(mode="json")`` gives them, so the column is text like a file's (the
    dataset's views leave personal columns out all the same).

    Raises:
        DatasetError: a column holds values Arrow cannot take; the message names the table,
            the column and the kind of value, never the value.
    """
    from kampungkb.models import NIK, KKNumber  # noqa: PLC0415 - records only

    rows = [r.model_dump(mode="python") if hasattr(r, "model_dump") else dict(r) for r in data]
    keys = list(dict.fromkeys(k for row in rows for k in row))
    columns: dict[str, pa.Array] = {}
    for key in keys:
        values = [row.get(key) for row in rows]
        first = next((v for v in values if v is not None), None)
        if isinstance(first, NIK | KKNumber):
            values = [v.reveal() if isinstance(v, NIK | KKNumber) else v for v in values]
        try:
            columns[key] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # its text quotes the value: not shown
            odd = next((v for v in values if v is not None and not isinstance(v, type(first))),
                       first)
            raise DatasetError.of("engine.record_values", table=label,
                                  column=shown(key), kind=type(odd).__name__) from None
    return pa.table(columns)


def _read_file(location: str | Path) -> FileSource:
    """A Parquet/CSV file, a folder of part files (plain or hive-partitioned) or a glob.

    Raises:
        DatasetError: nothing there, no data file in the folder, mixed formats, or an
            unsupported file type.
    """
    text = str(location)
    if _is_glob(text) and not Path(text).exists():  # "Laporan [Jan].csv" is a file
        fmt = _SUFFIXES.get(Path(text).suffix.lower())
        if fmt is None:
            raise DatasetError.of("engine.glob_suffix", pattern=text)
        matched = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
        if not matched:
            raise DatasetError.of("engine.glob_no_match", pattern=text)
        return FileSource(text, fmt, hive=any("=" in p.parent.name for p in matched), label=text)
    path = Path(location)
    if not path.exists():
        raise DatasetError.of("engine.file_not_found", path=str(path))
    if path.is_dir():
        return _read_folder_parts(path)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DatasetError.of("engine.file_type", path=str(path), suffix=path.suffix)
    return FileSource(str(path), fmt, label=str(path))


#: DuckDB's words for a damaged file -> the catalogue's reason (both languages).
_UNREADABLE_REASONS = (
    ("magic bytes", "engine.reason_truncated"),
    ("too small to be a parquet", "engine.reason_truncated"),
    ("footer", "engine.reason_truncated"),
    ("invalid unicode", "engine.reason_encoding"),
    ("utf-8", "engine.reason_encoding"),
)


def _reason(exc: duckdb.Error) -> Phrase:
    """A short reason for a file DuckDB could not read, in the catalogue's languages (DuckDB's
    own English text, which quotes file paths and cell values, is not shown)."""
    text = str(exc).lower()
    for words, key in _UNREADABLE_REASONS:
        if words in text:
            return Phrase(key)
    return Phrase("engine.reason_unreadable")


def _read_folder_parts(folder: Path) -> FileSource:
    """A folder holding one table's parts, directly or in hive-style sub-folders."""
    # only .parquet and .csv files are parts: a README.txt or notes beside them are not data
    parts = [p for p in folder.rglob("*")
             if p.is_file() and p.suffix.lower() in _PART_SUFFIXES and not p.name.startswith(".")]
    formats = {_SUFFIXES[p.suffix.lower()] for p in parts}
    if not parts:
        raise DatasetError.of("engine.no_parts", folder=str(folder))
    if len(formats) > 1:
        raise DatasetError.of("engine.mixed_parts", folder=str(folder))
    fmt = formats.pop()
    hive = any("=" in d.name for p in parts for d in p.relative_to(folder).parents
               if d != Path())
    suffix = "parquet" if fmt == "parquet" else "csv"
    return FileSource(str(folder / "**" / f"*.{suffix}"), fmt, hive=hive, label=str(folder),
                      files=tuple(str(p) for p in sorted(parts)))


def _within_parts(source: FileSource, within: str) -> FileSource:
    """``source`` without the part files under a hive folder of another region (see
    :func:`kampungkb._regioncodes.in_region`).  When no part is left, one stays: its columns
    describe the table and the dataset's row filter leaves none of its rows."""
    if not source.files or not source.hive:
        return source
    root = Path(source.label)
    keep = [f for f in source.files if in_region(Path(f).relative_to(root).parent.parts, within)]
    if len(keep) == len(source.files):
        return source
    return attrs.evolve(source, files=tuple(keep) or source.files[:1])


def check_memory_limit(memory_limit: str) -> None:
    """Raise the :class:`~kampungkb.DatasetError` a dataset with this ``memory_limit`` would
    raise (a size DuckDB cannot read), without building one."""
    open_database(memory_limit, None).close()


class Dataset:
    """Canonical tables held in an in-process DuckDB, ready for the engine.

    Build one with :meth:`from_tables` (Arrow tables, pandas/Polars DataFrames, lists of
    pydantic records, or Parquet/CSV paths, keyed by canonical table name) or
    :meth:`from_folder` (one ``<table>.parquet`` or ``<table>.csv`` per table).

    A dataset keeps the :class:`~kampungkb.definitions.Definitions` it was built with
    (``definitions=``, default: the loaded plugins'); the engine, the evaluation and the
    reports take indicator sets, shared measures, classifiers and report formats from it unless
    a call is given others.  A dataset is immutable and may be used from many threads at
    once: each call works on its own DuckDB connection (:meth:`connect`).

    Memory: ``memory_limit`` (DuckDB's size syntax, e.g. ``"2GB"``; default ``"256MB"``,
    :data:`DEFAULT_MEMORY_LIMIT`) caps what the dataset's DuckDB holds for all its calls
    together; beyond it the grouping and joining spill to ``temp_directory`` (default: a
    folder under the system's temporary folder, made only when needed and removed when the
    dataset is closed).  ``memory_limit=None`` leaves DuckDB's own default, up to 80 % of the
    machine's memory: faster on national data where the memory is there.  The process needs
    some 300–400 MB more than the limit (Python, the Arrow results).

    One region: ``within="19"`` (a province, ``"19.01"`` a regency, ``"19.01.06"`` a district
    or a village code; dotted or not) keeps only the rows of villages in that region, in every
    table, so every result and roll-up is that region's.  A table stored as hive-partitioned
    parts under folders named by region (``persons/province=19/…``, also ``regency=``,
    ``district=``, ``village_code=``, ``region_code=`` and the Indonesian ``provinsi=``,
    ``kabupaten=``, ``kecamatan=``, ``desa=``, ``kode_wilayah=``; the value dotted or not)
    is not read outside it: the other regions' parts are skipped.
    """

    #: The region the dataset holds (``within=``), None for all; a class default, so that a
    #: subclass building itself another way (a remote dataset) holds every region.
    _within: str | None = None

    def __init__(
        self,
        tables: Mapping[str, Source],
        *,
        schemas: Mapping[str, TableSchema] | None = None,
        source: str = "",
        definitions: Any | None = None,
        memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
        temp_directory: str | Path | None = None,
        within: str | None = None,
    ) -> None:
        self._within = None if within is None else region_code(str(within))
        if within is not None and self._within is None:
            raise DatasetError.of("engine.bad_within", code=shown(within))
        # the database starts in a thread while the definitions load (see from_folder)
        opening = _HANDOFF.take() or _Opening(memory_limit, temp_directory)
        try:
            self._definitions = _definitions_of(definitions)
            self._schemas: Mapping[str, TableSchema] = types.MappingProxyType(
                dict(schemas if schemas is not None else self._definitions.schemas))
        except BaseException:
            opening.discard()
            raise
        self.source = source
        self._db = opening.result()  # its error (a size DuckDB cannot use) raised here
        self._memory_limit = memory_limit
        self._lock = threading.Lock()
        self._closed = False
        self._tables: dict[str, Source] = {}
        self._arrow: dict[str, pa.Table] = {}
        self._periods: dict[str, list[str]] = {}
        self._view_columns: dict[str, dict[str, str]] | None = None  # on first view_columns()
        for name in tables:
            if name not in self._schemas:
                close = difflib.get_close_matches(name, list(self._schemas), n=1)
                known = ", ".join(sorted(self._schemas))
                if close:
                    raise DatasetError.of("engine.unknown_table_close", table=shown(name),
                                          close=close[0], known=known)
                raise DatasetError.of("engine.unknown_table", table=shown(name), known=known)
        try:
            self._register_all(tables)
            con = self._db.cursor()
            try:
                for arrow_name, table in self._arrow.items():
                    con.register(arrow_name, table)
                self._register_coverage(con)
                if self._within is not None and tables:
                    self._check_within(con)
            finally:
                con.close()
        except duckdb.Error as exc:  # reading the periods needs memory too
            if is_out_of_memory(exc):
                raise self._out_of_memory(exc) from exc
            raise

    def _register_all(self, tables: Mapping[str, Source]) -> None:
        """Register every table, two at a time: each reads its files' metadata (and a
        snapshot's distinct periods) in DuckDB, which releases the GIL, on its own connection;
        the views land in the one database.  The first failing table, in ``tables``' order,
        raises (as one at a time would)."""

        def register(name: str) -> None:
            table = tables[name]
            if self._within is not None and isinstance(table, FileSource):
                table = _within_parts(table, self._within)  # skip other regions' parts
            con = self._db.cursor()
            try:
                self._register(con, self._schemas[name], table)
            finally:
                con.close()

        names = list(tables)
        if len(names) < 2:
            for name in names:
                register(name)
            return
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(register, name) for name in names]
        for future in futures:
            future.result()
        # in the order given, whichever finished first (table_names lists them so)
        self._tables = {n: self._tables[n] for n in names}
        self._periods = {n: self._periods[n] for n in names if n in self._periods}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_tables(cls, tables: Mapping[str, Any], **kwargs: Any) -> Dataset:
        """Build a dataset from a mapping of canonical table name → data.

        Keyword arguments are those of the constructor (``definitions=``, ``schemas=``,
        ``source=``).
        """
        known = kwargs.get("schemas") or _definitions_of(kwargs.get("definitions")).schemas
        return cls({k: _to_arrow(k, v, k if k in known else shown(k))
                    for k, v in tables.items()}, **kwargs)

    @classmethod
    def from_folder(cls, folder: str | Path, **kwargs: Any) -> Dataset:
        """Build a dataset from a folder with one entry per canonical table.

        Each table may be one file (``persons.parquet``, ``persons.csv``) or a sub-folder of
        part files (``persons/part-0.parquet``, …), plain or hive-partitioned
        (``persons/period=2019/part-0.parquet``).  Other files are ignored.  Files are scanned
        lazily, never loaded whole.

        Raises:
            DatasetError: no table files, a table given twice, a required column missing, or
                a file that cannot be read (damaged, truncated, not of its format; a damaged
                column that only a computation reads is reported by that computation).
        """
        folder = Path(folder)
        if not folder.is_dir():
            raise DatasetError.of("engine.not_a_folder", folder=str(folder))
        # the database starts in a thread while the definitions load (the first call in a
        # process loads every plugin's: ≈ 40 ms of Python, while DuckDB, which releases the
        # GIL, makes its database); the constructor takes it over
        opening = _Opening(kwargs.get("memory_limit", DEFAULT_MEMORY_LIMIT),
                           kwargs.get("temp_directory"))
        try:
            dataset = cls._from_folder(folder, opening, kwargs)
        finally:
            opening.discard()  # unless the constructor took it (an error came first)
        return dataset

    @classmethod
    def _from_folder(cls, folder: Path, opening: _Opening, kwargs: dict[str, Any]) -> Dataset:
        definitions = _definitions_of(kwargs.pop("definitions", None))
        names = set(kwargs.get("schemas") or definitions.schemas)
        found: dict[str, FileSource] = {}
        for p in sorted(folder.iterdir()):
            if p.name.startswith("."):
                continue
            if p.is_dir() and p.name in names:
                found[p.name] = _read_folder_parts(p)
            elif p.is_file() and p.suffix.lower() in (".parquet", ".csv") and p.stem in names:
                if p.stem in found:
                    raise DatasetError.of("engine.table_twice", folder=str(folder),
                                          table=p.stem, first=found[p.stem].label,
                                          second=str(p))
                found[p.stem] = _read_file(p)
        if not found:
            raise DatasetError.of("engine.no_tables", folder=str(folder))
        _HANDOFF.opening = opening
        try:
            return cls(found, source=str(folder), definitions=definitions, **kwargs)
        finally:
            _HANDOFF.opening = None

    @classmethod
    def from_postgres(cls, conninfo_or_connection: Any, *, schema: str = "public",
                      tables: list[str] | None = None, **kwargs: Any) -> Dataset:
        """A dataset whose canonical tables live in a PostgreSQL schema (in-database).

        The typed views and every measure query run inside PostgreSQL; only aggregates
        (village × period × measure) leave the database.  Needs the ``[postgres]`` extra.

        Args:
            conninfo_or_connection: a libpq connection string (``postgresql://…``; a new
                connection per call) or an open psycopg 3 connection (calls take turns on it;
                each runs in a transaction or savepoint that is rolled back).
            schema: the schema holding tables named like the canonical tables.
            tables: which tables to use (default: every canonical table in the schema).
            **kwargs: ``definitions=``, ``schemas=``, ``source=``.
        """
        opener = _backend_opener("kampungkb.backends._postgres", "from_postgres")
        return opener(conninfo_or_connection, schema=schema, tables=tables, **kwargs)

    @classmethod
    def from_spark(cls, spark: Any, *, tables: Mapping[str, Any] | None = None,
                   path: str | Path | None = None, **kwargs: Any) -> Dataset:
        """A dataset computed on Spark (a ``SparkSession``, local, a cluster or Spark Connect).

        Args:
            spark: the session.
            tables: canonical table name → a Spark DataFrame, a Spark table name or a Parquet
                path (file or folder of parts).
            path: instead of ``tables``, a folder with one ``<table>.parquet`` (file or folder)
                per canonical table.
            **kwargs: ``definitions=``, ``schemas=``, ``source=``.

        Needs the ``[spark]`` extra.
        """
        opener = _backend_opener("kampungkb.backends._spark", "from_spark")
        return opener(spark, tables=tables, path=path, **kwargs)

    _memory_limit: str | None = None  # set by __init__; a remote dataset caps nothing

    #: Whether one compute may run its measure queries on several connections at once
    #: (each query scans one table; see ``kampungkb.engine._compute``).  A remote dataset
    #: runs them one after another in its backend.
    _concurrent_queries = True

    def _size_hint(self, table: str) -> int:
        """Bytes the table's data takes (its files on disk, or its Arrow buffers); 0 when
        unknown.  Only orders work: the largest tables are queried first."""
        source = self._tables.get(table)
        if isinstance(source, pa.Table):
            return int(source.nbytes)
        if isinstance(source, FileSource):
            paths = source.files or ((source.pattern,) if not _is_glob(source.pattern) else ())
            total = 0
            for p in paths:
                try:
                    total += os.path.getsize(p)
                except OSError:
                    continue
            return total
        return 0

    # ------------------------------------------------------------------ connections
    def _pushdown(self, con: duckdb.DuckDBPyConnection, sql: str) -> str:
        """The query whose rows ``sql`` (a measure query) yields on ``con``: here ``sql``
        itself; a remote dataset runs it where the data lives and returns a ``SELECT`` over
        the aggregates it registered on ``con``."""
        return sql

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A private DuckDB connection with the dataset's views, closed on exit.

        Every engine call uses its own; temporary tables made on it are invisible to other
        calls.  Costs one DuckDB connection (a few kilobytes) and re-registering the tables'
        Arrow data zero-copy (about a millisecond per table) per call.

        Raises:
            DatasetError: the dataset was closed, or a query needed more memory than the
                dataset's ``memory_limit`` (the message says how to give more).
        """
        self._full_growth()  # every view a caller's SQL may name
        with self._connect() as con:
            yield con

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """:meth:`connect` for the engine's own statements, which name the growth views
        through :meth:`_relations` (made when first asked for) and never the whole
        ``child_measurements`` view otherwise."""
        with self._lock:
            if self._closed:
                raise DatasetError.of("engine.closed")
            con = self._db.cursor()
        try:
            for name, table in self._arrow.items():
                con.register(name, table)
            yield con
        except duckdb.Error as exc:
            if is_out_of_memory(exc):
                raise self._out_of_memory(exc) from exc
            raise
        finally:
            con.close()

    @staticmethod
    def _unreadable(name: str, source: FileSource, exc: duckdb.Error) -> DatasetError:
        """The error for a table whose files DuckDB cannot read (damaged, truncated, not of
        their format)."""
        files = source.label or source.pattern
        # the part DuckDB names, when it names one of them (a folder of parts)
        said = str(exc).split("\n", 1)[0]  # (the statement follows, naming every part)
        named = [f for f in source.files if f"'{f}'" in said]
        if len(named) == 1:
            files = named[0]
        kind = "Parquet" if source.format == "parquet" else "CSV"
        return DatasetError.of("engine.table_unreadable", table=name, files=files, format=kind,
                               detail=_reason(exc))

    def _unreadable_error(self, con: duckdb.DuckDBPyConnection, name: str) -> DatasetError | None:
        """After a query over table ``name`` failed for no reason the engine can name: the
        error saying its files cannot be read, when reading every column of every file fails;
        None when they read (or the table is not stored as files)."""
        source = self._tables.get(name)
        if not isinstance(source, FileSource):
            return None
        try:
            con.execute(f'SELECT count(COLUMNS(*)) FROM "{name}__raw"').fetchall()
        except duckdb.Error as exc:
            return None if is_out_of_memory(exc) else self._unreadable(name, source, exc)
        return None

    def _out_of_memory(self, exc: duckdb.Error) -> DatasetError:
        """The error for a query that needed more memory than the dataset may hold."""
        return DatasetError.of("engine.out_of_memory", limit=str(self._memory_limit),
                               detail=safe_detail(exc))

    def _run(self, con: duckdb.DuckDBPyConnection, statement: str) -> None:
        """Create a view once, in the dataset's own database, where every connection sees it.

        Views are read-only and bound when queried, so one over a registered Arrow table reads
        the querying connection's own registration; :meth:`connect` only registers the Arrow
        data (binding every view again on each call cost ~40 ms per connection).
        """
        con.execute(statement)

    def _register_arrow(self, con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
        con.register(name, table)
        self._arrow[name] = table

    # ------------------------------------------------------------------ registration
    def _register(self, con: duckdb.DuckDBPyConnection, schema: TableSchema,
                  table: Source) -> None:
        name = schema.name
        self._tables[name] = table
        raw = f"{name}__raw"
        if isinstance(table, FileSource):
            try:
                self._run(con, f'CREATE VIEW "{raw}" AS {table.scan_sql()}')
                columns = [r[0] for r in con.execute(f'DESCRIBE "{raw}"').fetchall()]
            except duckdb.Error as exc:
                if is_out_of_memory(exc):
                    raise
                raise self._unreadable(name, table, exc) from exc
        else:
            self._register_arrow(con, raw, table)
            columns = list(table.column_names)
        present = set(columns)
        missing = [c.name for c in schema.columns
                   if c.required and not c.derived and c.name not in present]
        if missing:
            listed = ", ".join(map(repr, missing))
            if not columns:
                raise DatasetError.of("engine.missing_columns_none", table=name, missing=listed)
            raise DatasetError.of("engine.missing_columns", table=name, missing=listed,
                                  columns=", ".join(map(repr, columns)))
        select = []
        for col in schema.columns:
            if col.derived or col.personal:
                # personal data (NIK, KK number, names) never enters the engine's views:
                # no filter may use it and no output may carry it
                continue
            if col.name in present:
                select.append(_cast(col))
            else:
                select.append(f"CAST(NULL AS {sql_type(col)}) AS {_quote(col.name)}")
        extra = [c for c in columns if not schema.has_column(c)]
        select += [_quote(c) for c in extra]
        base = f"{name}__base"
        self._run(con, f"CREATE VIEW \"{base}\" AS SELECT {', '.join(select)} "
                       f"FROM \"{raw}\"{self._within_filter(present)}")
        view_sql = self._derived_view_sql(con, schema, base)
        if name == "child_measurements":
            # WHO z-scores computed in SQL, joined on the LMS tables: lazy, nothing is read
            # here; a value of the wrong type surfaces when a query reads it (the engine's
            # error names the table)
            self._run(con, f'CREATE VIEW "{name}__typed" AS {view_sql}')
            # the whole view (all three z-scores) is bound on first use (``_full_growth``):
            # an evaluation reads a narrower one (``_growth_relation``), and binding the
            # whole one costs as much as registering three other tables
            self._growth_pending = self._growth_sql(con, name)
        else:
            self._run(con, f'CREATE VIEW "{name}" AS {view_sql}')

    def _within_filter(self, present: set[str]) -> str:
        """`` WHERE`` keeping the rows of the villages in ``within`` (empty without it)."""
        if self._within is None:
            return ""
        if "village_code" not in present:
            return " WHERE FALSE"  # no village to place the rows in: none is in the region
        code = 'CAST("village_code" AS VARCHAR)'
        return (f" WHERE {code} = '{self._within}' "
                f"OR starts_with({code}, '{self._within}.')")

    def _growth_sql(self, con: duckdb.DuckDBPyConnection, name: str) -> str:
        """``SELECT`` adding the WHO growth columns (``kampungkb.growth.GROWTH_COLUMNS`` and
        ``age_months``) to ``{name}__typed``, computed in SQL on the registered LMS tables."""
        from kampungkb.growth._sql import LMS_RELATIONS, growth_sql, lms_tables  # noqa: PLC0415

        for key, table in lms_tables().items():
            # tables of the dataset's database, not Arrow registered on every connection:
            # a measure query's connection then registers nothing (≈ 2 ms each, a dozen
            # connections per evaluation)
            lms = LMS_RELATIONS[key]
            con.register("_kkb_lms", table)
            try:
                con.execute(f'CREATE TABLE "{lms}" AS SELECT * FROM _kkb_lms')
            finally:
                con.unregister("_kkb_lms")
        typed = f"{name}__typed"
        columns = [r[0] for r in con.execute(f'DESCRIBE "{typed}"').fetchall()]
        self._growth_columns = columns
        return growth_sql(typed, columns)

    #: The columns of ``child_measurements__typed`` (set when the table is registered here)
    #: and the narrower growth views made so far (see :meth:`_growth_relation`).
    _growth_columns: list[str] | None = None
    _growth_views: frozenset[str] = frozenset()
    #: The ``SELECT`` of the whole ``child_measurements`` view while it is not yet made.
    _growth_pending: str | None = None

    def _full_growth(self) -> None:
        """Make the whole ``child_measurements`` view (every z-score) if it is not made yet:
        before a caller's own connection (:meth:`connect`) or a query may name it."""
        if self._growth_pending is None:
            return
        with self._lock:
            sql = self._growth_pending
            if sql is None:  # another thread made it meanwhile
                return
            self._create_view(name="child_measurements", sql=sql)
            self._growth_pending = None

    def _create_view(self, *, name: str, sql: str) -> None:
        """``CREATE VIEW`` in the dataset's database after it was built (the caller holds
        the lock), on a cursor seeing the tables given as Arrow."""
        if self._closed:
            raise DatasetError.of("engine.closed")
        con = self._db.cursor()
        try:
            for arrow_name, table in self._arrow.items():
                con.register(arrow_name, table)
            con.execute(f'CREATE VIEW "{name}" AS {sql}')
        finally:
            con.close()

    def _relations(self) -> Relations:
        """Narrower views a measure query may read instead of a whole table's (see
        :func:`kampungkb.engine._compile.compile_queries`): the child measurements with only
        the z-scores the query reads.  None for a remote dataset (its backend holds the
        growth view)."""
        if self._growth_columns is None:
            return {}
        return {"child_measurements": self._growth_relation}

    def _growth_relation(self, used: frozenset[str] | None) -> str:
        """A view of ``child_measurements`` computing only the z-scores ``used`` names.

        Each z-score costs its LMS joins and arithmetic on every row: the stunting measures
        read only length/height-for-age, about a third of the work of all three (the others
        join four tables).  The values are the whole view's: each score depends on its own
        row's inputs only.  Made once per combination of scores, in the dataset's database
        and under its lock, like the other views; ``used=None`` (not known) or all three
        scores is the whole view.
        """
        from kampungkb.growth._sql import SCORES, growth_sql  # noqa: PLC0415

        name = "child_measurements"
        columns = self._growth_columns
        if used is None or columns is None:
            self._full_growth()
            return name
        named = {c.lower() for c in used}  # DuckDB's names ignore case: HAZ is haz
        scores = [z for z in SCORES if named & {z, f"{z}_flag", f"{z}_class"}]
        if len(scores) == len(SCORES):
            self._full_growth()
            return name
        view = f"{name}__{'_'.join(scores) or 'age'}"
        with self._lock:
            if view not in self._growth_views:
                self._create_view(name=view,
                                  sql=growth_sql(f"{name}__typed", columns, scores=scores))
                self._growth_views = self._growth_views | {view}
        return view

    def _derived_view_sql(self, con: duckdb.DuckDBPyConnection, schema: TableSchema,
                          base: str) -> str:
        if schema.kind != "snapshot":
            return f'SELECT * FROM "{base}"'
        pe = self._period_end_case(con, base, schema.period_column or "period", schema.name)
        if schema.name != "persons":
            return f'SELECT *, {pe} AS period_end FROM "{base}"'
        age = (
            "(year(period_end) - year(birth_date) - CASE WHEN month(period_end) < "
            "month(birth_date) OR (month(period_end) = month(birth_date) AND day(period_end) "
            "< day(birth_date)) THEN 1 ELSE 0 END)"
        )
        return (
            f"SELECT *, CAST(sex = 'f' AND marital_status = 'married' AND age_years "
            f"BETWEEN 15 AND 49 AS BOOLEAN) AS is_pus FROM (SELECT *, CAST({age} AS INTEGER) "
            f'AS age_years FROM (SELECT *, {pe} AS period_end FROM "{base}"))'
        )

    def _period_end_case(self, con: duckdb.DuckDBPyConnection, base: str, column: str,
                         table: str) -> str:
        """``period_end`` as a CASE over the table's distinct periods (computed once each).

        Parsing the period text on every row costs more than the whole measure query;
        a table holds a handful of periods, so their last days are worked out here once.
        """
        source = self._tables.get(table)
        if isinstance(source, pa.Table) and column in source.column_names and not self._within:
            import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import, in-memory only

            values = pc.unique(source[column].cast(pa.string())).to_pylist()
        else:
            sql = f'SELECT DISTINCT CAST({_quote(column)} AS VARCHAR) FROM "{base}"'
            try:
                values = [r[0] for r in con.execute(sql).fetchall()]
            except duckdb.Error as exc:
                if isinstance(source, FileSource) and not (
                    is_out_of_memory(exc) or isinstance(exc, duckdb.ConversionException)
                ):
                    raise self._unreadable(table, source, exc) from exc
                raise
        # the same distinct values answer periods() (no second scan per evaluation)
        self._periods[table] = sorted(str(v) for v in values if v is not None)
        branches = []
        for value in values:
            if value is None:
                continue
            try:
                end = parse_period(str(value)).end
            except DatasetError:
                continue  # not a period: the row has no period_end (io reports it)
            text = str(value).replace("'", "''")
            branches.append(f"WHEN '{text}' THEN DATE '{end.isoformat()}'")
        if not branches:
            return "CAST(NULL AS DATE)"
        return f'CASE {_quote(column)} {" ".join(branches)} END'

    def _check_within(self, con: duckdb.DuckDBPyConnection) -> None:
        """Refuse a region no table holds a row of: a mistyped or absent code would otherwise
        give an empty evaluation without a word."""
        if con.execute("SELECT 1 FROM _coverage LIMIT 1").fetchone() is None:
            raise DatasetError.of("engine.within_empty", code=self._within)

    def _register_coverage(self, con: duckdb.DuckDBPyConnection) -> None:
        """The villages the dataset covers: the villages table, else every code seen."""
        if "villages" in self._tables:
            sql = 'SELECT DISTINCT village_code FROM "villages"'
        else:
            # the base views: the same rows and codes as the tables' own views
            parts = [f'SELECT DISTINCT village_code FROM "{n}__base"' for n in self._tables]
            empty = "SELECT CAST(NULL AS VARCHAR) AS village_code WHERE false"
            sql = " UNION ".join(parts) if parts else empty
        self._run(con, f"CREATE VIEW _coverage AS {sql}")

    # ------------------------------------------------------------------ access
    @property
    def definitions(self) -> Definitions:
        """The definitions (sets, measures, classifiers, formats) this dataset was built with."""
        return self._definitions

    @property
    def table_names(self) -> tuple[str, ...]:
        """Canonical tables present, in registration order."""
        return tuple(self._tables)

    def has_table(self, name: str) -> bool:
        """Whether the dataset holds table ``name``."""
        return name in self._tables

    def schema(self, name: str) -> TableSchema:
        """The canonical schema of table ``name`` (held by the dataset or not).

        Raises:
            UnknownNameError: (a ``KeyError`` and a ``DatasetError``) no canonical table has
                that name; the message names those there are.
        """
        schema = self._schemas.get(name)
        if schema is None:
            raise self._unknown_table(name, held=False)
        return schema

    def _check_held(self, name: str) -> None:
        """Raise :class:`~kampungkb.errors.UnknownNameError` unless the dataset holds
        table ``name``."""
        if name not in self._tables:
            raise self._unknown_table(name, held=True)

    def _unknown_table(self, name: str, *, held: bool) -> UnknownNameError:
        """The error for table ``name``, which the dataset does not hold (``held``) or which is
        not a canonical table: it names the tables there are and a close one; the name asked
        for is shown as :func:`kampungkb._safe.safe_value` allows."""
        if held:
            known = list(self._tables)
            close = difflib.get_close_matches(str(name), known, n=1)
            listed = ", ".join(known) or "–"
            asked = name if name in self._schemas else shown(name)  # a canonical name shows
            if close:
                return UnknownNameError.of("engine.table_not_held_close", table=asked,
                                           close=close[0], known=listed)
            return UnknownNameError.of("engine.table_not_held", table=asked, known=listed)
        known = sorted(self._schemas)
        close = difflib.get_close_matches(str(name), known, n=1)
        if close:
            return UnknownNameError.of("engine.unknown_table_close", table=shown(name),
                                       close=close[0], known=", ".join(known))
        return UnknownNameError.of("engine.unknown_table", table=shown(name),
                                   known=", ".join(known))

    @property
    def schemas(self) -> dict[str, TableSchema]:
        """Every canonical table's schema (with plugins' extensions) this dataset uses."""
        return dict(self._schemas)

    def view_columns(self, name: str) -> dict[str, str]:
        """Columns (name → DuckDB type) visible to filters on table ``name``'s view.

        Raises:
            UnknownNameError: (a ``KeyError``) the dataset holds no table ``name``.
        """
        self._check_held(name)
        if self._view_columns is None:  # described once, when first asked (two racing
            with self.connect() as con:  # threads compute the same answer)
                self._view_columns = {
                    n: {r[0]: str(r[1]) for r in con.execute(f'DESCRIBE "{n}"').fetchall()}
                    for n in self._tables
                }
        return dict(self._view_columns[name])

    def periods(self, name: str) -> list[str]:
        """Distinct periods present in a snapshot table, or years present in an event table.

        Raises:
            UnknownNameError: (a ``KeyError``) the dataset holds no table ``name``; the
                message names those it holds.
        """
        self._check_held(name)
        schema = self._schemas[name]
        if schema.period_column and name in self._periods:
            return list(self._periods[name])  # read when the dataset was built
        if schema.period_column:
            sql = f'SELECT DISTINCT {_quote(schema.period_column)} AS p FROM "{name}"'
        elif schema.date_column:
            year = f"strftime({_quote(schema.date_column)}, '%Y')"
            sql = f'SELECT DISTINCT {year} AS p FROM "{name}"'
        else:
            return []
        return sorted(str(v) for v in self._distinct_values(sql) if v is not None)

    def _distinct_values(self, sql: str) -> list[Any]:
        """The values of column ``p`` of ``sql`` (a remote dataset runs it in its backend)."""
        with self.connect() as con:
            return [r[0] for r in con.execute(sql).fetchall()]

    def query(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> pa.Table:
        """Run one read-only statement (``SELECT`` or ``EXPLAIN``) over the dataset's views on a
        private connection; the result as Arrow.

        Raises:
            DatasetError: the SQL is not one SELECT/EXPLAIN statement (the views live in the
                dataset's shared database: a ``CREATE OR REPLACE VIEW`` would change them for
                every caller).
        """
        with self.connect() as con:
            kinds = [s.type for s in con.extract_statements(sql)]
            if len(kinds) != 1 or kinds[0] not in _READ_ONLY:
                names = ", ".join(str(k).rsplit(".", 1)[-1] for k in kinds) or "nothing"
                raise DatasetError.of("engine.query_read_only", kinds=names)
            return fetch_arrow(con, sql, params)

    def to_arrow(self, name: str) -> pa.Table:
        """The table as the engine sees it (canonical types plus derived columns).

        Raises:
            UnknownNameError: (a ``KeyError`` and a ``DatasetError``) the dataset holds no
                table ``name``; the message names those it holds.
        """
        self._check_held(name)
        return self.query(f"SELECT * FROM {_quote(name)}")

    def villages(self) -> pa.Table:
        """Village codes and names known from the ``villages`` table (if any)."""
        if "villages" not in self._tables:
            return pa.table({"village_code": pa.array([], pa.string()),
                             "name": pa.array([], pa.string())})
        return self.query('SELECT village_code, name FROM "villages"')

    def row_counts(self) -> dict[str, int]:
        """Rows per table."""
        out: dict[str, int] = {}
        for k, v in self._tables.items():
            if isinstance(v, pa.Table) and self._within is None:
                out[k] = v.num_rows
            else:  # the rows the dataset holds (within= leaves out other regions')
                out[k] = int(self.query(f'SELECT count(*) AS n FROM "{k}__base"')["n"][0].as_py())
        return out

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={v}" for k, v in self.row_counts().items())
        return f"Dataset({parts})"

    def close(self) -> None:
        """Close the in-process database.

        Call it when no call on the dataset is running; later calls raise
        :class:`~kampungkb.DatasetError`.
        """
        with self._lock:
            self._closed = True
            self._db.close()


def _backend_opener(module: str, name: str) -> Callable[..., Dataset]:
    """A remote backend's dataset opener (#16), looked up when called: the backends are a
    layer over the engine (their dataset is a :class:`Dataset`), so the engine names them
    instead of importing them, and their optional drivers load only on use."""
    import importlib  # noqa: PLC0415 - only for remote backends

    opener: Callable[..., Dataset] = getattr(importlib.import_module(module), name)
    return opener


#: Statements :meth:`Dataset.query` runs.
_READ_ONLY = (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN)


def _quote(name: str) -> str:
    """A SQL identifier, double-quoted (embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _cast(col: Column) -> str:
    return f"CAST({_quote(col.name)} AS {sql_type(col)}) AS {_quote(col.name)}"
