"""``kampungkb evaluate --memory-limit``: the engine's memory cap from the command line
(issue 12: a national evaluation through the CLI within 1 GB)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kampungkb.cli import EXIT_OK, EXIT_USER_ERROR
from tests.test_cli import run


@pytest.fixture
def folder(demo_parquet: Path) -> Path:
    return demo_parquet


def _evaluate(folder: Path, out: Path, *extra: str) -> dict[str, object]:
    code, _, err = run("evaluate", str(folder), "--set", "cikar", "--baseline", "2017",
                       "--followup", "2019", "--format", "json", "-o", str(out), *extra)
    assert code == EXIT_OK, err
    report = json.loads(out.read_text(encoding="utf-8"))
    report.pop("generated", None)
    return report


def test_a_memory_limit_changes_no_number(folder: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    capped = _evaluate(folder, tmp_path / "a.json", "--memory-limit", "100MB",
                       "--work-dir", str(work))
    default = _evaluate(folder, tmp_path / "b.json")
    assert capped == default
    assert not (work / ".kampungkb-spill").exists() or not any(
        (work / ".kampungkb-spill").iterdir())


@pytest.mark.parametrize(("lang", "words"), [("id", "batas memori"), ("en", "memory limit")])
def test_a_size_duckdb_cannot_read_is_refused_before_reading(tmp_path: Path, lang: str,
                                                             words: str) -> None:
    code, _, err = run("evaluate", str(tmp_path / "not-there"), "--set", "cikar",
                       "--baseline", "2017", "--followup", "2019", "--memory-limit", "lots",
                       "--lang", lang)
    assert code == EXIT_USER_ERROR
    assert words in err
    assert "not-there" not in err  # refused before the path is even looked at


# 4MB fails while evaluating; 2MB already while building the dataset (its distinct periods)
@pytest.mark.parametrize("limit", ["4MB", "2MB"])
def test_too_little_memory_is_a_clear_error(folder: Path, tmp_path: Path, limit: str) -> None:
    code, _, err = run("evaluate", str(folder), "--set", "cikar", "--baseline", "2017",
                       "--followup", "2019", "--memory-limit", limit, "--lang", "en",
                       "-o", str(tmp_path / "r.json"))
    assert code == EXIT_USER_ERROR
    assert "needs more memory" in err
    assert "Traceback" not in err
    assert "internal error" not in err


def test_the_command_line_default_is_the_librarys() -> None:
    from kampungkb.cli._parser import MEMORY_LIMIT  # noqa: PLC0415
    from kampungkb.engine._duck import DEFAULT_MEMORY_LIMIT  # noqa: PLC0415

    assert MEMORY_LIMIT == DEFAULT_MEMORY_LIMIT
