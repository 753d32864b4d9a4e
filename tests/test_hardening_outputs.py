"""Hostile text in reports (issue #11, point 8): village names, set titles and indicator
labels that look like formulas, HTML or control characters are written as literal text."""

from __future__ import annotations

import io
import json
from typing import Any

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from kampungkb.cli._classify import _csv_ready
from kampungkb.demo import generate_demo
from kampungkb.engine import Dataset
from kampungkb.evaluate import Evaluation, evaluate
from kampungkb.indicators import IndicatorSet
from kampungkb.io._csvsafe import csv_safe as csv_safe_table
from kampungkb.plugins import get_plugin_manager
from kampungkb.report import region_names, render
from kampungkb.report._format import csv_safe, display_text

SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE = [HYPERLINK, SCRIPT, "+1+2", "-3", "@SUM(A1:A9)", "\tTab", "\rCR",
           "Bad\x00\x07\x1b[31mname\x0b\x0c\x1f"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _hostile_set() -> IndicatorSet:
    iset = get_plugin_manager().get_indicator_set("cikar@2018")
    indicators = tuple(
        ind.model_copy(update={"label_id": HOSTILE[i % len(HOSTILE)],
                               "label_en": HOSTILE[(i + 1) % len(HOSTILE)]})
        for i, ind in enumerate(iset.indicators))
    return iset.model_copy(update={"title_id": HYPERLINK, "title_en": SCRIPT,
                                   "legal_basis_id": "@" + SCRIPT,
                                   "legal_basis_en": "@" + SCRIPT, "indicators": indicators})


@pytest.fixture(scope="module")
def hostile() -> tuple[Evaluation, dict[str, str]]:
    tables = generate_demo()
    villages = tables["villages"]
    names = [HOSTILE[i % len(HOSTILE)] for i in range(villages.num_rows)]
    tables["villages"] = villages.set_column(
        villages.column_names.index("name"), "name", pa.array(names, pa.string()))
    dataset = Dataset.from_tables(tables, source="=cmd|' /C calc'!A0")
    ev = evaluate(dataset, _hostile_set(), baseline="2017", followup="2019")
    return ev, region_names(dataset)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_xlsx_has_no_formula_and_keeps_text_literal(
    hostile: tuple[Evaluation, dict[str, str]], lang: str
) -> None:
    ev, names = hostile
    data = render(ev, "xlsx", lang=lang, names=names, source="=1+1")
    assert isinstance(data, bytes)
    wb = load_workbook(io.BytesIO(data))
    texts: set[str] = set()
    numbers = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.data_type == "s"
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                elif isinstance(cell.value, int | float):
                    numbers += 1
    for name in (HYPERLINK, SCRIPT, "+1+2", "-3", "@SUM(A1:A9)", "\tTab"):
        assert name in texts
    assert "=1+1" in texts
    # Control characters an xlsx cannot hold are replaced, not fatal.
    assert any(t.startswith("Bad\ufffd\ufffd\ufffd[31mname") for t in texts)
    assert numbers > 100  # numbers stay numbers


def test_xlsx_numbers_stay_numbers_including_negatives(
    hostile: tuple[Evaluation, dict[str, str]]
) -> None:
    ev, names = hostile
    wb = load_workbook(io.BytesIO(render(ev, "xlsx", lang="en", names=names)))  # type: ignore[arg-type]
    ws = wb["Villages"]
    header = [c.value for c in ws[1]]
    change = header.index("Change") + 1
    values = [ws.cell(row=r, column=change).value for r in range(2, ws.max_row + 1)]
    negatives = [v for v in values if isinstance(v, int | float) and v < 0]
    assert negatives
    assert not [v for v in values if isinstance(v, str)]
    for r in range(2, ws.max_row + 1):
        assert ws.cell(row=r, column=change).data_type == "n"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_escapes_everything_from_data_and_plugins(
    hostile: tuple[Evaluation, dict[str, str]], lang: str
) -> None:
    ev, names = hostile
    page = render(ev, "html", lang=lang, names=names, level="village")
    assert isinstance(page, str)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '"http://x"' not in page  # quotes are escaped too (attribute-safe)
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in page
    assert "\x1b" not in page
    assert "\x00" not in page


def test_markdown_and_terminal_show_names_as_text(
    hostile: tuple[Evaluation, dict[str, str]]
) -> None:
    ev, names = hostile
    md = render(ev, "markdown", lang="en", names=names)
    table = render(ev, "table", lang="en", names=names)
    assert isinstance(md, str)
    assert isinstance(table, str)
    assert "<script>" not in md
    assert "\\<script\\>" in md  # CommonMark's backslash escapes (docs/reports.md)
    for out in (md, table):
        assert "\x1b" not in out
        assert "\x00" not in out
        assert "\r" not in out


def test_json_keeps_names_exact(hostile: tuple[Evaluation, dict[str, str]]) -> None:
    ev, names = hostile
    doc: Any = json.loads(str(render(ev, "json", lang="en", names=names)))
    assert doc["provenance"]["set"]["key"] == "cikar@2018"


def test_csv_rule() -> None:
    for value in HOSTILE[:7]:
        if value.startswith(FORMULA_START):
            assert csv_safe(value) == "'" + value
    assert csv_safe("Air Itam") == "Air Itam"
    assert csv_safe("") == ""
    assert display_text("a\tb\nc\x1b[2J") == "a b c\ufffd[2J"


def test_classify_csv_quotes_text_cells_only() -> None:
    table = pa.table({
        "region_code": [HYPERLINK, "19.01.01.2001", "-3", None],
        "class_label_en": pa.array(["@x", "Dasar", "+y", "\tz"]).dictionary_encode(),
        "input_index": [-1.25, 2.0, None, 0.0],
        "missing": [["a", "b"], [], None, ["=c"]],
    })
    out = csv_safe_table(_csv_ready(table)).to_pylist()  # what write_csv writes
    assert [r["region_code"] for r in out] == ["'" + HYPERLINK, "19.01.01.2001", "-3", None]
    assert [r["class_label_en"] for r in out] == ["'@x", "Dasar", "'+y", "'\tz"]
    assert [r["input_index"] for r in out] == [-1.25, 2.0, None, 0.0]  # numbers untouched
    assert [r["missing"] for r in out] == ["a;b", "", None, "'=c"]
