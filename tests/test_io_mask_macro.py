"""The ``kkb_safe`` SQL macro (its shortcut below 12 digits) shows exactly what the rule says:
the same as ``kkb_safe1(v, kkb_ids(v))`` written out, and as the Python twin ``safe_value``."""

from __future__ import annotations

import random

import duckdb
import pyarrow as pa

from kampungkb._safe import safe_value
from kampungkb.io._mask import install_mask_macros

_ALPHABET = "0123456789 .-/_aZé\u00a0\tÄ日x,"
_FIXED = [
    "",
    " ",
    "L",
    "Ya",
    "IUD",
    "Kawin",
    "Siti Aminah",
    "P-0012",
    "2019-Q5",
    "19.07.05.2003",
    "1907051712503417",
    "19 0705 1712 5034 17",
    "NIK 1907051712503417",
    "12345678901",
    "123456789012",
    "a" * 40 + "1",
    "a" * 39 + "1",
    "1" * 11 + "a",
    "日本",
    "x\t1",
    "é1",
]


def _values() -> list[str]:
    rng = random.Random(12)
    out = list(_FIXED)
    for _ in range(4000):
        n = rng.choice([1, 2, 3, 4, 8, 12, 13, 16, 24, 41, 45])
        out.append("".join(rng.choice(_ALPHABET) for _ in range(n)))
    for _ in range(1000):  # many digits, a few other characters
        n = rng.choice([11, 12, 13, 16, 20])
        out.append("".join(rng.choice("0123456789" * 6 + " .-a") for _ in range(n)))
    return out


def test_kkb_safe_equals_the_rule_written_out_and_the_python_twin() -> None:
    values = _values()
    con = duckdb.connect()
    install_mask_macros(con)
    con.register("v", pa.table({"v": pa.array([*values, None], pa.string())}))
    rows = con.execute("SELECT v, kkb_safe(v), kkb_safe1(v, kkb_ids(v)) FROM v").fetchall()
    assert len(rows) == len(values) + 1
    for value, fast, plain in rows:
        assert fast == plain, value
        # the Python twin's classes are wider (Unicode digits and spaces, e.g. U+00A0)
        if value is not None and value.isascii():
            assert fast == safe_value(value), value
    con.close()
