"""Sources, notes, descriptions and legal bases exist in both languages (#13 point 4).

Every packaged set writes each text as an ``_id``/``_en`` pair; ``kampungkb describe`` and the
reports show only the one of ``--lang``; a plugin written before the pairs existed (one
``source``, ``notes``, ``description`` or ``legal_basis``) still loads, its text shown in both.
"""

from __future__ import annotations

import io
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from importlib import resources
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

import kampungkb
from kampungkb.cli import main
from kampungkb.cli._info import describe_set
from kampungkb.evaluate._classify import load_builtin_classification
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.plugins import load_plugins
from kampungkb.report import render

ROOT = Path(__file__).resolve().parents[1]
SINGLE = ("source", "notes", "description", "legal_basis")
PACKAGED_TOML = [
    *sorted(Path(str(resources.files("kampungkb.indicators") / "sets")).glob("*.toml")),
    ROOT / "examples/kampungkb-contoh/src/kampungkb_contoh/sets/contoh_2025.toml",
]


def _sets() -> dict[str, IndicatorSet]:
    return load_plugins(entry_points=False).indicator_sets()


def _pairs(iset: IndicatorSet, *, measures: bool = True) -> list[tuple[str, str, str]]:
    """(where, Indonesian, English) of every bilingual text of the set."""
    out = []
    items: list[Indicator | Measure | IndicatorSet] = [iset, *iset.indicators]
    if measures:
        items += iset.measures
    for item in items:
        for name in item.bilingual_fields:
            where = f"{iset.key} {getattr(item, 'id', '')}.{name}"
            out.append((where, item.text_in(name, "id"), item.text_in(name, "en")))
    return out


@pytest.mark.parametrize("path", PACKAGED_TOML, ids=lambda p: p.name)
def test_packaged_files_write_every_text_as_a_pair(path: Path) -> None:
    """No packaged definition relies on the single-language fallback."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = [data, *data.get("measures", []), *data.get("indicators", [])]
    for table in tables:
        single = [k for k in SINGLE if k in table]
        assert not single, f"{path.name} {table.get('id')}: {single} in one language only"
    for table in tables:
        for name in SINGLE:
            assert bool(table.get(f"{name}_id")) == bool(table.get(f"{name}_en")), (
                f"{path.name} {table.get('id')}.{name}")


def test_every_packaged_text_has_both_languages() -> None:
    sets = _sets()
    assert {"cikar@2018", "bkkbn@2020", "sdg@2024"} <= set(sets)
    translated = 0
    for iset in sets.values():
        for where, id_text, en_text in _pairs(iset):
            assert bool(id_text) == bool(en_text), where
            translated += id_text != en_text
    assert translated > 60  # real translations, not one text copied into both
    rule = load_builtin_classification("bkkbn_2020_classification.toml")
    assert rule.source_id
    assert rule.source_en
    assert rule.source_id != rule.source_en


@pytest.mark.parametrize("key", ["cikar@2018", "bkkbn@2020", "sdg@2024"])
def test_describe_prints_only_the_chosen_language(key: str) -> None:
    iset = _sets()[key]
    shown = {lang: describe_set(iset, lang) for lang in ("id", "en")}
    # a measure's description is not part of describe's output
    pairs = [p for p in _pairs(iset, measures=False) if p[1] != p[2]]
    assert len(pairs) > 3
    for where, id_text, en_text in pairs:
        assert id_text in shown["id"], where
        assert en_text not in shown["id"], where
        assert en_text in shown["en"], where
        assert id_text not in shown["en"], where


def test_describe_command_switches_language() -> None:
    out = {}
    for lang in ("id", "en"):
        buf = io.StringIO()
        with redirect_stdout(buf), redirect_stderr(io.StringIO()):
            assert main(["describe", "cikar", "--lang", lang]) == 0
        out[lang] = buf.getvalue()
    assert "Pergub Babel 40/2018, indikator 4" in out["id"]
    assert "Pergub Babel 40/2018, indicator 4" not in out["id"]
    assert "Pergub Babel 40/2018, indicator 4" in out["en"]
    assert "Bangka Belitung Islands Governor Regulation No. 40 of 2018" in out["en"]
    assert "Governor Regulation" not in out["id"]


def test_reports_pick_the_language(kampungkb_demo_dataset: kampungkb.Dataset) -> None:
    ev = kampungkb.evaluate(kampungkb_demo_dataset, "cikar", baseline="2017", followup="2019")
    iset = ev.indicator_set
    akta = iset.indicator("birth_certificates")
    for lang, other in (("id", "en"), ("en", "id")):
        md = str(render(ev, "markdown", lang=lang))
        assert iset.text_in("legal_basis", lang) in md
        assert iset.text_in("legal_basis", other) not in md
        book = load_workbook(io.BytesIO(bytes(render(ev, "xlsx", lang=lang))), read_only=True)
        cells = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                 for c in row if c is not None}
        assert akta.text_in("source", lang) in cells
        assert akta.text_in("source", other) not in cells
        assert iset.text_in("legal_basis", lang) in cells
    doc = str(render(ev, "json"))
    assert all(s in doc for s in (akta.source_id, akta.source_en, iset.legal_basis_en))


def test_single_language_fields_still_load_and_show_in_both() -> None:
    """A plugin written before the pairs: its one text is used for both languages."""
    ind = Indicator(id="x", label_id="X", label_en="X", numerator="a", denominator="b",
                    source="Pergub Contoh 1/2020", notes="Satu bahasa saja.")
    assert ind.source_id == ind.source_en == "Pergub Contoh 1/2020"
    assert ind.text_in("notes", "en") == ind.text_in("notes", "id") == "Satu bahasa saja."
    iset = IndicatorSet(id="old", version="1", title_id="T", title_en="T", legal_basis="L",
                        description="D", indicators=(ind,),
                        measures=(Measure(id="a", table="persons", description="M"),))
    assert iset.text_in("legal_basis", "en") == "L"
    assert iset.measures[0].description_id == "M"
    assert "Pergub Contoh 1/2020" in describe_set(iset, "en")
    assert IndicatorSet.model_validate(iset.model_dump()) == iset  # round trip


@pytest.mark.parametrize("fields", [
    {"source_id": "Sumber"},  # half a pair
    {"notes_en": "Notes"},
    {"source": "One", "source_en": "Both"},  # old and new together
])
def test_half_a_pair_is_an_error(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="indicator 'x'"):
        Indicator(id="x", label_id="X", label_en="X", numerator="a", denominator="b",
                  **fields)  # type: ignore[arg-type]
