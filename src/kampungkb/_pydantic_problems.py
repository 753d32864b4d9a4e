"""pydantic's validation errors of a definition file, in Bahasa Indonesia and English.

A definition file (an indicator set, a classification) is validated by pydantic models, whose
own messages are English ("Field required") and whose locations count list items from zero
(``indicators.0.label_id``).  :func:`definition_problems` turns a ``ValidationError`` into a
:class:`~kampungkb.errors.PhraseList`: every problem from the message catalogue
(``definitions.pyd_*``), at a location that names a list item by its ``id`` when it has one
(``indicators[a1].label_id``) and otherwise by its position counted from one
(``bands[2].hi``).  A :class:`~kampungkb.errors.DefinitionFieldError` raised by a model's own
validator keeps its catalogue entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from kampungkb.errors import DefinitionFieldError, Phrase, PhraseList

__all__ = ["definition_problems", "location"]

#: pydantic error types with a catalogue message (``definitions.pyd_<type>``).  Others fall
#: back to ``definitions.pyd_other``, which names the type and keeps pydantic's text.
_KNOWN = frozenset({
    "missing", "extra_forbidden",
    "string_type", "string_too_short", "string_too_long", "string_pattern_mismatch",
    "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing",
    "finite_number", "bool_type", "bool_parsing", "literal_error", "enum",
    "list_type", "tuple_type", "set_type", "dict_type", "model_type", "model_attributes_type",
    "greater_than", "greater_than_equal", "less_than", "less_than_equal",
    "too_short", "too_long", "date_type", "date_parsing", "multiple_of",
})
#: Errors whose message shows the value given.
_SHOWS_VALUE = frozenset({
    "string_type", "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing",
    "finite_number", "bool_type", "bool_parsing", "literal_error", "enum", "list_type",
    "tuple_type", "set_type", "dict_type", "model_type", "model_attributes_type",
    "string_pattern_mismatch", "greater_than", "greater_than_equal", "less_than",
    "less_than_equal", "date_type", "date_parsing", "multiple_of",
})
_LONGEST_VALUE = 60
#: Parts of a location that are pydantic's own, not the file's (``function-after[…]``).
_INTERNAL = re.compile(r"^[a-z-]+\[.*\]$")


class _Choices(Phrase):
    """pydantic's list of allowed values (``'a', 'b' or 'c'``) with the language's "or"."""

    __slots__ = ("choices",)

    def __init__(self, expected: str) -> None:
        super().__init__("definitions.pyd_or")
        head, sep, last = expected.rpartition(" or ")
        self.choices: tuple[str, ...] = (head, last) if sep else (expected,)

    def render(self, lang: str = "en") -> str:
        if len(self.choices) == 1:
            return self.choices[0]
        word = super().render(lang)
        return f"{self.choices[0]} {word} {self.choices[1]}"

    def __reduce__(self) -> tuple[Any, ...]:
        expected = " or ".join(self.choices)
        return (_Choices, (expected,))


def _value(value: Any) -> str:
    shown = repr(value)
    if len(shown) > _LONGEST_VALUE:
        shown = shown[: _LONGEST_VALUE - 1] + "…"
    return shown


def location(loc: Sequence[int | str], data: Any) -> str:
    """The location as the file's keys: ``indicators[a1].label_id``, ``bands[2].hi``."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, Sequence) and not isinstance(node, str) \
                and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, Mapping) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part + 1}]"
            node = item
            continue
        if _INTERNAL.match(str(part)):
            continue
        out += f".{part}" if out else str(part)
        node = node.get(part) if isinstance(node, Mapping) else None
    return out


def _problem(err: Mapping[str, Any]) -> Phrase:
    kind = str(err["type"])
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    error = ctx.get("error")
    if isinstance(error, DefinitionFieldError) and error.key is not None:
        return Phrase(error.key, **error.fields)
    if kind in {"value_error", "assertion_error"}:
        return Phrase("definitions.pyd_value_error", detail=str(error or err.get("msg", "")))
    if kind not in _KNOWN:
        return Phrase("definitions.pyd_other", type=kind, detail=str(err.get("msg", "")))
    fields: dict[str, Any] = {}
    if kind in _SHOWS_VALUE:
        fields["value"] = _value(err.get("input"))
    for name in ("min_length", "max_length", "pattern", "gt", "ge", "lt", "le", "multiple_of"):
        if name in ctx:
            fields[name] = ctx[name]
    if "expected" in ctx:
        fields["expected"] = _Choices(str(ctx["expected"]))
    return Phrase(f"definitions.pyd_{kind}", **fields)


def definition_problems(exc: ValidationError, data: Any) -> PhraseList:
    """Every problem of ``exc`` (raised validating ``data``) as a message part in either
    language: ``where: what`` for each, joined by ``"; "``."""
    items = []
    for err in exc.errors(include_url=False):
        where = location(err.get("loc", ()), data)
        problem = _problem(err)
        items.append(Phrase("definitions.problem_at", where=where, problem=problem)
                     if where else problem)
    return PhraseList(items)
