"""Turn user columns (numpy, pyarrow, pandas, polars, sequences) into plain numpy arrays.

Everything here is vectorised: text codes are dictionary-encoded by Arrow and only the
*distinct* codes are looked at in Python, never one value per row.
"""

from __future__ import annotations

import functools
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa

__all__ = [
    "LYING",
    "STANDING",
    "UNKNOWN",
    "ArrayLike",
    "dates_to_days",
    "position_codes",
    "resolve_age",
    "sex_codes",
    "to_arrow",
    "to_float",
]

#: Anything column-like: numpy array, pyarrow Array/ChunkedArray, pandas or polars Series, or a
#: sequence of Python values.
ArrayLike = Any

FloatArray = npt.NDArray[np.float64]
CodeArray = npt.NDArray[np.int8]

UNKNOWN: Final = 0
LYING: Final = 1
STANDING: Final = 2

_SEX_TEXT: Final[dict[str, int]] = {
    "m": 1, "1": 1, "l": 1, "male": 1, "laki-laki": 1,
    "f": 2, "2": 2, "p": 2, "female": 2, "perempuan": 2,
}  # fmt: skip
_POSITION_TEXT: Final[dict[str, int]] = {
    "lying": LYING, "l": LYING, "recumbent": LYING, "length": LYING,
    "standing": STANDING, "h": STANDING, "height": STANDING,
}  # fmt: skip


def to_arrow(values: ArrayLike, name: str) -> pa.Array:
    """One contiguous Arrow array from any column-like input."""
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    to_arrow_method = getattr(values, "to_arrow", None)  # polars Series
    if callable(to_arrow_method) and not isinstance(values, np.ndarray):
        return to_arrow(to_arrow_method(), name)
    try:
        return pa.array(values)  # pandas objects get pandas null semantics automatically
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        msg = f"{name}: cannot read the values as one column ({exc.__class__.__name__})"
        raise TypeError(msg) from exc


def to_float(values: ArrayLike, name: str) -> FloatArray:
    """A float64 numpy array; nulls and infinities become NaN."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        out = np.asarray(values, dtype=np.float64)
    else:
        out = _arrow_to_float(to_arrow(values, name), name)
    if not np.isfinite(out).all():  # +/-inf is as unusable as a missing value
        out = np.where(np.isinf(out), np.nan, out)
    return out


def _arrow_to_float(arr: pa.Array, name: str) -> FloatArray:
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    if pa.types.is_null(arr.type):
        return np.full(len(arr), np.nan)
    if not (pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type)
            or pa.types.is_decimal(arr.type)):  # fmt: skip
        msg = f"{name}: expected numbers, got Arrow type {arr.type}"
        raise TypeError(msg)
    arr = pc.fill_null(arr.cast(pa.float64()), np.nan)
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=np.float64)


def _spellings(mapping: dict[str, int]) -> tuple[pa.Array, CodeArray]:
    """Every accepted spelling (lower, upper, title case, and '') and its code; last slot: null."""
    texts = sorted({v for key in mapping for v in (key, key.upper(), key.title())} | {""})
    codes = np.array([mapping.get(t.lower(), 0) for t in texts] + [0], dtype=np.int8)
    return pa.array(texts, pa.string()), codes


@functools.cache
def _sex_spellings() -> tuple[pa.Array, CodeArray]:
    # built on first use, not at import: building an Arrow array imports pandas when it is
    # installed, and importing kampungkb must not
    return _spellings(_SEX_TEXT)


@functools.cache
def _position_spellings() -> tuple[pa.Array, CodeArray]:
    return _spellings(_POSITION_TEXT)


def _text_codes(
    arr: pa.Array,
    mapping: dict[str, int],
    name: str,
    spellings: tuple[pa.Array, CodeArray] | None = None,
) -> CodeArray:
    """Map a text column to small integer codes (nulls and '' -> 0).

    Fast path: one hash lookup per value against the accepted spellings. Anything else (spaces,
    odd capitalisation, unknown codes) goes through the distinct values, normalised in Python.
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    if spellings is not None and not pa.types.is_dictionary(arr.type):
        value_set, spelled = spellings
        found = pc.index_in(arr.cast(pa.string()), value_set=value_set)
        if found.null_count == arr.null_count:
            idx = pc.fill_null(found, len(spelled) - 1).to_numpy(zero_copy_only=False)
            fast: CodeArray = spelled[np.asarray(idx)]
            return fast
    if pa.types.is_dictionary(arr.type):
        encoded = arr
    else:
        encoded = pc.dictionary_encode(arr.cast(pa.string()))
    dictionary = encoded.dictionary.to_pylist()
    lookup = np.zeros(len(dictionary) + 1, dtype=np.int8)
    unknown: list[str] = []
    for pos, raw in enumerate(dictionary):
        text = str(raw).strip().lower()
        if text == "":
            continue
        if text not in mapping:
            unknown.append(str(raw))
            continue
        lookup[pos] = mapping[text]
    if unknown:
        msg = f"{name}: unknown code(s) {sorted(unknown)[:10]}; allowed: {sorted(mapping)}"
        raise ValueError(msg)
    indices = pc.fill_null(encoded.indices.cast(pa.int64()), len(dictionary))
    codes: CodeArray = lookup[np.asarray(indices.to_numpy(zero_copy_only=False))]
    return codes


def sex_codes(values: ArrayLike, n: int | None = None) -> CodeArray:
    """Sex as codes 1 (male) / 2 (female) / 0 (missing).

    Accepts ``"m"``/``"f"``, ``"M"``/``"F"``, ``"L"``/``"P"`` (laki-laki/perempuan),
    ``"male"``/``"female"`` and the numbers 1/2 (WHO's coding).

    Raises:
        ValueError: a value is none of these.
    """
    if isinstance(values, str) and n is not None:
        return np.full(n, _text_codes(pa.array([values]), _SEX_TEXT, "sex")[0], dtype=np.int8)
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        num = np.asarray(values, dtype=np.float64)
    else:
        arr = to_arrow(values, "sex")
        if (
            pa.types.is_string(arr.type)
            or pa.types.is_large_string(arr.type)
            or (pa.types.is_dictionary(arr.type))
        ):
            return _text_codes(arr, _SEX_TEXT, "sex", _sex_spellings())
        num = to_float(arr, "sex")
    finite = np.isfinite(num)
    bad = finite & (num != 1.0) & (num != 2.0)
    if bad.any():
        msg = f"sex: unknown numeric code(s) {sorted(set(num[bad].tolist()))[:10]}; allowed: 1, 2"
        raise ValueError(msg)
    return np.where(finite, num, 0.0).astype(np.int8)


def position_codes(values: ArrayLike, n: int) -> CodeArray:
    """Measurement position as codes 1 (lying) / 2 (standing) / 0 (unknown).

    Accepts ``"lying"``/``"standing"``, WHO's ``"l"``/``"h"`` in either case, and nulls (unknown).
    ``None`` or a single string applies to every row.

    Raises:
        ValueError: a value is none of these.
    """
    if values is None:
        return np.zeros(n, dtype=np.int8)
    if isinstance(values, str):
        code = _text_codes(pa.array([values]), _POSITION_TEXT, "measured")[0]
        return np.full(n, code, dtype=np.int8)
    arr = to_arrow(values, "measured")
    if pa.types.is_null(arr.type):
        return np.zeros(len(arr), dtype=np.int8)
    return _text_codes(arr, _POSITION_TEXT, "measured", _position_spellings())


def dates_to_days(values: ArrayLike, name: str) -> FloatArray:
    """Days since 1970-01-01 as float64 (NaN = missing) from any date-like column."""
    arr = to_arrow(values, name)
    if pa.types.is_null(arr.type):
        return np.full(len(arr), np.nan)
    if pa.types.is_timestamp(arr.type) or pa.types.is_date64(arr.type):
        arr = arr.cast(pa.date32(), safe=False)
    elif pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.date32())  # ISO dates, YYYY-MM-DD
    if not pa.types.is_date32(arr.type):
        msg = f"{name}: expected dates, got Arrow type {arr.type}"
        raise TypeError(msg)
    return to_float(arr.cast(pa.int32()), name)


def resolve_age(
    age_days: ArrayLike | None,
    birth_date: ArrayLike | None,
    measurement_date: ArrayLike | None,
) -> FloatArray:
    """Age in (possibly fractional) days from either ``age_days`` or the two dates.

    Raises:
        ValueError: neither or both ways were given.
    """
    if age_days is not None:
        if birth_date is not None or measurement_date is not None:
            msg = "give either age_days or birth_date and measurement_date, not both"
            raise ValueError(msg)
        return to_float(age_days, "age_days")
    if birth_date is None or measurement_date is None:
        msg = "give age_days, or both birth_date and measurement_date"
        raise ValueError(msg)
    born = dates_to_days(birth_date, "birth_date")
    measured = dates_to_days(measurement_date, "measurement_date")
    if born.shape != measured.shape:
        msg = f"birth_date has {born.size} values but measurement_date has {measured.size}"
        raise ValueError(msg)
    return measured - born
