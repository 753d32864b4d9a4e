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
    """The values as numpy, nulls replaced by ``fill`` (several chunks joined in Arrow's
    memory, not numpy's: see :mod:`._arrays`)."""
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
    return _letters(sex, (letter,))[0]


def _letters(sex: pa.ChunkedArray, letters: tuple[str, ...]) -> list[Flags]:
    """:func:`_is_letter` for each of ``letters``, reading each chunk's bytes once."""
    out: list[list[Flags]] = [[] for _ in letters]
    for chunk in sex.chunks:
        data = chunk.buffers()[2] if chunk.type == pa.string() and len(chunk) else None
        if data is None or not data.size:
            for found, letter in zip(out, letters, strict=True):
                found.append(_numpy(pc.equal(chunk, letter), False))
            continue
        rows = len(chunk)
        offsets = np.frombuffer(chunk.buffers()[1], np.int32, rows + 1, chunk.offset * 4)
        text = np.frombuffer(data, np.uint8)
        first = text[np.minimum(offsets[:-1], text.size - 1)]
        single = (np.diff(offsets) == 1) & _valid(chunk)
        for found, letter in zip(out, letters, strict=True):
            found.append(single & (first == ord(letter)))
    return [np.concatenate(found) if found else np.zeros(0, bool) for found in out]


def _pair(sex: pa.ChunkedArray, birth: pa.ChunkedArray) -> _Pair:
    """Sex and birth date as numpy: ``(is_m, is_f, year, month, day, birth valid)``."""
    is_m, is_f = _letters(sex, ("m", "f"))
    year, month, day = (_numpy(f(birth), 1) for f in (pc.year, pc.month, pc.day))
    return is_m, is_f, year, month, day, _valid(birth)


#: ``"00"`` and ``"0000"`` as the little-endian pair / quadruple of characters.
_ZERO_PAIR = np.uint16(0x3030)
_ZERO_QUAD = np.uint32(0x30303030)
#: Birth dates looked up in a table of the days between these (others: the general check).
_FIRST_DAY, _LAST_DAY = -62091, 84005  # 1800-01-01, 2199-12-31 (days since 1970-01-01)


def _day_table(female: bool) -> Flags:
    """Whether the number's DD is a day of its month MM, as :func:`_check` decides it: indexed
    by ``leap * 10000 + MM * 100 + DD`` (``leap``: YY divisible by 4)."""
    dd = np.tile(np.arange(100), 100)
    mm = np.repeat(np.arange(100), 100)
    ones = np.ones(len(dd), np.int64)
    tables = [
        ~_check((ones.astype(bool), ones * 11, ones, ones, dd, mm, ones * (0 if leap else 1), ones),
                female, None)
        for leap in (False, True)
    ]  # fmt: skip
    return np.concatenate(tables)


_DAY_OK = {False: _day_table(False), True: _day_table(True)}


def _ascii_pairs(numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.uint32]:
    """Two-digit numbers (0-99) as their two characters, a little-endian pair."""
    return ((48 + numbers // 10) | ((48 + numbers % 10) << 8)).astype(np.uint32)


class _Births:
    """Sex and birth date of every row, for the NIK checks from text.

    A row whose sex is ``m`` or ``f`` and whose birth date lies between :data:`_FIRST_DAY` and
    :data:`_LAST_DAY` breaks no sex or birth-date rule exactly when its NIK's DDMMYY reads as
    the birth date does (DD + 40 for a woman); such a date is a real day, so the number's day
    is valid too. That is one comparison per row against a table of the days in range; the
    other rows get the general check (:func:`_check`, same flags).
    """

    def __init__(self, sex: pa.ChunkedArray, birth: pa.ChunkedArray) -> None:
        self.birth = birth
        self.is_m, self.is_f = _letters(sex, ("m", "f"))
        self.valid = _valid(birth)
        days = _numpy(birth.cast(pa.int32()), 0).astype(np.int32, copy=False)
        self.known = self.valid & (self.is_m | self.is_f) & (days >= _FIRST_DAY)
        self.known &= days <= _LAST_DAY
        self.days = days
        seen = bool(self.known.any())
        self.first = int(days.min(where=self.known, initial=_LAST_DAY)) if seen else 0
        # one day at least: the table is never empty
        last = int(days.max(where=self.known, initial=_FIRST_DAY)) if seen else self.first
        span = pa.array(np.arange(self.first, last + 1, dtype=np.int64).astype("datetime64[D]"))
        year, month, day = (_numpy(f(span), 1).astype(np.int64) for f in (pc.year, pc.month,
                                                                          pc.day))  # fmt: skip
        self.day_m = _ascii_pairs(day).astype(np.uint16)
        self.day_f = _ascii_pairs(day + 40).astype(np.uint16)
        self.month_year = _ascii_pairs(month) | (_ascii_pairs(year % 100) << 16)
        # the other rows' birth dates as :func:`_pair` gives them, taken once
        self.others = np.flatnonzero(~self.known)
        taken = birth.take(pa.array(self.others)) if self.others.size else birth.slice(0, 0)
        self.dates = tuple(_numpy(f(taken), 1) for f in (pc.year, pc.month, pc.day))

    def general(self, rows: npt.NDArray[np.int64]) -> _Pair:
        """``(is_m, is_f, year, month, day, valid)`` of some of the other rows (as
        :func:`_pair`)."""
        at = np.searchsorted(self.others, rows)
        year, month, day = (a[at] for a in self.dates)
        return self.is_m[rows], self.is_f[rows], year, month, day, self.valid[rows]


def _text_flags(
    pairs: npt.NDArray[np.uint16], female: bool, births: _Births | None, at: int
) -> Flags:
    """:func:`_check` of 16-digit strings given as character pairs (rows ``at`` … of the
    column), reading the characters: PP at least 11, KK, CC and the serial not all zeros, and
    DDMMYY a valid day or (with ``births``) the birth date itself."""
    quads = pairs.view(np.uint32)
    ok = (_PAIRS[pairs[:, 0]] >= 11) & (pairs[:, 1] != _ZERO_PAIR) & (pairs[:, 2] != _ZERO_PAIR)
    ok &= quads[:, 3] != _ZERO_QUAD
    if births is None:
        dd, mm, yy = (_PAIRS[pairs[:, k]].astype(np.int32) for k in (3, 4, 5))
        index = (yy % 4 == 0) * 10000 + mm * 100 + dd
        flags: Flags = ~(ok & np.take(_DAY_OK[female], index, mode="clip"))
        return flags
    part = slice(at, at + len(pairs))
    known = births.known[part]
    i = np.where(known, births.days[part] - np.int32(births.first), np.int32(0))
    day = np.where(births.is_f[part], births.day_f.take(i), births.day_m.take(i))
    ok &= (pairs[:, 3] == day) & (quads[:, 2] == births.month_year.take(i))
    bad: Flags = ~ok
    others = np.flatnonzero(~known)
    if others.size:
        pair = births.general(others + at)
        bad[others] = _check(_from_text(pairs[others]), female, pair)
    return bad


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
    texts = [_text_bytes(c) if pa.types.is_string(c.type) else None for c in values.chunks]
    paired = False
    births = whole = None
    if female and sex is not None and birth is not None:
        paired = True
        if any(t is not None for t in texts) and pa.types.is_date32(birth.type):
            births = _Births(sex, birth)
        if births is None or any(t is None for t in texts):
            whole = _pair(sex, birth)
    bad = _valid(values)
    start = 0
    for chunk, text in zip(values.chunks, texts, strict=True):
        end = start + len(chunk)
        if text is not None and (births is not None or not paired):
            for at in range(start, end, BLOCK):
                stop = min(at + BLOCK, end)
                bad[at:stop] &= _text_flags(text[at - start : stop - start], female, births, at)
        elif text is not None:
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
