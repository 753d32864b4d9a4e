"""Periods: ``"2019"`` (year), ``"2019-Q2"`` (quarter), ``"2019-06"`` (month).

A period's *reference date* is its last day: ages are computed then, registers (PATBM, home
industries) count when they exist on that day, and events are assigned to the period that
contains their date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Literal

import attrs

from kampungkb._shown import shown
from kampungkb.errors import DatasetError

__all__ = ["Period", "PeriodType", "parse_period", "period_sql"]

PeriodType = Literal["year", "quarter", "month"]

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@attrs.frozen
class Period:
    """A parsed period."""

    key: str
    type: PeriodType
    start: date
    end: date

    def __str__(self) -> str:
        return self.key


def parse_period(text: str) -> Period:
    """Parse ``"2019"``, ``"2019-Q2"`` or ``"2019-06"``.

    Raises:
        DatasetError: the text is not a period, with the accepted forms in the message (the
            text shown as :func:`kampungkb._safe.safe_value` allows: never a NIK or a name).
    """
    text = str(text).strip()
    if m := _YEAR.match(text):
        y = int(m.group(1))
        return Period(text, "year", date(y, 1, 1), date(y, 12, 31))
    if m := _QUARTER.match(text):
        y, q = int(m.group(1)), int(m.group(2))
        first = 3 * (q - 1) + 1
        last = first + 2
        return Period(text, "quarter", date(y, first, 1),
                      date(y, last, calendar.monthrange(y, last)[1]))
    if m := _MONTH.match(text):
        y, mo = int(m.group(1)), int(m.group(2))
        return Period(text, "month", date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]))
    raise DatasetError.of("engine.not_a_period", period=shown(text))


def period_sql(date_sql: str, period_type: PeriodType) -> str:
    """SQL expression giving the period key of a date expression, for ``period_type``."""
    if period_type == "year":
        return f"strftime({date_sql}, '%Y')"
    if period_type == "month":
        return f"strftime({date_sql}, '%Y-%m')"
    return f"(strftime({date_sql}, '%Y') || '-Q' || CAST(quarter({date_sql}) AS VARCHAR))"
