"""Period strings: year ``"2019"``, quarter ``"2019-Q2"``, month ``"2019-06"``."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

__all__ = ["MONTH_PATTERN", "PERIOD_PATTERN", "MonthPeriod", "Period"]

#: A year, quarter or month period.
PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
#: A month period only (monthly reports).
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

#: A period string: ``"2019"``, ``"2019-Q2"`` or ``"2019-06"``.
Period = Annotated[str, StringConstraints(strip_whitespace=True, pattern=PERIOD_PATTERN)]
#: A month period string such as ``"2019-06"``.
MonthPeriod = Annotated[str, StringConstraints(strip_whitespace=True, pattern=MONTH_PATTERN)]
