"""The columnar engine: datasets, one-pass measures, roll-up and results."""

from __future__ import annotations

from kampungkb.engine._compute import compute
from kampungkb.engine._dataset import DERIVED_COLUMNS, Dataset, effective_schemas
from kampungkb.engine._periods import Period, parse_period
from kampungkb.engine._results import LEVELS, RESULT_SCHEMA, Results

__all__ = ["DERIVED_COLUMNS", "LEVELS", "RESULT_SCHEMA", "Dataset", "Period", "Results",
           "compute", "effective_schemas", "parse_period"]
