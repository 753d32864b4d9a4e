"""The BKKBN plugin: ``bkkbn@2020`` and the national Kampung KB classification.

``bkkbn@2020`` holds the input, process and output variables of "Klasifikasi Kampung KB menuju
Kampung Berkualitas" (BKKBN 2020; Peraturan BKKBN 20/2023) as indicators
(``sets/bkkbn_2020.toml``); the classification itself — scores 1–4, the input / process /
output indices and the classes Dasar, Berkembang, Mandiri, Berkelanjutan — is a declarative
:class:`~kampungkb.evaluate.Classification` (``sets/bkkbn_2020_classification.toml``)
registered as the classifier ``"bkkbn-2020"`` and applied with
:func:`kampungkb.evaluate.classify`.  Both go through the same hooks as a province's plugin.

The set is evaluated on year periods: profiles are yearly snapshots, activities are counted in
the year, and monthly reports enter through each measure's ``report`` expression (stocks take
the latest month of the year).
"""

from __future__ import annotations

from kampungkb.evaluate._classify import Classification, load_builtin_classification
from kampungkb.indicators._definitions import IndicatorSet
from kampungkb.indicators._load import load_builtin_set
from kampungkb.plugins import ClassifierSpec, hookimpl

__all__ = [
    "bkkbn_2020",
    "bkkbn_2020_classification",
    "kampungkb_register_classifiers",
    "kampungkb_register_indicator_sets",
]


def bkkbn_2020() -> IndicatorSet:
    """The variables of the BKKBN 2020 Kampung KB classification."""
    return load_builtin_set("bkkbn_2020.toml")


def bkkbn_2020_classification() -> Classification:
    """The classification rule (scores, indices, classes) over ``bkkbn@2020``."""
    return load_builtin_classification("bkkbn_2020_classification.toml")


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    """Register ``bkkbn@2020``."""
    return [bkkbn_2020()]


@hookimpl
def kampungkb_register_classifiers() -> list[ClassifierSpec]:
    """Register the classifier ``"bkkbn-2020"``."""
    rule = bkkbn_2020_classification()
    return [ClassifierSpec(
        name=rule.id,
        rule=rule,
        description="Kampung KB classes from the input, process and output indices: Basic, "
        "Developing, Self-reliant, Sustainable (BKKBN 2020).",
        description_id="Klasifikasi Kampung KB dari indeks input, proses dan output: Dasar, "
        "Berkembang, Mandiri, Berkelanjutan (BKKBN 2020).",
    )]
