"""How a cell value may be shown in an error: no personal data (NIK, KK number, names).

The rules of the validation report (:func:`kampungkb.io._mask.safe_text`, kept equal by
``tests/test_engine_detail.py``), in a module that imports nothing of kampungkb, so the
models and the engine can use it without an import cycle.
"""

from __future__ import annotations

import re

__all__ = ["safe_value"]

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
