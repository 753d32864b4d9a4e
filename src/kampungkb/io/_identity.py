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

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["BLOCK", "NOT_DIGITS", "identity_bad", "identity_flags"]

#: Number standing for a value that is not null but not exactly 16 digits.
NOT_DIGITS = -1
#: Rows per block.
BLOCK = 1 << 14
_MONTH_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int16)

Flags = npt.NDArray[np.bool_]
_Pair = tuple[npt.NDArray[Any], ...]
#: ``(is 16 digits, PP, KK, CC, DD, MM, YY, serial)`` of each number.
_Fields = tuple[npt.NDArray[Any], ...]


def _numpy(values: pa.ChunkedArray | pa.Array, fill: int | bool) -> npt.NDArray[Any]:
    """The values as numpy, nulls replaced by ``fill``."""
    if values.null_count:
        values = pc.fill_null(values, fill)
    return np.asarray(values.to_numpy(zero_copy_only=False))


def _valid(values: pa.ChunkedArray | pa.Array) -> Flags:
    if not values.null_count:
        return np.ones(len(values), bool)
    return np.asarray(pc.is_valid(values).to_numpy(zero_copy_only=False), bool)


def _from_numbers(n: npt.NDArray[np.int64]) -> _Fields:
    """The fields of numbers (:data:`NOT_DIGITS`: not 16 digits)."""
    digits = n >= 0
    hi, lo = np.divmod(np.where(digits, n, 0), 100_000_000)  # PPKKCCDD, MMYYSSSS
    hi32, lo32 = hi.astype(np.int32), lo.astype(np.int32)
    ppkk = hi32 // 10_000
    return (digits, ppkk // 100, ppkk % 100, hi32 // 100 % 100, hi32 % 100,
            lo32 // 1_000_000, lo32 // 10_000 % 100, lo32 % 10_000)  # fmt: skip


#: Two digit characters read as one little-endian uint16 → their two-digit number (the same
#: arithmetic for any pair of bytes, so a lookup equals computing it).
_PAIRS = ((np.arange(65536) & 0xFF) * 10 + (np.arange(65536) >> 8) - 528).astype(np.int16)


def _text_bytes(chunk: pa.Array) -> npt.NDArray[np.uint16] | None:
    """The bytes of a chunk of 16-character strings without nulls as ``(rows, 8)`` character
    pairs (None when the chunk is not laid out so)."""
    rows = len(chunk)
    if not rows or chunk.null_count or chunk.type != pa.string():
        return None
    offsets = np.frombuffer(chunk.buffers()[1], np.int32, rows + 1, chunk.offset * 4)
    first, size = int(offsets[0]), int(offsets[-1] - offsets[0])
    if size != 16 * rows:
        return None
    if first % 2:  # a pair must start on an even byte
        text = np.frombuffer(chunk.buffers()[2], np.uint8, size, first).copy()
        return text.view("<u2").reshape(rows, 8)
    return np.frombuffer(chunk.buffers()[2], "<u2", size // 2, first).reshape(rows, 8)


def _from_text(pairs: npt.NDArray[np.uint16]) -> _Fields:
    """The fields of 16-digit strings given as character pairs (see :func:`_text_bytes`)."""
    two = _PAIRS[pairs]
    return (np.ones(len(pairs), bool), two[:, 0], two[:, 1], two[:, 2], two[:, 3], two[:, 4],
            two[:, 5], two[:, 6] * 100 + two[:, 7])  # fmt: skip


def _check(fields: _Fields, female: bool, pair: _Pair | None) -> Flags:
    """Rows whose number breaks a rule (nulls are the caller's business)."""
    digits, pp, kk, cc, dd, mm, yy, serial = fields
    woman = dd > 40
    day = np.where(woman, dd - 40, dd) if female else dd
    longest = _MONTH_DAYS[np.where((mm >= 1) & (mm <= 12), mm, 0)]
    longest = np.where((mm == 2) & (yy % 4 != 0), 28, longest)
    ok = (pp >= 11) & (kk != 0) & (cc != 0) & (serial != 0) & (day >= 1) & (day <= longest)
    bad: Flags = ~(digits & ok)
    if pair is not None:
        is_m, is_f, year, month, bday, valid = pair
        bad |= np.where(woman, is_m, is_f)
        odd = (year < 1) | (year > 9999)  # outside the range the SQL rules are sure about
        bad |= valid & (odd | (day != bday) | (mm != month) | (yy != year % 100))
    return bad


def _is_letter(sex: pa.ChunkedArray, letter: str) -> Flags:
    """``sex == letter`` (a one-character code) as numpy, false where null; read from the
    text's bytes where it is plain text (much faster than comparing strings)."""
    out = []
    for chunk in sex.chunks:
        data = chunk.buffers()[2] if chunk.type == pa.string() and len(chunk) else None
        if data is None or not data.size:
            out.append(_numpy(pc.equal(chunk, letter), False))
            continue
        rows = len(chunk)
        offsets = np.frombuffer(chunk.buffers()[1], np.int32, rows + 1, chunk.offset * 4)
        text = np.frombuffer(data, np.uint8)
        first = text[np.minimum(offsets[:-1], text.size - 1)]
        out.append((np.diff(offsets) == 1) & (first == ord(letter)) & _valid(chunk))
    return np.concatenate(out) if out else np.zeros(0, bool)


def _pair(sex: pa.ChunkedArray, birth: pa.ChunkedArray) -> _Pair:
    """Sex and birth date as numpy: ``(is_m, is_f, year, month, day, birth valid)``."""
    is_m, is_f = _is_letter(sex, "m"), _is_letter(sex, "f")
    year, month, day = (_numpy(f(birth), 1) for f in (pc.year, pc.month, pc.day))
    return is_m, is_f, year, month, day, _valid(birth)


def identity_bad(
    values: pa.ChunkedArray,
    *,
    female: bool,
    sex: pa.ChunkedArray | None,
    birth: pa.ChunkedArray | None,
) -> Flags:
    """Rows whose NIK (``female=True``) or KK number may break a rule.

    Args:
        values: the typed value, either as int64 (null where the value is null,
            :data:`NOT_DIGITS` where it is not exactly 16 digits) or as text holding only
            16-digit values and nulls.
        female: the day of birth carries +40 for women (NIK); KK numbers do not.
        sex: the typed ``sex`` column (compared with the NIK; only with ``birth``), or None.
        birth: the typed ``birth_date`` column (compared with the NIK), or None.
    """
    whole = _pair(sex, birth) if female and sex is not None and birth is not None else None
    bad = _valid(values)
    start = 0
    for chunk in values.chunks:
        end = start + len(chunk)
        text = _text_bytes(chunk) if pa.types.is_string(chunk.type) else None
        if text is not None:
            for at in range(start, end, BLOCK):
                part = slice(at, min(at + BLOCK, end))
                pair = None if whole is None else tuple(a[part] for a in whole)
                fields = _from_text(text[at - start : part.stop - start])
                bad[part] &= _check(fields, female, pair)
        else:
            number = chunk if pa.types.is_integer(chunk.type) else chunk.cast(pa.int64())
            n = _numpy(number, 0).astype(np.int64, copy=False)
            for at in range(start, end, BLOCK):
                part = slice(at, min(at + BLOCK, end))
                pair = None if whole is None else tuple(a[part] for a in whole)
                bad[part] &= _check(_from_numbers(n[at - start : part.stop - start]), female, pair)
        start = end
    return bad


#: ``(numbers, female, sex, birth)``: the arguments of one :func:`identity_bad` call.
Job = tuple[pa.ChunkedArray, bool, pa.ChunkedArray | None, pa.ChunkedArray | None]


def identity_flags(jobs: list[Job], rows: int) -> Flags:
    """Rows any of ``jobs`` flags (see :func:`identity_bad`); NIK and KK numbers side by side,
    as numpy and Arrow release the GIL."""
    bad = np.zeros(rows, bool)
    with ThreadPoolExecutor(2) as pool:
        for flags in pool.map(
            lambda job: identity_bad(job[0], female=job[1], sex=job[2], birth=job[3]), jobs
        ):
            bad |= flags
    return bad
