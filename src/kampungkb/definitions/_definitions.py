"""Definitions: everything the plugins provide, resolved once into one immutable object.

The edge of the library (the facade, the command line, an application) builds a
:class:`Definitions` object — usually from the loaded plugins, with
:meth:`kampungkb.plugins.PluginManager.definitions` — and hands it down.  The engine, the
evaluation and the reports read indicator sets, shared measures, table schemas, classifiers and
report formats from the object they are given and never reach up to the plugin system, so a
:class:`~kampungkb.Dataset` built with one means the same thing for its whole life, in every
thread.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from kampungkb.definitions._records import (
    ClassifierSpec,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
)
from kampungkb.errors import (
    AmbiguousIndicatorSetError,
    DatasetError,
    KampungKBError,
    Phrase,
    UnknownIndicatorSetError,
)
from kampungkb.models._schema import TableSchema

if TYPE_CHECKING:
    from kampungkb.indicators._definitions import IndicatorSet, Measure

__all__ = ["BUILTIN_ORIGIN", "Definitions", "version_key"]

#: The origin recorded for what kampungkb itself ships (the built-in plugins).
BUILTIN_ORIGIN = "kampungkb"

_NUMERIC_VERSION = re.compile(r"^\d+(?:[.\-]\d+)*$")


def version_key(version: str) -> tuple[int, tuple[int, ...], str]:
    """Sort key for set versions: numeric versions (``2018``, ``1.10``) compare numerically and
    rank above non-numeric labels, which compare lexically among themselves."""
    if _NUMERIC_VERSION.fullmatch(version):
        return (1, tuple(int(p) for p in re.split(r"[.\-]", version)), "")
    return (0, (), version)


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(sorted((mapping or {}).items())))


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _apply_extensions(
    base: Mapping[str, TableSchema], extensions: Iterable[TableExtension]
) -> Mapping[str, TableSchema]:
    from kampungkb.indicators._derived import reserved_columns  # noqa: PLC0415 - import cycle

    schemas = dict(base)
    for ext in extensions:
        if ext.table not in schemas:
            raise DatasetError.of("definitions.extends_unknown_table", table=ext.table)
        schema = schemas[ext.table]
        reserved = reserved_columns(schema)
        known = {n.lower() for n in schema.column_names}
        for col in ext.columns:
            name = col.name.lower()
            if name in reserved:
                raise DatasetError.of("definitions.column_reserved", table=ext.table,
                                      column=col.name, reserved=", ".join(sorted(reserved)))
            if name in known:
                key = ("definitions.column_exists"
                       if name in {n.lower() for n in base[ext.table].column_names}
                       else "definitions.column_twice")
                raise DatasetError.of(key, table=ext.table, column=col.name)
            known.add(name)
        schemas[ext.table] = schema.with_columns(tuple(ext.columns))
    return types.MappingProxyType(schemas)


@attrs.frozen(eq=False, repr=False)
class Definitions:
    """Indicator sets, shared measures, table schemas, classifiers, readers and report formats.

    Immutable: build new definitions to change what it holds.  Safe to share between threads.

    Attributes:
        indicator_sets: sets keyed ``"id@version"``.
        set_origins: for each set key, the distribution that provides it (``"kampungkb"`` for
            the built-in sets).
        measures: shared measures (any set may reference them), keyed by measure id.
        table_extensions: extra columns plugins add to canonical tables.
        schemas: the canonical table schemas with the extensions applied.
        classifiers: named village classifications.
        readers: input-file readers by name.
        report_formats: report formats by name.
        notes: what was left out while building them and why (e.g. a set id two plugins
            both register at one version), for ``kampungkb plugins`` and ``kampungkb sets``.
    """

    indicator_sets: Mapping[str, IndicatorSet] = attrs.field(converter=_frozen)
    set_origins: Mapping[str, str] = attrs.field(converter=_frozen)
    measures: Mapping[str, Measure] = attrs.field(converter=_frozen)
    table_extensions: tuple[TableExtension, ...] = attrs.field(converter=_tuple)
    schemas: Mapping[str, TableSchema]
    classifiers: Mapping[str, ClassifierSpec] = attrs.field(converter=_frozen)
    readers: Mapping[str, ReaderSpec] = attrs.field(converter=_frozen)
    report_formats: Mapping[str, ReportFormatSpec] = attrs.field(converter=_frozen)
    notes: tuple[str, ...] = attrs.field(converter=_tuple, default=())

    @classmethod
    def build(
        cls,
        *,
        indicator_sets: Iterable[IndicatorSet] | Mapping[str, IndicatorSet] = (),
        set_origins: Mapping[str, str] | None = None,
        measures: Iterable[Measure] | Mapping[str, Measure] = (),
        table_extensions: Iterable[TableExtension] = (),
        classifiers: Iterable[ClassifierSpec] = (),
        readers: Iterable[ReaderSpec] = (),
        report_formats: Iterable[ReportFormatSpec] = (),
        notes: Iterable[str] = (),
    ) -> Definitions:
        """Definitions of exactly what is given (no plugin is consulted).

        Sets and measures may be given as lists or as mappings; records as lists.  Sets without
        an origin in ``set_origins`` are recorded as coming from ``"kampungkb"``.

        Raises:
            KampungKBError: two sets share a key, or two records share a name.
            DatasetError: a table extension names a table that does not exist.
        """
        from kampungkb.models._canonical import CANONICAL_TABLES  # noqa: PLC0415 - models are heavy

        sets = _index("set", indicator_sets, lambda s: s.key)
        origins = {k: (set_origins or {}).get(k, BUILTIN_ORIGIN) for k in sets}
        exts = tuple(table_extensions)
        return cls(
            indicator_sets=sets,
            set_origins=origins,
            measures=_index("measure", measures, lambda m: m.id),
            table_extensions=exts,
            schemas=_apply_extensions(CANONICAL_TABLES, exts),
            classifiers=_index("classifier", classifiers, lambda c: c.name),
            readers=_index("reader", readers, lambda r: r.name),
            report_formats=_index("report_format", report_formats, lambda r: r.name),
            notes=tuple(notes),
        )

    def __repr__(self) -> str:
        return (
            f"<kampungkb Definitions sets={list(self.indicator_sets)} "
            f"measures={len(self.measures)} classifiers={list(self.classifiers)} "
            f"formats={list(self.report_formats)}>"
        )

    # -- indicator sets ---------------------------------------------------------------------

    def get_indicator_set(self, spec: str) -> IndicatorSet:
        """One indicator set by ``"id"`` (its latest version) or ``"id@version"``.

        Versions compare numerically when every part is a number (``2018`` < ``2020``,
        ``1.9`` < ``1.10``), otherwise lexically; numeric versions rank above other labels.

        An unversioned id is **ambiguous** when its versions come from more than one
        distribution (a plugin adding ``cikar@2099`` beside kampungkb's ``cikar@2018``): then
        resolving ``"cikar"`` is an error naming the distributions and the pinned names to use,
        so a plugin can never silently change what a name means.

        Raises:
            UnknownIndicatorSetError: no such set or version; the message suggests close names
                and lists the available sets.
            AmbiguousIndicatorSetError: an unversioned id whose versions come from more than
                one distribution.
        """
        if not isinstance(spec, str):
            raise UnknownIndicatorSetError.of("definitions.set_name_type",
                                              kind=type(spec).__name__)
        sets = self.indicator_sets
        wanted = spec.strip()
        set_id, at, version = wanted.partition("@")
        if at and wanted in sets:
            return sets[wanted]
        same_id = [s for s in sets.values() if s.id == set_id]
        if same_id and not at:
            origins = sorted({self.set_origins.get(s.key, BUILTIN_ORIGIN) for s in same_id})
            if len(origins) > 1:
                pinned = ", ".join(
                    f"{s.key!r} ({self.set_origins.get(s.key, BUILTIN_ORIGIN)})"
                    for s in sorted(same_id, key=lambda s: version_key(s.version))
                )
                raise AmbiguousIndicatorSetError.of(
                    "definitions.ambiguous_set", set_id=set_id, origins=", ".join(origins),
                    pinned=pinned)
            return max(same_id, key=lambda s: version_key(s.version))
        if same_id:
            versions = ", ".join(sorted((s.version for s in same_id), key=version_key))
            raise UnknownIndicatorSetError.of("definitions.no_version", set_id=set_id,
                                              version=version, versions=versions)
        why = [n for n in self.notes if f"'{set_id}@" in n or f"'{set_id}'" in n]
        raise _unknown_set(wanted, sets, why)

    def resolve_sets(
        self, sets: str | IndicatorSet | Iterable[str | IndicatorSet]
    ) -> list[IndicatorSet]:
        """Turn set specs (``"cikar"``, ``"cikar@2018"`` or set objects) into sets."""
        from kampungkb.indicators._definitions import IndicatorSet  # noqa: PLC0415

        items: list[Any] = [sets] if isinstance(sets, str | IndicatorSet) else list(sets)
        return [item if isinstance(item, IndicatorSet) else self.get_indicator_set(item)
                for item in items]

    # -- other records ----------------------------------------------------------------------

    def classifier(self, name: str) -> ClassifierSpec:
        """The classifier called ``name``.

        Raises:
            UnknownIndicatorSetError: no classifier of that name.
        """
        spec = self.classifiers.get(name)
        if spec is None:
            if not self.classifiers:
                raise UnknownIndicatorSetError.of("definitions.unknown_classifier_none",
                                                  name=name)
            raise UnknownIndicatorSetError.of("definitions.unknown_classifier", name=name,
                                              known=", ".join(self.classifiers))
        return spec

    def report_format(self, name: str) -> ReportFormatSpec:
        """The report format called ``name``.

        Raises:
            KampungKBError: no such format.
        """
        spec = self.report_formats.get(name)
        if spec is None:
            raise KampungKBError.of("definitions.unknown_report_format", name=name,
                                    known=", ".join(self.report_formats))
        return spec


def _index(what: str, items: Iterable[Any] | Mapping[str, Any], key: Any) -> dict[str, Any]:
    values = list(items.values()) if isinstance(items, Mapping) else list(items)
    out: dict[str, Any] = {}
    for item in values:
        k = key(item)
        if k in out:
            raise KampungKBError.of(f"definitions.given_twice_{what}", name=k)
        out[k] = item
    return out


def _joined(lines: list[str]) -> Phrase | str:
    """Notes joined by ``;`` — each in the message's language when it is a plugin system's
    note (it carries its ``phrase``)."""
    parts: list[Phrase | str] = [getattr(line, "phrase", line) for line in lines]
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Phrase("definitions.semicolon", first=part, second=joined)
    return joined


def _unknown_set(wanted: str, sets: Mapping[str, IndicatorSet],
                 notes: list[str]) -> UnknownIndicatorSetError:
    """No set ``wanted``: a did-you-mean, the sets there are, and why it was left out."""
    left_out = "_left_out" if notes else ""
    why = _joined(notes) if notes else ""
    if not sets:
        return UnknownIndicatorSetError.of(f"definitions.unknown_set_none{left_out}",
                                           wanted=wanted, why=why)
    names = sorted({s.id for s in sets.values()} | set(sets))
    lowered = {n.lower(): n for n in names}
    close = difflib.get_close_matches(wanted.lower(), list(lowered), n=3, cutoff=0.6)
    kind = "close" if close else "plain"
    return UnknownIndicatorSetError.of(
        f"definitions.unknown_set_{kind}{left_out}", wanted=wanted, why=why,
        close=" / ".join(repr(lowered[c]) for c in close), available=", ".join(sets))
