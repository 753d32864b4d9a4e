"""Finding and registering plugins: built-ins, entry points, extras, environment switches.

This module builds the underlying :class:`pluggy.PluginManager`; :mod:`._manager` wraps it.
"""

from __future__ import annotations

import importlib
import os
import re
import warnings
from collections.abc import Iterable
from importlib import metadata
from types import ModuleType
from typing import Any

import attrs
import pluggy
from pydantic import ValidationError

from kampungkb._pydantic_problems import definition_problems
from kampungkb.errors import KampungKBError, Phrase, PluginConflictError, PluginLoadError
from kampungkb.labels import check_lang, text
from kampungkb.plugins import hookspecs
from kampungkb.plugins._records import PluginInfo
from kampungkb.plugins._warnings import KampungKBPluginWarning

__all__ = [
    "ENV_ALLOW",
    "ENV_DISABLE",
    "ENV_SKIP_BROKEN",
    "LoadPolicy",
    "RecordsError",
    "build_pluggy_manager",
    "error_of",
    "named",
]

#: ``1``/``all`` switches every installed (entry-point) plugin off; ``a,b`` switches off those.
ENV_DISABLE = "KAMPUNGKB_DISABLE_PLUGINS"
#: ``a,b``: load only these installed plugins (entry-point or distribution names).
ENV_ALLOW = "KAMPUNGKB_PLUGINS"
#: ``1``: a broken installed plugin is skipped with a warning instead of raising.
ENV_SKIP_BROKEN = "KAMPUNGKB_SKIP_BROKEN_PLUGINS"

_TRUE = frozenset({"1", "true", "yes", "on"})
_ALL = _TRUE | {"all", "*"}


def _normalise(name: str) -> str:
    """PEP 503 normalisation, so ``kampungkb_toy`` and ``KampungKB-Toy`` match."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_normalise(n) for n in value if n.strip())


@attrs.frozen
class LoadPolicy:
    """Which plugins to load, after arguments and environment variables are combined.

    Attributes:
        builtins: register :data:`~kampungkb.plugins.DEFAULT_PLUGINS`.
        entry_points: discover installed plugins in the ``kampungkb`` entry-point group.
        allow: if not ``None``, only installed plugins with these (normalised) names load.
        deny: installed plugins with these (normalised) names do not load.
        skip_broken: skip a broken installed plugin with a warning instead of raising.
        skip_everything: also skip broken built-in and ``extra`` plugins and plugins whose
            name another plugin already has (``kampungkb plugins`` loads this way so that it
            can always list what is broken).
    """

    builtins: bool = True
    entry_points: bool = True
    allow: frozenset[str] | None = None
    deny: frozenset[str] = frozenset()
    skip_broken: bool = False
    skip_everything: bool = False

    @classmethod
    def from_env(
        cls,
        *,
        builtins: bool = True,
        entry_points: bool = True,
        only: Iterable[str] | None = None,
        skip_broken: bool | None = None,
    ) -> LoadPolicy:
        """Combine :func:`~kampungkb.plugins.load_plugins` arguments with the environment.

        ``only`` replaces ``KAMPUNGKB_PLUGINS``; ``KAMPUNGKB_DISABLE_PLUGINS`` applies on top
        of either (the user's switch wins).  ``skip_broken`` replaces
        ``KAMPUNGKB_SKIP_BROKEN_PLUGINS`` when given.
        """
        disable = os.environ.get(ENV_DISABLE, "").strip()
        deny: frozenset[str] = frozenset()
        if disable.lower() in _ALL:
            entry_points = False
        elif disable:
            deny = _names(disable.split(","))
        allow: frozenset[str] | None
        if only is not None:
            allow = _names([only] if isinstance(only, str) else only)
        else:
            allowed = os.environ.get(ENV_ALLOW, "").strip()
            allow = _names(allowed.split(",")) if allowed else None
        skip = (
            os.environ.get(ENV_SKIP_BROKEN, "").strip().lower() in _TRUE
            if skip_broken is None
            else skip_broken
        )
        return cls(
            builtins=builtins, entry_points=entry_points, allow=allow, deny=deny, skip_broken=skip
        )


class Note(str):
    """A line about the plugins (what was left out, a plugin's error): ``str`` is the English,
    :meth:`render` gives either language.  Compares and prints like the English text."""

    phrase: Phrase

    def __new__(cls, phrase: Phrase) -> Note:
        made = super().__new__(cls, str(phrase))
        made.phrase = phrase
        return made

    def render(self, lang: str = "en") -> str:
        """The line in ``lang`` (``"id"`` or ``"en"``)."""
        return self.phrase.render(lang)

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle: rebuilt from the phrase
        return (Note, (self.phrase,))


def phrase_of(line: str) -> Phrase | str:
    """The phrase of a :class:`Note`; any other text as it is."""
    return line.phrase if isinstance(line, Note) else line


def both(first: str | None, second: Note) -> Note:
    """``first; second`` (a plugin's errors so far and a new one) as one note."""
    if not first:
        return second
    return Note(Phrase("plugins.semicolon", first=phrase_of(first), second=second.phrase))


def named(info: PluginInfo) -> Phrase:
    """A plugin and where it came from, for messages: a phrase of the message catalogue
    (``built-in plugin 'x'``, ``plugin 'x' (entry point x = m from distribution d 1.0)`` …)."""
    if info.kind == "builtin":
        return Phrase("plugins.builtin", name=info.name)
    if info.kind == "extra":
        return Phrase("plugins.extra", name=info.name, module=info.module)
    if info.distribution:
        return Phrase("plugins.entry_point", name=info.name, module=info.module,
                      dist=info.distribution, version=info.version)
    return Phrase("plugins.entry_point_unknown", name=info.name, module=info.module)


class RecordsError(TypeError):
    """A hook returned something other than a list of the right records.

    Its message is a phrase of the message catalogue (``plugins.returned_none`` …), so the
    :class:`~kampungkb.errors.PluginLoadError` (or note) naming the plugin shows it in the
    language asked for; ``str()`` is the English.
    """

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.phrase = Phrase(key, **fields)
        super().__init__(str(self.phrase))


class _ErrorPhrase(Phrase):
    """A kampungkb error raised inside a plugin's hook (a classification file that does not
    exist …), as ``Type: message`` in the language the message around it is shown in."""

    __slots__ = ("error",)

    def __init__(self, error: KampungKBError) -> None:
        super().__init__("plugins.exception", name=type(error).__name__, message=str(error))
        self.error = error

    def render(self, lang: str = "en") -> str:
        """``Type: message`` in ``lang`` (``"id"`` or ``"en"``)."""
        return text("plugins.exception", check_lang(lang), name=type(self.error).__name__,
                    message=self.error.message(lang))

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle: rebuilt from the error
        return (_ErrorPhrase, (self.error,))


def error_of(exc: BaseException) -> Phrase | str:
    """A plugin's error as ``Type: message``, for messages: a phrase (shown in the message's
    language) when the error comes from the message catalogue, else the text as it is."""
    if isinstance(exc, RecordsError):
        return Phrase("plugins.exception", name="TypeError", message=exc.phrase)
    if isinstance(exc, KampungKBError) and exc.key is not None:
        return _ErrorPhrase(exc)
    if isinstance(exc, ValidationError):  # a definition built in the plugin's own code
        return Phrase("plugins.exception", name="ValidationError",
                      message=definition_problems(exc, None))
    return f"{type(exc).__name__}: {exc}"


def broken_error(info: PluginInfo, problem: Phrase, exc: BaseException) -> PluginLoadError:
    """The error for a plugin that ``problem`` (failed to import …); a hint for entry points."""
    key = "plugins.broken_skip_hint" if info.kind == "entry point" else "plugins.broken"
    return PluginLoadError.of(key, plugin=named(info), problem=problem,
                              error=error_of(exc), env=ENV_SKIP_BROKEN)


def _kampungkb_version() -> str | None:
    try:
        return metadata.version("kampungkb")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return None


class _Loader:
    """Registers plugins one by one, turning every failure into a named kampungkb error."""

    def __init__(self, policy: LoadPolicy) -> None:
        self.policy = policy
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}

    def broken(self, info: PluginInfo, problem: Phrase, exc: BaseException) -> None:
        """Raise :class:`PluginLoadError`, or warn and record the plugin as broken."""
        error = error_of(exc)
        if self.policy.skip_everything or (
            self.policy.skip_broken and info.kind == "entry point"
        ):
            warnings.warn(
                KampungKBPluginWarning.of("plugins.skipping", plugin=named(info),
                                          problem=problem, error=error, env=ENV_SKIP_BROKEN),
                stacklevel=4,
            )
            message = Note(Phrase("plugins.broken", plugin=named(info), problem=problem,
                                  error=error))
            self.infos[info.name] = attrs.evolve(info, status="broken", error=message, hooks=())
            return
        raise broken_error(info, problem, exc) from exc

    def clash(self, info: PluginInfo, conflict: PluginConflictError) -> None:
        """Raise :class:`PluginConflictError`, or (diagnosing) record the second as broken."""
        if not self.policy.skip_everything:
            raise conflict
        message = Note(Phrase(str(conflict.key), **conflict.fields))
        name = info.name
        while name in self.infos:  # keep both rows visible in `kampungkb plugins`
            name += "'"
        self.infos[name] = attrs.evolve(info, name=name, status="broken", error=message,
                                        hooks=())

    def register(self, plugin: object, info: PluginInfo) -> None:
        if info.name in self.infos and self.infos[info.name].status != "disabled":
            other = self.infos[info.name]
            self.clash(info, PluginConflictError.of(
                "plugins.same_name", name=info.name, first=named(other), second=named(info)))
            return
        existing = self.pm.get_name(plugin)
        if existing is not None:
            self.clash(info, PluginConflictError.of(
                "plugins.same_object", plugin=named(info), other=named(self.infos[existing])))
            return
        try:
            self.pm.register(plugin, name=info.name)
        except pluggy.PluginValidationError as exc:
            self.broken(info, Phrase("plugins.problem_spec"), exc)
            return
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=info.name)
            self.broken(info, Phrase("plugins.problem_unknown_hook"), exc)
            return
        hooks = tuple(sorted({impl_name for impl_name, _ in _hooks_of(self.pm, info.name)}))
        self.infos[info.name] = attrs.evolve(info, hooks=hooks)

    def load_builtin(self, module_path: str) -> None:
        info = PluginInfo(
            name=module_path,
            kind="builtin",
            module=module_path,
            distribution="kampungkb",
            version=_kampungkb_version(),
        )
        try:
            module = importlib.import_module(module_path)
        except Exception as exc:
            self.broken(info, Phrase("plugins.problem_import"), exc)
            return
        self.register(module, info)

    def load_entry_point(self, ep: metadata.EntryPoint) -> None:
        dist = ep.dist
        info = PluginInfo(
            name=ep.name,
            kind="entry point",
            module=ep.value,
            distribution=dist.metadata["Name"] if dist is not None else None,
            version=dist.version if dist is not None else None,
        )
        if not self._wanted(info):
            self.infos.setdefault(info.name, attrs.evolve(info, status="disabled"))
            return
        try:
            plugin = ep.load()
        except Exception as exc:
            self.broken(info, Phrase("plugins.problem_import"), exc)
            return
        self.register(plugin, info)

    def load_extra(self, plugin: object, index: int) -> None:
        if isinstance(plugin, ModuleType):
            name = module = plugin.__name__
        else:
            name = getattr(plugin, "__name__", None) or f"extra-{index}"
            module = getattr(plugin, "__module__", None) or type(plugin).__module__
        self.register(plugin, PluginInfo(name=name, kind="extra", module=module))

    def _wanted(self, info: PluginInfo) -> bool:
        if not self.policy.entry_points:
            return False
        names = {_normalise(info.name)}
        if info.distribution:
            names.add(_normalise(info.distribution))
        if names & self.policy.deny:
            return False
        return self.policy.allow is None or bool(names & self.policy.allow)

    def warn_unmatched(self) -> None:
        """Warn about names in the allow/deny lists that match no installed plugin."""
        known: set[str] = set()
        for info in self.infos.values():
            if info.kind == "entry point":
                known.add(_normalise(info.name))
                if info.distribution:
                    known.add(_normalise(info.distribution))
        for env, names in (
            (ENV_ALLOW, self.policy.allow or frozenset()),
            (ENV_DISABLE, self.policy.deny),
        ):
            missing = sorted(names - known)
            if missing:
                warnings.warn(
                    KampungKBPluginWarning.of("plugins.unmatched", env=env,
                                              names=", ".join(missing)),
                    stacklevel=4,
                )


def _hooks_of(pm: pluggy.PluginManager, name: str) -> list[tuple[str, pluggy.HookImpl]]:
    plugin = pm.get_plugin(name)
    return [
        (caller.name, impl)
        for caller in (pm.get_hookcallers(plugin) or [])
        for impl in caller.get_hookimpls()
        if impl.plugin_name == name
    ]


def build_pluggy_manager(
    policy: LoadPolicy,
    builtin_modules: Iterable[str],
    extra: Iterable[object] = (),
) -> tuple[pluggy.PluginManager, dict[str, PluginInfo]]:
    """Register built-ins, then installed plugins (sorted by name), then extras.

    Returns:
        The pluggy manager and a :class:`PluginInfo` per plugin seen (loaded, disabled or
        broken), in registration order.

    Raises:
        PluginLoadError: a plugin failed to import or does not match the hook specifications.
        PluginConflictError: two plugins share a name or are the same object.
    """
    loader = _Loader(policy)
    if policy.builtins:
        for module_path in builtin_modules:
            loader.load_builtin(module_path)
    eps = sorted(metadata.entry_points(group=hookspecs.PROJECT_NAME), key=lambda ep: ep.name)
    for ep in eps:
        loader.load_entry_point(ep)
    if policy.entry_points:
        loader.warn_unmatched()
    for index, plugin in enumerate(extra, start=1):
        loader.load_extra(plugin, index)
    return loader.pm, loader.infos
