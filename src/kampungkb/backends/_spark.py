"""Spark backend: canonical tables as Spark DataFrames, Spark tables or Parquet files.

Needs the ``[spark]`` extra (pyspark; Spark 4 runs on Java 17).  Works with any
``SparkSession``: ``local[N]``, a cluster reached through ``spark-submit``, or Spark Connect
(``SparkSession.builder.remote("sc://…")``).  Each input table is registered once as a
session-scoped temporary view with a name unique to the dataset (``kkb_<token>_persons``), so
datasets sharing a session never see each other's tables; :meth:`RemoteDataset.close` drops
them.  Queries read them through the dataset's views, carried as common table expressions;
``SparkSession.sql`` may be called from many threads at once.  Results come back as Arrow
(``DataFrame.toArrow``): only aggregates, one row per village, period (and category).
"""

from __future__ import annotations

import contextlib
import importlib
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from kampungkb.backends._remote import (
    RemoteDataset,
    dataset_schemas_of,
    import_extra,
    safe_detail,
)
from kampungkb.backends._render import Dialect
from kampungkb.errors import DatasetError

__all__ = ["SparkBackend", "from_spark", "import_pyspark", "local_session"]


def import_pyspark() -> Any:
    """The pyspark.sql module, or a bilingual error naming the extra to install."""
    return import_extra("pyspark.sql", backend="Spark", extra="spark", package="pyspark")


def local_session(master: str = "local[2]", *, app: str = "kampungkb") -> Any:
    """A small, quiet Spark session (shuffle partitions = cores, no UI), or the active one.

    Args:
        master: the Spark master (``local[2]``, ``spark://host:7077``, ``yarn`` …); a
            ``sc://`` address starts a Spark Connect client instead.
    """
    sql = import_pyspark()
    builder = sql.SparkSession.builder.appName(app)
    if master.startswith("sc://"):
        return builder.remote(master).getOrCreate()
    cores = master[len("local[") : -1] if master.startswith("local[") else ""
    partitions = cores if cores.isdigit() else "8"
    session = (
        builder.master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", partitions)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkBackend:
    """Runs rendered queries on a Spark session over the dataset's temporary views."""

    dialect: Dialect = "spark"
    label = "Spark"

    def __init__(self, spark: Any, frames: Mapping[str, Any]) -> None:
        self._spark = spark
        self._token = token = uuid.uuid4().hex[:12]
        self._views = {name: f"kkb_{token}_{name}" for name in frames}
        self._columns: dict[str, list[str]] = {}
        for name, frame in frames.items():
            frame.createOrReplaceTempView(self._views[name])
            self._columns[name] = list(frame.columns)
        self._known = set(self._views) | {c for cols in self._columns.values() for c in cols}

    def relation(self, table: str) -> str:
        return f'"{self._views[table]}"'

    def columns(self, table: str) -> list[str]:
        return list(self._columns[table])

    def fetch(self, sql: str) -> pa.Table:
        errors = import_pyspark_errors()
        try:
            out = self._spark.sql(sql).toArrow()
        except errors as exc:
            raise DatasetError.of(
                "backends.query_failed",
                backend=self.label,
                detail=safe_detail(str(exc), self._known),
            ) from exc
        return out if isinstance(out, pa.Table) else pa.table(out)

    def lms_relations(self) -> Mapping[str, str]:
        """Session temporary views of the LMS tables (registered once per dataset)."""
        from kampungkb.growth._sql import lms_tables  # noqa: PLC0415 - numpy, on use

        out: dict[str, str] = {}
        for name, table in lms_tables().items():
            view = f"kkb_{self._token}_who_{name}"
            self._spark.createDataFrame(table).createOrReplaceTempView(view)
            self._views[f"_who_{name}"] = view
            out[name] = view
        return out

    def materialize(self, name: str, sql: str) -> str | None:
        """The WHO z-scores of child measurements, computed once (``localCheckpoint``: kept
        by the executors, lineage cut), so each query does not re-plan the long expression."""
        view = f"kkb_{self._token}_{name}__kept"
        frame = self._spark.sql(sql).localCheckpoint(eager=True)
        frame.createOrReplaceTempView(view)
        self._views[f"{name}__kept"] = view
        return f'"{view}"'

    def close(self) -> None:
        for view in self._views.values():
            self._spark.catalog.dropTempView(view)


def import_pyspark_errors() -> tuple[type[BaseException], ...]:
    """The exception types a Spark query raises (analysis and execution errors)."""
    out: list[type[BaseException]] = [importlib.import_module("pyspark.errors").PySparkException]
    with contextlib.suppress(ModuleNotFoundError):  # classic (JVM) sessions; not Connect
        out.append(importlib.import_module("py4j.protocol").Py4JJavaError)
    return tuple(out)


def _is_path(text: str) -> bool:
    return "/" in text or text.endswith(".parquet") or Path(text).exists()


def _frame(spark: Any, name: str, source: Any) -> Any:
    if hasattr(source, "createOrReplaceTempView") and hasattr(source, "columns"):
        return source
    if isinstance(source, Path) or (isinstance(source, str) and _is_path(source)):
        return spark.read.parquet(str(source))
    if isinstance(source, str):
        return spark.table(source)
    raise DatasetError.of("backends.spark_source", table=name, kind=type(source).__name__)


def _folder_tables(folder: Path, names: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        for candidate in (folder / f"{name}.parquet", folder / name):
            if candidate.exists():
                found[name] = str(candidate)
                break
    return found


def from_spark(
    spark: Any,
    *,
    tables: Mapping[str, Any] | None = None,
    path: str | Path | None = None,
    schemas: Mapping[str, Any] | None = None,
    definitions: Any | None = None,
    source: str = "",
) -> RemoteDataset:
    """See :meth:`kampungkb.Dataset.from_spark`."""
    import_pyspark()
    known = list(dataset_schemas_of(schemas, definitions))
    given: dict[str, Any] = dict(tables or {})
    if path is not None:
        given = {**_folder_tables(Path(path), known), **given}
    if not given:
        raise DatasetError.of(
            "backends.no_tables",
            backend="Spark",
            where=str(path) if path is not None else "tables=",
            tables="–",
        )
    for name in given:
        if name not in known:
            raise DatasetError.of("backends.unknown_table", table=name, known=", ".join(known))
    frames = {name: _frame(spark, name, data) for name, data in given.items()}
    backend = SparkBackend(spark, frames)
    try:
        return RemoteDataset(
            backend,
            list(frames),
            schemas=schemas,
            definitions=definitions,
            source=source or (f"Spark ({path})" if path else "Spark"),
        )
    except BaseException:
        backend.close()
        raise
