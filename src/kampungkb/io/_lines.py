"""Line numbers of a delimited text file's records, as an editor shows them.

A record's number is the physical line it starts on (first line = 1), counting blank lines and
the extra lines of a cell that holds a line break. Line ends may be ``\\n``, ``\\r\\n`` or a lone
``\\r`` (Excel for Mac, "CSV (Macintosh)"). Computed in numpy over the file's bytes (never one
Python object per row), and only when it matters: a file with as many ``\\n`` line ends as
records plus the header (no blank lines, no line breaks inside cells) numbers its records
2, 3, 4 … below a header on line 1.
"""

from __future__ import annotations

import io
import mmap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Without", "bad_byte_line", "record_lines", "space_lines"]

#: Bytes compared at a time when counting line ends (stays in the CPU cache).
_COUNT_BLOCK = 1 << 18
#: Records beginning with a space looked at one by one up to this many (else all at once).
_FEW = 64
_ASCII_SAFE = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "iso-8859-1", "ascii")


def _feeds_in(data: npt.NDArray[np.uint8]) -> int:
    """The number of ``\\n`` bytes in ``data``, counted in cache-sized blocks."""
    found = 0
    for at in range(0, data.size, _COUNT_BLOCK):
        found += int(np.count_nonzero(data[at : at + _COUNT_BLOCK] == 10))
    return found


def _line_feeds(data: npt.NDArray[np.uint8]) -> int:
    """The number of ``\\n`` bytes in ``data`` (a third of the time of reading the file and
    ``bytes.count``: no copy of the file's bytes), each half in its own thread (numpy releases
    the GIL) when the file is large."""
    if data.size < 8 * _COUNT_BLOCK:
        return _feeds_in(data)
    half = data.size // 2
    with ThreadPoolExecutor(2) as pool:
        return sum(pool.map(_feeds_in, (data[:half], data[half:])))


def _simple(path: Path, records: int) -> bool:
    """True when every line is the header or one record (no blank lines, no line breaks
    inside cells): lines = blank lines + extra lines of cells + records + 1, so equality of
    the count of lines with ``records + 1`` rules both out. One pass over the mapped file."""
    with path.open("rb") as fh:
        try:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            return False
    with mm:
        data = np.frombuffer(mm, dtype=np.uint8)
        try:
            lines = _line_feeds(data)
            last = int(data[-1])
        finally:
            del data
    if not lines:
        return False  # CR-only line ends (or one line): count them the careful way
    if last != 10:
        lines += 1
    return lines == records + 1


def record_lines(path: Path, encoding: str, records: int) -> npt.NDArray[np.int64]:
    """The line each of the ``records`` data records (after the header) starts on.

    Falls back to ``2 … records + 1`` when the encoding is not ASCII-compatible (UTF-16) or
    the count of records found differs from ``records`` (the reader then knows better).
    """
    fallback = np.arange(2, records + 2, dtype=np.int64)
    if encoding.lower().replace("_", "-") not in _ASCII_SAFE or records == 0:
        return fallback
    if _simple(path, records):
        return fallback
    with path.open("rb") as fh:
        try:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            return fallback
    with mm:
        data = np.frombuffer(mm, dtype=np.uint8)
        try:
            starts = _record_starts(data)
        finally:
            del data
    if len(starts) != records + 1:
        return fallback
    return starts[1:]


def _record_starts(data: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """The starting line of every non-blank record (header included), 1-based."""
    lf = np.flatnonzero(data == 10)
    cr = np.flatnonzero(data == 13)
    crlf = np.zeros(lf.size, bool)
    if cr.size:
        # a \r followed by \n is part of a \r\n line end; a lone \r ends a line itself
        crlf = data[np.maximum(lf - 1, 0)] == 13
        crlf &= lf > 0
        after = data[np.minimum(cr + 1, data.size - 1)]
        lone = cr[(after != 10) | (cr + 1 >= data.size)]
    else:
        lone = cr
    if lone.size:
        ends = np.sort(np.concatenate((lf, lone)))
        term = ends.copy()
        at_lf = np.isin(ends, lf[crlf], assume_unique=True)
        term[at_lf] -= 1
    else:
        ends = lf
        term = lf - crlf  # where each line's terminator starts (the \r of a \r\n)
    quotes = np.flatnonzero(data == 34)
    # a line end inside quotes (odd number of quotes before it) does not end a record
    outside = np.searchsorted(quotes, ends) % 2 == 0 if quotes.size else np.ones(ends.size, bool)
    rec_end_at = term[outside]  # exclusive end of each record's text
    rec_next = ends[outside] + 1  # first byte after the record's terminator
    begin = np.concatenate(([0], rec_next))
    finish = np.concatenate((rec_end_at, [data.size]))
    nonblank = finish > begin
    for i in _spaces_only(data, begin, finish, nonblank):
        nonblank[i] = False
    first_bytes = begin[nonblank]
    # line of a byte = 1 + number of line ends before it
    return (np.searchsorted(ends, first_bytes, side="left") + 1).astype(np.int64)


def _record_bounds(
    data: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``(begin, finish)``: every record's first byte and the end of its text (line ends
    inside quotes do not end a record)."""
    lf = np.flatnonzero(data == 10)
    cr = np.flatnonzero(data == 13)
    after = data[np.minimum(cr + 1, data.size - 1)]
    lone = cr[(after != 10) | (cr + 1 >= data.size)]
    ends = np.sort(np.concatenate((lf, lone))) if lone.size else lf
    term = ends.copy()
    if cr.size:
        crlf = np.isin(ends, lf) & (ends > 0)
        crlf &= data[np.maximum(ends - 1, 0)] == 13
        term[crlf] -= 1
    quotes = np.flatnonzero(data == 34)
    outside = np.searchsorted(quotes, ends) % 2 == 0 if quotes.size else np.ones(ends.size, bool)
    begin = np.concatenate(([0], ends[outside] + 1))
    finish = np.concatenate((term[outside], [data.size]))
    return begin, finish


def _spaces_only(
    data: npt.NDArray[np.uint8],
    begin: npt.NDArray[np.int64],
    finish: npt.NDArray[np.int64],
    nonblank: npt.NDArray[np.bool_],
) -> list[int]:
    """The records (indexes) whose text is only spaces and tabs: blank lines too. Only records
    that begin with a space or a tab are looked at (rare), each as one numpy slice."""
    if not data.size:
        return []
    first = data[np.minimum(begin, data.size - 1)]
    candidates = np.flatnonzero(nonblank & ((first == 32) | (first == 9)))
    if candidates.size <= _FEW:
        return [int(i) for i in candidates
                if not np.any((data[begin[i]:finish[i]] != 32) & (data[begin[i]:finish[i]] != 9))]
    # many records begin with a space (padded cells): count each one's other bytes at once
    other = np.append((data != 32) & (data != 9), False).view(np.uint8)
    bounds = np.empty(2 * candidates.size, np.int64)
    bounds[0::2], bounds[1::2] = begin[candidates], finish[candidates]
    counts = np.add.reduceat(other, bounds, dtype=np.int64)[0::2]
    return [int(i) for i in candidates[counts == 0]]


def space_lines(path: Path, encoding: str) -> list[tuple[int, int]]:
    """``[(start, end)]``: the byte ranges of the lines (outside quoted cells) that hold only
    spaces or tabs, line ends excluded. Read without them (:class:`Without`), such a line is
    blank, as a line holding nothing is. Empty for encodings that are not ASCII-compatible."""
    if encoding.lower().replace("_", "-") not in _ASCII_SAFE:
        return []
    with path.open("rb") as fh:
        try:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            return []
    with mm:
        data = np.frombuffer(mm, dtype=np.uint8)
        try:
            begin, finish = _record_bounds(data)
            found = _spaces_only(data, begin, finish, finish > begin)
            return [(int(begin[i]), int(finish[i])) for i in found]
        finally:
            del data


class Without(io.RawIOBase):
    """A file's bytes read without some byte ranges (sorted, not overlapping)."""

    def __init__(self, path: Path, ranges: list[tuple[int, int]]) -> None:
        super().__init__()
        self._fh = path.open("rb")
        self._ranges = ranges
        self._next = 0  # index of the next range to skip

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        pos = self._fh.tell()
        while self._next < len(self._ranges) and self._ranges[self._next][1] <= pos:
            self._next += 1
        if self._next < len(self._ranges):
            start, end = self._ranges[self._next]
            if start <= pos:
                self._fh.seek(end)
                self._next += 1
                return self.readinto(buffer)
            limit = min(len(view), start - pos)
        else:
            limit = len(view)
        return self._fh.readinto(view[:limit])

    def close(self) -> None:
        self._fh.close()
        super().close()


def bad_byte_line(path: Path, encoding: str) -> tuple[int, int] | None:
    """``(line, byte)`` of the first byte that is not valid ``encoding`` text, or None."""
    import codecs  # noqa: PLC0415 - error path only

    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            pending = decoder.getstate()[0]
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                data = pending + chunk
                at = min(max(exc.start, 0), len(data) - 1)
                line += _line_ends(data[:at])
                return line, data[at]
            line += _line_ends(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return line, 0
    return None


def _line_ends(data: bytes) -> int:
    return data.count(b"\n") or data.count(b"\r")
