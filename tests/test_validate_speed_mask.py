"""Values of rejected rows shown as they are, decided with Arrow kernels (ASCII text), equal
what the ``kkb_safe`` SQL shows; the others still go through the SQL."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from kampungkb.io._coerce import lit
from kampungkb.io._mask import _digits, install_mask_macros, norm_sql, safe_columns

_VOCAB = frozenset({"never_married", "married", "ya", "tidak", "1", "iud", "kb_pil"})
_PIECES = st.sampled_from(
    ["", " ", "  ", "\t", "\n", "\x0b", "\x0c", "_", "-", ".", "/", "P", "m", "f", "Siti",
     "Aminah", "kawin", "Married", "never married", "KB-Pil", " ya ", "IUD", "0", "12", "1901",
     "1901011201100001", "2019-06", "19.01.01.2001", "é", "\u00a0", "名", "Ⅻ", "x" * 41, "1" * 11]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, min_size=1, max_size=4).map("".join) | st.text(max_size=12)


def _sql_shown(con: duckdb.DuckDBPyConnection, values: list[str], vocab: frozenset[str]) -> list:
    words = ", ".join(lit(w) for w in sorted(vocab)) or "''"
    known = f"list_contains([{words}]::VARCHAR[], {norm_sql('v')})" if vocab else "FALSE"
    con.register("__t", pa.table({"i": range(len(values)), "v": pa.array(values, pa.string())}))
    try:
        rows = con.sql(
            f"SELECT CASE WHEN {known} THEN v ELSE kkb_safe(v) END FROM __t ORDER BY i"
        ).fetchall()
    finally:
        con.unregister("__t")
    return [r[0] for r in rows]


@settings(max_examples=80, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=40), st.lists(_TEXTS, max_size=10))
def test_safe_columns_equal_the_sql(coded: list[str], free: list[str]) -> None:
    con = duckdb.connect()
    install_mask_macros(con)
    columns = {
        "coded": (pa.chunked_array([pa.array([*coded, None], pa.string())]), _VOCAB),
        "free": (pa.chunked_array([pa.array(free, pa.string())]), frozenset()),
    }
    got = safe_columns(con, columns)
    assert got["coded"].to_pylist() == [*_sql_shown(con, coded, _VOCAB), None]
    assert got["free"].to_pylist() == _sql_shown(con, free, frozenset())


def test_safe_columns_without_values() -> None:
    con = duckdb.connect()
    install_mask_macros(con)
    empty = pa.chunked_array([pa.array([], pa.string())])
    got = safe_columns(con, {"a": (empty, _VOCAB), "b": (empty, frozenset())})
    assert got["a"].to_pylist() == []
    assert got["b"].to_pylist() == []


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXTS, max_size=30), st.integers(0, 5))
def test_digit_counts_equal_the_regular_expression(texts: list[str], cut: int) -> None:
    values = pa.array(["x" * cut, *texts], pa.string()).slice(1)  # not at the buffer's start
    expected = pc.count_substring_regex(values, "[0-9]").cast(pa.int64())
    assert _digits(values).equals(expected)
