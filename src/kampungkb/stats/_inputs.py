"""Read count and proportion columns into float64 NumPy arrays and check them, vectorised.

Nothing here loops over elements in Python: checks are whole-array comparisons, and only the
first few offending positions are turned into text for an error message.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kampungkb.errors import KampungKBError

__all__ = [
    "ArrayLike",
    "FloatArray",
    "StatsInputError",
    "as_float",
    "broadcast",
    "check_counts",
    "check_proportion",
    "check_within",
    "z_value",
]

#: Anything column-like: a NumPy array, a pyarrow Array/ChunkedArray, a pandas or polars Series,
#: a Python sequence (nested sequences for 2-D), or a single number.
ArrayLike = Any

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_SHOW: Final = 5  # offending positions named in an error message


class StatsInputError(KampungKBError, ValueError):
    """Input to a :mod:`kampungkb.stats` function cannot give a valid interval.

    Raised for negative or infinite counts, a numerator above its denominator, a proportion
    outside 0–1, a confidence level outside (0, 1), values that are not numbers, and inputs
    whose shapes do not broadcast.  The message names the argument and the position(s).
    """


def as_float(values: ArrayLike, name: str) -> FloatArray:
    """A float64 array from any column-like input; nulls (None, pandas NA, Arrow null) -> NaN.

    Text is refused even when it looks like a number (``"12"``): counts arrive as numbers.
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return _arrow_to_float(values, name)
    if not isinstance(values, np.ndarray):
        try:
            values = np.asarray(values)  # sequences, pandas and polars Series, scalars
        except (TypeError, ValueError) as exc:
            raise StatsInputError.of(
                "stats.not_numbers", name=name, kind=exc.__class__.__name__
            ) from exc
    if values.dtype.kind in "fiub":
        return np.asarray(values, dtype=np.float64)
    if values.dtype.kind == "O":  # None / pandas NA mixed with numbers: let Arrow type them
        try:
            arr = pa.array(values.ravel(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise StatsInputError.of(
                "stats.not_numbers", name=name, kind=exc.__class__.__name__
            ) from exc
        return _arrow_to_float(arr, name).reshape(values.shape)
    raise StatsInputError.of("stats.not_numbers_dtype", name=name, dtype=str(values.dtype))


def _arrow_to_float(values: pa.Array, name: str) -> FloatArray:
    if not (pa.types.is_integer(values.type) or pa.types.is_floating(values.type)
            or pa.types.is_decimal(values.type) or pa.types.is_null(values.type)
            or pa.types.is_boolean(values.type)):  # fmt: skip
        raise StatsInputError.of("stats.not_numbers_arrow", name=name, arrow_type=str(values.type))
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    filled = pc.fill_null(values.cast(pa.float64()), math.nan)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.float64)


def positions(mask: BoolArray) -> tuple[str, dict[str, Any]]:
    """Where the True entries of a mask are: ``("single" | "one" | "many", fields)`` — the
    form of the message (the only value, one position, several) and its ``positions`` (the
    first few, ``"3, 17"``) and ``count``."""
    if mask.ndim == 0:
        return "single", {}
    found = np.argwhere(mask)
    total = len(found)
    shown = found[:_SHOW]
    if mask.ndim == 1:
        text = ", ".join(str(int(i[0])) for i in shown)
    else:
        text = ", ".join(str(tuple(int(j) for j in i)) for i in shown)
    if total > _SHOW:
        text += ", …"
    return ("one" if total == 1 else "many"), {"positions": text, "count": total}


def _fail_if(mask: BoolArray, name: str, problem: str) -> None:
    """Raise the ``stats.<problem>_<where>`` message when any entry of ``mask`` is True."""
    if mask.any():
        where, fields = positions(mask)
        raise StatsInputError.of(f"stats.{problem}_{where}", name=name, **fields)


def check_counts(values: FloatArray, name: str) -> None:
    """Counts must be finite and not negative; NaN (missing) is allowed and passes through."""
    _fail_if(np.isinf(values), name, "infinite")
    _fail_if(values < 0, name, "negative")


def check_proportion(values: FloatArray, name: str) -> None:
    """Proportions must lie in 0–1; NaN (missing) is allowed and passes through."""
    _fail_if(np.isinf(values) | (values < 0) | (values > 1), name, "outside_unit")


def check_within(numerator: FloatArray, denominator: FloatArray, name: str) -> None:
    """A numerator may not exceed its denominator (missing values are skipped)."""
    _fail_if(numerator > denominator, name, "above_denominator")


def broadcast(*arrays: tuple[FloatArray, str]) -> list[FloatArray]:
    """Broadcast the arrays against each other (NumPy rules), naming them if they do not fit."""
    try:
        together = np.broadcast_arrays(*(a for a, _ in arrays))
    except ValueError as exc:
        shapes = ", ".join(f"{n} {a.shape}" for a, n in arrays)
        raise StatsInputError.of("stats.shapes", shapes=shapes) from exc
    return [np.asarray(a, dtype=np.float64) for a in together]


def z_value(confidence: float, name: str = "confidence") -> float:
    """The two-sided standard normal quantile z for a confidence level in (0, 1)."""
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float, np.floating)):
        raise StatsInputError.of("stats.confidence_type", name=name, kind=type(confidence).__name__)
    level = float(confidence)
    if not 0.0 < level < 1.0:  # also rejects NaN
        raise StatsInputError.of("stats.confidence_range", name=name, level=level)
    return NormalDist().inv_cdf(1.0 - (1.0 - level) / 2.0)
