"""Indicator definitions (measures, indicators, targets, rules, sets) and the built-in sets.

Built-in sets are plugins (``kampungkb.indicators.cikar`` …) registered through the same hook
as any province's; get them through :func:`kampungkb.plugins.get_plugin_manager`.
"""

from __future__ import annotations

from kampungkb.indicators._definitions import (
    ChangeRule,
    CompositeRule,
    Direction,
    Group,
    Indicator,
    IndicatorKind,
    IndicatorSet,
    Measure,
    Target,
)
from kampungkb.indicators._load import load_builtin_set, load_indicator_set
from kampungkb.indicators._validate import CheckedSet, validate_indicator_set

__all__ = [
    "ChangeRule",
    "CheckedSet",
    "CompositeRule",
    "Direction",
    "Group",
    "Indicator",
    "IndicatorKind",
    "IndicatorSet",
    "Measure",
    "Target",
    "load_builtin_set",
    "load_indicator_set",
    "validate_indicator_set",
]
