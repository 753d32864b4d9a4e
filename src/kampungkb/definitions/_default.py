"""Where the default :class:`Definitions` come from when a caller gives none.

The core never imports the plugin system.  Instead the plugin system, when it is imported
(at the latest on the first use of the default: see :func:`default_definitions`), installs a
*provider* here: a function returning the definitions of the loaded plugins.  A
:class:`~kampungkb.Dataset` built without ``definitions=`` asks for them once and keeps them,
so everything computed from that dataset uses one immutable object even if the default
changes later.  Applications that want to control exactly what is
registered pass their own :class:`~kampungkb.definitions.Definitions` instead.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

from kampungkb.definitions._definitions import Definitions
from kampungkb.errors import KampungKBError

__all__ = ["default_definitions", "install_default_provider"]

_provider: Callable[[], Definitions] | None = None
_lock = threading.Lock()


def install_default_provider(provider: Callable[[], Definitions]) -> None:
    """Install the function that gives the default definitions (the plugin system does this)."""
    global _provider  # noqa: PLW0603 - one provider per process, installed at import
    with _lock:
        _provider = provider


def default_definitions() -> Definitions:
    """The definitions of the loaded plugins (the default for every call given none)."""
    with _lock:
        provider = _provider
    if provider is None:
        # ``import kampungkb`` is lazy (#12 point 5), so the plugin system may not be imported
        # yet: import it now, by name (the core has no import edge to it), and it installs
        # the provider exactly as the eager facade used to.
        importlib.import_module("kampungkb.plugins")
        with _lock:
            provider = _provider
    if provider is None:
        raise KampungKBError.of("definitions.no_provider")
    return provider()
