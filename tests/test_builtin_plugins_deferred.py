"""The built-in reader and report-format plugins defer importing their implementation (#12
point 5) and behave exactly like the implementations they stand for."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow.parquet as pq

from kampungkb.demo import generate_demo
from kampungkb.engine import Dataset
from kampungkb.evaluate import evaluate
from kampungkb.io import readers
from kampungkb.plugins import ReportFormatSpec
from kampungkb.plugins.builtin_formats import BUILTIN_FORMATS
from kampungkb.plugins.builtin_readers import BUILTIN_READERS
from kampungkb.report import builtin_formats


def test_formats_match_the_report_modules_list() -> None:
    def key(specs: Iterable[ReportFormatSpec]) -> list[tuple[str, str, str, str, str]]:
        return [
            (s.name, s.suffix, s.description, s.description_id, s.render.__name__) for s in specs
        ]

    assert key(BUILTIN_FORMATS) == key(builtin_formats())


def test_deferred_render_gives_the_same_report(tmp_path: Path) -> None:
    for name, table in generate_demo().items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
    ev = evaluate(Dataset.from_folder(tmp_path), "cikar@2018", baseline="2017", followup="2019")
    real = {s.name: s.render for s in builtin_formats()}
    for spec in BUILTIN_FORMATS:
        if spec.name in ("table", "markdown", "json"):
            assert spec.render(ev) == real[spec.name](ev), spec.name


def test_deferred_readers_read_like_the_implementations(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;x\n2;y\n", encoding="utf-8")
    csv = next(r for r in BUILTIN_READERS if r.name == "csv")
    assert csv.read.__name__ == "read_csv"
    assert csv.read(path).equals(readers.read_csv(path))
    pq.write_table(readers.read_csv(path), tmp_path / "t.parquet")
    parquet = next(r for r in BUILTIN_READERS if r.name == "parquet")
    assert parquet.read(tmp_path / "t.parquet").equals(readers.read_parquet(tmp_path / "t.parquet"))
