"""Which rows the exact rules look at, and the full typed tables references are checked
against."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kampungkb.io._coerce import qi
from kampungkb.io._fast import FastOut
from kampungkb.io._prepare import Source
from kampungkb.io._rules import Check
from kampungkb.models._schema import TableSchema

__all__ = ["candidates", "full_tables"]

Flags = npt.NDArray[np.bool_]


def full_tables(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    used: Mapping[str, TableSchema],
    fast: Sequence[FastOut],
    types: Mapping[str, Mapping[str, pa.DataType]],
) -> dict[str, pa.Table]:
    """The typed tables (every row, output columns + ``__i``), registered as ``f_<name>``."""
    full: dict[str, pa.Table] = {}
    for name, schema in used.items():
        parts = [(s, f) for s, f in zip(sources, fast, strict=True) if s.table == name]
        cols = [c.name for c in schema.columns if not c.personal and not c.derived]
        arrays = [
            pa.chunked_array(
                [chunk for _, f in parts for chunk in f.columns[c].chunks], types[name][c]
            )
            for c in cols
        ]
        rows = sum(s.data.num_rows for s, _ in parts)
        table = pa.Table.from_arrays([*arrays, pa.array(np.arange(rows, dtype=np.int64))],
                                     names=[*cols, "__i"])  # fmt: skip
        full[name] = table
        con.register(f"f_{name}", table)
    return full


def _shared(keys: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The values that occur more than once in ``keys`` (sorted, each once). One sort (numpy
    sorts 32-bit keys with SIMD: faster on one core than halves sorted in two threads)."""
    keys = np.sort(keys)
    return np.unique(keys[1:][keys[1:] == keys[:-1]])


#: Bits of a key that pick its bucket in :func:`_members`' bitmap (2**20 buckets, 1 MB).
_BUCKET_BITS = 20


def _members(values: npt.NDArray[np.uint32], found: npt.NDArray[np.uint32]) -> Flags:
    """Where ``values`` is one of ``found`` (sorted, unique): the rows in a bucket holding some
    value of ``found`` (a lookup in a bitmap that stays in the CPU cache), then the exact test
    on those rows only."""
    shift = np.uint32(32 - _BUCKET_BITS)
    marked = np.zeros(1 << _BUCKET_BITS, bool)
    marked[found >> shift] = True
    out: Flags = marked[values >> shift]
    rows = np.flatnonzero(out)
    if rows.size:
        out[rows] = np.isin(values[rows], found)
    return out


def _joined(parts: list[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """The arrays one after the other (one array as it is: no copy)."""
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _upper(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint32]:
    """The upper 32 bits of each hash (a view of them where the machine is little-endian)."""
    if np.little_endian and h.dtype == np.uint64 and h.flags.c_contiguous:
        upper: npt.NDArray[np.uint32] = h.view(np.uint32)[1::2]
        return upper
    return (h >> np.uint64(32)).astype(np.uint32)


def candidates(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    used: Mapping[str, TableSchema],
    fast: Sequence[FastOut],
    checks: Mapping[str, list[Check]],
) -> dict[str, npt.NDArray[np.bool_]]:
    """Per table, the rows the exact rules must look at: flagged by the fast pass, in a
    source lacking a required column, sharing a key hash with another row, or failing a
    reference."""
    out: dict[str, npt.NDArray[np.bool_]] = {}
    for name in used:
        idx = [k for k, s in enumerate(sources) if s.table == name]
        bad = np.concatenate(
            [np.ones(sources[k].data.num_rows, bool) if sources[k].missing else fast[k].bad
             for k in idx]
        )  # fmt: skip
        hashes = [fast[k].key_hash for k in idx]
        valids = [fast[k].key_valid for k in idx]
        if all(h is not None for h in hashes) and hashes:
            h = _joined([x for x in hashes if x is not None])
            valid = _joined([v for v in valids if v is not None])
            # the upper half of the hash is enough to find candidates (a few more rows share
            # it by chance: the exact rule decides) and sorts much faster
            top = _upper(h)
            dup = _shared(top[valid])
            if dup.size:
                bad |= valid & _members(top, dup)
        for chk in checks[name]:
            if chk.cross:
                rows = con.sql(f"SELECT __i FROM {qi('f_' + name)} WHERE {chk.where}")
                hit = rows.to_arrow_table().column(0).to_numpy()
                bad[hit] = True
        out[name] = bad
    return out
