"""Examples in the README and examples/ run as written (docs that cannot rot)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, "README.md has no Python example"
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert "ev" in namespace


def test_readme_quick_start_has_exactly_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)```", quick, flags=re.DOTALL)
    assert len(commands) == 2
    assert "kampungkb demo" in commands[0]
    assert "pytest" in commands[1]
    assert ".[test]" in commands[1]


def test_researcher_notebook_runs(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(ROOT / "examples" / "researcher_notebook.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "province CPR 2019" in out
    assert "19.01.01.2091" in out


def test_readme_python_example_runs_without_pandas() -> None:
    """The README's example runs after the first quick-start command (no pandas installed)."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL))
    blocker = (  # as if pandas and polars were not installed
        "import importlib.abc, sys\n"
        "class _NoPandas(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in ('pandas', 'polars'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _NoPandas())\n"
    )
    out = subprocess.run([sys.executable, "-c", blocker + code], check=True,  # noqa: S603
                         capture_output=True, text=True)
    assert "19.01.01.2091" in out.stdout
