"""The definition reference (docs/plugins/reference.md) is generated and cannot drift."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Annotated

import pytest
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from kampungkb.indicators import CompositeRule, Indicator, IndicatorSet, Measure, Target

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "docs" / "plugins"
CLASSES: tuple[type[BaseModel], ...] = (IndicatorSet, Measure, Indicator, Target, CompositeRule)


def _generator() -> ModuleType:
    path = PLUGINS / "generate_reference.py"
    spec = importlib.util.spec_from_file_location("generate_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_is_up_to_date() -> None:
    page = PLUGINS / "reference.md"
    assert page.read_text(encoding="utf-8") == _generator().render(), (
        "docs/plugins/reference.md is stale: run python docs/plugins/generate_reference.py")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_field_is_described_with_an_example(cls: type[BaseModel]) -> None:
    """A new field cannot reach the reference without a description and (if scalar) an
    example."""
    for name, field in cls.model_fields.items():
        assert field.description, f"{cls.__name__}.{name} has no description"
        if name not in ("measures", "indicators"):
            assert field.examples, f"{cls.__name__}.{name} has no example"


def test_reference_lists_every_field_and_is_in_the_plugin_toctree() -> None:
    text = (PLUGINS / "reference.md").read_text(encoding="utf-8")
    for cls in CLASSES:
        assert f"## {cls.__name__}\n" in text
        for name in cls.model_fields:
            assert f"| `{name}` |" in text, f"{cls.__name__}.{name}"
    index = (PLUGINS / "index.md").read_text(encoding="utf-8")
    assert "\nreference\n" in index[index.index("```{toctree}"):]


def _checker(field: FieldInfo) -> TypeAdapter[object]:
    if field.metadata:
        return TypeAdapter(Annotated[field.annotation, *field.metadata])
    return TypeAdapter(field.annotation)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_examples_are_valid_values(cls: type[BaseModel]) -> None:
    """Each example passes the field's own validation (type, allowed values, bounds)."""
    for field in cls.model_fields.values():
        for example in field.examples or ():
            _checker(field).validate_python(example)
