"""The CIKAR plugin: ``cikar@2018``, Pergub Kepulauan Bangka Belitung 40/2018.

The reference plugin, registered through exactly the same hook as a province's plugin.  Its
definitions live in ``sets/cikar_2018.toml`` (definitions are data); the choices the regulation
leaves open — the unmet-need variant (BKKBN), the child-marriage threshold (under 18), the
composite rule of indicator 1 (CPR rises and at least 5 of the other 9 rows improve) — are
written into each indicator's ``notes``.
"""

from __future__ import annotations

from kampungkb.indicators._definitions import IndicatorSet
from kampungkb.indicators._load import load_builtin_set
from kampungkb.plugins import hookimpl

__all__ = ["cikar_2018", "kampungkb_register_indicator_sets"]


def cikar_2018() -> IndicatorSet:
    """The CIKAR set of Pergub Babel 40/2018."""
    return load_builtin_set("cikar_2018.toml")


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    """Register ``cikar@2018``."""
    return [cikar_2018()]
