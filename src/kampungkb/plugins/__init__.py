"""The kampungkb plugin system (pluggy, entry-point group ``kampungkb``).

Plugin authors need :data:`hookimpl` and the record types; applications use
:func:`load_plugins` / :func:`get_plugin_manager` and the typed :class:`PluginManager`.
Importing this package loads no plugin.
"""

from __future__ import annotations

from kampungkb.plugins._builtins import DEFAULT_PLUGINS
from kampungkb.plugins._loading import ENV_ALLOW, ENV_DISABLE, ENV_SKIP_BROKEN
from kampungkb.plugins._manager import (
    PluginManager,
    diagnose_plugins,
    get_plugin_manager,
    load_plugins,
    reset_plugin_manager,
)
from kampungkb.plugins._records import (
    ClassifierSpec,
    PluginInfo,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
)
from kampungkb.plugins._warnings import KampungKBPluginWarning
from kampungkb.plugins.hookspecs import PROJECT_NAME, hookimpl, hookspec

__all__ = [
    "DEFAULT_PLUGINS",
    "ENV_ALLOW",
    "ENV_DISABLE",
    "ENV_SKIP_BROKEN",
    "PROJECT_NAME",
    "ClassifierSpec",
    "KampungKBPluginWarning",
    "PluginInfo",
    "PluginManager",
    "ReaderSpec",
    "ReportFormatSpec",
    "TableExtension",
    "diagnose_plugins",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "load_plugins",
    "reset_plugin_manager",
]
