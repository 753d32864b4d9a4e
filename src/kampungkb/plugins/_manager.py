"""The typed plugin-manager facade: the one place that calls kampungkb's hooks.

Everything else in kampungkb asks a :class:`PluginManager` for typed results
(``indicator_sets()``, ``readers()`` …) and never touches ``pm.hook`` itself; ordering,
conflict checks and error wrapping live here.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from kampungkb.definitions import BUILTIN_ORIGIN, Definitions
from kampungkb.definitions._default import install_default_provider
from kampungkb.definitions._records import (
    ClassifierSpec,
    PluginInfo,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
)
from kampungkb.errors import Phrase, PluginConflictError
from kampungkb.plugins._builtins import DEFAULT_PLUGINS
from kampungkb.plugins._loading import (
    ENV_DISABLE,
    ENV_SKIP_BROKEN,
    LoadPolicy,
    Note,
    RecordsError,
    both,
    broken_error,
    build_pluggy_manager,
    error_of,
    named,
    phrase_of,
)
from kampungkb.plugins._warnings import KampungKBPluginWarning

if TYPE_CHECKING:
    from kampungkb.indicators import IndicatorSet, Measure

__all__ = [
    "PluginManager",
    "diagnose_plugins",
    "get_plugin_manager",
    "load_plugins",
    "reset_plugin_manager",
]

T = TypeVar("T")



class PluginManager:
    """Typed access to everything the loaded plugins register.

    Build one with :func:`load_plugins` (or get the shared default with
    :func:`get_plugin_manager`). Each kind of record is collected from the plugins the first
    time it is asked for, checked for conflicts, and cached for the life of the manager.
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        infos: dict[str, PluginInfo],
        *,
        skip_broken: bool = False,
        notes: Iterable[str] = (),
        warn: bool = True,
        listing: bool = False,
    ) -> None:
        self._pm = pm
        self._infos = dict(infos)
        self._skip_broken = skip_broken
        #: Skipping only to list what is broken (diagnose_plugins), not because the user set
        #: KAMPUNGKB_SKIP_BROKEN_PLUGINS: the notes must not say that it is set.
        self._listing = listing
        self._cache: dict[str, Any] = {}
        self._lock = threading.RLock()
        #: What was left out and why (skipped plugins, conflicts), for Definitions.notes.
        self._notes: list[str] = list(notes)
        self._warn = warn

    def __repr__(self) -> str:
        loaded = [i.name for i in self._infos.values() if i.status == "loaded"]
        return f"<kampungkb PluginManager plugins={loaded}>"

    # -- plugins ---------------------------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """Every plugin seen, in registration order: loaded, disabled and broken ones."""
        return list(self._infos.values())

    # -- collection ------------------------------------------------------------------------

    def _collect(self, hook_name: str, record_type: type[T]) -> list[tuple[str, T]]:
        """Call ``hook_name`` on each plugin separately; return ``(plugin name, record)`` pairs.

        Implementations are called in registration order (built-ins first), one at a time, so
        every record is known to come from exactly one plugin.
        """
        caller: pluggy.HookCaller = getattr(self._pm.hook, hook_name)
        pairs: list[tuple[str, T]] = []
        for impl in caller.get_hookimpls():
            info = self._infos[impl.plugin_name]
            if info.status != "loaded":
                continue
            try:
                if impl.wrapper or impl.hookwrapper:
                    raise TypeError("registration hooks cannot be wrappers")
                records = _typed_records(impl.function(), record_type)
            except Exception as exc:
                self._broken(info, Phrase("plugins.problem_hook", hook=hook_name), exc)
                continue
            pairs.extend((impl.plugin_name, record) for record in records)
        return pairs

    def _pairs(self, hook_name: str, record_type: type[T]) -> list[tuple[str, T]]:
        """:meth:`_collect`, once per manager (every view of one hook shares its records)."""
        return list(self._cached(f"pairs:{hook_name}",
                                 lambda: self._collect(hook_name, record_type)))

    def _broken(self, info: PluginInfo, problem: Phrase, exc: Exception) -> None:
        error = error_of(exc)
        if self._skip_broken and info.kind == "entry point":
            if self._warn:
                warnings.warn(
                    KampungKBPluginWarning.of("plugins.skipping_contribution",
                                              plugin=named(info), problem=problem, error=error),
                    stacklevel=4,
                )
            # The plugin stays loaded (its other hooks still count); plugins() shows the error.
            message = Note(Phrase("plugins.broken", plugin=named(info), problem=problem,
                                  error=error))
            self._infos[info.name] = attrs.evolve(info, error=both(info.error, message))
            if self._listing:
                self._note(Phrase("plugins.skipped_contribution_listing", plugin=named(info),
                                  problem=problem, error=error))
            else:
                self._note(Phrase("plugins.skipped_contribution", plugin=named(info),
                                  problem=problem, error=error, env=ENV_SKIP_BROKEN))
            return
        raise broken_error(info, problem, exc) from exc

    def _note(self, note: Phrase) -> None:
        """Record ``note`` (once; a :class:`Note`, English as text) and issue it as a
        :class:`KampungKBPluginWarning` (in the language it is shown in)."""
        message = Note(note)
        with self._lock:
            if message in self._notes:
                return
            self._notes.append(message)
        if self._warn:
            warnings.warn(KampungKBPluginWarning.of(note.key, **note.fields), stacklevel=4)

    def notes(self) -> list[str]:
        """What was left out so far and why: skipped plugins and contributions, conflicts.

        The same lines end up in :attr:`Definitions.notes
        <kampungkb.definitions.Definitions.notes>`.
        """
        with self._lock:
            return list(self._notes)

    def _unique(
        self, what: str, pairs: Iterable[tuple[str, T]], key: Callable[[T], Hashable]
    ) -> dict[Any, T]:
        """Index records by ``key``; two records with one key is a conflict naming both.

        With ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` set, conflicts are resolved as in
        :meth:`definitions` instead of raising.
        """
        found, _ = self._resolve(what, pairs, key, tolerant=self._skip_broken)
        return found

    def _resolve(
        self,
        what: str,
        pairs: Iterable[tuple[str, T]],
        key: Callable[[T], Hashable],
        *,
        tolerant: bool,
        left_out: Callable[[Any], Phrase] | None = None,
    ) -> tuple[dict[Any, T], dict[Any, Phrase]]:
        """Index records by ``key``, resolving conflicts.

        Returns:
            The records kept, and for every key two or more records claim, the message
            naming them.  ``tolerant=False`` raises :class:`PluginConflictError` on the first
            conflict instead.  Tolerant: with ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` set and a
            built-in plugin among the claimants, the built-in's record is kept and the others
            are skipped; otherwise the key is left out altogether (no plugin can win a
            conflict by being registered first).
        """
        claims: dict[Any, list[tuple[str, T]]] = {}
        for plugin_name, record in pairs:
            claims.setdefault(key(record), []).append((plugin_name, record))
        found: dict[Any, T] = {}
        conflicts: dict[Any, Phrase] = {}
        for k, claimants in claims.items():
            if len(claimants) == 1:
                found[k] = claimants[0][1]
                continue
            names = list(dict.fromkeys(p for p, _ in claimants))
            infos = [self._infos[n] for n in names]
            noun = Phrase(_WHAT[what])
            if len(infos) == 1:
                conflict = Phrase("plugins.registers_twice", what=noun, record=k,
                                  plugin=named(infos[0]))
            else:
                conflict = Phrase("plugins.registered_by_both", what=noun, record=k,
                                  plugins=_joined([named(i) for i in infos], "plugins.and"))
            if not tolerant:
                raise PluginConflictError.of(conflict.key, **conflict.fields)
            builtin = [(p, r) for p, r in claimants if self._infos[p].kind == "builtin"]
            if self._skip_broken and len(builtin) == 1:
                found[k] = builtin[0][1]
                skipped = [i for i in infos if i.kind != "builtin"]
                note = (Phrase("plugins.kept_builtin_listing", conflict=conflict)
                        if self._listing else
                        Phrase("plugins.kept_builtin", conflict=conflict, env=ENV_SKIP_BROKEN))
                for info in skipped:
                    current = self._infos[info.name]
                    self._infos[info.name] = attrs.evolve(
                        current, error=both(current.error, Note(conflict)))
            else:
                what_is_left_out = (left_out(k) if left_out is not None
                                    else Phrase("plugins.left_out"))
                hint = _conflict_hint(infos)
                note = (Phrase("plugins.conflict_note_hint", conflict=conflict,
                               left_out=what_is_left_out, hint=hint) if hint is not None
                        else Phrase("plugins.conflict_note", conflict=conflict,
                                    left_out=what_is_left_out))
            conflicts[k] = note
            self._note(note)
        return found, conflicts

    def _cached(self, hook_name: str, build: Callable[[], T]) -> T:
        with self._lock:
            if hook_name not in self._cache:
                self._cache[hook_name] = build()
            result: T = self._cache[hook_name]
            return result

    # -- typed results ---------------------------------------------------------------------

    def _set_pairs(self) -> list[tuple[str, IndicatorSet]]:
        """``(plugin name, set)`` for every registered set (the hook is called once)."""
        # Imported on use: importing the plugin system must not import the definitions layer.
        from kampungkb.indicators import IndicatorSet  # noqa: PLC0415

        return self._pairs("kampungkb_register_indicator_sets", IndicatorSet)

    def _usable_sets(self) -> tuple[dict[str, IndicatorSet], dict[str, Phrase]]:
        """The sets that can be used, and for each set id left out, why.

        A key two plugins register (``cikar@2018`` again) takes **every version of that id**
        out, not only the key: otherwise ``"cikar"`` would quietly resolve to the other
        plugin's remaining version.  With ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` set and
        kampungkb's own set among the claimants, kampungkb's set is kept instead.
        """

        def build() -> tuple[dict[str, IndicatorSet], dict[str, Phrase]]:
            pairs = self._set_pairs()

            def left_out(key: str) -> Phrase:
                return Phrase("plugins.left_out_set", set_id=key.partition("@")[0])

            found, conflicts = self._resolve(
                "indicator set", pairs, lambda s: s.key, tolerant=True, left_out=left_out)
            disabled: dict[str, Phrase] = {}
            for key, note in conflicts.items():
                if key not in found:
                    disabled.setdefault(key.partition("@")[0], note)
            usable = {k: s for k, s in found.items() if s.id not in disabled}
            return dict(sorted(usable.items())), disabled

        result: tuple[dict[str, IndicatorSet], dict[str, Phrase]] = self._cached("usable_sets",
                                                                                 build)
        return dict(result[0]), dict(result[1])

    def indicator_sets(self) -> dict[str, IndicatorSet]:
        """All registered indicator sets, keyed ``"id@version"`` and sorted by key.

        Raises:
            PluginConflictError: two plugins (or one, twice) register the same
                ``"id@version"``.  With ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` set the conflict is
                resolved as in :meth:`definitions` instead (and named in :meth:`notes`).
        """
        if self._skip_broken:
            return self._usable_sets()[0]

        def build() -> dict[str, IndicatorSet]:
            found = self._unique("indicator set", self._set_pairs(), lambda s: s.key)
            return dict(sorted(found.items()))

        return dict(self._cached("indicator_sets", build))

    def set_conflicts(self) -> dict[str, str]:
        """Set ids left out because two plugins register one of their keys, and why."""
        return {k: str(v) for k, v in self._usable_sets()[1].items()}

    def get_indicator_set(self, spec: str) -> IndicatorSet:
        """One indicator set by ``"id"`` (its latest version) or ``"id@version"``.

        The same resolution as :meth:`kampungkb.definitions.Definitions.get_indicator_set`: versions
        compare numerically when every part is a number; an unversioned id whose versions come
        from more than one distribution is ambiguous.

        Raises:
            UnknownIndicatorSetError: no plugin provides that set or version.
            AmbiguousIndicatorSetError: the unversioned id is provided by several distributions.
            PluginConflictError: the id was left out because two plugins register one of its
                versions (the message names both).
        """
        if isinstance(spec, str):
            conflict = self._usable_sets()[1].get(spec.strip().partition("@")[0])
            if conflict is not None:
                raise PluginConflictError.of(conflict.key, **conflict.fields)
        return self.definitions().get_indicator_set(spec)

    def set_origins(self) -> dict[str, str]:
        """For each indicator-set key, the distribution that provides it.

        Built-in sets come from ``"kampungkb"``; an installed plugin's from its distribution
        (or its entry-point name when the distribution is unknown); ``extra`` plugins from
        their registered name.  A key two plugins register is attributed to the first one
        (kampungkb's, when it is among them).
        """

        def build() -> dict[str, str]:
            out: dict[str, str] = {}
            for plugin_name, record in self._set_pairs():
                out.setdefault(record.key, self._origin(plugin_name))
            return dict(sorted(out.items()))

        return dict(self._cached("set_origins", build))

    def _origin(self, plugin_name: str) -> str:
        info = self._infos[plugin_name]
        if info.kind == "builtin":
            return BUILTIN_ORIGIN
        return info.distribution or info.name

    def definitions(self) -> Definitions:
        """Everything the loaded plugins provide, as one immutable
        :class:`~kampungkb.definitions.Definitions` (built on first call, then reused).

        Hand it to :class:`~kampungkb.Dataset` (``definitions=``) and the engine calls; the
        loaded plugins' definitions are also what they use when given none.

        Building never fails because of a **conflict**: a name two plugins register is left
        out (for an indicator set, every version of its id), a
        :class:`~kampungkb.plugins.KampungKBPluginWarning` names both plugins, and the same
        line is kept in ``Definitions.notes``.  With ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` set, a
        conflict with one of kampungkb's own definitions keeps kampungkb's.  Skipped broken
        plugins are named in the notes too.

        Raises:
            PluginLoadError: a plugin's hook raised (unless ``KAMPUNGKB_SKIP_BROKEN_PLUGINS``).
        """

        def build() -> Definitions:
            from kampungkb.indicators import Measure  # noqa: PLC0415 - as in _set_pairs()

            sets, _ = self._usable_sets()
            origins = self._usable_origins(sets)
            measures, _ = self._resolve(
                "shared measure", self._pairs("kampungkb_register_measures", Measure),
                lambda m: m.id, tolerant=True)
            extensions = self._usable_extensions()
            named = {
                what: self._resolve(what, self._pairs(hook, record_type),
                                    lambda r: r.name, tolerant=True)[0]
                for what, hook, record_type in _NAMED_HOOKS
            }
            notes = [Note(Phrase("plugins.skipped", error=phrase_of(info.error)))
                     for info in self._infos.values() if info.status == "broken" and info.error]
            return Definitions.build(
                indicator_sets=sets,
                set_origins=origins,
                measures=dict(sorted(measures.items())),
                table_extensions=extensions,
                classifiers=named["classifier"].values(),
                readers=named["reader"].values(),
                report_formats=named["report format"].values(),
                notes=[*notes, *self.notes()],
            )

        definitions: Definitions = self._cached("definitions", build)
        return definitions

    def _usable_origins(self, sets: dict[str, IndicatorSet]) -> dict[str, str]:
        out: dict[str, str] = {}
        for plugin_name, record in self._set_pairs():
            if sets.get(record.key) is record:
                out[record.key] = self._origin(plugin_name)
        return out

    def _extension_pairs(self) -> tuple[list[tuple[str, TableExtension]], list[Phrase]]:
        """``(plugin name, extension)`` for every registered table extension that fits
        kampungkb's own tables, and a message for each one left out.

        An extension of a table that is not canonical, or adding a column the table already
        has (in any letter case) or one the engine makes itself (``age_years``,
        ``period_end`` …), is a conflict with kampungkb's own definitions: kampungkb's columns
        are kept and that plugin's extension is skipped.  Each skip is warned about and noted
        once, and the plugin's ``PluginInfo.error`` names it.
        """

        def build() -> tuple[list[tuple[str, TableExtension]], list[Phrase]]:
            pairs = self._pairs("kampungkb_register_table_extensions", TableExtension)
            kept: list[tuple[str, TableExtension]] = []
            clashes: list[Phrase] = []
            for plugin_name, ext in pairs:
                info = self._infos[plugin_name]
                problem = _extension_problem(ext, named(info))
                if problem is None:
                    kept.append((plugin_name, ext))
                    continue
                hints = [Phrase("plugins.hint_rename_column")]
                if info.kind == "entry point":
                    hints.append(Phrase("plugins.hint_switch_off", env=ENV_DISABLE,
                                        name=info.name))
                clash = Phrase("plugins.extension_skipped", problem=problem, table=ext.table,
                               hint=_joined(hints, "plugins.or"))
                current = self._infos[plugin_name]
                self._infos[plugin_name] = attrs.evolve(
                    current, error=both(current.error, Note(clash)))
                clashes.append(clash)
                self._note(clash)
            return kept, clashes

        result: tuple[list[tuple[str, TableExtension]], list[Phrase]] = self._cached(
            "extension_pairs", build)
        return list(result[0]), list(result[1])

    def _usable_extensions(self) -> list[TableExtension]:
        """Table extensions without the ones clashing with kampungkb's own tables or adding a
        column another plugin also adds."""
        pairs = self._extension_pairs()[0]
        columns = [(p, ((ext.table, col.name.lower()), ext))
                   for p, ext in pairs for col in ext.columns]
        found, conflicts = self._resolve(
            "table column (table, column)", columns, lambda tc: tc[0], tolerant=True)
        dropped = {id(ext) for _, (tc, ext) in columns
                   if tc in conflicts and found.get(tc, (None, None))[1] is not ext}
        return [ext for _, ext in pairs if id(ext) not in dropped]

    def measures(self) -> dict[str, Measure]:
        """Shared measures registered by plugins, keyed by measure id."""
        from kampungkb.indicators import Measure  # noqa: PLC0415 - as in indicator_sets()

        def build() -> dict[str, Measure]:
            pairs = self._pairs("kampungkb_register_measures", Measure)
            return dict(sorted(self._unique("shared measure", pairs, lambda m: m.id).items()))

        return dict(self._cached("measures", build))

    def table_extensions(self) -> list[TableExtension]:
        """Extra table columns registered by plugins, in registration order.

        Raises:
            PluginConflictError: two plugins add a column of the same name (in any letter
                case) to one table, or a plugin adds a column kampungkb's own table already
                has or the engine makes itself, or extends a table that is not canonical.
                With ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` set, resolved as in
                :meth:`definitions` instead.
        """

        def build() -> list[TableExtension]:
            if self._skip_broken:
                return self._usable_extensions()
            pairs, clashes = self._extension_pairs()
            if clashes:
                raise PluginConflictError.of(clashes[0].key, **clashes[0].fields)
            columns = [(p, (ext.table, col.name.lower()))
                       for p, ext in pairs for col in ext.columns]
            self._unique("table column (table, column)", columns, lambda tc: tc)
            return [ext for _, ext in pairs]

        return list(self._cached("table_extensions", build))

    def readers(self) -> dict[str, ReaderSpec]:
        """Readers registered by plugins, keyed by name."""
        return dict(
            self._cached(
                "readers", lambda: self._named("reader", "kampungkb_register_readers", ReaderSpec)
            )
        )

    def report_formats(self) -> dict[str, ReportFormatSpec]:
        """Report formats registered by plugins, keyed by name."""
        return dict(
            self._cached(
                "report_formats",
                lambda: self._named(
                    "report format", "kampungkb_register_report_formats", ReportFormatSpec
                ),
            )
        )

    def classifiers(self) -> dict[str, ClassifierSpec]:
        """Classifiers registered by plugins, keyed by name."""
        return dict(
            self._cached(
                "classifiers",
                lambda: self._named("classifier", "kampungkb_register_classifiers", ClassifierSpec),
            )
        )

    def _named(
        self,
        what: str,
        hook_name: str,
        record_type: type[ReaderSpec] | type[ReportFormatSpec] | type[ClassifierSpec],
    ) -> dict[str, Any]:
        pairs = self._pairs(hook_name, record_type)
        return dict(sorted(self._unique(what, pairs, lambda r: r.name).items()))


_NAMED_HOOKS: tuple[tuple[str, str, Any], ...] = (
    ("classifier", "kampungkb_register_classifiers", ClassifierSpec),
    ("reader", "kampungkb_register_readers", ReaderSpec),
    ("report format", "kampungkb_register_report_formats", ReportFormatSpec),
)


#: The message-catalogue phrase of each kind of record two plugins may both register.
_WHAT = {
    "indicator set": "plugins.what_set",
    "shared measure": "plugins.what_measure",
    "classifier": "plugins.what_classifier",
    "reader": "plugins.what_reader",
    "report format": "plugins.what_report_format",
    "table column (table, column)": "plugins.what_table_column",
}


def _joined(phrases: list[Phrase], key: str) -> Phrase:
    """``a``, ``b``, ``c`` as one phrase: ``a and b and c`` (``key`` holds the joint)."""
    joined = phrases[-1]
    for phrase in reversed(phrases[:-1]):
        joined = Phrase(key, first=phrase, second=joined)
    return joined


def _conflict_hint(infos: Iterable[PluginInfo]) -> Phrase | None:
    """How to settle a conflict: switch a plugin off, or keep kampungkb's own definitions."""
    infos = list(infos)
    installed = [i.name for i in infos if i.kind == "entry point"]
    hints = []
    if any(i.kind == "builtin" for i in infos):
        hints.append(Phrase("plugins.hint_keep_builtin", env=ENV_SKIP_BROKEN))
    if len(installed) == 1:
        hints.append(Phrase("plugins.hint_switch_off", env=ENV_DISABLE, name=installed[0]))
    elif installed:
        hints.append(Phrase("plugins.hint_switch_one_off", env=ENV_DISABLE,
                            names="|".join(installed)))
    return _joined(hints, "plugins.or") if hints else None


def _extension_problem(ext: TableExtension, plugin: Phrase) -> Phrase | None:
    """What is wrong with ``ext`` given kampungkb's own tables, or ``None``."""
    # Imported on use: importing the plugin system must not import the models.
    from kampungkb.indicators._derived import reserved_columns  # noqa: PLC0415
    from kampungkb.models._canonical import CANONICAL_TABLES  # noqa: PLC0415

    schema = CANONICAL_TABLES.get(ext.table)
    if schema is None:
        return Phrase("plugins.extension_unknown_table", plugin=plugin, table=ext.table)
    existing = {n.lower(): n for n in schema.column_names}
    reserved = reserved_columns(schema)
    for col in ext.columns:
        name = col.name.lower()
        if name in existing:
            return Phrase("plugins.extension_column_exists", plugin=plugin, table=ext.table,
                          column=col.name, existing=existing[name])
        if name in reserved:
            return Phrase("plugins.extension_column_reserved", plugin=plugin, table=ext.table,
                          column=col.name)
    return None


def _typed_records(result: object, record_type: type[T]) -> list[T]:
    """Check a hook's return value: an iterable of ``record_type`` instances (a list, a tuple,
    a generator).  ``None`` — a forgotten ``return`` — is an error, as is a mapping or text.

    Raises:
        RecordsError: saying what the hook returned instead.
    """
    expected = record_type.__name__
    if result is None:
        raise RecordsError("plugins.returned_none", expected=expected)
    if isinstance(result, str | bytes | Mapping) or not isinstance(result, Iterable):
        raise RecordsError("plugins.returned_other", got=type(result).__name__,
                           expected=expected)
    records: list[T] = []
    for record in result:
        if not isinstance(record, record_type):
            raise RecordsError("plugins.returned_other_item", got=type(record).__name__,
                               expected=expected)
        if isinstance(record, ClassifierSpec):
            _check_classifier(record)
        records.append(record)
    return records


def _check_classifier(spec: ClassifierSpec) -> None:
    """A classifier's rule must be a :class:`~kampungkb.evaluate.Classification` (otherwise
    ``classify`` would call a registered classifier unknown)."""
    # Imported on use, as in PluginManager._set_pairs().
    from kampungkb.evaluate._classify_rules import Classification  # noqa: PLC0415

    if not isinstance(spec.rule, Classification):
        raise RecordsError("plugins.classifier_rule", name=spec.name,
                           got=type(spec.rule).__name__)


def load_plugins(
    *,
    builtins: bool = True,
    entry_points: bool = True,
    only: Iterable[str] | None = None,
    extra: Iterable[object] = (),
    skip_broken: bool | None = None,
) -> PluginManager:
    """Build a new plugin manager: register built-ins, installed plugins and ``extra``.

    Nothing is loaded when kampungkb is imported; this call (or :func:`get_plugin_manager`)
    is the only thing that imports plugins.

    Args:
        builtins: register the built-in plugins (:data:`DEFAULT_PLUGINS`).
        entry_points: discover installed plugins in the ``kampungkb`` entry-point group.
        only: load only these installed plugins (entry-point or distribution names);
            replaces ``KAMPUNGKB_PLUGINS``. ``KAMPUNGKB_DISABLE_PLUGINS`` still applies.
        extra: plugin objects (modules, or objects with ``@hookimpl`` functions) to register
            after the others — for applications and tests.
        skip_broken: skip broken installed plugins (and settle conflicts with kampungkb's own
            definitions in kampungkb's favour) with a warning; replaces
            ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` when given.

    Returns:
        A new :class:`PluginManager`.

    Raises:
        PluginLoadError: a plugin failed to import or does not match the hook specifications
            (unless ``KAMPUNGKB_SKIP_BROKEN_PLUGINS=1`` turns this into a warning for installed
            plugins).
        PluginConflictError: two plugins share a name.
    """
    policy = LoadPolicy.from_env(
        builtins=builtins, entry_points=entry_points, only=only, skip_broken=skip_broken
    )
    pm, infos = build_pluggy_manager(policy, DEFAULT_PLUGINS, extra)
    return PluginManager(pm, infos, skip_broken=policy.skip_broken)


def diagnose_plugins() -> PluginManager:
    """A manager that loads whatever it can, for listing what is broken.

    Like :func:`load_plugins` with ``KAMPUNGKB_SKIP_BROKEN_PLUGINS=1``, and more: broken
    built-ins and plugins whose name another plugin already has are recorded as broken
    instead of raising.  ``kampungkb plugins`` uses it when the ordinary load fails, so the
    command a user runs to find a broken plugin always runs.  Warnings are not issued; every
    problem is in :meth:`PluginManager.plugins` (``status``/``error``) and
    :meth:`PluginManager.notes`.
    """
    base = LoadPolicy.from_env(skip_broken=True)
    policy = attrs.evolve(base, skip_everything=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KampungKBPluginWarning)
        pm, infos = build_pluggy_manager(policy, DEFAULT_PLUGINS)
    # The notes say KAMPUNGKB_SKIP_BROKEN_PLUGINS is set only when it is.
    return PluginManager(pm, infos, skip_broken=True, warn=False,
                         listing=not LoadPolicy.from_env().skip_broken)


_default: PluginManager | None = None
_default_lock = threading.Lock()


def get_plugin_manager() -> PluginManager:
    """The shared default manager, built by :func:`load_plugins` on first use and then reused."""
    global _default  # noqa: PLW0603 - one process-wide manager, like llm's load_plugins()
    with _default_lock:
        if _default is None:
            _default = load_plugins()
        return _default


def reset_plugin_manager() -> None:
    """Forget the shared default manager; the next :func:`get_plugin_manager` rebuilds it."""
    global _default  # noqa: PLW0603 - see get_plugin_manager
    with _default_lock:
        _default = None


install_default_provider(lambda: get_plugin_manager().definitions())
