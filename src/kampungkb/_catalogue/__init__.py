"""Messages of kampungkb's errors and warnings, in Bahasa Indonesia and English.

Part of the one label catalogue (:func:`kampungkb.labels.text` looks a key up in its own labels
first, then here).  Each module of this package holds the messages of one area of the library
as ``MESSAGES: dict[str, tuple[str, str]]`` — key → (Bahasa Indonesia, English) — with keys
prefixed by the area (``engine.``, ``io.`` …).  The modules are found on first use, so an area
adds its messages without touching this file, and ``import kampungkb`` pays nothing for them.

Errors are raised from a key and its fields (never from an English sentence)::

    raise DatasetError.of("engine.periods_mixed", periods=items)

and :meth:`kampungkb.KampungKBError.message` renders them in either language.  Field values
must never hold personal data (NIK, KK number, names): mask them first
(:mod:`kampungkb.io._mask`).  ``tests/test_message_catalogue.py`` checks every entry has both
languages with the same fields, and that no error or warning is raised from a bare string.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["messages"]

_lock = threading.Lock()
_loaded: Mapping[str, tuple[str, str]] | None = None


def _load() -> Mapping[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in module.MESSAGES.items():
            if key in merged:
                msg = f"message key {key!r} is defined in {owner[key]} and {info.name}"
                raise RuntimeError(msg)
            merged[key] = pair
            owner[key] = info.name
    return MappingProxyType(merged)


def messages() -> Mapping[str, tuple[str, str]]:
    """Every error and warning message: key → (Bahasa Indonesia, English)."""
    global _loaded  # noqa: PLW0603 - loaded once, read-only afterwards
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
    return _loaded
