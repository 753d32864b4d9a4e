"""A composite's components must name it as ``parent``: leaving it out is an error.

Without the check, a component with no ``parent`` was silently a main indicator too, which
changed the ranking (CIKAR's main indicators went from 3 to 6).
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kampungkb.errors import IndicatorDefinitionError
from kampungkb.indicators import (
    CompositeRule,
    Indicator,
    IndicatorSet,
    Measure,
    load_indicator_set,
)
from kampungkb.testing import plugin_manager

_MEASURES = (Measure(id="n", table="marriages"),)


def _count(ind_id: str, parent: str | None = None) -> Indicator:
    return Indicator(id=ind_id, label_id=ind_id, label_en=ind_id, kind="count", numerator="n",
                     parent=parent)


def _composite(ind_id: str, *components: str) -> Indicator:
    return Indicator(id=ind_id, label_id=ind_id, label_en=ind_id, kind="composite",
                     components=components, rule=CompositeRule(of=components, at_least=1))


def _set(*indicators: Indicator) -> IndicatorSet:
    return IndicatorSet(id="prov", version="1", title_id="t", title_en="t",
                        measures=_MEASURES, indicators=indicators)


def test_component_with_parent_is_accepted() -> None:
    s = _set(_composite("c", "a", "b"), _count("a", "c"), _count("b", "c"))
    assert [i.id for i in s.indicators if i.parent is None] == ["c"]


def test_component_without_parent_is_an_error_naming_set_and_indicator() -> None:
    with pytest.raises(ValidationError, match=r"set 'prov@1', indicator 'b'.*parent = 'c'"):
        _set(_composite("c", "a", "b"), _count("a", "c"), _count("b"))


def test_component_of_another_composite_is_an_error() -> None:
    with pytest.raises(ValidationError, match=r"indicator 'a'.*its parent is 'd'"):
        _set(_composite("c", "a"), _composite("d", "b"), _count("a", "d"), _count("b", "d"))


def test_parent_not_listing_the_indicator_is_an_error() -> None:
    with pytest.raises(ValidationError, match=r"indicator 'b'.*does not list it"):
        _set(_composite("c", "a"), _count("a", "c"), _count("b", "c"))


def test_toml_without_parent_is_an_indicator_definition_error() -> None:
    toml = """
id = "prov"
version = "1"
title_id = "t"
title_en = "t"

[[measures]]
id = "n"
table = "marriages"

[[indicators]]
id = "c"
label_id = "c"
label_en = "c"
kind = "composite"
components = ["a"]
rule = { all_of = ["a"] }

[[indicators]]
id = "a"
label_id = "a"
label_en = "a"
kind = "count"
numerator = "n"
"""
    with pytest.raises(IndicatorDefinitionError, match=r"'prov'.*indicator 'a'.*no parent"):
        load_indicator_set(toml)


def test_builtin_sets_satisfy_the_rule() -> None:
    sets = plugin_manager().indicator_sets()
    assert any(i.kind == "composite" for s in sets.values() for i in s.indicators)


def test_composite_without_rule_is_an_error() -> None:
    """Without a rule a composite was never evaluated: no row, silently."""
    with pytest.raises(ValidationError, match=r"composite indicator 'c' needs a rule"):
        Indicator(id="c", label_id="c", label_en="c", kind="composite", components=("a",))
