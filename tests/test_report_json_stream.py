"""The JSON report is written a few thousand rows at a time (a national report has ~0.7 M
rows): the text is exactly ``json.dumps(json_document(…), indent=1)``, to a file as to a
string, whatever the names hold and when a section is empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.report import _json, render
from kampungkb.report._json import json_document, json_text
from kampungkb.report._model import ReportOptions


@pytest.fixture(scope="module")
def ev() -> kampungkb.Evaluation:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    return kampungkb.evaluate(ds, "cikar", baseline="2017", followup="2019")


def _whole(ev: kampungkb.Evaluation, opts: ReportOptions) -> str:
    return json.dumps(json_document(ev, opts), ensure_ascii=False, indent=1,
                      allow_nan=False) + "\n"


@pytest.mark.parametrize("level", [None, "village", "district", "province"])
def test_streamed_text_is_the_whole_document(ev: kampungkb.Evaluation, level: str | None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_json, "_BATCH_ROWS", 7)  # many slices, one ending mid-level
    names = {"19": 'Kepulauan "Bangka"\nBelitung', "19.01": "Bangka\x00 ✓",
             "19.01.01": "\\u0000kampungkb:results\\u0000"}
    opts = ReportOptions.from_kwargs(names=names, only_level=level)
    text = json_text(ev, opts)
    assert text == _whole(ev, opts)
    assert json.loads(text)["scorecard"]


def test_an_empty_section_is_an_empty_array() -> None:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    ev = kampungkb.evaluate(ds, "cikar", baseline="2017", followup="2019",
                            levels=["province"])
    opts = ReportOptions.from_kwargs(only_level="village")
    text = json_text(ev, opts)
    assert text == _whole(ev, opts)
    assert json.loads(text)["results"] == []


def test_a_file_gets_the_same_text(ev: kampungkb.Evaluation, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert render(ev, "json", out, lang="en") is None
    assert out.read_text(encoding="utf-8") == render(ev, "json", lang="en")


def test_a_failure_half_way_leaves_no_file(ev: kampungkb.Evaluation, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        yield "{"
        raise ValueError("Out of range float values are not JSON compliant")

    monkeypatch.setattr(_json, "json_chunks", broken)
    out = tmp_path / "r.json"
    with pytest.raises(ValueError, match="JSON compliant"):
        render(ev, "json", out)
    assert not out.exists()
