"""Reports: formatting rules, Excel, HTML, JSON, Markdown, labels and format dispatch."""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser

import pyarrow.compute as pc
import pytest
from openpyxl import load_workbook

from kampungkb import labels
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.engine import Dataset
from kampungkb.evaluate import Evaluation, evaluate
from kampungkb.plugins.builtin_formats import kampungkb_register_report_formats
from kampungkb.report import (
    available_formats,
    region_names,
    render,
    render_html,
    render_json,
    render_markdown,
    render_table,
    render_xlsx,
)
from kampungkb.report._format import format_number, value_cell

RUN_DATE = dt.date(2024, 5, 17)


@pytest.fixture(scope="module")
def demo() -> tuple[Evaluation, dict[str, str]]:
    dataset = Dataset.from_tables(generate_demo())
    ev = evaluate(dataset, "cikar", baseline="2017", followup="2019")
    return ev, region_names(dataset)


@pytest.fixture(scope="module")
def small() -> tuple[Evaluation, str]:
    """The demo with one village reduced to a handful of persons: small denominators."""
    tables = generate_demo()
    persons = tables["persons"]
    village = "19.04.02.2092"
    mine = pc.equal(persons["village_code"], village)
    sample = pc.match_substring_regex(persons["person_id"], "00$")
    keep = pc.or_(pc.invert(mine), sample)
    tables["persons"] = persons.filter(keep)
    ev = evaluate(Dataset.from_tables(tables), "cikar", baseline="2017", followup="2019")
    return ev, village


# ------------------------------------------------------------------------- formatting rules
@pytest.mark.parametrize(("value", "decimals", "shown"), [
    (66.35, 2, "66.35"), (67.30, 2, "67.3"), (95.9, 2, "95.9"), (104.0, 0, "104"),
    (2.5, 2, "2.5"), (0.0, 2, "0"), (-0.001, 2, "0"), (0.9499999, 2, "0.95"),
])
def test_format_number(value: float, decimals: int, shown: str) -> None:
    assert format_number(value, decimals) == shown


def test_missing_is_never_zero() -> None:
    for kind in ("ratio", "count", "presence"):
        cell = value_cell(None, kind=kind, unit="%", decimals=2, flags=["missing"],
                          level="village", lang="id")
        assert cell.text == labels.MARK_NOT_AVAILABLE
        assert "0" not in cell.text


def test_small_denominator_is_flagged() -> None:
    cell = value_cell(50.0, kind="ratio", unit="%", decimals=2, flags=["small_denominator"],
                      level="village", lang="en")
    assert cell.text == "50 %*"


def test_presence_and_counts() -> None:
    fmt = {"unit": "", "decimals": 2, "flags": [], "level": "village"}
    assert value_cell(1.0, kind="presence", lang="id", **fmt).text == "terbentuk"
    assert value_cell(0.0, kind="presence", lang="en", **fmt).text == "–"
    assert value_cell(24.0, kind="count", lang="en", **fmt).text == "24"
    share = value_cell(50.0, kind="presence", unit="%", decimals=2, flags=[],
                       level="regency", lang="en")
    assert share.text == "50 % of villages"


def test_small_denominators_in_a_report(small: tuple[Evaluation, str]) -> None:
    ev, village = small
    out = render_table(ev, region=village, lang="en", run_date=RUN_DATE)
    assert out is not None
    assert "%*" in out
    assert "* denominator under 10" in out


# ------------------------------------------------------------------------- text reports
def test_table_report_carries_provenance(demo: tuple[Evaluation, dict[str, str]]) -> None:
    ev, names = demo
    out = render_table(ev, names=names, run_date=RUN_DATE, source="demo")
    assert out is not None
    assert "cikar@2018" in out
    assert "2024-05-17" in out
    assert "2017 (awal) → 2019 (akhir)" in out
    # default focus: the top-ranked village
    top = ev.level("village")["region_code"][0].as_py()
    assert f"({top})" in out


def test_markdown_report(demo: tuple[Evaluation, dict[str, str]]) -> None:
    ev, names = demo
    out = render_markdown(ev, names=names, region=SEED_VILLAGE_CODE, lang="en")
    assert out is not None
    assert "| Indicator | 2017 | 2019 | Change | Change verdict | Target | Achieved |" in out
    assert "|---|---:|---:|---:|---|---|---|\n" in out
    assert "**2. PATBM (community child protection) formed**" in out
    # every pipe table: its delimiter row has as many cells as its header (else no table)
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            assert line.count("|") == lines[i - 1].count("|") - lines[i - 1].count("\\|"), (
                lines[i - 1], line)


# ------------------------------------------------------------------------- Excel
def test_excel_workbook(demo: tuple[Evaluation, dict[str, str]]) -> None:
    ev, names = demo
    data = render_xlsx(ev, names=names, run_date=RUN_DATE)
    assert isinstance(data, bytes)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Ringkasan", "Desa", "Kecamatan", "Kabupaten-Kota", "Provinsi",
                             "Peringkat", "Katalog indikator"]
    ws = wb["Desa"]
    assert ws.freeze_panes == "C2"
    header = [c.value for c in ws[1]]
    base_col = header.index("Awal 2017") + 1
    follow_col = header.index("Akhir 2019") + 1
    found: dict[str, tuple[object, str]] = {}
    for row in ws.iter_rows(min_row=2):
        if row[0].value == SEED_VILLAGE_CODE:
            found[str(row[4].value)] = (row[follow_col - 1].value,
                                        row[follow_col - 1].number_format)
            assert row[base_col - 1].value is None or isinstance(
                row[base_col - 1].value, int | float)
    value, fmt = found["cpr"]
    assert isinstance(value, float)
    assert fmt == '#,##0.00" %"'  # separators are the viewer's locale's; the value stays 66.35
    value, fmt = found["mkjp_acceptors"]
    assert value == 104
    assert fmt == "#,##0"
    value, fmt = found["patbm"]
    assert value == 1
    assert "terbentuk" in fmt
    assert ws.column_dimensions["F"].width > 20
    catalogue = wb["Katalog indikator"]
    assert catalogue.freeze_panes == "B2"
    ids = [r[0].value for r in catalogue.iter_rows(min_row=2)]
    assert ids == [i.id for i in ev.indicator_set.indicators]
    summary = [[c.value for c in r] for r in wb["Ringkasan"].iter_rows()]
    assert ["Set indikator", "cikar@2018"] in summary
    assert ["Tanggal proses", "2024-05-17"] in summary


def test_excel_english_one_level(demo: tuple[Evaluation, dict[str, str]]) -> None:
    ev, _ = demo
    data = render_xlsx(ev, lang="en", only_level="regency")
    assert isinstance(data, bytes)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Summary", "Regencies-cities", "Ranking", "Indicator catalogue"]


# ------------------------------------------------------------------------- HTML
class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.html_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for key, value in attrs:
            if key in ("src", "href", "xlink:href", "action", "data") and value:
                self.links.append(value)
            if tag == "html" and key == "lang":
                self.html_lang = value or ""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_is_self_contained(demo: tuple[Evaluation, dict[str, str]], lang: str) -> None:
    ev, names = demo
    out = render_html(ev, names=names, lang=lang, run_date=RUN_DATE)
    assert out is not None
    parser = _Collector()
    parser.feed(out)
    assert parser.tags.count("svg") >= 3
    assert "table" in parser.tags
    assert "style" in parser.tags
    assert parser.links == []
    assert "http://" not in out
    assert "https://" not in out
    assert "url(" not in out
    assert "@import" not in out
    assert parser.html_lang == lang
    assert "cikar@2018" in out
    assert "2024-05-17" in out
    word = "Peringkat" if lang == "id" else "ranked"
    assert word in out


# ------------------------------------------------------------------------- JSON
def test_json_layout(demo: tuple[Evaluation, dict[str, str]]) -> None:
    ev, names = demo
    out = render_json(ev, names=names, run_date=RUN_DATE, source="demo")
    assert out is not None
    doc = json.loads(out)
    assert list(doc) == ["format", "format_version", "provenance", "main_indicators",
                         "indicators", "measures", "regions", "scorecard", "results"]
    prov = doc["provenance"]
    assert prov["set"]["key"] == "cikar@2018"
    assert (prov["baseline"], prov["followup"], prov["run_date"]) == ("2017", "2019",
                                                                     "2024-05-17")
    assert prov["kampungkb_version"]
    assert prov["hierarchy"]
    assert {i["id"] for i in doc["indicators"]} >= {"cpr", "patbm", "cross_sector"}
    seed = [r for r in doc["scorecard"] if r["region_code"] == SEED_VILLAGE_CODE
            and r["indicator_id"] == "mkjp_acceptors"]
    assert seed[0]["baseline"] == 67
    assert seed[0]["followup"] == 104
    region = next(r for r in doc["regions"] if r["region_code"] == SEED_VILLAGE_CODE)
    assert region["name"] == names[SEED_VILLAGE_CODE]
    # composites have no baseline: null, never 0
    comp = next(r for r in doc["scorecard"] if r["indicator_id"] == "kb_achievement")
    assert comp["baseline"] is None


# ------------------------------------------------------------------------- dispatch, labels
def test_formats_registered_through_the_hook(demo: tuple[Evaluation, dict[str, str]],
                                             tmp_path: pytest.TempPathFactory) -> None:
    specs = {s.name: s for s in kampungkb_register_report_formats()}
    assert set(specs) == {"table", "markdown", "html", "xlsx", "json"}
    assert set(specs) <= set(available_formats())
    ev, _ = demo
    assert isinstance(render(ev, "markdown"), str)


def test_every_label_has_both_languages() -> None:
    for key, (label_id, label_en) in labels._TEXT.items():
        assert label_id, key
        assert label_en, key
    assert labels.text("col.achieved", "en") == "Achieved"
    assert labels.level_name("regency", "id") == "Kabupaten/Kota"
    assert labels.yes_no(None) == labels.MARK_NOT_AVAILABLE
    with pytest.raises(ValueError, match="'fr'"):
        labels.check_lang("fr")
