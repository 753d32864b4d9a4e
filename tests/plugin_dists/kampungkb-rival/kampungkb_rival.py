"""A plugin that claims names kampungkb-toy already registers (test fixture)."""

from __future__ import annotations

from typing import Any

from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.plugins import ReaderSpec, hookimpl


def read_rival(source: Any, **options: Any) -> Any:
    return None


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    return [
        IndicatorSet(
            id="toy",
            version="2018",
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
    ]


@hookimpl
def kampungkb_register_readers() -> list[ReaderSpec]:
    return [ReaderSpec(name="toy-csv", suffixes=(".csv",), read=read_rival)]
