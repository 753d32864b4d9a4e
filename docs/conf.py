"""Sphinx configuration for the kampungkb documentation (MyST Markdown, autodoc)."""

from __future__ import annotations

project = "kampungkb"
author = "kampungkb developers"
copyright = "2026, kampungkb developers"  # noqa: A001 - Sphinx's own setting name

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
nitpicky = False
html_theme = "alabaster"
# per-set catalogue pages are pulled into their set's page with {include}
exclude_patterns = ["_build", "catalogue/*-*.md"]
suppress_warnings = ["myst.header"]
