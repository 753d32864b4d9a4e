"""DuckDB's own words about a failure, made safe to show (no personal data)."""

from __future__ import annotations

import re

__all__ = ["mask_quoted", "safe_detail", "safe_value"]

#: Quote characters DuckDB puts around a value it cannot convert: ``'Siti Aminah'`` (to a
#: number), ``"Siti Aminah"`` (to a date).
_QUOTES = "'\""
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")
_PREFIX = re.compile(r"^\D*\d\d")
#: Values with at least this many digits are treated as identity numbers (NIK, KK number).
_ID_DIGITS = 12


def safe_value(value: str) -> str:
    """``value`` as it may be shown: the rules of the validation report
    (:func:`kampungkb.io._mask.safe_text`, kept equal by a test; not imported, since
    kampungkb.io imports the engine).

    ID-like numbers keep their first two digits (the province); text with letters is shown
    only when it looks like a code (at most three characters, or one word with a digit of at
    most 40), other text only by its length.
    """
    masked = value
    if len(_DIGIT.findall(value)) >= _ID_DIGITS:
        head = _PREFIX.match(value)
        cut = head.end() if head else 0
        masked = value[:cut] + _DIGIT.sub("*", value[cut:])
    if not _LETTER.search(masked):
        return masked
    single = not _SPACE.search(masked)
    if single and (len(masked) <= 3 or (_DIGIT.search(masked) and len(masked) <= 40)):
        return masked
    return f"‹teks {len(value)} karakter / text of {len(value)} characters›"


def safe_detail(exc: BaseException) -> str:
    """The first line of ``exc``'s message with its quoted values masked.

    A conversion error quotes the cell it could not convert, which may be a name or a NIK in
    the wrong column; it is shown as the validation report shows it (:func:`safe_value`).
    """
    line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return mask_quoted(line)


def mask_quoted(line: str) -> str:
    """``line`` with everything from its first quote to its last masked as one value.

    The engine does not escape quotes inside a value (``'Ja'far Shodiq'``, ``"Ja'far"``), so
    the quoted part cannot be parsed; taking all of it never shows a piece of a name.  A
    lone quote masks the rest of the line.
    """
    marks = [i for i, ch in enumerate(line) if ch in _QUOTES]
    if not marks:
        return line
    first, last = marks[0], marks[-1]
    if first == last:
        return line[: first + 1] + safe_value(line[first + 1 :])
    return line[: first + 1] + safe_value(line[first + 1 : last]) + line[last:]
