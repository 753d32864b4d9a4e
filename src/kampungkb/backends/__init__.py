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

The package is lazy (PEP 562), like :mod:`kampungkb`: the command line imports
:mod:`kampungkb.backends._cli` on every ``evaluate`` to see whether a backend was asked for,
and that must not import SQLGlot and the renderers when none was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kampungkb._lazy import lazy_attribute

if TYPE_CHECKING:
    from kampungkb.backends._load import export_postgres, to_postgres
    from kampungkb.backends._remote import RemoteDataset
    from kampungkb.backends._render import render

#: Where each public name lives (imported on first access).
_LAZY = {
    "RemoteDataset": "kampungkb.backends._remote",
    "export_postgres": "kampungkb.backends._load",
    "render": "kampungkb.backends._render",
    "to_postgres": "kampungkb.backends._load",
}

# Hidden from type checkers, so a misspelt name stays an error for them.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Import a public name on first access."""
        return lazy_attribute(globals(), name, _LAZY)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = ["RemoteDataset", "export_postgres", "render", "to_postgres"]
