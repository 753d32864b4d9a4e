"""How an error shows a name or code a caller passed in: never personal data.

A period, region code, indicator id, set name, level or language comes from the caller, who may
have typed a NIK or a person's name in its place.  An error names it only as
:func:`kampungkb._safe.safe_value` allows (a NIK keeps its province, ``19**************``;
words are shown by their length, ``‹teks 11 karakter / text of 11 characters›``), except that
a code-shaped identifier stays readable, so "did you mean" still helps: ``2019-Q5``, ``19.01``,
``cikar@2018``, ``cpr_xx``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kampungkb._safe import mask_ids, safe_value, shape

__all__ = ["name_some", "shown", "shown_list"]

#: A lowercase identifier of parts joined by ``_`` ``@`` ``.`` ``-`` with at least one ``_`` or
#: ``@`` (``cpr_xx``, ``cikar@draft``): the shape of an indicator id or a pinned set name,
#: never of a person's name.
_IDENTIFIER = re.compile(r"[a-z0-9]+(?:[_@.\-][a-z0-9]+)*")
#: Longer than this, a value is cut before it is shown.
_LONGEST = 40


def shown(value: object) -> str:
    """``value`` (turned into text) as an error may show it."""
    text = mask_ids(str(value))  # the whole value's digits count, before it is cut
    if len(text) > _LONGEST:
        head = safe_value(text[:_LONGEST])
        return shape(len(text)) if head == shape(_LONGEST) else head + "…"
    if ("_" in text or "@" in text) and _IDENTIFIER.fullmatch(text):
        return text
    return safe_value(text)


def shown_list(values: object) -> str:
    """Several values, each :func:`shown` and quoted, joined by ``", "``."""
    items = [values] if isinstance(values, str) else list(values)  # type: ignore[call-overload]
    return ", ".join(repr(shown(v)) for v in items)


#: At most this many names are listed in a message (then "… (N)").
_LISTED = 8


def name_some(names: Iterable[str]) -> str:
    """``a, b, c`` — at most a few names, then ``… (N)``."""
    items = list(dict.fromkeys(names))
    if not items:
        return "–"
    listed = ", ".join(items[:_LISTED])
    return listed if len(items) <= _LISTED else f"{listed}, … ({len(items)})"
