"""The CIKAR plugin: ``cikar@2018``, Pergub Kepulauan Bangka Belitung 40/2018.

The reference plugin, registered through exactly the same hook as a province's plugin.  Its
definitions live in ``sets/cikar_2018.toml`` (definitions are data); the choices the regulation
leaves open — the unmet-need variant (BKKBN), the child-marriage threshold (under 18), the
composite rule of indicator 1 (CPR rises and at least 5 of the other 9 rows improve) — are
written into each indicator's ``notes``.
"""

from __future__ import annotations

import functools

from kampungkb.indicators._definitions import IndicatorSet, Measure
from kampungkb.indicators._load import load_builtin_set
from kampungkb.plugins import hookimpl

__all__ = ["SHARED_MEASURES", "cikar_2018", "kampungkb_register_indicator_sets",
           "kampungkb_register_measures"]

#: CIKAR measures any other set may reuse by id (registered through the measures hook).
SHARED_MEASURES = ("pus", "kb_users", "mkjp_users", "male_users", "unmet_need",
                   "children_0_17", "children_with_akta")


@functools.cache
def cikar_2018() -> IndicatorSet:
    """The CIKAR set of Pergub Babel 40/2018."""
    return load_builtin_set("cikar_2018.toml")


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    """Register ``cikar@2018``."""
    return [cikar_2018()]


@hookimpl
def kampungkb_register_measures() -> list[Measure]:
    """Share CIKAR's core family-planning and birth-certificate measures with other sets."""
    measures = {m.id: m for m in cikar_2018().measures}
    return [measures[m] for m in SHARED_MEASURES]
