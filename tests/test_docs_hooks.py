"""Docs that cannot rot: every hook is documented, in order, and every example runs.

After datasette's ``test_docs.py``: adding a hook to ``kampungkb/plugins/hookspecs.py`` without a
section in ``docs/plugins/hooks.md`` fails here.
"""

from __future__ import annotations

import inspect
import re
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kampungkb import plugins
from kampungkb.evaluate._classify_rules import load_builtin_classification
from kampungkb.plugins import hookspecs

DOCS = Path(__file__).parent.parent / "docs" / "plugins"
HOOKS_MD = DOCS / "hooks.md"
INDEX_MD = DOCS / "index.md"

#: hook name → the PluginManager method that collects it.
MANAGER_METHOD = {
    "kampungkb_register_table_extensions": "table_extensions",
    "kampungkb_register_readers": "readers",
    "kampungkb_register_measures": "measures",
    "kampungkb_register_indicator_sets": "indicator_sets",
    "kampungkb_register_classifiers": "classifiers",
    "kampungkb_register_report_formats": "report_formats",
}


def hook_specs() -> list[tuple[str, Callable[..., Any]]]:
    """The hook specifications in definition order (module dicts keep it)."""
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    return [
        (name, obj)
        for name, obj in vars(hookspecs).items()
        if callable(obj) and hasattr(obj, marker)
    ]


HOOKS = [name for name, _ in hook_specs()]


def documented_sections() -> list[str]:
    text = HOOKS_MD.read_text(encoding="utf-8")
    return re.findall(r"^#{2,4} `?(kampungkb_\w+)`?", text, flags=re.MULTILINE)


def code_blocks(docstring: str) -> list[str]:
    """Python code under ``.. code-block:: python`` directives of an (undented) docstring."""
    blocks: list[str] = []
    lines = docstring.splitlines()
    for i, line in enumerate(lines):
        if line.strip() != ".. code-block:: python":
            continue
        indent = len(line) - len(line.lstrip())
        body: list[str] = []
        for following in lines[i + 1 :]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            body.append(following)
        blocks.append(textwrap.dedent("\n".join(body)).strip())
    return blocks


def as_plugin(name: str, source: str, **namespace: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(namespace)
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - our own docs
    return module


def test_hookspecs_are_found() -> None:
    assert HOOKS, "no hook specifications found in kampungkb.plugins.hookspecs"
    assert set(HOOKS) == set(MANAGER_METHOD), "update MANAGER_METHOD for new hooks"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_section(hook: str) -> None:
    assert hook in documented_sections(), f"docs/plugins/hooks.md has no section for {hook}"
    directive = f".. autofunction:: kampungkb.plugins.hookspecs.{hook}"
    assert directive in HOOKS_MD.read_text(encoding="utf-8")


def test_sections_follow_hookspecs_order_and_name_real_hooks() -> None:
    assert documented_sections() == HOOKS


@pytest.mark.parametrize(("hook", "spec"), hook_specs())
def test_hook_docstring_has_every_part_in_order(hook: str, spec: Callable[..., Any]) -> None:
    doc = inspect.getdoc(spec) or ""
    summary = doc.split("\n", 1)[0]
    assert summary.endswith("."), f"{hook}: the first line is a one-sentence summary"
    parts = ["This hook takes no parameters.", "Returns:", "Note:", "Example:"]
    positions = [doc.find(p) for p in parts]
    assert -1 not in positions, f"{hook}: docstring lacks {parts[positions.index(-1)]!r}"
    assert positions == sorted(positions), f"{hook}: parts must come in the order {parts}"
    note = doc[positions[2] : positions[3]]
    assert "first-result" in note
    assert "historic" in note


@pytest.mark.parametrize(("hook", "spec"), hook_specs())
def test_hook_docstring_example_runs_as_a_plugin(hook: str, spec: Callable[..., Any]) -> None:
    (example,) = code_blocks(inspect.getdoc(spec) or "")
    # Names an example may leave to the reader's imagination:
    placeholders = {
        "MATURITY_RULE": load_builtin_classification("bkkbn_2020_classification.toml")}
    module = as_plugin(f"example_{hook}", example, **placeholders)
    pm = plugins.load_plugins(builtins=False, entry_points=False, extra=[module])
    assert getattr(pm, MANAGER_METHOD[hook])(), f"the {hook} example registers nothing"


def test_index_example_plugin_runs() -> None:
    text = INDEX_MD.read_text(encoding="utf-8")
    examples = [
        b for b in re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL) if "@hookimpl" in b
    ]
    assert examples, "docs/plugins/index.md has no example plugin"
    module = as_plugin("example_index", examples[0])
    pm = plugins.load_plugins(builtins=False, entry_points=False, extra=[module])
    assert pm.get_indicator_set("akta_anak").key == "akta_anak@2024"


@pytest.mark.parametrize(
    "variable", [plugins.ENV_DISABLE, plugins.ENV_ALLOW, plugins.ENV_SKIP_BROKEN]
)
def test_index_documents_every_environment_variable(variable: str) -> None:
    assert variable in INDEX_MD.read_text(encoding="utf-8")
