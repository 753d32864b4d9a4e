"""Typed records that registration hooks hand back, and the description of a loaded plugin.

Every registration hook returns a list of one of these small frozen ``attrs`` classes (or, for
indicator sets and measures, of the pydantic definition types in :mod:`kampungkb.indicators`).
Names are validated when a record is built, so a malformed record fails inside the plugin's own
hook and is reported as a :class:`~kampungkb.errors.PluginLoadError` naming that plugin.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal

import attrs

from kampungkb.errors import DatasetError
from kampungkb.models._schema import ARROW_TYPES, Column

__all__ = [
    "ClassifierSpec",
    "PluginInfo",
    "PluginKind",
    "PluginStatus",
    "ReaderSpec",
    "ReportFormatSpec",
    "TableExtension",
    "sql_type",
]

#: Where a plugin came from: shipped with kampungkb, an installed distribution's entry point,
#: or passed to :func:`~kampungkb.plugins.load_plugins` as ``extra``.
PluginKind = Literal["builtin", "entry point", "extra"]

#: ``loaded``: registered and healthy; ``disabled``: switched off by environment variable or
#: argument (not imported); ``broken``: failed to import or a hook raised, and was skipped
#: because ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` is set.
PluginStatus = Literal["loaded", "disabled", "broken"]

_NAME = re.compile(r"^[a-z][a-z0-9_\-]*$")
_TABLE = re.compile(r"^[a-z][a-z0-9_]*$")
_SUFFIX = re.compile(r"^\.[a-z0-9][a-z0-9.]*$")


def _check_name(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _NAME.fullmatch(value):
        raise ValueError(
            f"{attribute.name} must be lowercase ASCII letters, digits, '_' or '-' and start "
            f"with a letter; got {value!r}"
        )


def _check_table(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _TABLE.fullmatch(value):
        raise ValueError(f"{attribute.name} must be a snake_case table name; got {value!r}")


def _lower_suffixes(value: Iterable[str] | str) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else tuple(value)
    return tuple(s.lower() for s in items)


def _lower(value: str) -> str:
    return value.lower()


def _check_suffixes(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must name at least one file suffix, e.g. ('.csv',)")
    for suffix in value:
        _check_suffix(_instance, attribute, suffix)


def _check_suffix(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _SUFFIX.fullmatch(value):
        raise ValueError(
            f"{attribute.name}: a file suffix starts with '.', e.g. '.csv'; got {value!r}"
        )


#: The column types a table may have: DuckDB type names, exactly as written here
#: (``VARCHAR[]`` is a list of text codes).
COLUMN_TYPES: tuple[str, ...] = tuple(ARROW_TYPES)


def sql_type(column: Column) -> str:
    """``column``'s type, to write into SQL: one of :data:`COLUMN_TYPES`, never other text.

    Raises:
        DatasetError: the type is not one of them (a plugin's column could otherwise carry
            any SQL into the engine's queries).
    """
    typ = column.type
    if isinstance(typ, str) and typ in ARROW_TYPES:
        return typ
    shown = repr(typ) if len(repr(typ)) <= 40 else repr(typ)[:39] + "…"
    raise DatasetError.of("definitions.column_type", column=column.name, type=shown,
                          allowed=", ".join(COLUMN_TYPES))


def _to_columns(value: Iterable[Column]) -> tuple[Column, ...]:
    columns = tuple(value)
    for column in columns:
        if not isinstance(column, Column):
            raise TypeError(
                f"columns must be kampungkb Column records; got {type(column).__name__}"
            )
        sql_type(column)
    return columns


@attrs.frozen
class TableExtension:
    """Extra columns a plugin (typically a province) adds to a canonical table.

    The columns become part of the table's schema: readers accept them, validation checks them,
    and indicator filters may use them.

    Attributes:
        table: canonical table name, e.g. ``"families"``.
        columns: the added columns (:class:`~kampungkb.models._schema.Column` records); their
            names must not clash with the table's own columns, the columns the engine derives
            on its view (``period_end``, ``age_years`` …) or another plugin's extension, and
            their ``type`` must be one of :data:`COLUMN_TYPES` (``VARCHAR``, ``BOOLEAN``,
            ``INTEGER``, ``BIGINT``, ``DOUBLE``, ``DATE``, ``VARCHAR[]``).
    """

    table: str = attrs.field(validator=_check_table)
    columns: tuple[Column, ...] = attrs.field(converter=_to_columns)


@attrs.frozen
class ReaderSpec:
    """A reader for an input file format.

    Attributes:
        name: unique reader name, e.g. ``"csv"`` or ``"siga-xlsx"``.
        suffixes: file suffixes the reader handles, lowercase with the dot, e.g. ``(".csv",)``.
        read: ``read(source, **options)`` returning a ``pyarrow.Table`` or a mapping of
            canonical table name to ``pyarrow.Table``.
        description: what the reader reads (English).
        description_id: the same in Bahasa Indonesia.
    """

    name: str = attrs.field(validator=_check_name)
    suffixes: tuple[str, ...] = attrs.field(converter=_lower_suffixes, validator=_check_suffixes)
    read: Callable[..., Any]
    description: str = ""
    description_id: str = ""


@attrs.frozen
class ReportFormatSpec:
    """An output format for reports.

    Attributes:
        name: unique format name, e.g. ``"markdown"``.
        suffix: file suffix written, lowercase with the dot, e.g. ``".md"``.
        render: ``render(results, destination=None, **options)``; returns the rendered report
            (``str``/``bytes``) or writes it to ``destination``.
        description: what the format produces (English).
        description_id: the same in Bahasa Indonesia.
    """

    name: str = attrs.field(validator=_check_name)
    suffix: str = attrs.field(converter=_lower, validator=_check_suffix)
    render: Callable[..., Any]
    description: str = ""
    description_id: str = ""


@attrs.frozen
class ClassifierSpec:
    """A named classification of villages (e.g. Kampung KB maturity classes).

    Attributes:
        name: unique classifier name, e.g. ``"cikar-maturity"``.
        rule: the declarative classification rule, a
            :class:`kampungkb.evaluate.Classification` (built in Python or read with
            :func:`kampungkb.evaluate.load_classification`); anything else makes the plugin's
            hook fail with a ``PluginLoadError``.
        description: what the classes mean (English).
        description_id: the same in Bahasa Indonesia.
    """

    name: str = attrs.field(validator=_check_name)
    rule: Any
    description: str = ""
    description_id: str = ""


@attrs.frozen
class PluginInfo:
    """What the plugin manager knows about one plugin.

    Attributes:
        name: the name the plugin is registered under: the entry-point name for installed
            plugins, the module path for built-ins.
        kind: ``"builtin"``, ``"entry point"`` or ``"extra"``.
        module: the module (or ``module:attribute``) the plugin object comes from.
        distribution: the installed distribution that declares the entry point, if any.
        version: that distribution's version (kampungkb's own for built-ins).
        hooks: the kampungkb hooks the plugin implements (empty unless loaded).
        status: ``"loaded"``, ``"disabled"`` or ``"broken"``.
        error: why a broken plugin was skipped, or which of a loaded plugin's hooks failed and
            were skipped (both only under ``KAMPUNGKB_SKIP_BROKEN_PLUGINS=1``).
    """

    name: str
    kind: PluginKind
    module: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()
    status: PluginStatus = "loaded"
    error: str | None = None
