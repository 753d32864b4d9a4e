"""Docs of the plugin kit that cannot rot: the catalogue index, the tutorial, the kit's API."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import kampungkb.testing
from kampungkb.plugins import load_plugins
from kampungkb.testing import pytest_plugin

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _generator() -> ModuleType:
    path = DOCS / "catalogue" / "generate_index.py"
    spec = importlib.util.spec_from_file_location("generate_index", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_index_is_up_to_date() -> None:
    page = DOCS / "catalogue" / "index.md"
    assert page.read_text(encoding="utf-8") == _generator().render(), (
        "docs/catalogue/index.md is stale: run python docs/catalogue/generate_index.py")


def test_every_builtin_set_has_a_catalogue_page() -> None:
    for s in load_plugins(entry_points=False).indicator_sets().values():
        page = DOCS / "catalogue" / f"{s.id}-{s.version}.md"
        assert page.exists(), f"write {page.relative_to(ROOT)} with catalogue_markdown()"


def test_tutorial_shows_the_real_example_files() -> None:
    """The tutorial's code is in its Markdown (readable on a code host) and equals the files.

    Each block follows a ``<!-- example: PATH -->`` marker: the block is the whole file, or
    with ``(excerpt)`` a contiguous part of it.
    """
    text = (DOCS / "plugins" / "tutorial.md").read_text(encoding="utf-8")
    assert "literalinclude" not in text
    blocks = re.findall(r"^<!-- example: (\S+)( \(excerpt\))? -->\n```\w+\n(.*?)^```$", text,
                        flags=re.MULTILINE | re.DOTALL)
    shown = {path for path, _, _ in blocks}
    example = "examples/kampungkb-contoh/"
    for must in ("pyproject.toml", "src/kampungkb_contoh/plugin.py",
                 "src/kampungkb_contoh/sets/contoh_2025.toml", "tests/test_contoh.py"):
        assert example + must in shown, must
    for path, excerpt, code in blocks:
        real = (ROOT / path).read_text(encoding="utf-8")
        if excerpt:
            assert code in real, f"the tutorial's excerpt of {path} differs from the file"
        else:
            assert code == real, f"the tutorial's copy of {path} differs from the file"


def test_testing_page_documents_the_whole_kit() -> None:
    text = (DOCS / "plugins" / "testing.md").read_text(encoding="utf-8")
    for name in kampungkb.testing.__all__:
        assert name in text, f"docs/plugins/testing.md does not mention {name}"
    for fixture in pytest_plugin.__all__:
        assert f"`{fixture}`" in text, f"docs/plugins/testing.md does not list {fixture}"


def test_plugin_pages_are_linked_from_the_plugin_index() -> None:
    text = (DOCS / "plugins" / "index.md").read_text(encoding="utf-8")
    toctree = text[text.index("```{toctree}"):]
    for page in ("tutorial", "howto", "testing"):
        assert f"\n{page}\n" in toctree
