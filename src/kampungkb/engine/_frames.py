"""Arrow tables as pandas and Polars DataFrames that behave as users of those libraries expect.

* ``level`` is an ordered category: village < district < regency < province, so sorting and
  comparisons follow the hierarchy, not the alphabet.
* Columns whose names are DataFrame attributes are renamed, so ``df.flags`` or ``df.rank`` never
  silently return pandas' own attribute: ``flags`` → ``caveats``, ``rank`` → ``ranking``.
* pandas gets nullable dtypes (``boolean``, ``Int64``, ``Float64``, ``string``): a missing value
  is ``<NA>``, never a float ``NaN`` in an integer column or an ``object`` column of booleans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

from kampungkb.engine._levels import LEVELS

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["FRAME_RENAMES", "LEVEL_ORDER", "to_pandas_frame", "to_polars_frame"]

#: Columns renamed in DataFrames (their names are DataFrame attributes or methods).
FRAME_RENAMES: dict[str, str] = {"flags": "caveats", "rank": "ranking"}

#: Levels from the village up: the order of the ``level`` category.
LEVEL_ORDER: tuple[str, ...] = tuple(LEVELS)


def _renamed(table: pa.Table) -> pa.Table:
    return table.rename_columns([FRAME_RENAMES.get(c, c) for c in table.column_names])


def to_pandas_frame(table: pa.Table) -> pd.DataFrame:
    """``table`` as a pandas DataFrame (nullable dtypes, ordered ``level``, safe names)."""
    import pandas as pd  # noqa: PLC0415 - optional dependency

    mapping: dict[pa.DataType, Any] = {
        pa.bool_(): pd.BooleanDtype(), pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(),
        pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(),
        pa.float32(): pd.Float32Dtype(), pa.float64(): pd.Float64Dtype(),
        pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(),
    }
    frame: pd.DataFrame = _renamed(table).to_pandas(types_mapper=mapping.get)
    if "level" in frame.columns:
        frame["level"] = pd.Categorical(frame["level"].astype(object),
                                        categories=list(LEVEL_ORDER), ordered=True)
    return frame


def to_polars_frame(table: pa.Table) -> pl.DataFrame:
    """``table`` as a Polars DataFrame (``level`` an ordered Enum, safe names)."""
    import polars as pl  # noqa: PLC0415 - optional dependency

    frame = pl.from_arrow(_renamed(table))
    if not isinstance(frame, pl.DataFrame):  # pragma: no cover - a table gives a DataFrame
        frame = frame.to_frame()
    if "level" in frame.columns:
        frame = frame.with_columns(pl.col("level").cast(pl.Enum(list(LEVEL_ORDER))))
    return frame
