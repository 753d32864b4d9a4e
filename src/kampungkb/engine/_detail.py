"""DuckDB's own words about a failure, made safe to show (no personal data)."""

from __future__ import annotations

from kampungkb._safe import safe_value

__all__ = ["mask_quoted", "safe_detail", "safe_value"]

#: Quote characters DuckDB puts around a value it cannot convert: ``'Siti Aminah'`` (to a
#: number), ``"Siti Aminah"`` (to a date).
_QUOTES = "'\""


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
