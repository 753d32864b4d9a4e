"""A plugin that registers ``cikar@2099``, a version kampungkb does not ship (test fixture)."""

from __future__ import annotations

from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.plugins import hookimpl


def _set(set_id: str, version: str) -> IndicatorSet:
    return IndicatorSet(
        id=set_id,
        version=version,
        title_id="Set tiruan",
        title_en="Imitation set",
        measures=(Measure(id="persons", table="persons", agg="count"),),
        indicators=(
            Indicator(
                id="persons",
                label_id="Penduduk",
                label_en="Persons",
                kind="count",
                numerator="persons",
            ),
        ),
    )


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    return [_set("cikar", "2099")]
