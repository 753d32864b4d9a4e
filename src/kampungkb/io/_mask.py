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

from collections.abc import Iterable, Mapping, Sequence

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb._safe import DIGIT, ID_DIGITS, SPACE, mask_ids, safe_value, shape
from kampungkb.io._coerce import lit
from kampungkb.io._schemas import normalise_name
from kampungkb.io.mapping import FALSE_VALUES, TRUE_VALUES, ColumnMapping, value_lookup
from kampungkb.models._schema import Column

__all__ = [
    "as_is",
    "as_is_many",
    "install_mask_macros",
    "mask_ids",
    "norm_sql",
    "safe_columns",
    "safe_expr",
    "safe_text",
    "shape",
    "vocabulary",
]

_DIGIT = DIGIT
_SPACE = SPACE


def safe_text(text: str) -> str:
    """``text`` as it may be shown (Python twin of the ``kkb_safe`` SQL macro;
    :func:`kampungkb._safe.safe_value`)."""
    return safe_value(text)


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
    # kkb_safe1(v, kkb_ids(v)) written out: below ID_DIGITS digits kkb_ids(v) is v itself and
    # v holds a digit when the count says so (counting digits with translate costs a fraction
    # of kkb_ids' regular expressions; half the time per value)
    count = "(length(v) - length(translate(v, '0123456789', '')))"
    con.execute(
        "CREATE OR REPLACE TEMP MACRO kkb_safe(v) AS CASE WHEN v IS NULL THEN NULL "
        f"WHEN {count} >= {ID_DIGITS} THEN kkb_safe1(v, kkb_ids(v)) "
        r"WHEN NOT regexp_matches(v, '\pL') THEN v "
        r"WHEN NOT regexp_matches(v, '\s') AND (length(v) <= 3 OR "
        f"({count} > 0 AND length(v) <= 40)) THEN v "
        "ELSE kkb_shape(v) END"
    )


def safe_expr(text: str, vocabulary: Iterable[str] = ()) -> str:
    """SQL showing the text expression ``text`` safely; values whose normalised form is in
    ``vocabulary`` (a column's codes and synonyms) are shown as they are."""
    words = sorted(set(vocabulary))
    if not words:
        return f"kkb_safe({text})"
    norm = norm_sql(text)
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


def norm_sql(text: str) -> str:
    """SQL twin of :func:`kampungkb.io._schemas.normalise_name` (vocabulary look-ups)."""
    return f"trim(regexp_replace(lower(trim({text})), '[^0-9a-z]+', '_', 'g'), '_')"


def as_is(values: pa.Array, vocabulary: frozenset[str]) -> pa.Array:
    """Where ``CASE WHEN <in vocabulary> THEN v ELSE kkb_safe(v) END`` (see
    :func:`safe_columns`) is the value itself, decided with Arrow kernels for ASCII text (the
    same regular expressions, RE2 in both): fewer than :data:`ID_DIGITS` digits and no letter,
    or one word of at most three characters or with a digit and at most 40 — or a known word.
    False for any other value (the SQL decides those)."""
    return as_is_many([(values, vocabulary)])[0]


def _digits(values: pa.Array) -> pa.Array:
    """How many ASCII digits each text holds (``count_substring_regex(values, "[0-9]")``,
    from the bytes: a digit's byte is never part of a longer UTF-8 character)."""
    rows = len(values)
    if not rows:
        return pa.array([], pa.int64())
    offsets = np.frombuffer(values.buffers()[1], np.int32, rows + 1, values.offset * 4)
    first, last = int(offsets[0]), int(offsets[-1])
    data = values.buffers()[2]
    text = np.zeros(0, np.uint8)
    if last > first:
        text = np.frombuffer(data, np.uint8, last - first, first)
    seen = np.zeros(len(text) + 1, np.int64)
    np.cumsum((text >= 48) & (text <= 57), out=seen[1:])
    return pa.array(seen[offsets[1:] - first] - seen[offsets[:-1] - first])


def as_is_many(columns: Sequence[tuple[pa.Array, frozenset[str]]]) -> list[pa.Array]:
    """:func:`as_is` of each ``(values, vocabulary)``; the checks that do not depend on the
    vocabulary run once over all the values (each regular expression is prepared once)."""
    sizes = [len(values) for values, _ in columns]
    if not sum(sizes):
        return [pa.array([], pa.bool_()) for _ in columns]
    values = pa.concat_arrays([v.cast(pa.string()) for v, _ in columns])
    digits = _digits(values)
    length = pc.binary_length(values)  # characters, for ASCII text
    word = pc.and_(
        pc.invert(pc.match_substring_regex(values, r"\s")),
        pc.or_(
            pc.less_equal(length, 3),
            pc.and_(pc.greater(digits, 0), pc.less_equal(length, 40)),
        ),
    )
    letters = pc.match_substring_regex(values, "[A-Za-z]")
    ascii_ = pc.string_is_ascii(values)
    plain = pc.and_(pc.less(digits, ID_DIGITS), pc.or_(pc.invert(letters), word))
    out = []
    start = 0
    for (part, vocabulary), size in zip(columns, sizes, strict=True):
        shown = plain.slice(start, size)
        if vocabulary and size:
            # norm_sql for ASCII text: DuckDB's trim strips spaces only there, lower is ASCII's
            norm = pc.ascii_lower(pc.utf8_trim(part.cast(pa.string()), " "))
            norm = pc.utf8_trim(pc.replace_substring_regex(norm, "[^0-9a-z]+", "_"), "_")
            known = pc.is_in(norm, value_set=pa.array(sorted(vocabulary), pa.string()))
            shown = pc.or_(shown, known)
        out.append(pc.and_(ascii_.slice(start, size), shown))
        start += size
    return out


def safe_columns(
    con: duckdb.DuckDBPyConnection, columns: Mapping[str, tuple[pa.ChunkedArray, frozenset[str]]]
) -> dict[str, pa.ChunkedArray]:
    """Each text column shown as :func:`safe_expr` with its vocabulary shows it, worked out
    once per distinct value of the column: a value that is shown as it is (see :func:`as_is`)
    with Arrow, the others in one query for all of them (every ``kkb_safe`` in a query costs a
    fixed time to prepare its regular expressions, and most columns repeat a few values).
    ``columns``: ``{name: (text values, vocabulary)}``."""
    uniques = {
        name: pc.unique(values).drop_null().cast(pa.string())
        for name, (values, _) in columns.items()
    }
    found = as_is_many([(distinct, columns[name][1]) for name, distinct in uniques.items()])
    kept = dict(zip(uniques, found, strict=True))
    others = {name: distinct.filter(pc.invert(kept[name])) for name, distinct in uniques.items()}
    keys = [np.full(len(o), k, np.int32) for k, o in enumerate(others.values())]
    pairs = pa.table(
        {
            "k": pa.array(np.concatenate(keys) if keys else np.zeros(0, np.int32)),
            "v": pa.concat_arrays(list(others.values()))
            if others
            else pa.array([], pa.string()),
        }
    )
    shown = pa.array([], pa.string())
    if pairs.num_rows:
        whens = [
            f"WHEN {k} THEN list_contains([{', '.join(lit(w) for w in sorted(vocab))}]"
            f"::VARCHAR[], {norm_sql('v')})"
            for k, (_, vocab) in enumerate(columns.values())
            if vocab
        ]
        known = f"CASE k {' '.join(whens)} ELSE FALSE END" if whens else "FALSE"
        con.register("__safe_pairs", pairs)
        try:
            shown = (
                con.sql(f"SELECT CASE WHEN {known} THEN v ELSE kkb_safe(v) END FROM __safe_pairs")
                .to_arrow_table()
                .column(0)
                .combine_chunks()
            )
        finally:
            con.unregister("__safe_pairs")
    out: dict[str, pa.ChunkedArray] = {}
    start = 0
    for name, distinct in uniques.items():
        values = columns[name][0]
        part = shown.slice(start, len(others[name]))
        start += len(others[name])
        show = distinct
        if len(part):
            show = pc.replace_with_mask(distinct, pc.invert(kept[name]), part)
        taken = pc.take(show, pc.index_in(values, value_set=distinct))
        out[name] = taken if isinstance(taken, pa.ChunkedArray) else pa.chunked_array([taken])
    return out
