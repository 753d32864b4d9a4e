"""Exit codes, closed pipes and narrow terminal encodings (issue #11, point 5).

0 clean · 1 problems found in the data · 2 usage/definition error · 3 internal error ·
130 interrupted · 141 stdout closed early (documented in docs/cli.md)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from kampungkb import cli
from kampungkb.cli import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USER_ERROR,
    main,
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMPUNGKB_")}
    env.pop("PYTHONIOENCODING", None)
    env.update(extra)
    return env


def _cli(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "kampungkb.cli", *argv], check=False,
                          timeout=300, **kwargs)


def test_codes_are_distinct() -> None:
    codes = [EXIT_OK, EXIT_PROBLEMS, EXIT_USER_ERROR, EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED,
             EXIT_BROKEN_PIPE]
    assert codes == [0, 1, 2, 3, 130, 141]


@pytest.fixture
def exploding(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kampungkb sets` hits an unexpected exception (a bug) carrying data in its message."""

    def boom(_args: object) -> int:
        raise KeyError("Siti Aminah 1971010101010001")

    monkeypatch.setitem(cli._COMMANDS, "sets", boom)
    monkeypatch.delenv(cli.ENV_DEBUG, raising=False)


@pytest.mark.usefixtures("exploding")
def test_internal_error_is_one_line_exit_3_in_the_users_language() -> None:
    code, out, err = run("sets")
    assert code == EXIT_INTERNAL_ERROR
    assert out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("galat internal (KeyError)")
    assert "laporkan" in line
    assert "Siti" not in err  # the message of an unexpected error may hold data: not shown
    code, _, err = run("sets", "--lang", "en")
    assert code == EXIT_INTERNAL_ERROR
    (line,) = err.strip().splitlines()
    assert line.startswith("internal error (KeyError)")
    assert "please report" in line


@pytest.mark.usefixtures("exploding")
def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    for argv in (("sets", "--debug"), ("sets", "--verbose")):
        code, _, err = run(*argv)
        assert code == EXIT_INTERNAL_ERROR
        assert "Traceback" in err
    monkeypatch.setenv(cli.ENV_DEBUG, "1")
    code, _, err = run("sets")
    assert code == EXIT_INTERNAL_ERROR
    assert "Traceback" in err


def test_interrupt_is_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli._COMMANDS, "sets", interrupted)
    assert run("sets")[0] == EXIT_INTERRUPTED


@pytest.mark.parametrize("argv", [
    ("evaluate",),  # argparse: missing arguments
    ("nosuchcommand",),
    ("sets", "--lang", "fr"),
    ("describe", "nosuchset"),
    ("describe", "cikar@1999"),
    ("demo", "--format", "pdf"),
    ("schema", "nosuchtable"),
])
def test_usage_and_definition_errors_are_2(argv: tuple[str, ...]) -> None:
    code, _, err = run(*argv)
    assert code == EXIT_USER_ERROR
    assert "Traceback" not in err


def test_problems_found_is_1_never_3(tmp_path: Path) -> None:
    bad = tmp_path / "marriages.csv"
    bad.write_text("marriage_id,village_code,date,husband_age,wife_age\n"
                   "m2,not-a-code,2019-13-45,25,300\n", encoding="utf-8")
    assert run("validate", str(bad))[0] == EXIT_PROBLEMS
    assert run("validate", str(bad), "--policy", "strict")[0] == EXIT_PROBLEMS


@pytest.mark.parametrize("argv", [("describe", "cikar"), ("demo",), ("sets",)])
def test_closed_pipe_ends_quietly(argv: tuple[str, ...]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written (`| head -0`)
    try:
        done = _cli(*argv, stdout=write_end, stderr=subprocess.PIPE, env=_env())
    finally:
        os.close(write_end)
    assert done.returncode == EXIT_BROKEN_PIPE
    assert done.stderr == b""


def test_closed_pipe_after_the_first_line() -> None:
    """`kampungkb demo | head -1` through a real shell pipeline."""
    shell = f"{sys.executable} -m kampungkb.cli demo | head -1"
    done = subprocess.run(  # noqa: S603 - a fixed pipeline
        ["/bin/sh", "-c", shell], capture_output=True, env=_env(), check=False, timeout=300)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1
    assert b"Traceback" not in done.stderr
    assert b"Exception ignored" not in done.stderr


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_narrow_terminal_encoding_never_crashes(encoding: str) -> None:
    done = _cli("describe", "cikar", capture_output=True, env=_env(PYTHONIOENCODING=encoding))
    assert done.returncode == EXIT_OK, done.stderr
    assert b"cikar@2018" in done.stdout
    assert b"?" in done.stdout  # "≥", "×" … are replaced, not fatal
    done = _cli("describe", "nosuchset", "--lang", "en", capture_output=True,
                env=_env(PYTHONIOENCODING=encoding))
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.startswith(b"error: ")
