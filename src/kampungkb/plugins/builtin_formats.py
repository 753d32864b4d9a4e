"""Built-in plugin registering kampungkb's report formats (table, markdown, html, xlsx, json).

Listed in :data:`kampungkb.plugins.DEFAULT_PLUGINS`, so the built-in formats reach the command
line's ``--format`` through the same hook as a plugin's own format.  Registering them imports
nothing of :mod:`kampungkb.report`: each format's ``render`` imports
:mod:`kampungkb.report._api` on its first call, so an evaluation that is never rendered never
loads the report code (#12 point 5).
"""

from __future__ import annotations

from kampungkb.plugins import ReportFormatSpec, hookimpl
from kampungkb.plugins._deferred import deferred

__all__ = ["BUILTIN_FORMATS", "kampungkb_register_report_formats"]

_API = "kampungkb.report._api"

#: The report formats kampungkb ships; the same names, suffixes and descriptions as
#: :func:`kampungkb.report.builtin_formats` (which holds the implementations and must not import
#: the plugin system; ``tests/test_report.py`` checks the two agree).
BUILTIN_FORMATS: tuple[ReportFormatSpec, ...] = (
    ReportFormatSpec(
        name="table",
        suffix=".txt",
        render=deferred(_API, "render_table", "Plain-text tables for a terminal."),
        description="Plain-text tables for a terminal",
        description_id="Tabel teks untuk terminal",
    ),
    ReportFormatSpec(
        name="markdown",
        suffix=".md",
        render=deferred(_API, "render_markdown", "Markdown with pipe tables."),
        description="Markdown with pipe tables",
        description_id="Markdown dengan tabel",
    ),
    ReportFormatSpec(
        name="html",
        suffix=".html",
        render=deferred(_API, "render_html", "One self-contained HTML file with SVG charts."),
        description="One self-contained HTML file with SVG charts",
        description_id="Satu berkas HTML mandiri dengan grafik SVG",
    ),
    ReportFormatSpec(
        name="xlsx",
        suffix=".xlsx",
        render=deferred(
            _API, "render_xlsx", "Excel workbook: one sheet per level and a catalogue."
        ),
        description="Excel workbook: one sheet per level and a catalogue",
        description_id="Buku kerja Excel: satu lembar per tingkat dan katalog",
    ),
    ReportFormatSpec(
        name="json",
        suffix=".json",
        render=deferred(_API, "render_json", "JSON results with definitions and provenance."),
        description="JSON results with definitions and provenance",
        description_id="Hasil JSON dengan definisi dan asal-usul data",
    ),
)


@hookimpl
def kampungkb_register_report_formats() -> list[ReportFormatSpec]:
    """Register the built-in report formats."""
    return list(BUILTIN_FORMATS)
