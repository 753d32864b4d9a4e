"""``kampungkb classify``: the BKKBN classification from the command line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kampungkb.cli import main
from kampungkb.demo import generate_demo
from kampungkb.engine import Dataset
from kampungkb.evaluate import classify


def test_classify_demo_prints_every_village_and_the_regency_shares(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_csv = tmp_path / "classes.csv"
    assert main(["classify", "demo", "--period", "2019", "--lang", "en",
                 "--csv", str(out_csv)]) == 0
    out = capsys.readouterr().out
    expected = classify(Dataset.from_tables(generate_demo()), "bkkbn-2020", "2019")
    for row in expected.villages.to_pylist():
        line = next(ln for ln in out.splitlines() if ln.startswith(row["region_code"]))
        assert row["class_label_en"] in line
    assert "Classes per regency/city" in out
    with out_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == expected.villages.num_rows
    assert {"input_index", "process_index", "output_index", "class_id"} <= set(rows[0])


def test_classify_user_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "demo", "--period", "2019", "--classifier", "nope"]) == 2
    assert main(["classify", "/no/such/folder", "--period", "2019"]) == 2
    err = capsys.readouterr().err
    assert len([ln for ln in err.splitlines() if ln.strip()]) == 2


def test_classify_writes_indices_the_languages_way(capsys: pytest.CaptureFixture[str]) -> None:
    expected = classify(Dataset.from_tables(generate_demo()), "bkkbn-2020", "2019")
    first = expected.villages.to_pylist()[0]
    index = f"{first['input_index']:.2f}"
    assert main(["classify", "demo", "--period", "2019"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines()
                if ln.startswith(first["region_code"]))
    assert index.replace(".", ",") in line
    assert main(["classify", "demo", "--period", "2019", "--lang", "en"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines()
                if ln.startswith(first["region_code"]))
    assert index in line
