"""Built-in plugin registering kampungkb's report formats (table, markdown, html, xlsx, json).

Listed in :data:`kampungkb.plugins.DEFAULT_PLUGINS`, so the built-in formats reach the command
line's ``--format`` through the same hook as a plugin's own format.
"""

from __future__ import annotations

from kampungkb.plugins import ReportFormatSpec, hookimpl
from kampungkb.report._api import builtin_formats

__all__ = ["kampungkb_register_report_formats"]


@hookimpl
def kampungkb_register_report_formats() -> list[ReportFormatSpec]:
    """Register the built-in report formats."""
    return builtin_formats()
