"""No silent empties: asking for a period, region or indicator the data does not hold is an
error naming what exists, never an empty table or a report full of ``…``.

:class:`NoDataError` carries a message key and fields as well as its English message, so the
command line can say the same in Bahasa Indonesia (``kampungkb.labels`` ``nodata.*``); the
command line shows it as a warning and exits with status 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kampungkb._shown import name_some
from kampungkb.engine._periods import Period, parse_period
from kampungkb.errors import DatasetError, NoDataError, UnknownResultError

__all__ = ["NoDataError", "UnknownResultError", "check_periods_have_data", "data_periods",
           "name_some"]



def data_periods(dataset: Any) -> list[str]:
    """The periods the dataset's snapshot tables (persons, families, profiles, monthly
    reports …) hold, sorted; empty when it has no snapshot table."""
    found: set[str] = set()
    for name in dataset.table_names:
        schema = dataset.schema(name)
        if schema.kind == "snapshot" and schema.period_column:
            found.update(dataset.periods(name))
    return sorted(found)


def _covers(asked: Period, held: Iterable[Period]) -> bool:
    return any(p.key == asked.key or (asked.start <= p.start and p.end <= asked.end)
               for p in held)


def check_periods_have_data(dataset: Any, periods: Sequence[str | Period]) -> None:
    """Raise :class:`NoDataError` for the first period no snapshot table holds data of.

    A period has data when a snapshot table holds exactly that period or a finer one inside
    it (a December monthly report counts for its year).  Yearly data does not answer a
    quarter (``2019-Q4`` of data holding ``2019``).  A dataset without snapshot tables (only
    events) is not checked.
    """
    held_keys = data_periods(dataset)
    if not held_keys:
        return
    held = []
    for key in held_keys:
        try:
            held.append(parse_period(key))
        except DatasetError:  # pragma: no cover - validated data holds valid periods
            continue
    for p in periods:
        asked = p if isinstance(p, Period) else parse_period(str(p))
        if not _covers(asked, held):
            raise NoDataError("nodata.period", asked=asked.key, known=name_some(held_keys))
