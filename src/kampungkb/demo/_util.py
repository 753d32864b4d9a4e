"""Vectorised helpers shared by the demo generators (numpy in, numpy/Arrow out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
AnyArray = npt.NDArray[Any]

_EPOCH = dt.date(1970, 1, 1)


def day(year: int, month: int, dom: int) -> int:
    """Days since 1970-01-01 (Arrow ``date32``) of a calendar date."""
    return (dt.date(year, month, dom) - _EPOCH).days


def period_years(periods: Sequence[str]) -> list[int]:
    """Years of year periods (``"2017"``); the demo generators only make year periods."""
    years: list[int] = []
    for p in periods:
        if len(p) != 4 or not p.isdigit():
            raise ValueError(f"demo data is generated for year periods like '2019', got {p!r}")
        years.append(int(p))
    if not years or sorted(set(years)) != years:
        raise ValueError("periods must be distinct years in increasing order")
    return years


def birth_days(rng: np.random.Generator, age_at_year_end: IntArray, year: int) -> IntArray:
    """Birth dates such that the completed age on 31 December of ``year`` is exactly the age."""
    birth_year = year - age_at_year_end
    jan1 = (birth_year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    dec31 = (birth_year - 1969).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64) - 1
    return jan1 + (rng.random(len(birth_year)) * (dec31 - jan1 + 1)).astype(np.int64)


def year_of(days: IntArray) -> IntArray:
    """Calendar year of each date (days since the epoch)."""
    out: IntArray = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return out


def age_at(birth: IntArray, year: int) -> IntArray:
    """Completed years on 31 December of ``year`` (the reference date of a year period)."""
    return year - year_of(birth)


def _rank_from_order(group: IntArray, order: IntArray) -> IntArray:
    counts = np.bincount(group)
    starts = np.cumsum(counts) - counts
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group), dtype=np.int64) - starts[group[order]]
    return rank


def serial_in_group(group: IntArray) -> IntArray:
    """1-based position of each item among the items of its group, in array order."""
    small = group.astype(np.int32 if group.max(initial=0) < 2**31 else np.int64)
    return _rank_from_order(group, np.argsort(small, kind="stable")) + 1


def group_rank(group: IntArray, key: FloatArray) -> IntArray:
    """0-based rank of each item by ``key`` (ascending, finite) within its group."""
    if len(group) == 0:
        return np.zeros(0, dtype=np.int64)
    k = key - key.min()
    composite = group * (float(k.max()) + 1.0) + k
    return _rank_from_order(group, np.argsort(composite))


def pick_exact(
    group: IntArray, eligible: BoolArray, k: IntArray, key: FloatArray, *, strict: bool = True
) -> BoolArray:
    """Select exactly ``k[g]`` eligible items of each group ``g`` — those with the smallest key.

    Raises ``ValueError`` when a group has fewer eligible items than asked for (``strict``),
    otherwise takes all of them.
    """
    idx = np.flatnonzero(eligible)
    sub_group = group[idx]
    have = np.bincount(sub_group, minlength=len(k))
    if np.any(have < k):
        if strict:
            bad = int(np.flatnonzero(have < k)[0])
            raise ValueError(f"group {bad}: asked for {int(k[bad])} items, only {int(have[bad])}")
        k = np.minimum(k, have)
    chosen = np.zeros(len(group), dtype=bool)
    chosen[idx[group_rank(sub_group, key[idx]) < k[sub_group]]] = True
    return chosen


def spread(counts: IntArray) -> IntArray:
    """Group index of each of ``counts.sum()`` new items (``counts[g]`` items for group ``g``)."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def choose_in_groups(
    rng: np.random.Generator, cand_group: IntArray, item_group: IntArray
) -> IntArray:
    """For each item, a uniformly random candidate index of the same group.

    ``cand_group`` must be sorted; every group named in ``item_group`` needs a candidate.
    """
    n_groups = int(max(cand_group.max(initial=-1), item_group.max(initial=-1))) + 1
    counts = np.bincount(cand_group, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    if np.any(counts[item_group] == 0):
        raise ValueError("an item's group has no candidate")
    off = (rng.random(len(item_group)) * counts[item_group]).astype(np.int64)
    result: IntArray = starts[item_group] + off
    return result


def categorical(rng: np.random.Generator, n: int, probs: Sequence[float]) -> IntArray:
    """``n`` draws of category indices with the given probabilities."""
    cum = np.cumsum(np.asarray(probs, dtype=np.float64))
    cum /= cum[-1]
    out: IntArray = np.searchsorted(cum, rng.random(n), side="right").astype(np.int64)
    return out


def codes_to_strings(
    codes: IntArray, labels: Sequence[str], mask: BoolArray | None = None
) -> pa.Array:
    """A string array from category indices; ``mask`` True means null."""
    idx = pa.array(codes.astype(np.int32), mask=mask)
    dictionary = pa.array(list(labels), pa.string())
    return pa.DictionaryArray.from_arrays(idx, dictionary).cast(pa.string())


def make_ids(
    prefix: str, village_codes: Sequence[str], village: IntArray, serial: IntArray, width: int
) -> pa.Array:
    """Identifiers ``{prefix}-{village code without dots}-{serial}`` (not NIK, not KK numbers).

    Built as a fixed-width byte matrix in numpy (much faster than string kernels).
    """
    heads = [f"{prefix}-{c.replace('.', '')}-" for c in village_codes]
    head_len = len(heads[0]) if heads else 0
    if any(len(h) != head_len for h in heads) or not all(h.isascii() for h in heads):
        raise ValueError("village codes must be ASCII and of equal length")
    if len(serial) and int(serial.max()) >= 10**width:
        raise ValueError(f"serial does not fit in {width} digits")
    n = len(village)
    row = head_len + width
    table = np.frombuffer("".join(heads).encode("ascii"), dtype=np.uint8).reshape(-1, head_len)
    buf = np.empty((n, row), dtype=np.uint8)
    buf[:, :head_len] = table[village]
    rest = serial.astype(np.int64)
    for pos in range(row - 1, head_len - 1, -1):
        buf[:, pos] = 48 + rest % 10
        rest = rest // 10
    offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * row).tobytes())
    return pa.StringArray.from_buffers(n, offsets, pa.py_buffer(buf.tobytes()))


def dates(days: IntArray, mask: BoolArray | None = None) -> pa.Array:
    """Arrow ``date32`` array from days since the epoch; ``mask`` True means null."""
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=mask).cast(pa.date32())
