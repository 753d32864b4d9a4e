"""Evaluation: scorecards, change against the baseline, composite rules, classification and
ranking."""

from __future__ import annotations

from kampungkb.evaluate._classify import (
    Classification,
    Classified,
    ClassRule,
    Index,
    ScoreBand,
    Variable,
    classify,
    load_classification,
)
from kampungkb.evaluate._evaluate import Evaluation, evaluate

__all__ = [
    "ClassRule",
    "Classification",
    "Classified",
    "Evaluation",
    "Index",
    "ScoreBand",
    "Variable",
    "classify",
    "evaluate",
    "load_classification",
]
