"""Plugin managers for tests: the built-ins plus exactly the plugins a test names."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kampungkb.plugins import PluginManager

__all__ = ["plugin_manager"]


def plugin_manager(*plugins: object, builtins: bool = True) -> PluginManager:
    """A new plugin manager with the built-ins (unless ``builtins=False``) and ``plugins``.

    Installed plugins (entry points) are never loaded, so a test sees the same plugins on every
    machine, whatever else is installed.

    Args:
        *plugins: plugin modules, objects with ``@hookimpl`` functions, or importable module
            paths (``"kampungkb_contoh.plugin"``).
        builtins: also register kampungkb's built-in plugins (CIKAR …), which provide the
            shared measures most sets reuse.

    Example::

        import kampungkb_contoh.plugin
        pm = plugin_manager(kampungkb_contoh.plugin)
        pm.get_indicator_set("contoh")
    """
    from kampungkb.plugins import load_plugins  # noqa: PLC0415 - heavy import, on first use

    objects = [importlib.import_module(p) if isinstance(p, str) else p for p in plugins]
    return load_plugins(builtins=builtins, entry_points=False, extra=objects)
