"""The plugins that ship with kampungkb.

Built-in plugins are ordinary plugin modules registered by exactly the same path as an installed
distribution's (import the module, ``register(module, name=module_path)``); the only difference
is that they are listed here instead of in an entry point, always load (unless
``load_plugins(builtins=False)``), and are never skipped when broken — a broken built-in is a
bug in kampungkb.

To add a built-in (a new indicator set, reader or report format), append its module path.
"""

from __future__ import annotations

__all__ = ["DEFAULT_PLUGINS"]

#: Module paths of the built-in plugins, in registration order.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "kampungkb.indicators.cikar",  # the CIKAR reference set (Pergub Babel 40/2018)
    "kampungkb.plugins.builtin_readers",  # CSV, Excel, Parquet, JSON and NDJSON readers
    "kampungkb.plugins.builtin_formats",  # table, Markdown, HTML, Excel and JSON reports
    "kampungkb.indicators.bkkbn",  # bkkbn@2020 and the national classification (BKKBN 2020)
    "kampungkb.indicators.sdg",  # sdg@2024: SDG/DHS standard definitions as named variants
)
