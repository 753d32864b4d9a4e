"""What the plugins provide, resolved once into one immutable :class:`Definitions`.

The definitions is built at the edge (``kampungkb.plugins.load_plugins().definitions()``, or the
default of the loaded plugins) and handed down to :class:`~kampungkb.Dataset`, the engine, the
evaluation and the reports.  The registration record types live here too; plugin authors import
them from :mod:`kampungkb.plugins`.
"""

from __future__ import annotations

from kampungkb.definitions._default import default_definitions
from kampungkb.definitions._definitions import BUILTIN_ORIGIN, Definitions, version_key
from kampungkb.definitions._records import (
    ClassifierSpec,
    PluginInfo,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
)

__all__ = [
    "BUILTIN_ORIGIN",
    "ClassifierSpec",
    "Definitions",
    "PluginInfo",
    "ReaderSpec",
    "ReportFormatSpec",
    "TableExtension",
    "default_definitions",
    "version_key",
]
