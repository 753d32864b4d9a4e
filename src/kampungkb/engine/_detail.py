"""DuckDB's own words about a failure, made safe to show (no personal data)."""

from __future__ import annotations

import re

__all__ = ["safe_detail"]

#: A quoted value in a DuckDB message (``Could not convert string 'Siti Aminah' to INT32``).
_QUOTED = re.compile(r"'([^']*)'")


def safe_detail(exc: BaseException) -> str:
    """The first line of ``exc``'s message with every quoted value masked.

    A conversion error quotes the cell it could not convert, which may be a name or a NIK in
    the wrong column; the value is shown as the validation report shows it
    (:func:`kampungkb.io._mask.safe_text`: codes as they are, other text by its length, ID
    numbers with the province digits only).
    """
    from kampungkb.io._mask import safe_text  # noqa: PLC0415 - only when a query failed

    line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return _QUOTED.sub(lambda m: f"'{safe_text(m.group(1))}'", line)
