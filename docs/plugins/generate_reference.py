"""Write ``docs/plugins/reference.md``: every definition field, from the pydantic classes.

Run ``python docs/plugins/generate_reference.py`` after changing
``kampungkb/indicators/_definitions.py``; ``tests/test_definition_reference.py`` fails while the
committed page differs from what this script writes, so the reference cannot drift.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from kampungkb.indicators import CompositeRule, Indicator, IndicatorSet, Measure, Target
from kampungkb.models.tables import CANONICAL_TABLES

PAGE = Path(__file__).with_name("reference.md")

#: The classes, in the order a TOML file holds them, and where their fields go in TOML.
CLASSES: tuple[tuple[type[BaseModel], str], ...] = (
    (IndicatorSet, "the top level of the file"),
    (Measure, "each `[[measures]]` table"),
    (Indicator, "each `[[indicators]]` table"),
    (Target, "an indicator's `target`, an inline table: `target = { op = \">=\", value = 70 }`"),
    (CompositeRule, "a composite's `rule`, an inline table: "
                    "`rule = { all_of = [\"cpr\"], of = [\"a\", \"b\"], at_least = 1 }`"),
)

#: Allowed values that live outside the field's type: generated from kampungkb's own tables.
EXTRA_ALLOWED: dict[tuple[str, str], str] = {
    ("Measure", "table"): ", ".join(f"`{name}`" for name in CANONICAL_TABLES),
}

_HEAD = """\
(definition-reference)=
# Definition reference

Every field of an indicator set's definition: its type, its default (a field without one is
required), the values it allows, and an example as you write it in TOML. In Python the same
fields are keyword arguments of the classes in {mod}`kampungkb.indicators`.

```{note}
This page is generated from the definition classes by `docs/plugins/generate_reference.py`;
a test fails when it is out of date, so it always says what kampungkb accepts.
```

A set file holds the set's fields at the top level, then one `[[measures]]` table per measure
and one `[[indicators]]` table per indicator ({func}`~kampungkb.indicators.load_indicator_set`
reads it). `kampungkb new-plugin NAME` writes a set with one indicator of every kind to start
from; {doc}`tutorial` walks through one.

**When definitions are checked.** The fields and rules on this page are checked as soon as a
definition is built: when a plugin's module builds its set, or
{func}`~kampungkb.indicators.load_indicator_set` reads a TOML file — a wrong field is an error
then, naming the set and the indicator, in the language asked for. What needs the tables —
that a measure's `table` is a canonical table (the list below) or one a plugin adds, each
filter's SQL (columns, types, codes), whether every measure, component and parent a set names
exists, and that no composite lists a composite (or itself) among its components — is checked
by {func}`~kampungkb.validate_indicator_set`, which {func}`~kampungkb.compute` (and so
`kampungkb evaluate`, `kampungkb demo --set` and the testing kit's `check_indicator_set`) calls
before any query; call it yourself, or run `check_indicator_set` in your tests, to check a set
without data.
"""


def _toml(value: Any) -> str:
    """``value`` written as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def _is_none(tp: Any) -> bool:
    return tp is type(None)


def _type_name(tp: Any) -> str:
    """A field's type in words a TOML author reads."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _type_name(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in get_args(tp) if not _is_none(a))
    if origin is Literal:
        return "text"
    if origin is tuple:
        inner = get_args(tp)[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return f"list of {inner.__name__}"
        return f"list of {_type_name(inner)}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"{tp.__name__} (inline table)"
    return {str: "text", int: "integer", float: "number", bool: "true / false"}.get(tp, str(tp))


def _literals(tp: Any) -> tuple[Any, ...]:
    origin = get_origin(tp)
    if origin is Literal:
        return get_args(tp)
    if origin in (Union, types.UnionType, typing.Annotated):
        return tuple(v for a in get_args(tp) for v in _literals(a))
    return ()


def _constraints(field: FieldInfo) -> list[str]:
    """Pattern, length and bounds, from the field's metadata (and its Annotated type)."""
    out: list[str] = []
    for item in field.metadata:
        pattern = getattr(item, "pattern", None)
        if pattern == r"^[a-z][a-z0-9_]*$":
            out.append("snake_case: a–z, 0–9 and `_`, starting with a letter")
        elif pattern:
            out.append(f"matches `{pattern}`")
        if isinstance(item, annotated_types.MaxLen):
            out.append(f"at most {item.max_length} characters")
        if isinstance(item, annotated_types.Ge):
            out.append(f"≥ {item.ge}")
        if isinstance(item, annotated_types.Le):
            out.append(f"≤ {item.le}")
        if getattr(item, "allow_inf_nan", None) is False:
            out.append("a finite number (not `nan` or `inf`)")
        for name in ("max_length", "ge", "le"):
            value = getattr(item, name, None)
            if value is not None and not isinstance(
                    item, annotated_types.MaxLen | annotated_types.Ge | annotated_types.Le):
                out.append({"max_length": f"at most {value} characters", "ge": f"≥ {value}",
                            "le": f"≤ {value}"}[name])
    return out


def _allowed(cls: type[BaseModel], name: str, field: FieldInfo) -> str:
    values = _literals(field.annotation)
    parts = [", ".join(f"`{v}`" for v in values)] if values else []
    parts += _constraints(field)
    extra = EXTRA_ALLOWED.get((cls.__name__, name))
    if extra:
        parts.append(extra)
    return "; ".join(parts)


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    default = field.get_default(call_default_factory=True)
    if default is None:
        return "—"
    if default in ("", ()):
        return "empty"
    return f"`{_toml(list(default) if isinstance(default, tuple) else default)}`"


def _example(name: str, field: FieldInfo) -> str:
    if not field.examples:
        return ""
    return f"`{name} = {_toml(field.examples[0])}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _rules(cls: type[BaseModel]) -> list[str]:
    """The model-level rules, from the docstrings of the class's model validators."""
    out = []
    for decorator in cls.__pydantic_decorators__.model_validators.values():
        doc = decorator.func.__doc__
        if doc:
            out.append(" ".join(doc.split("\n\n")[0].split()))
    return out


def _first_paragraph(cls: type[BaseModel]) -> str:
    return " ".join((cls.__doc__ or "").split("\n\n")[0].split())


def _section(cls: type[BaseModel], where: str) -> list[str]:
    out = ["", f"## {cls.__name__}", "", f"{_first_paragraph(cls)} In TOML: {where}.", "",
           "| field | type | default | allowed values | description | example |",
           "|---|---|---|---|---|---|"]
    for name, field in cls.model_fields.items():
        row = [f"`{name}`", _type_name(field.annotation), _default(field),
               _allowed(cls, name, field), field.description or "", _example(name, field)]
        out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    rules = _rules(cls)
    if rules:
        out += ["", "Checked when it is built:", ""]
        out += [f"- {rule}" for rule in rules]
    return out


def render() -> str:
    """The whole page."""
    lines = _HEAD.rstrip("\n").split("\n")
    for cls, where in CLASSES:
        lines += _section(cls, where)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE}")
