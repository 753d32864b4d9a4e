"""Every shell and Python example of ``docs/quickstart.md`` and ``docs/cli.md`` runs as written
(issue #13, point 1).

The examples run in a fresh folder after ``kampungkb demo --export data/ --format csv``, so the
``data/`` of the documentation exists.  A ```` ```bash ```` block whose lines all start with
``kampungkb`` is run command by command (``\\`` continuations joined, ``# comments`` dropped)
and each must exit 0; a block with other commands (installing, ``cd``, ``pip``) is a setup
recipe and is not run here.  ```` ```python ```` blocks run with this interpreter.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kampungkb.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = ("quickstart.md", "cli.md")
_BLOCK = re.compile(r"```(bash|python)\n(.*?)```", re.S)
_SHELL = set("|&;<>$`")


def _commands(body: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", body)
    out = []
    for raw in joined.splitlines():
        line = re.sub(r"\s+#.*$", "", raw).strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _examples() -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for page in PAGES:
        for kind, body in _BLOCK.findall((DOCS / page).read_text("utf-8")):
            if kind == "python":
                found.append((page, "python", body))
                continue
            commands = _commands(body)
            if commands and all(c.startswith("kampungkb") for c in commands):
                found += [(page, "bash", c) for c in commands]
    return found


EXAMPLES = _examples()


def test_the_pages_have_examples() -> None:
    kinds = {(page, kind) for page, kind, _ in EXAMPLES}
    assert kinds >= {("quickstart.md", "bash"), ("quickstart.md", "python"), ("cli.md", "bash")}
    assert any("demo --export data/" in c for _, _, c in EXAMPLES)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs-examples")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        assert main(["demo", "--export", "data/", "--format", "csv"]) == 0
    finally:
        os.chdir(cwd)
    return folder


def _run_in_process(command: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(shlex.split(command)[1:])
    return code, out.getvalue() + err.getvalue()


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("page", "kind", "example"), EXAMPLES,
                         ids=[f"{p}:{k}:{e[:60]}" for p, k, e in EXAMPLES])
def test_example_runs(page: str, kind: str, example: str, workdir: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    if kind == "python":
        done = subprocess.run([sys.executable, "-c", example],  # noqa: S603
                              capture_output=True, text=True,
                              cwd=workdir, check=False)
        assert done.returncode == 0, done.stderr
        return
    if _SHELL & set(example.replace("kampungkb", "")):  # redirection: through the shell
        bindir = str(Path(sys.executable).parent)
        env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
        done = subprocess.run(["bash", "-c", example],  # noqa: S603, S607
                              capture_output=True, text=True,
                              cwd=workdir, env=env, check=False)
        assert done.returncode == 0, f"{page}: {example}\n{done.stderr}"
        return
    code, output = _run_in_process(example)
    assert code == 0, f"{page}: {example}\n{output}"
