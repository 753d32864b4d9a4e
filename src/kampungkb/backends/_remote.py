"""A dataset whose canonical tables live in another engine (PostgreSQL, Spark).

Only the scans are pushed down.  The backend runs the typed views (the same casts and derived
columns as the in-process dataset: ``period_end``, ``age_years``, ``is_pus``) and every measure
query the compiler writes, rendered for its dialect (:mod:`kampungkb.backends._render`), and
returns only aggregates — one row per village, period (and category) with one number per
measure — as Arrow.  They are inserted into the call's own in-process DuckDB connection, where
everything after the measures (roll-up, indicators, intervals, evaluation, classification,
reports) runs exactly as for an in-process dataset.

The village list (``villages``) and the village codes the dataset covers are fetched once, when
the dataset is built: they are village-level and hold no personal data.  Personal columns (NIK,
KK number, names) are never selected, so they never leave the backend.
"""

from __future__ import annotations

import importlib
import itertools
import re
import threading
import types
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, cast

import duckdb
import pyarrow as pa

from kampungkb.backends._render import Dialect, render, with_views
from kampungkb.definitions._records import sql_type
from kampungkb.engine._dataset import Dataset, _cast, _definitions_of, _quote
from kampungkb.errors import DatasetError
from kampungkb.indicators._derived import derived_columns
from kampungkb.models._schema import TableSchema

__all__ = ["Backend", "RemoteDataset", "dataset_schemas_of", "import_extra", "safe_detail"]


class Backend(Protocol):
    """What a remote engine offers the dataset (one per dataset; thread-safe)."""

    dialect: Dialect
    label: str

    def relation(self, table: str) -> str:
        """The table's relation in DuckDB SQL spelling (``"schema"."persons"``)."""

    def columns(self, table: str) -> list[str]:
        """The table's column names, in order."""

    def fetch(self, sql: str) -> pa.Table:
        """Run ``sql`` (already in the backend's dialect) on a private session; the rows."""

    def lms_relations(self) -> Mapping[str, str]:
        """Load WHO's LMS tables (:func:`kampungkb.growth._sql.lms_tables`) for the growth
        z-scores; their relation names, keyed ``lhfa``, ``wfa``, ``wfl``, ``wfh``."""

    def materialize(self, name: str, sql: str) -> str | None:
        """Compute ``sql`` once and keep it for the dataset's lifetime; its relation, or None
        when the backend recomputes views per query instead."""

    def close(self) -> None:
        """Release what the backend holds (not the caller's own connection or session)."""


def import_extra(module: str, *, backend: str, extra: str, package: str) -> Any:
    """``module`` of an optional extra, or a bilingual error naming the extra to install."""
    try:
        return importlib.import_module(module)  # the optional extra, on use
    except ModuleNotFoundError as exc:
        raise DatasetError.of(
            "backends.extra_missing", backend=backend, extra=extra, package=package
        ) from exc


def dataset_schemas_of(
    schemas: Mapping[str, TableSchema] | None, definitions: Any | None
) -> Mapping[str, TableSchema]:
    """The table schemas a dataset built with these arguments uses."""
    return schemas if schemas is not None else _definitions_of(definitions).schemas


_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'|`([^`]*)`")


def safe_detail(message: str, known: set[str]) -> str:
    """The first line of a backend's error message, quoted values masked (``'…'``).

    A quoted name of a table or column the dataset knows stays; any other quoted text might be
    a value from the data (an engine's ``invalid input syntax: "…"``), so it is replaced, and
    with it the rest of the line up to the last quote (a value may hold quotes itself).
    """
    line = (message.strip().splitlines() or [""])[0][:300]
    for m in _QUOTED.finditer(line):
        inner = next(g for g in m.groups() if g is not None)
        if inner in known:
            continue
        # a value: engines do not escape quotes inside it (PostgreSQL's "Ahmad "Udin"", Spark's
        # 'Ja'far'), so its end cannot be found; everything up to the line's last quote goes
        last = max(line.rfind(q) for q in "\"'`")
        return line[: m.start() + 1] + "…" + line[last:]
    return line


#: The view builder's question for a snapshot table's periods (answered from one query).
_DISTINCT = re.compile(r'SELECT DISTINCT CAST\("([^"]+)" AS VARCHAR\) FROM "([^"]+)__base"')


class _RemoteConnection:
    """Just enough of a DuckDB connection for the dataset's view builder: ``execute`` runs a
    small read-only query (distinct periods) in the backend."""

    def __init__(self, dataset: RemoteDataset) -> None:
        self._dataset = dataset
        self._rows: list[tuple[Any, ...]] = []

    def execute(self, sql: str) -> _RemoteConnection:
        known = _DISTINCT.fullmatch(sql.strip())
        cached = self._dataset._distinct.get(known.group(2)) if known else None
        if known and cached is not None and cached[0] == known.group(1):
            self._rows = [(v,) for v in cached[1]]  # read for every table in one query
            return self
        table = self._dataset._remote(sql)
        columns = [c.to_pylist() for c in table.columns]  # a handful of distinct periods
        self._rows = list(zip(*columns, strict=True))
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows


class RemoteDataset(Dataset):
    """Canonical tables in PostgreSQL or Spark, used like any :class:`~kampungkb.Dataset`.

    Build one with :meth:`kampungkb.Dataset.from_postgres` or
    :meth:`kampungkb.Dataset.from_spark`.  Immutable and safe to use from many threads: each
    call runs its queries on its own backend session (a PostgreSQL connection per call, or
    the caller's connection under a lock; Spark's session is thread-safe) and works in its
    own in-process DuckDB connection.
    """

    # one backend session per call: its measure queries run one after another there
    _concurrent_queries = False

    def __init__(
        self,
        backend: Backend,
        tables: Sequence[str],
        *,
        schemas: Mapping[str, TableSchema] | None = None,
        source: str = "",
        definitions: Any | None = None,
    ) -> None:
        self._definitions = _definitions_of(definitions)
        self._schemas = types.MappingProxyType(
            dict(schemas if schemas is not None else self._definitions.schemas)
        )
        self.source = source or backend.label
        self._backend = backend
        self._db = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self._closed = False
        self._tables: dict[str, Any] = {}
        self._arrow: dict[str, pa.Table] = {}
        self._statements: list[str] = []
        self._periods: dict[str, list[str]] = {}  # filled by the view builder
        self._distinct: dict[str, tuple[str, list[Any]]] = {}
        self._views: dict[str, str] = {}
        self._deps: dict[str, list[str]] = {}
        self._counter = itertools.count()
        self._known = set(self._schemas)
        for schema in self._schemas.values():
            self._known.update(c.name for c in schema.columns)
            self._known.update(derived_columns(schema))
        self._list_columns = sorted(
            {c.name for s in self._schemas.values() for c in s.columns if c.type.endswith("[]")}
        )
        for name in tables:
            if name not in self._schemas:
                raise DatasetError.of(
                    "backends.unknown_table", table=name, known=", ".join(sorted(self._schemas))
                )
            self._add_base(self._schemas[name])
        self._distinct = self._distinct_periods()
        for name in tables:
            self._add_views(self._schemas[name])
        self._add_coverage()
        self._arrow["_coverage"] = self._remote(
            "SELECT DISTINCT village_code FROM _coverage WHERE village_code IS NOT NULL"
        )
        if "villages" in self._tables:
            # the canonical columns only: an application's table may carry more (a village
            # head's name), which stays in the database
            kept = ", ".join(
                _quote(c.name)
                for c in self._schemas["villages"].columns
                if not (c.personal or c.derived)
            )
            self._arrow["villages"] = self._remote(f'SELECT {kept} FROM "villages"')
        self._view_columns = {name: self._describe(name) for name in self._tables}

    # ------------------------------------------------------------------ views
    def _add_base(self, schema: TableSchema) -> None:
        name = schema.name
        relation = self._backend.relation(name)
        self._tables[name] = relation
        columns = self._backend.columns(name)
        present = set(columns)
        missing = [
            c.name for c in schema.columns if c.required and not c.derived and c.name not in present
        ]
        if missing:
            raise DatasetError.of(
                "backends.missing_columns",
                table=name,
                columns=", ".join(missing),
                backend=self._backend.label,
            )
        select = []
        for col in schema.columns:
            if col.derived or col.personal:
                continue  # personal data never enters the views, so it never leaves the backend
            if col.name in present:
                select.append(_cast(col))
            else:
                select.append(f"CAST(NULL AS {sql_type(col)}) AS {_quote(col.name)}")
        select += [_quote(c) for c in columns if not schema.has_column(c)]
        base = f"{name}__base"
        self._views[base] = f"SELECT {', '.join(select)} FROM {relation}"
        self._deps[base] = []

    def _distinct_periods(self) -> dict[str, tuple[str, list[Any]]]:
        """Every snapshot table's distinct periods, in one query: table → (column, values)."""
        wanted = {
            n: str(self._schemas[n].period_column or "period")
            for n in self._tables
            if self._schemas[n].kind == "snapshot"
        }
        if not wanted:
            return {}
        sql = " UNION ALL ".join(
            f"SELECT * FROM (SELECT '{n}' AS t, CAST({_quote(c)} AS VARCHAR) AS p "
            f'FROM "{n}__base" GROUP BY 2) AS _d{i}'
            for i, (n, c) in enumerate(wanted.items())
        )
        found = self._remote(sql)
        out: dict[str, tuple[str, list[Any]]] = {n: (c, []) for n, c in wanted.items()}
        for t, value in zip(found["t"].to_pylist(), found["p"].to_pylist(), strict=True):
            out[t][1].append(value)
        return out

    def _add_views(self, schema: TableSchema) -> None:
        name, base = schema.name, f"{schema.name}__base"
        con = cast(duckdb.DuckDBPyConnection, _RemoteConnection(self))
        view_sql = self._derived_view_sql(con, schema, base)
        if name == "child_measurements":
            # the WHO z-scores, computed in the backend by a join on the LMS tables
            from kampungkb.growth._sql import growth_sql  # noqa: PLC0415 - numpy, on use

            typed = f"{name}__typed"
            self._views[typed], self._deps[typed] = view_sql, [base]
            columns = list(self._describe(typed))
            try:
                view_sql = growth_sql(typed, columns, lms=self._backend.lms_relations())
            except ValueError as exc:
                raise DatasetError.of(
                    "backends.missing_columns",
                    table=name,
                    columns=str(exc).split("column(s) ")[-1].split(" ")[0],
                    backend=self._backend.label,
                ) from exc
            base = typed
        self._views[name] = view_sql
        self._deps[name] = [base]
        if name == "child_measurements":
            kept = self._backend.materialize(name, self.rendered(f'SELECT * FROM "{name}"'))
            if kept is not None:
                self._views[name], self._deps[name] = f"SELECT * FROM {kept}", []

    def _add_coverage(self) -> None:
        if "villages" in self._tables:
            sql, deps = 'SELECT DISTINCT village_code FROM "villages"', ["villages"]
        else:
            deps = list(self._tables)
            parts = [f'SELECT DISTINCT village_code FROM "{n}"' for n in deps]
            empty = "SELECT CAST(NULL AS VARCHAR) AS village_code WHERE false"
            sql = " UNION ".join(parts) if parts else empty
        self._views["_coverage"] = sql
        self._deps["_coverage"] = deps

    def _describe(self, name: str) -> dict[str, str]:
        empty = self._remote(f'SELECT * FROM "{name}" WHERE 1 = 0')
        con = duckdb.connect(":memory:")
        try:
            con.register("_t", empty)
            return {str(r[0]): str(r[1]) for r in con.execute("DESCRIBE _t").fetchall()}
        finally:
            con.close()

    # ------------------------------------------------------------------ running
    def rendered(self, sql: str) -> str:
        """``sql`` (DuckDB SQL over the dataset's views) as the backend runs it."""
        return render(
            with_views(sql, self._views, self._deps),
            self._backend.dialect,
            list_columns=self._list_columns,
        )

    def _remote(self, sql: str) -> pa.Table:
        with self._lock:
            if self._closed:
                raise DatasetError.of("backends.closed")
        return self._backend.fetch(self.rendered(sql))

    def _pushdown(self, con: duckdb.DuckDBPyConnection, sql: str) -> str:
        """Run a measure query in the backend; its aggregates become a relation on ``con``."""
        table = self._remote(sql)
        name = f"_kkb_rows_{next(self._counter)}"
        con.register(name, table)
        return f'SELECT * FROM "{name}"'

    # ------------------------------------------------------------------ access
    @property
    def backend(self) -> str:
        """Where the tables live (``"PostgreSQL"`` or ``"Spark"``)."""
        return self._backend.label

    def _distinct_values(self, sql: str) -> list[Any]:
        """The values of column ``p`` of ``sql``, computed in the backend (periods)."""
        return list(self._remote(sql)["p"].to_pylist())

    def query(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> pa.Table:
        """Run read-only SQL over the village list and ``_coverage`` (held locally).

        Queries over the microdata tables go to the backend with :meth:`remote_query`.
        """
        if "__raw" in sql:
            raise DatasetError.of("backends.no_raw", backend=self._backend.label)
        return super().query(sql, params)

    def remote_query(self, sql: str) -> pa.Table:
        """Run read-only DuckDB SQL over the dataset's views *in the backend* (Arrow result).

        The views hold no personal column; still, select aggregates, not rows, of large tables.
        """
        return self._remote(sql)

    def to_arrow(self, name: str) -> pa.Table:
        """The table as the engine sees it, fetched from the backend (no personal column)."""
        return self._remote(f'SELECT * FROM "{name}"')

    def villages(self) -> pa.Table:
        """Village codes and names known from the ``villages`` table (if any)."""
        return super().villages()

    def row_counts(self) -> dict[str, int]:
        """Rows per table (counted in the backend)."""
        if not self._tables:
            return {}
        parts = " UNION ALL ".join(
            f"SELECT '{n}' AS t, count(*) AS n FROM \"{n}__base\"" for n in self._tables
        )
        table = self._remote(parts)
        counts = dict(zip(table["t"].to_pylist(), table["n"].to_pylist(), strict=True))
        return {n: int(counts[n]) for n in self._tables}

    def close(self) -> None:
        """Close the local database and release the backend's own resources."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._db.close()
        self._backend.close()
