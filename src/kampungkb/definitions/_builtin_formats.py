"""The report formats kampungkb ships, as plain data: the one table both the built-in plugin
(:mod:`kampungkb.plugins.builtin_formats`, renderers imported on first call) and
:func:`kampungkb.report.builtin_formats` (the renderers themselves) build their specs from.
It lives here because the reports never import the plugin system, and the plugin must not
import the reports when it registers."""

from __future__ import annotations

__all__ = ["BUILTIN_FORMAT_ROWS"]

#: ``(name, suffix, renderer in kampungkb.report._api, description, description_id)``.
BUILTIN_FORMAT_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("table", ".txt", "render_table", "Plain-text tables for a terminal",
     "Tabel teks untuk terminal"),
    ("markdown", ".md", "render_markdown", "Markdown with pipe tables", "Markdown dengan tabel"),
    ("html", ".html", "render_html", "One self-contained HTML file with SVG charts",
     "Satu berkas HTML mandiri dengan grafik SVG"),
    ("xlsx", ".xlsx", "render_xlsx", "Excel workbook: one sheet per level and a catalogue",
     "Buku kerja Excel: satu lembar per tingkat dan katalog"),
    ("json", ".json", "render_json", "JSON results with definitions and provenance",
     "Hasil JSON dengan definisi dan asal-usul data"),
)
