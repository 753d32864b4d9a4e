"""Messages of kampungkb's errors and warnings, in Bahasa Indonesia and English.

Part of the one label catalogue (:func:`kampungkb.labels.text` looks a key up in its own labels
first, then here).  Each module of this package holds the messages of one area of the library
as ``MESSAGES: dict[str, tuple[str, str]]`` — key → (Bahasa Indonesia, English) — with keys
prefixed by the area (``engine.``, ``io.`` …), listed in :data:`AREAS`.  They are loaded on
first use, so ``import kampungkb`` pays nothing for them.

Errors are raised from a key and its fields (never from an English sentence)::

    raise DatasetError.of("engine.periods_mixed", periods=items)

and :meth:`kampungkb.KampungKBError.message` renders them in either language.  Field values
must never hold personal data (NIK, KK number, names): mask them first
(:mod:`kampungkb.io._mask`).  ``tests/test_message_catalogue.py`` checks every entry has both
languages with the same fields, and that no error or warning is raised from a bare string.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["AREAS", "messages"]

#: The areas' modules, named (not discovered: a zipped or frozen build may not list a package's
#: modules); ``tests/test_message_catalogue.py`` checks every module of the package is here.
AREAS: tuple[str, ...] = (
    "backends",
    "cli",
    "core",
    "definitions",
    "demo",
    "engine",
    "evaluate",
    "growth",
    "indicators",
    "io",
    "models",
    "plugins",
    "publish",
    "regions",
    "report",
    "stats",
    "testing",
)

_lock = threading.Lock()
_loaded: Mapping[str, tuple[str, str]] | None = None


def _load() -> Mapping[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for area in AREAS:
        module = importlib.import_module(f"{__name__}.{area}")
        for key, pair in module.MESSAGES.items():
            if key in merged:
                msg = f"message key {key!r} is defined in {owner[key]} and {area}"
                raise RuntimeError(msg)
            merged[key] = pair
            owner[key] = area
    return MappingProxyType(merged)


def messages() -> Mapping[str, tuple[str, str]]:
    """Every error and warning message: key → (Bahasa Indonesia, English)."""
    global _loaded  # noqa: PLW0603 - loaded once, read-only afterwards
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
    return _loaded
