"""Which rows the exact rules look at, and the full typed tables references are checked
against."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.io._coerce import qi
from kampungkb.io._fast import FastOut
from kampungkb.io._prepare import Source
from kampungkb.io._rules import Check
from kampungkb.models._schema import TableSchema

__all__ = ["candidates", "full_tables"]


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


def _repeated(keys: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    keys = np.sort(keys)
    out: npt.NDArray[np.uint32] = keys[1:][keys[1:] == keys[:-1]]
    return out


def _shared(keys: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The values that occur more than once in ``keys`` (sorted, each once)."""
    if len(keys) < 1 << 16:
        return np.unique(_repeated(keys))
    # equal values have the same top bit: sort both halves side by side (numpy releases the GIL)
    high = keys >= np.uint32(1 << 31)
    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(_repeated, (keys[~high], keys[high])))
    return np.unique(np.concatenate(parts))


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
            h = np.concatenate([x for x in hashes if x is not None])
            valid = np.concatenate([v for v in valids if v is not None])
            # the upper half of the hash is enough to find candidates (a few more rows share
            # it by chance: the exact rule decides) and sorts much faster
            top = (h >> np.uint64(32)).astype(np.uint32)
            dup = _shared(top[valid])
            if dup.size:
                hit = pc.is_in(pa.array(top), value_set=pa.array(dup))
                bad |= valid & np.asarray(hit.to_numpy(zero_copy_only=False), bool)
        for chk in checks[name]:
            if chk.cross:
                rows = con.sql(f"SELECT __i FROM {qi('f_' + name)} WHERE {chk.where}")
                hit = rows.to_arrow_table().column(0).to_numpy()
                bad[hit] = True
        out[name] = bad
    return out
