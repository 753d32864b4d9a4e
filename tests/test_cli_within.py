"""``kampungkb evaluate --within CODE`` and ``kampungkb validate --within CODE``: one region,
and the parts under another region's hive folder are not read (issue 12 point 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kampungkb.demo import generate_demo
from tests.test_cli import run


def _evaluate(path: Path, out: Path, *extra: str) -> dict[str, object]:
    code, _, err = run("evaluate", str(path), "--baseline", "2017", "--followup", "2019",
                       "--format", "json", "--out", str(out), *extra)
    assert code == 0, err
    doc: dict[str, object] = json.loads(out.read_text("utf-8"))
    return doc


def test_evaluate_within_a_province_equals_that_province_alone(national_hive: Path,
                                                              tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    for name, table in generate_demo().items():
        pq.write_table(table, alone / f"{name}.parquet")
    got = _evaluate(national_hive, tmp_path / "within.json", "--within", "19")
    want = _evaluate(alone, tmp_path / "alone.json")
    assert {k for k in got if got[k] != want[k]} == {"provenance"}  # the source path
    both = _evaluate(national_hive, tmp_path / "both.json")
    assert {r["region_code"][:2] for r in both["scorecard"]} == {"13", "19"}  # type: ignore[index, attr-defined]


def test_validate_within_reads_only_that_regions_parts(national_hive: Path) -> None:
    code, out, err = run("validate", str(national_hive), "--within", "1901", "--lang", "en")
    assert code == 0, err
    assert "province=19" in out
    assert "province=13" not in out
    code, out, _ = run("validate", str(national_hive), "--lang", "en")
    assert "province=13" in out


@pytest.mark.parametrize(("lang", "words"), [("id", "bukan kode wilayah"),
                                             ("en", "is not a region code")])
def test_a_code_that_is_no_region_is_a_usage_error(national_hive: Path, lang: str,
                                                   words: str) -> None:
    for command in ("validate", "evaluate"):
        argv = [command, str(national_hive), "--within", "Bangka", "--lang", lang]
        if command == "evaluate":
            argv += ["--baseline", "2017", "--followup", "2019"]
        code, _, err = run(*argv)
        assert code == 2
        assert words in err
        assert "Traceback" not in err


def test_within_needs_the_in_process_engine() -> None:
    code, _, err = run("evaluate", "postgresql://nobody@localhost:1/none", "--engine",
                       "postgres", "--within", "19", "--baseline", "2017", "--followup", "2019",
                       "--lang", "en")
    assert code == 2
    assert "--within works with --engine duckdb" in err


@pytest.mark.parametrize(("command", "words"), [("validate", "no data file of region '31'"),
                                                ("evaluate", "no data file of region '31'")])
def test_a_region_with_no_part_is_a_usage_error(national_hive: Path, command: str,
                                                words: str) -> None:
    argv = [command, str(national_hive), "--within", "31", "--lang", "en"]
    if command == "evaluate":
        argv += ["--baseline", "2017", "--followup", "2019"]
    code, _, err = run(*argv)
    assert code == 2
    assert words in err


def test_a_region_absent_from_plain_files_is_a_usage_error(demo_parquet: Path) -> None:
    code, _, err = run("evaluate", str(demo_parquet), "--within", "31", "--baseline", "2017",
                       "--followup", "2019", "--lang", "en")
    assert code == 2
    assert "no table holds a row of region '31'" in err
