"""The canonical tables' schemas, loaded without the pydantic record models.

The schemas are *derived* from the record models (:mod:`kampungkb.models.tables`), but the
engine, the validators and the definitions only need the schemas — and building the 13 pydantic
models costs ≈ 50 ms of a cold start (what a script and the command line pay on every run).
So the derived schemas are written once, as a plain Python literal, to
:mod:`kampungkb.models._canonical_data`, and this module builds the same
:class:`~kampungkb.models._schema.TableSchema` objects from it.

The literal is generated, never edited by hand: after changing a model field run::

    python -m kampungkb._generate

``tests/test_canonical_schemas.py`` fails while the literal and the models disagree.
:data:`kampungkb.models.tables.CANONICAL_TABLES` is this module's mapping (one object, so
caches keyed by a schema's identity see one schema per table).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any

import attrs

from kampungkb.models._canonical_data import TABLES
from kampungkb.models._schema import Column, TableSchema

__all__ = ["CANONICAL_TABLES", "render_literal"]


def _table(data: Mapping[str, Any]) -> TableSchema:
    fields = dict(data)
    fields["columns"] = tuple(Column(**c) for c in fields["columns"])
    return TableSchema(**fields)


#: The 13 canonical tables, by name, in the contract's order (see :mod:`kampungkb.models.tables`).
CANONICAL_TABLES: Mapping[str, TableSchema] = types.MappingProxyType(
    {t["name"]: _table(t) for t in TABLES})


def _changed(obj: Any) -> dict[str, Any]:
    """The attributes of an attrs instance that differ from their defaults, in field order."""
    out: dict[str, Any] = {}
    for a in attrs.fields(type(obj)):
        value = getattr(obj, a.name)
        default = a.default
        factory = getattr(default, "factory", None)  # attrs.Factory(dict) for ``parents``
        if factory is not None:
            default = factory()
        if a.default is attrs.NOTHING or value != default:
            out[a.name] = value
    return out


def render_literal(tables: Mapping[str, TableSchema]) -> str:
    """The text of :mod:`kampungkb.models._canonical_data` for ``tables``."""
    import pprint  # noqa: PLC0415 - only when generating

    data = []
    for schema in tables.values():
        fields = _changed(schema)
        fields["columns"] = tuple(_changed(c) for c in schema.columns)
        data.append(fields)
    body = pprint.pformat(tuple(data), width=96, sort_dicts=False)
    return (
        '"""The canonical tables\' schemas as plain data — GENERATED, do not edit.\n\n'
        "Written by ``python -m kampungkb._generate`` from the record models\n"
        "(:mod:`kampungkb.models.tables`); read by :mod:`kampungkb.models._canonical`.\n"
        '"""\n\n'
        "from typing import Any\n\n"
        f"TABLES: tuple[dict[str, Any], ...] = {body}\n"
    )
