"""How a cell value may be shown in an error or report: no personal data (NIK, KK number, names).

The one home of the rule, in a module that imports nothing of kampungkb, so the models, the
engine (its failure detail) and :mod:`kampungkb.io` (the validation report, whose SQL twin is
the ``kkb_safe`` macro) all use it without an import cycle.
"""

from __future__ import annotations

import re

__all__ = ["ID_DIGITS", "mask_ids", "safe_header", "safe_value", "shape"]

DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
SPACE = re.compile(r"\s")
_PREFIX = re.compile(r"^\D*\d\d")
_HEADER = re.compile(r"^[a-z0-9_]+$")
#: Values with at least this many digits are treated as identity numbers (NIK, KK number).
ID_DIGITS = 12


def shape(length: int) -> str:
    """What is shown instead of a free-text value of ``length`` characters."""
    return f"‹teks {length} karakter / text of {length} characters›"


def mask_ids(text: str) -> str:
    """``text`` with its digits after the first two starred when it holds 12+ digits (the
    province of a NIK stays)."""
    if len(DIGIT.findall(text)) < ID_DIGITS:
        return text
    head = _PREFIX.match(text)
    cut = head.end() if head else 0
    return text[:cut] + DIGIT.sub("*", text[cut:])


def safe_value(value: str) -> str:
    """``value`` as it may be shown.

    ID-like numbers keep their first two digits (the province); text with letters is shown
    only when it looks like a code (at most three characters, or one word with a digit of at
    most 40), other text only by its length.
    """
    masked = mask_ids(value)
    if not _LETTER.search(masked):
        return masked
    single = not SPACE.search(masked)
    if single and (len(masked) <= 3 or (DIGIT.search(masked) and len(masked) <= 40)):
        return masked
    return shape(len(value))


def safe_header(header: str) -> str:
    """An unrecognised column header or field name as it may be shown.

    Shown as written when it looks like a column name: lowercase letters, digits and
    underscores (``nama_kk``) or a single word with a digit or underscore (``Kolom_1``).
    Anything else — ``Budi Santoso``, which is what a file without its header row puts there —
    is shown by its length only; 12+ digits are masked as in :func:`mask_ids`.
    """
    masked = mask_ids(header)
    word = not SPACE.search(masked) and len(masked) <= 40
    if _HEADER.fullmatch(masked) or (word and ("_" in masked or DIGIT.search(masked))):
        return masked
    return shape(len(header))
