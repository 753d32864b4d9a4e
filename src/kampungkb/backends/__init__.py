"""Remote backends: the same definitions computed inside PostgreSQL or on Spark.

Build a dataset with :meth:`kampungkb.Dataset.from_postgres` or
:meth:`kampungkb.Dataset.from_spark`; everything else (``compute``, ``evaluate``,
``classify``, reports) is used as with an in-process dataset.  Only the scans are pushed
down: the backend computes the typed views and every measure query, rendered from the one
compiler's DuckDB SQL through SQLGlot, and returns aggregates; roll-up, indicators, intervals,
evaluation and classification run in-process on those aggregates.

The drivers are optional extras, imported only when a backend is used:
``pip install "kampungkb[postgres]"`` (psycopg 3) and ``pip install "kampungkb[spark]"``
(pyspark).  See ``docs/scaling.md``.
"""

from __future__ import annotations

from kampungkb.backends._load import export_postgres, to_postgres
from kampungkb.backends._remote import RemoteDataset
from kampungkb.backends._render import render

__all__ = ["RemoteDataset", "export_postgres", "render", "to_postgres"]
