"""``kampungkb demo --export``, ``-o/--out`` and ``completion`` (issue #13, points 1 and 5)."""

from __future__ import annotations

import io
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pyarrow.compute as pc
import pytest

from kampungkb.cli import EXIT_OK, EXIT_USER_ERROR, main
from kampungkb.cli._completion import bash_script, zsh_script
from kampungkb.demo import generate_demo
from kampungkb.io import validate_path

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module", params=["csv", "parquet", "xlsx"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             ) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp(f"demo-{request.param}") / "data"
    code, out, err = run("demo", "--export", str(folder), "--format", request.param)
    assert code == EXIT_OK, err
    assert out == ""
    return request.param, folder


def test_export_writes_every_table(exported: tuple[str, Path]) -> None:
    fmt, folder = exported
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}.{fmt}" for name in generate_demo())


def test_exported_files_validate_cleanly(exported: tuple[str, Path]) -> None:
    _fmt, folder = exported
    code, out, _ = run("validate", str(folder), "--lang", "en")
    assert code == EXIT_OK, out
    assert "0 rejected" in out


def test_exported_files_evaluate_without_rejected_rows(exported: tuple[str, Path]) -> None:
    _fmt, folder = exported
    code, out, err = run("evaluate", str(folder), "--baseline", "2017", "--followup", "2019",
                         "--lang", "en")
    assert code == EXIT_OK, err
    assert "rejected" not in err
    assert "Air Lintang" in out


def test_list_columns_round_trip_as_a_semicolon_list(exported: tuple[str, Path]) -> None:
    fmt, folder = exported
    if fmt != "csv":
        pytest.skip("the text form is the CSV's")
    assert ";" in (folder / "villages.csv").read_text("utf-8")
    demo = generate_demo()
    read = validate_path(folder).tables
    for table, column in (("villages", "criteria"), ("kampung_kb_profiles", "funding_sources"),
                          ("violence_cases", "types")):
        original = demo[table][column].to_pylist()
        assert read[table][column].to_pylist() == original, (table, column)


def test_export_refuses_a_report_format(tmp_path: Path) -> None:
    code, _, err = run("demo", "--export", str(tmp_path), "--format", "html", "--lang", "en")
    assert code == EXIT_USER_ERROR
    assert "export format" in err


# -- -o / --out ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "check"), [
    ("laporan.xlsx", lambda b: b[:2] == b"PK"),
    ("laporan.html", lambda b: b.lstrip().lower().startswith(b"<!doctype html")),
    ("laporan.json", lambda b: b.lstrip().startswith(b"{")),
    ("laporan.md", lambda b: b.startswith(b"#")),
    ("laporan.txt", lambda b: b"Air Lintang" in b),
])
def test_out_suffix_gives_the_format(tmp_path: Path, name: str, check: object) -> None:
    target = tmp_path / name
    code, _, err = run("demo", "-o", str(target))
    assert code == EXIT_OK, err
    assert check(target.read_bytes())  # type: ignore[operator]


def test_out_suffix_mismatch_is_refused(tmp_path: Path) -> None:
    code, _out, err = run("demo", "--format", "json", "--out", str(tmp_path / "x.xlsx"),
                         "--lang", "en")
    assert code == EXIT_USER_ERROR
    assert "xlsx" in err
    assert "json" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("demo", "-o", "-", "--format", "markdown")
    assert code == EXIT_OK
    assert out.startswith("#")
    assert not (tmp_path / "-").exists()


def test_binary_to_a_text_stream_is_refused() -> None:
    code, out, err = run("demo", "--format", "xlsx", "-o", "-")
    assert code == EXIT_USER_ERROR
    assert out == ""
    assert len(err.strip().splitlines()) == 1


# -- completion -----------------------------------------------------------------------------


def test_completion_scripts_are_printed() -> None:
    code, out, _ = run("completion", "bash")
    assert code == EXIT_OK
    assert out == bash_script()
    code, out, _ = run("completion", "zsh")
    assert code == EXIT_OK
    assert out == zsh_script()
    assert out.startswith("#compdef kampungkb")
    for command in ("demo", "evaluate", "validate", "classify", "completion"):
        assert command in out


def _complete(words: str) -> list[str]:
    """Run the bash completion function on ``words`` (the last word being completed)."""
    script = bash_script()
    parts = words.split(" ")
    line = (f"{script}\nCOMP_WORDS=({' '.join(repr(p) for p in parts)}); "
            f"COMP_CWORD={len(parts) - 1}; _kampungkb; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    done = subprocess.run(["bash", "-c", line], capture_output=True, text=True,  # noqa: S603, S607
                          check=True, executable=shutil.which("bash"))
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completion_completes() -> None:
    subprocess.run(["bash", "-n", "-c", bash_script()], check=True)  # noqa: S603, S607
    assert "evaluate" in _complete("kampungkb ev")
    assert set(_complete("kampungkb demo --lang ")) == {"id", "en"}
    assert "--export" in _complete("kampungkb demo --ex")
    assert "parquet" in _complete("kampungkb demo --format ")
    assert set(_complete("kampungkb completion ")) == {"bash", "zsh"}
    assert set(_complete("kampungkb validate x --policy ")) == {"strict", "quarantine"}


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh")
def test_zsh_completion_parses() -> None:  # pragma: no cover - zsh is not always installed
    subprocess.run(["zsh", "-n", "-c", zsh_script()], check=True)  # noqa: S603, S607


def test_exported_csv_has_no_list_brackets(tmp_path: Path) -> None:
    code, _, _ = run("demo", "--export", str(tmp_path), "--format", "csv")
    assert code == EXIT_OK
    text = (tmp_path / "villages.csv").read_text("utf-8")
    assert "[" not in text
    assert pc.sum(pc.list_value_length(generate_demo()["villages"]["criteria"])).as_py() > 0
