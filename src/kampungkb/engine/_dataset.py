"""Dataset: canonical tables (Arrow) registered in an in-process DuckDB.

Each input table is registered zero-copy and exposed through a view that casts the canonical
columns to their declared types, fills absent optional columns with typed nulls, and adds the
derived columns indicator filters may use (``period_end``; on persons ``age_years`` and
``is_pus``; on child measurements the WHO z-score columns).  Personal columns (NIK, KK number,
names) are left out of the views altogether: pseudonymise them at ingest with
:mod:`kampungkb.io`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.engine._duck import fetch_arrow
from kampungkb.engine._periods import parse_period
from kampungkb.errors import DatasetError
from kampungkb.models._schema import Column, TableSchema

__all__ = ["DERIVED_COLUMNS", "Dataset", "derived_columns", "effective_schemas"]

#: Derived columns the engine adds to each table's view, with their DuckDB types.
DERIVED_COLUMNS: dict[str, dict[str, str]] = {
    "persons": {"period_end": "DATE", "age_years": "INTEGER", "is_pus": "BOOLEAN"},
    # plus every column of kampungkb.growth.GROWTH_COLUMNS (z-scores, flags, classes)
    "child_measurements": {"age_months": "DOUBLE"},
}

_SNAPSHOT_DERIVED = {"period_end": "DATE"}


def effective_schemas(manager: Any | None = None) -> dict[str, TableSchema]:
    """The canonical tables with every plugin's table extensions applied.

    Args:
        manager: a :class:`~kampungkb.plugins.PluginManager` (default: the shared one).
    """
    from kampungkb.models.tables import CANONICAL_TABLES  # noqa: PLC0415 - avoid import cycle
    from kampungkb.plugins import get_plugin_manager  # noqa: PLC0415 - plugins load lazily

    manager = manager if manager is not None else get_plugin_manager()
    schemas = dict(CANONICAL_TABLES)
    for ext in manager.table_extensions():
        if ext.table not in schemas:
            raise DatasetError(
                f"a plugin extends table {ext.table!r}, which is not a canonical table"
            )
        schemas[ext.table] = schemas[ext.table].with_columns(tuple(ext.columns))
    return schemas


def _schemas() -> Mapping[str, TableSchema]:
    return effective_schemas()


def derived_columns(schema: TableSchema) -> dict[str, str]:
    """Columns the engine adds to ``schema``'s view (name → DuckDB type)."""
    out = dict(_SNAPSHOT_DERIVED) if schema.kind == "snapshot" else {}
    if schema.name == "child_measurements":
        from kampungkb.growth import GROWTH_COLUMNS  # noqa: PLC0415 - heavy, only when needed

        out.update({c.name: c.type for c in GROWTH_COLUMNS})
    out.update(DERIVED_COLUMNS.get(schema.name, {}))
    return out


#: A table given as Arrow data or as a Parquet/CSV file DuckDB scans lazily.
Source: TypeAlias = "pa.Table | Path"


def _to_arrow(name: str, data: Any) -> Source:
    """Turn any supported input into an Arrow table (or a lazily scanned file path)."""
    table: pa.Table
    if isinstance(data, str | Path):
        return _read_file(Path(data))
    if isinstance(data, pa.Table):
        table = data
        return table
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
            raise DatasetError(f"table {name!r}: the list of records is empty")
        rows = [r.model_dump(mode="python") if hasattr(r, "model_dump") else dict(r) for r in data]
        keys = list(dict.fromkeys(k for row in rows for k in row))
        table = pa.Table.from_pylist([{k: row.get(k) for k in keys} for row in rows])
        return table
    raise DatasetError(
        f"table {name!r}: cannot use a {type(data).__name__}; give an Arrow table, a pandas "
        "or Polars DataFrame, a list of records, or a Parquet/CSV path"
    )


def _read_file(path: Path) -> Path:
    """Check a Parquet/CSV path; the file is scanned lazily by DuckDB, never loaded whole."""
    if not path.exists():
        raise DatasetError(f"file not found: {path}")
    if path.suffix.lower() not in (".parquet", ".csv", ".txt"):
        raise DatasetError(
            f"{path}: unsupported file type {path.suffix!r}; use .parquet or .csv "
            "(kampungkb.io reads Excel, JSON and mapped files)"
        )
    return path


def _scan_sql(path: Path) -> str:
    literal = str(path).replace("'", "''")
    if path.suffix.lower() == ".parquet":
        return f"SELECT * FROM read_parquet('{literal}')"
    return f"SELECT * FROM read_csv('{literal}', all_varchar = true, header = true)"


class Dataset:
    """Canonical tables held in an in-process DuckDB, ready for the engine.

    Build one with :meth:`from_tables` (Arrow tables, pandas/Polars DataFrames, lists of
    pydantic records, or Parquet/CSV paths, keyed by canonical table name) or
    :meth:`from_folder` (one ``<table>.parquet`` or ``<table>.csv`` per table).
    """

    def __init__(
        self,
        tables: Mapping[str, Source],
        *,
        schemas: Mapping[str, TableSchema] | None = None,
        source: str = "",
    ) -> None:
        self._schemas = dict(schemas if schemas is not None else _schemas())
        self.source = source
        self.con = duckdb.connect(":memory:")
        self._tables: dict[str, Source] = {}
        for name, table in tables.items():
            if name not in self._schemas:
                close = difflib.get_close_matches(name, list(self._schemas), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise DatasetError(
                    f"{name!r} is not a canonical table{hint}; known tables: "
                    f"{', '.join(sorted(self._schemas))}"
                )
            self._register(self._schemas[name], table)
        self._register_coverage()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_tables(cls, tables: Mapping[str, Any], **kwargs: Any) -> Dataset:
        """Build a dataset from a mapping of canonical table name → data."""
        return cls({k: _to_arrow(k, v) for k, v in tables.items()}, **kwargs)

    @classmethod
    def from_folder(cls, folder: str | Path, **kwargs: Any) -> Dataset:
        """Build a dataset from a folder holding ``<table>.parquet`` or ``<table>.csv`` files."""
        folder = Path(folder)
        if not folder.is_dir():
            raise DatasetError(f"{folder} is not a folder")
        names = set(_schemas())
        found = {
            p.stem: p for p in sorted(folder.iterdir())
            if p.suffix.lower() in (".parquet", ".csv") and p.stem in names
        }
        if not found:
            raise DatasetError(
                f"{folder} holds no canonical table files (expected e.g. persons.parquet, "
                "families.csv)"
            )
        return cls({k: _read_file(p) for k, p in found.items()}, source=str(folder), **kwargs)

    # ------------------------------------------------------------------ registration
    def _register(self, schema: TableSchema, table: Source) -> None:
        name = schema.name
        self._tables[name] = table
        raw = f"{name}__raw"
        if isinstance(table, Path):
            self.con.execute(f'CREATE VIEW "{raw}" AS {_scan_sql(table)}')
            columns = [r[0] for r in self.con.execute(f'DESCRIBE "{raw}"').fetchall()]
        else:
            self.con.register(raw, table)
            columns = list(table.column_names)
        present = set(columns)
        missing = [c.name for c in schema.columns
                   if c.required and not c.derived and c.name not in present]
        if missing:
            raise DatasetError(
                f"table {name!r} lacks required column(s) {', '.join(map(repr, missing))}; "
                f"it has {', '.join(map(repr, columns)) or 'no columns'}"
            )
        select = []
        for col in schema.columns:
            if col.derived or col.personal:
                # personal data (NIK, KK number, names) never enters the engine's views:
                # no filter may use it and no output may carry it
                continue
            if col.name in present:
                select.append(_cast(col))
            else:
                select.append(f"CAST(NULL AS {col.type}) AS \"{col.name}\"")
        extra = [c for c in columns if not schema.has_column(c)]
        select += [f'"{c}"' for c in extra]
        base = f"{name}__base"
        self.con.execute(f"CREATE VIEW \"{base}\" AS SELECT {', '.join(select)} FROM \"{raw}\"")
        view_sql = self._derived_view_sql(schema, base)
        if name == "child_measurements":
            try:
                arrow = fetch_arrow(self.con, view_sql)
            except duckdb.Error as exc:  # the z-scores need typed values now, not at query time
                raise DatasetError(
                    f"table {name!r} holds a value of the wrong type "
                    f"({str(exc).splitlines()[0]}); check the file with `kampungkb validate`"
                ) from exc
            arrow = _add_growth(arrow)
            self.con.register(f"{name}__grown", arrow)
            self.con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM "{name}__grown"')
        else:
            self.con.execute(f'CREATE VIEW "{name}" AS {view_sql}')

    def _derived_view_sql(self, schema: TableSchema, base: str) -> str:
        if schema.kind != "snapshot":
            return f'SELECT * FROM "{base}"'
        pe = self._period_end_case(base, schema.period_column or "period", schema.name)
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

    def _period_end_case(self, base: str, column: str, table: str) -> str:
        """``period_end`` as a CASE over the table's distinct periods (computed once each).

        Parsing the period text on every row costs more than the whole measure query;
        a table holds a handful of periods, so their last days are worked out here once.
        """
        source = self._tables.get(table)
        if isinstance(source, pa.Table) and column in source.column_names:
            values = pc.unique(source[column].cast(pa.string())).to_pylist()
        else:
            sql = f'SELECT DISTINCT CAST("{column}" AS VARCHAR) FROM "{base}"'
            values = [r[0] for r in self.con.execute(sql).fetchall()]
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
        return f'CASE "{column}" {" ".join(branches)} END'

    def _register_coverage(self) -> None:
        """The villages the dataset covers: the villages table, else every code seen."""
        if "villages" in self._tables:
            sql = 'SELECT DISTINCT village_code FROM "villages"'
        else:
            parts = [f'SELECT DISTINCT village_code FROM "{n}"' for n in self._tables]
            empty = "SELECT CAST(NULL AS VARCHAR) AS village_code WHERE false"
            sql = " UNION ".join(parts) if parts else empty
        self.con.execute(f"CREATE VIEW _coverage AS {sql}")

    # ------------------------------------------------------------------ access
    @property
    def table_names(self) -> tuple[str, ...]:
        """Canonical tables present, in registration order."""
        return tuple(self._tables)

    def has_table(self, name: str) -> bool:
        """Whether the dataset holds table ``name``."""
        return name in self._tables

    def schema(self, name: str) -> TableSchema:
        """The canonical schema of table ``name``."""
        return self._schemas[name]

    @property
    def schemas(self) -> dict[str, TableSchema]:
        """Every canonical table's schema (with plugins' extensions) this dataset uses."""
        return dict(self._schemas)

    def view_columns(self, name: str) -> dict[str, str]:
        """Columns (name → DuckDB type) visible to filters on table ``name``'s view."""
        rows = self.con.execute(f'DESCRIBE "{name}"').fetchall()
        return {r[0]: str(r[1]) for r in rows}

    def periods(self, name: str) -> list[str]:
        """Distinct periods present in a snapshot table, or years present in an event table."""
        schema = self._schemas[name]
        if schema.period_column:
            sql = f'SELECT DISTINCT "{schema.period_column}" FROM "{name}" ORDER BY 1'
        elif schema.date_column:
            year = f"strftime(\"{schema.date_column}\", '%Y')"
            sql = f'SELECT DISTINCT {year} FROM "{name}" ORDER BY 1'
        else:
            return []
        return [str(r[0]) for r in self.con.execute(sql).fetchall() if r[0] is not None]

    def to_arrow(self, name: str) -> pa.Table:
        """The table as the engine sees it (canonical types plus derived columns)."""
        return fetch_arrow(self.con, f'SELECT * FROM "{name}"')

    def villages(self) -> pa.Table:
        """Village codes and names known from the ``villages`` table (if any)."""
        if "villages" not in self._tables:
            return pa.table({"village_code": pa.array([], pa.string()),
                             "name": pa.array([], pa.string())})
        return fetch_arrow(self.con, 'SELECT village_code, name FROM "villages"')

    def row_counts(self) -> dict[str, int]:
        """Rows per table."""
        return {
            k: v.num_rows if isinstance(v, pa.Table)
            else int(self.con.execute(f'SELECT count(*) FROM "{k}__raw"').fetchone()[0])  # type: ignore[index]
            for k, v in self._tables.items()
        }

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={v}" for k, v in self.row_counts().items())
        return f"Dataset({parts})"

    def close(self) -> None:
        """Close the DuckDB connection."""
        self.con.close()


def _cast(col: Column) -> str:
    if col.type == "VARCHAR[]":
        return f'CAST("{col.name}" AS VARCHAR[]) AS "{col.name}"'
    return f'CAST("{col.name}" AS {col.type}) AS "{col.name}"'


def _add_growth(table: pa.Table) -> pa.Table:
    """Append the WHO growth columns (``kampungkb.growth.GROWTH_COLUMNS``) to measurements."""
    from kampungkb.growth import add_growth_columns  # noqa: PLC0415 - optional heavy import

    out: pa.Table = add_growth_columns(table)
    if "age_months" not in out.column_names:
        age = pc.divide(pc.cast(out["age_days"], pa.float64()), 30.4375)
        out = out.append_column("age_months", age)
    return out
