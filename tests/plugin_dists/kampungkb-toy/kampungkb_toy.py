"""A toy kampungkb plugin implementing every hook (test fixture)."""

from __future__ import annotations

from typing import Any

from kampungkb.evaluate import Classification
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.models._schema import Column
from kampungkb.plugins import (
    ClassifierSpec,
    ReaderSpec,
    ReportFormatSpec,
    TableExtension,
    hookimpl,
)

_MEASURES = (
    Measure(id="persons", table="persons", agg="count", label_id="Penduduk", label_en="Persons"),
    Measure(
        id="with_akta",
        table="persons",
        filter="has_birth_certificate",
        agg="count",
        label_id="Penduduk dengan akta kelahiran",
        label_en="Persons with a birth certificate",
    ),
)


def _toy_set(version: str) -> IndicatorSet:
    return IndicatorSet(
        id="toy",
        version=version,
        title_id=f"Set mainan {version}",
        title_en=f"Toy set {version}",
        measures=_MEASURES,
        indicators=(
            Indicator(
                id="akta",
                label_id="Kepemilikan akta kelahiran",
                label_en="Birth-certificate ownership",
                numerator="with_akta",
                denominator="persons",
            ),
        ),
    )


def read_toy(source: Any, **options: Any) -> Any:
    return {"source": source, **options}


def render_toy(results: Any, destination: Any = None, **options: Any) -> str:
    return "toy"


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    return [_toy_set("2018"), _toy_set("2020")]


@hookimpl
def kampungkb_register_measures() -> list[Measure]:
    return [Measure(id="toy_families", table="families", agg="count", label_en="Families")]


@hookimpl
def kampungkb_register_table_extensions() -> list[TableExtension]:
    column = Column("toy_flag", "BOOLEAN", label_id="Penanda mainan", label_en="Toy flag")
    return [TableExtension(table="families", columns=(column,))]


@hookimpl
def kampungkb_register_readers() -> list[ReaderSpec]:
    return [ReaderSpec(name="toy-csv", suffixes=(".TOY",), read=read_toy)]


@hookimpl
def kampungkb_register_report_formats() -> list[ReportFormatSpec]:
    return [ReportFormatSpec(name="toy", suffix=".toy", render=render_toy)]


@hookimpl
def kampungkb_register_classifiers() -> list[ClassifierSpec]:
    return [ClassifierSpec(name="toy-classes", rule=TOY_RULE)]


#: A rule must be a kampungkb.evaluate.Classification (anything else is a PluginLoadError).
TOY_RULE = Classification.model_validate({
    "id": "toy-classes", "label_id": "Kelas mainan", "label_en": "Toy classes",
    "set_key": "toy@2020",
    "variables": [{"id": "akta", "indicator": "akta", "round_to_integer": False,
                   "bands": [{"hi": 50, "score": 1}, {"lo": 50.000001, "score": 4}]}],
    "indices": [{"id": "toy", "variables": ["akta"]}],
    "classes": [{"id": "high", "label_id": "Tinggi", "label_en": "High",
                 "when": {"toy": ">= threshold"}},
                {"id": "low", "label_id": "Rendah", "label_en": "Low"}],
})
