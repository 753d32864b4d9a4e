"""Reports: terminal table, Markdown, self-contained HTML, Excel and JSON.

Each renderer takes an :class:`~kampungkb.evaluate.Evaluation` and the options of
:class:`ReportOptions` (language, focus region, ranked level, region names …); every report
carries the indicator set's id and version, the data's periods and the run date.  The same
renderers are registered as report formats through the plugin hook
``kampungkb_register_report_formats`` (module :mod:`kampungkb.plugins.builtin_formats`), and
:func:`render` dispatches to whatever format a plugin provides.

Example::

    from kampungkb.report import render, region_names

    text = render(ev, "table", lang="en", names=region_names(dataset))
    render(ev, "xlsx", "cikar.xlsx")
"""

from __future__ import annotations

from kampungkb.report._api import (
    available_formats,
    builtin_formats,
    render,
    render_html,
    render_json,
    render_markdown,
    render_table,
    render_xlsx,
)
from kampungkb.report._model import ReportOptions
from kampungkb.report._names import region_names

__all__ = [
    "ReportOptions",
    "available_formats",
    "builtin_formats",
    "region_names",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_table",
    "render_xlsx",
]
