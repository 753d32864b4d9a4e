"""NIK / KK checks of the fast pass in numpy, on the 16-digit numbers as integers.

Mirrors the exact rules of :mod:`kampungkb.io._rules` (``nik_format``, ``nik_sex``,
``nik_birth_date``, ``kk_format``) with integer arithmetic over whole columns. The result
is a conservative row flag: it is true wherever one of those rules may fail (the exact rules
then decide on the flagged rows only).

The columns are processed in blocks of :data:`BLOCK` rows: the temporaries then stay in the
CPU cache and are reused, instead of every step allocating (and page-faulting) a fresh
full-length array.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["BLOCK", "NOT_DIGITS", "identity_bad", "number_column"]

#: Number standing for a value that is not null but not exactly 16 digits.
NOT_DIGITS = -1
#: Rows per block.
BLOCK = 1 << 16
_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int16)

Flags = npt.NDArray[np.bool_]


def number_column(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """The 16-digit values of a column already holding only 16 digits (or null) as int64."""
    return values.cast(pa.int64())


def _numpy(values: pa.ChunkedArray | pa.Array, fill: int | bool) -> npt.NDArray[np.generic]:
    """The values as numpy, nulls replaced by ``fill``."""
    if values.null_count:
        values = pc.fill_null(values, fill)
    return np.asarray(values.to_numpy(zero_copy_only=False))


def _valid(values: pa.ChunkedArray | pa.Array) -> Flags:
    if not values.null_count:
        return np.ones(len(values), bool)
    return np.asarray(pc.is_valid(values).to_numpy(zero_copy_only=False), bool)


def _block(
    n: npt.NDArray[np.int64],
    female: bool,
    sex: pa.ChunkedArray | None,
    birth: pa.ChunkedArray | None,
) -> Flags:
    """Rows of one block whose number breaks a rule (nulls are the caller's business)."""
    digits = n >= 0
    hi, lo = np.divmod(np.where(digits, n, 0), 100_000_000)  # PPKKCCDD, MMYYSSSS
    hi32, lo32 = hi.astype(np.int32), lo.astype(np.int32)
    dd, mm = hi32 % 100, lo32 // 1_000_000
    yy, serial = lo32 // 10_000 % 100, lo32 % 10_000
    ppkk, cc = hi32 // 10_000, hi32 // 100 % 100
    pp, kk = ppkk // 100, ppkk % 100
    woman = dd > 40
    day = np.where(woman, dd - 40, dd) if female else dd
    longest = _MONTH_DAYS[np.where((mm >= 1) & (mm <= 12), mm, 0)]
    longest = np.where((mm == 2) & (yy % 4 != 0), 28, longest)
    ok = (pp >= 11) & (kk != 0) & (cc != 0) & (serial != 0) & (day >= 1) & (day <= longest)
    bad: Flags = ~(digits & ok)
    if sex is not None and birth is not None:
        bad |= np.where(woman, _numpy(pc.equal(sex, "m"), False), _numpy(pc.equal(sex, "f"), False))
        valid = _valid(birth)
        year, month, bday = (
            _numpy(f(birth), 1).astype(np.int32) for f in (pc.year, pc.month, pc.day)
        )
        odd = (year < 1) | (year > 9999)  # outside the range the SQL rules are sure about
        bad |= valid & (odd | (mm != month) | (yy != year % 100))
    return bad


def identity_bad(
    numbers: pa.ChunkedArray,
    *,
    female: bool,
    sex: pa.ChunkedArray | None,
    birth: pa.ChunkedArray | None,
) -> Flags:
    """Rows whose NIK (``female=True``) or KK number may break a rule.

    Args:
        numbers: the typed value as int64: null where the value is null, :data:`NOT_DIGITS`
            where it is not exactly 16 digits.
        female: the day of birth carries +40 for women (NIK); KK numbers do not.
        sex: the typed ``sex`` column (compared with the NIK; only with ``birth``), or None.
        birth: the typed ``birth_date`` column (compared with the NIK), or None.
    """
    rows = len(numbers)
    present = _valid(numbers)
    n = _numpy(numbers, 0).astype(np.int64, copy=False)
    bad = np.empty(rows, bool)
    pair = female and sex is not None and birth is not None
    for start in range(0, rows, BLOCK):
        stop = min(start + BLOCK, rows)
        part_sex = sex.slice(start, stop - start) if pair and sex is not None else None
        part_birth = birth.slice(start, stop - start) if pair and birth is not None else None
        bad[start:stop] = _block(n[start:stop], female, part_sex, part_birth)
    bad &= present
    return bad
