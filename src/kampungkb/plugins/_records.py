"""The registration records, defined in :mod:`kampungkb.definitions` and re-exported here.

Plugin authors import them from :mod:`kampungkb.plugins`; the core (engine, evaluation,
reports) reads them from the :class:`~kampungkb.definitions.Definitions` it is handed, so it never
imports the plugin system.
"""

from __future__ import annotations

from kampungkb.definitions._records import (
    ClassifierSpec,
    PluginInfo,
    PluginKind,
    PluginStatus,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
)

__all__ = [
    "ClassifierSpec",
    "PluginInfo",
    "PluginKind",
    "PluginStatus",
    "ReaderSpec",
    "ReportFormatSpec",
    "TableExtension",
]
