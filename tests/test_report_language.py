"""Reports say everything in their language, with its numbers; Markdown keeps names literal;
the command line prefixes library warnings.

``docs/reports.md``: "What ``--lang id`` changes is every word", numbers follow the language
(``66,35 %``, ``4.420.000`` in Bahasa Indonesia), text from data is literal text;
``docs/cli.md``: warnings are printed as ``peringatan: …`` / ``warning: …``.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow.compute as pc
import pytest

import kampungkb
import kampungkb.demo
from kampungkb.cli._run import warnings_as_notes
from kampungkb.io._pseudonym import resolve_key
from kampungkb.labels import text
from kampungkb.report import render
from kampungkb.report._svg import axis_for

#: English words that must not appear in a Bahasa Indonesia report (text shown to people;
#: indicator ids and data codes aside).
ENGLISH = ("the", "of", "codes", "prefixes", "village", "villages", "higher", "lower",
           "significant", "region's", "value", "limits", "above", "below", "must", "met",
           "Denominator", "achieved", "components", "rule")

HOSTILE = "[x](javascript:alert(1)) | a `b` *c*"


@pytest.fixture(scope="module")
def evaluation() -> kampungkb.Evaluation:
    ds = kampungkb.Dataset.from_tables(kampungkb.demo.generate_demo())
    return kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")


def _render(ev: kampungkb.Evaluation, fmt: str, lang: str, **options: Any) -> Any:
    return render(ev, fmt, lang=lang, disclosure=None, **options)


def _html_text(page: str) -> str:
    """What a reader sees of an HTML page: its text, tooltips and labels (no CSS, no ids)."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    shown = re.findall(r'(?:title|aria-label|data-label)="([^"]*)"', page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(shown))


def _words(shown: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z']+", shown))


def _xlsx_text(data: bytes, sheet: str) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(" | ".join(str(v) for v in row if isinstance(v, str))
                     for row in wb[sheet].iter_rows(values_only=True))


# 1 — no English word in an Indonesian report


@pytest.mark.parametrize("level", ["village", "province"])
@pytest.mark.parametrize("fmt", ["html", "markdown", "table"])
def test_indonesian_report_has_no_english_word(evaluation: kampungkb.Evaluation, fmt: str,
                                               level: str) -> None:
    out = _render(evaluation, fmt, "id", level=level)
    shown = _html_text(out) if fmt == "html" else out
    assert not _words(shown) & set(ENGLISH), sorted(_words(shown) & set(ENGLISH))


def test_hierarchy_is_in_the_report_language(evaluation: kampungkb.Evaluation) -> None:
    page_id = _render(evaluation, "html", "id")
    footer = re.search(r"<footer>(.*)</footer>", page_id)
    assert footer is not None
    assert html.unescape(footer.group(1)).endswith(text("report.hierarchy", "id"))
    assert "Kemendagri code prefixes" not in page_id
    page_en = _render(evaluation, "html", "en")
    assert "Kemendagri code prefixes (PP.KK.CC.DDDD)" in html.unescape(page_en)


def test_xlsx_summary_level_row_is_in_the_report_language(
        evaluation: kampungkb.Evaluation) -> None:
    summary = _xlsx_text(_render(evaluation, "xlsx", "id"), "Ringkasan")
    assert f"Hierarki wilayah | {text('report.hierarchy', 'id')}" in summary
    assert "prefixes" not in summary
    summary_en = _xlsx_text(_render(evaluation, "xlsx", "en"), "Summary")
    assert "Region hierarchy | Kemendagri code prefixes" in summary_en


# 2 — Indonesian numbers in the HTML report


def test_html_rollup_mean_uses_the_language(evaluation: kampungkb.Evaluation) -> None:
    page_id = _render(evaluation, "html", "id")
    means = re.findall(r'data-label="Rata-rata tercapai per desa">([^<]*)<', page_id)
    assert means
    assert not [m for m in means if "." in m], means
    assert any("," in m for m in means)
    page_en = _render(evaluation, "html", "en")
    means_en = re.findall(r'data-label="Mean achieved per village">([^<]*)<', page_en)
    assert not [m for m in means_en if "," in m], means_en


def test_html_tooltips_use_the_language(evaluation: kampungkb.Evaluation) -> None:
    page = html.unescape(_render(evaluation, "html", "id"))
    assert "nilai wilayah 18,12" in page
    assert not re.search(r"nilai wilayah \d+\.\d", page)
    points = re.findall(r"<title>\d\d\.\d\d\.\d\d\.\d{4}: ([^<]*)</title>", page)
    assert points
    assert not [p for p in points if re.match(r"\d+\.\d", p)], points[:5]
    assert 'title="66,35 → 67,3 harus naik: terpenuhi"' in page
    assert "66.35 →" not in page
    page_en = html.unescape(_render(evaluation, "html", "en"))
    assert 'title="66.35 → 67.3 must rise: met"' in page_en


# 3 — funnel tooltips in words


@pytest.mark.parametrize("lang", ["id", "en"])
def test_funnel_tooltips_name_the_significance(evaluation: kampungkb.Evaluation,
                                               lang: str) -> None:
    page = html.unescape(_render(evaluation, "html", lang))
    for code in ("higher_0.001", "higher_0.025", "not_significant", "lower_0.025",
                 "lower_0.001"):
        assert code not in page
    assert f"({text('funnel.higher_0.001', lang)})" in page
    assert f"({text('funnel.not_significant', lang)})" in page


# 4 — thousands separators on chart axes


def test_axis_ticks_have_thousands_separators() -> None:
    ticks_id = [t for _, t in axis_for("x", [1200.0], lang="id").ticks]
    ticks_en = [t for _, t in axis_for("x", [1200.0], lang="en").ticks]
    assert "1.250" in ticks_id
    assert "1,250" in ticks_en


def test_html_chart_ticks_have_thousands_separators(evaluation: kampungkb.Evaluation) -> None:
    page_id = _render(evaluation, "html", "id", level="province")
    page_en = _render(evaluation, "html", "en", level="province")
    assert not re.search(r'class="tick"[^>]*>\d{4,}<', page_id)
    assert re.search(r'class="tick"[^>]*>1\.\d{3}<', page_id)
    assert re.search(r'class="tick"[^>]*>1,\d{3}<', page_en)


# 5 — Markdown keeps names literal


def test_md_escape_escapes_inline_syntax() -> None:
    from kampungkb.report._text import md_escape  # noqa: PLC0415

    out = md_escape(HOSTILE)
    for c in "[]`*|":
        assert f"\\{c}" in out
    assert md_escape("Desa Maju") == "Desa Maju"


def _hostile(ev: kampungkb.Evaluation) -> dict[str, str]:
    codes = pc.unique(ev.level("village")["region_code"]).to_pylist()
    return dict.fromkeys(codes, HOSTILE)


def test_markdown_report_shows_hostile_names_literally(evaluation: kampungkb.Evaluation) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    out = _render(evaluation, "markdown", "en", names=_hostile(evaluation))
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(out)
    assert "<a " not in rendered
    assert "<code>" not in rendered
    assert "<em>c</em>" not in rendered
    assert "javascript" not in re.sub(r">[^<]*<", "><", rendered)  # in no tag or attribute
    assert html.escape(HOSTILE, quote=False) in rendered


# 6 — the command line prefixes the library's warnings


@pytest.mark.parametrize(("lang", "prefix"), [("id", "peringatan: "), ("en", "warning: ")])
def test_cli_warnings_have_the_prefix(monkeypatch: pytest.MonkeyPatch, lang: str,
                                      prefix: str) -> None:
    monkeypatch.delenv("KAMPUNGKB_PSEUDONYM_KEY", raising=False)
    notes: list[str] = []
    with warnings_as_notes(notes, lang):  # type: ignore[arg-type]
        resolve_key(None)
        warnings.warn("something odd", UserWarning, stacklevel=1)
    assert len(notes) == 2
    assert notes[0].startswith(prefix), notes
    assert notes[0].startswith(prefix + ("kunci pseudonim" if lang == "id"
                                         else "no pseudonymisation key"))
    assert notes[1] == f"{prefix}UserWarning: something odd"


def test_cli_prints_the_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    from kampungkb.cli import main  # noqa: PLC0415

    monkeypatch.delenv("KAMPUNGKB_PSEUDONYM_KEY", raising=False)
    folder = tmp_path / "demo"
    assert main(["demo", "--export", str(folder), "--format", "csv"]) == 0
    capsys.readouterr()
    code = main(["evaluate", str(folder), "--baseline", "2017", "--followup", "2019",
                 "--lang", "id", "-o", str(tmp_path / "out.md")])
    err = capsys.readouterr().err
    assert code == 0, err
    lines = [line for line in err.splitlines() if "kunci pseudonim" in line]
    assert lines, err
    assert all(line.startswith("peringatan: kunci pseudonim") for line in lines), lines


