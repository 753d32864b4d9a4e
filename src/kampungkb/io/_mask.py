"""Keeping personal data out of every message, report and quarantine file.

A NIK, a KK number or a name can sit in any column: a shifted or swapped cell, a KK number
used as ``family_id``, a headerless file. So every value shown to users passes through these
rules, whatever its column:

* **ID-like numbers** — a value holding 12 or more digits (a NIK or KK number, also grouped by
  spaces, dots or hyphens, or a phone number) keeps its first two digits (the province) and
  shows every other digit as ``*``.
* **Free text** — a value with letters is shown only when it looks like a code: at most three
  characters (``L``, ``Ya``, ``IUD``), or a single word with a digit of at most 40 characters
  (``P-0012``, ``2019-Q5``, a pseudonym), or a known code or synonym of its column. Other text
  (``Siti Aminah``, ``Kawinn``) is shown only by its length: ``‹teks 11 karakter / text of 11
  characters›`` — it may be a name that slipped into the wrong column; the row and column say
  where to look.
* **Personal columns** — NIK and KK numbers show the province only (``19**************``);
  names only their length.

Numbers, dates and village codes (no letters, fewer than 12 digits) are shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import duckdb

from kampungkb._safe import DIGIT, ID_DIGITS, SPACE, mask_ids, safe_value, shape
from kampungkb.io._coerce import lit
from kampungkb.io._schemas import normalise_name
from kampungkb.io.mapping import FALSE_VALUES, TRUE_VALUES, ColumnMapping, value_lookup
from kampungkb.models._schema import Column

__all__ = ["install_mask_macros", "mask_ids", "safe_expr", "safe_text", "shape", "vocabulary"]

_DIGIT = DIGIT
_SPACE = SPACE


def safe_text(text: str) -> str:
    """``text`` as it may be shown (Python twin of the ``kkb_safe`` SQL macro;
    :func:`kampungkb._safe.safe_value`)."""
    return safe_value(text)


_HEADER = re.compile(r"^[a-z0-9_]+$")


def safe_header(header: str) -> str:
    """An unrecognised column header as it may be shown.

    Shown as written when it looks like a column name: lowercase letters, digits and
    underscores (``nama_kk``) or a single word with a digit or underscore (``Kolom_1``).
    Anything else — ``Budi Santoso``, which is what a file without its header row puts there —
    is shown by its length only.
    """
    masked = mask_ids(header)
    word = not _SPACE.search(masked) and len(masked) <= 40
    if _HEADER.fullmatch(masked) or (word and ("_" in masked or _DIGIT.search(masked))):
        return masked
    return shape(len(header))


def install_mask_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Define ``kkb_ids(v)``, ``kkb_shape(v)`` and ``kkb_safe(v)`` on ``con``."""
    digits = r"length(regexp_replace(v, '[^0-9]', '', 'g'))"
    head = r"regexp_extract(v, '^[^0-9]*[0-9][0-9]', 0)"
    con.execute(
        "CREATE OR REPLACE TEMP MACRO kkb_ids(v) AS CASE WHEN v IS NULL THEN NULL "
        f"WHEN {digits} >= {ID_DIGITS} THEN {head} || "
        f"regexp_replace(substr(v, length({head}) + 1), '[0-9]', '*', 'g') ELSE v END"
    )
    con.execute(
        "CREATE OR REPLACE TEMP MACRO kkb_shape(v) AS CASE WHEN v IS NULL THEN NULL ELSE "
        "'‹teks ' || length(v) || ' karakter / text of ' || length(v) || ' characters›' END"
    )
    con.execute(
        "CREATE OR REPLACE TEMP MACRO kkb_safe1(v, m) AS CASE WHEN v IS NULL THEN NULL "
        r"WHEN NOT regexp_matches(m, '\pL') THEN m "
        r"WHEN NOT regexp_matches(m, '\s') AND (length(m) <= 3 OR "
        r"(regexp_matches(m, '[0-9]') AND length(m) <= 40)) THEN m "
        "ELSE kkb_shape(v) END"
    )
    con.execute("CREATE OR REPLACE TEMP MACRO kkb_safe(v) AS kkb_safe1(v, kkb_ids(v))")


def safe_expr(text: str, vocabulary: Iterable[str] = ()) -> str:
    """SQL showing the text expression ``text`` safely; values whose normalised form is in
    ``vocabulary`` (a column's codes and synonyms) are shown as they are."""
    words = sorted(set(vocabulary))
    if not words:
        return f"kkb_safe({text})"
    norm = f"trim(regexp_replace(lower(trim({text})), '[^0-9a-z]+', '_', 'g'), '_')"
    known = f"list_contains([{', '.join(lit(w) for w in words)}]::VARCHAR[], {norm})"
    return f"CASE WHEN {known} THEN {text} ELSE kkb_safe({text}) END"


def vocabulary(column: Column, mapping: ColumnMapping) -> frozenset[str]:
    """The normalised codes and synonyms of a coded or yes/no column (shown as they are)."""
    if column.type == "BOOLEAN":
        extra = {normalise_name(k) for k in mapping.values.get(column.name, {})}
        return frozenset(TRUE_VALUES | FALSE_VALUES | extra)
    if not column.enum:
        return frozenset()
    lookup = value_lookup(column.enum, mapping.values.get(column.name))
    return frozenset({normalise_name(k) for k in lookup} | set(column.enum))
