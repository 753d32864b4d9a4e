"""The typed plugin-manager facade: the one place that calls kampungkb's hooks.

Everything else in kampungkb asks a :class:`PluginManager` for typed results
(``indicator_sets()``, ``readers()`` …) and never touches ``pm.hook`` itself; ordering,
conflict checks and error wrapping live here.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Hashable, Iterable
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
from kampungkb.errors import PluginConflictError, PluginLoadError
from kampungkb.plugins._builtins import DEFAULT_PLUGINS
from kampungkb.plugins._loading import (
    ENV_SKIP_BROKEN,
    LoadPolicy,
    build_pluggy_manager,
    describe,
)
from kampungkb.plugins._warnings import KampungKBPluginWarning

if TYPE_CHECKING:
    from kampungkb.indicators import IndicatorSet, Measure

__all__ = [
    "PluginManager",
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
        self, pm: pluggy.PluginManager, infos: dict[str, PluginInfo], *, skip_broken: bool = False
    ) -> None:
        self._pm = pm
        self._infos = dict(infos)
        self._skip_broken = skip_broken
        self._cache: dict[str, Any] = {}
        self._lock = threading.RLock()

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
                self._broken(info, f"failed in hook {hook_name}", exc)
                continue
            pairs.extend((impl.plugin_name, record) for record in records)
        return pairs

    def _broken(self, info: PluginInfo, problem: str, exc: Exception) -> None:
        message = f"{describe(info)} {problem}: {type(exc).__name__}: {exc}"
        if self._skip_broken and info.kind == "entry point":
            warnings.warn(
                f"skipping the contribution of {message}", KampungKBPluginWarning, stacklevel=4
            )
            # The plugin stays loaded (its other hooks still count); plugins() shows the error.
            errors = f"{info.error}; {message}" if info.error else message
            self._infos[info.name] = attrs.evolve(info, error=errors)
            return
        hint = f"; set {ENV_SKIP_BROKEN}=1 to skip it" if info.kind == "entry point" else ""
        raise PluginLoadError(message + hint) from exc

    def _unique(
        self, what: str, pairs: Iterable[tuple[str, T]], key: Callable[[T], Hashable]
    ) -> dict[Any, T]:
        """Index records by ``key``; two records with one key is a conflict naming both."""
        found: dict[Any, T] = {}
        owner: dict[Any, str] = {}
        for plugin_name, record in pairs:
            k = key(record)
            if k in found:
                first, second = self._infos[owner[k]], self._infos[plugin_name]
                who = (
                    f"{describe(first)} registers it twice"
                    if first is second
                    else f"registered by both {describe(first)} and {describe(second)}"
                )
                raise PluginConflictError(f"{what} {k!r} is {who}")
            found[k] = record
            owner[k] = plugin_name
        return found

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

        return list(self._cached(
            "set_pairs",
            lambda: self._collect("kampungkb_register_indicator_sets", IndicatorSet)))

    def indicator_sets(self) -> dict[str, IndicatorSet]:
        """All registered indicator sets, keyed ``"id@version"`` and sorted by key."""

        def build() -> dict[str, IndicatorSet]:
            found = self._unique("indicator set", self._set_pairs(), lambda s: s.key)
            return dict(sorted(found.items()))

        return dict(self._cached("indicator_sets", build))

    def get_indicator_set(self, spec: str) -> IndicatorSet:
        """One indicator set by ``"id"`` (its latest version) or ``"id@version"``.

        The same resolution as :meth:`kampungkb.definitions.Definitions.get_indicator_set`: versions
        compare numerically when every part is a number; an unversioned id whose versions come
        from more than one distribution is ambiguous.

        Raises:
            UnknownIndicatorSetError: no plugin provides that set or version.
            AmbiguousIndicatorSetError: the unversioned id is provided by several distributions.
        """
        return self.definitions().get_indicator_set(spec)

    def set_origins(self) -> dict[str, str]:
        """For each indicator-set key, the distribution that provides it.

        Built-in sets come from ``"kampungkb"``; an installed plugin's from its distribution
        (or its entry-point name when the distribution is unknown); ``extra`` plugins from
        their registered name.
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
        """

        def build() -> Definitions:
            return Definitions.build(
                indicator_sets=self.indicator_sets(),
                set_origins=self.set_origins(),
                measures=self.measures(),
                table_extensions=self.table_extensions(),
                classifiers=self.classifiers().values(),
                readers=self.readers().values(),
                report_formats=self.report_formats().values(),
            )

        definitions: Definitions = self._cached("definitions", build)
        return definitions

    def measures(self) -> dict[str, Measure]:
        """Shared measures registered by plugins, keyed by measure id."""
        from kampungkb.indicators import Measure  # noqa: PLC0415 - as in indicator_sets()

        def build() -> dict[str, Measure]:
            pairs = self._collect("kampungkb_register_measures", Measure)
            return dict(sorted(self._unique("shared measure", pairs, lambda m: m.id).items()))

        return dict(self._cached("measures", build))

    def table_extensions(self) -> list[TableExtension]:
        """Extra table columns registered by plugins, in registration order.

        Raises:
            PluginConflictError: two plugins add a column of the same name to one table.
        """

        def build() -> list[TableExtension]:
            pairs = self._collect("kampungkb_register_table_extensions", TableExtension)
            columns = [(p, (ext.table, col.name)) for p, ext in pairs for col in ext.columns]
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
        pairs = self._collect(hook_name, record_type)
        return dict(sorted(self._unique(what, pairs, lambda r: r.name).items()))


def _typed_records(result: object, record_type: type[T]) -> list[T]:
    """Check a hook's return value: ``None`` or an iterable of ``record_type`` instances."""
    if result is None:
        return []
    if isinstance(result, str | bytes) or not isinstance(result, Iterable):
        raise TypeError(
            f"returned {type(result).__name__}, expected a list of {record_type.__name__}"
        )
    records: list[T] = []
    for record in result:
        if not isinstance(record, record_type):
            raise TypeError(
                f"returned a {type(record).__name__} in its list, expected {record_type.__name__}"
            )
        records.append(record)
    return records


def load_plugins(
    *,
    builtins: bool = True,
    entry_points: bool = True,
    only: Iterable[str] | None = None,
    extra: Iterable[object] = (),
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

    Returns:
        A new :class:`PluginManager`.

    Raises:
        PluginLoadError: a plugin failed to import or does not match the hook specifications
            (unless ``KAMPUNGKB_SKIP_BROKEN_PLUGINS=1`` turns this into a warning for installed
            plugins).
        PluginConflictError: two plugins share a name.
    """
    policy = LoadPolicy.from_env(builtins=builtins, entry_points=entry_points, only=only)
    pm, infos = build_pluggy_manager(policy, DEFAULT_PLUGINS, extra)
    return PluginManager(pm, infos, skip_broken=policy.skip_broken)


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
