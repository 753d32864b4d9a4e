"""The command line's ``--engine``: open PATH in PostgreSQL or on Spark (``kampungkb evaluate``).

``kampungkb evaluate postgresql://user@host/db --schema kb --set cikar …`` computes inside
PostgreSQL (the engine is chosen by itself for a ``postgresql://`` or ``postgres://`` address);
``kampungkb evaluate DATA --engine spark [--spark-master local[2]]`` on Spark, DATA being a
folder of Parquet tables (one ``<table>.parquet`` file or folder each).  Data read this way is
not validated by :mod:`kampungkb.io`: validate an export with ``kampungkb validate`` first.
"""

from __future__ import annotations

import argparse

from kampungkb.engine._dataset import Dataset
from kampungkb.errors import DatasetError

__all__ = ["engine_of", "remote_dataset"]

_SCHEMES = ("postgresql://", "postgres://")


def engine_of(args: argparse.Namespace) -> str:
    """``duckdb``, ``postgres`` or ``spark``: ``--engine``, else from PATH."""
    engine = getattr(args, "engine", None)
    path = str(getattr(args, "path", "") or "")
    if engine is None:
        return "postgres" if path.startswith(_SCHEMES) else "duckdb"
    if engine not in ("duckdb", "postgres", "spark"):
        raise DatasetError.of("backends.unknown_engine", engine=engine)
    return str(engine)


def remote_dataset(args: argparse.Namespace) -> Dataset | None:
    """The dataset in PostgreSQL or on Spark that ``args`` name, or None for DuckDB."""
    engine = engine_of(args)
    if engine in ("postgres", "spark") and getattr(args, "within", None):
        raise DatasetError.of("cli.within_engine", engine=engine)
    if engine == "postgres":
        return Dataset.from_postgres(str(args.path), schema=getattr(args, "schema", "public"))
    if engine == "spark":
        from kampungkb.backends._spark import local_session  # noqa: PLC0415 - the extra

        session = local_session(getattr(args, "spark_master", None) or "local[2]")
        return Dataset.from_spark(session, path=str(args.path))
    return None
