"""Built-in plugin registering kampungkb's report formats (table, markdown, html, xlsx, json).

Listed in :data:`kampungkb.plugins.DEFAULT_PLUGINS`, so the built-in formats reach the command
line's ``--format`` through the same hook as a plugin's own format.  Registering them imports
nothing of :mod:`kampungkb.report`: each format's ``render`` imports
:mod:`kampungkb.report._api` on its first call, so an evaluation that is never rendered never
loads the report code (#12 point 5).
"""

from __future__ import annotations

from kampungkb.definitions._builtin_formats import BUILTIN_FORMAT_ROWS
from kampungkb.plugins import ReportFormatSpec, hookimpl
from kampungkb.plugins._deferred import deferred

__all__ = ["BUILTIN_FORMATS", "kampungkb_register_report_formats"]

_API = "kampungkb.report._api"

#: The report formats kampungkb ships (from the one table in
#: :mod:`kampungkb.definitions._builtin_formats`), each rendering through
#: :mod:`kampungkb.report._api`, imported on its first call.
BUILTIN_FORMATS: tuple[ReportFormatSpec, ...] = tuple(
    ReportFormatSpec(name=name, suffix=suffix, render=deferred(_API, function, f"{en}."),
                     description=en, description_id=id_)
    for name, suffix, function, en, id_ in BUILTIN_FORMAT_ROWS
)


@hookimpl
def kampungkb_register_report_formats() -> list[ReportFormatSpec]:
    """Register the built-in report formats."""
    return list(BUILTIN_FORMATS)
