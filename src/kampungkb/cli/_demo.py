"""Any installed set on the demo data: ``kampungkb demo --set X``, ``evaluate --demo --set X``.

The demo data (:func:`kampungkb.demo.generate_demo`) holds the family census of 2017 and 2019
and monthly reports; a set is evaluated on it from 2017 to 2019 in the set's own period type
(:data:`DEMO_PERIODS`).  Without ``--set``, ``kampungkb demo`` pins ``cikar@2018``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kampungkb.errors import KampungKBError
from kampungkb.indicators import IndicatorSet
from kampungkb.labels import Lang

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["DEMO_PERIODS", "check_evaluate_args", "demo_periods", "demo_tables"]

#: Baseline and follow-up on the demo data, by the set's ``period_type``: 2017 → 2019.
DEMO_PERIODS: dict[str, tuple[str, str]] = {
    "year": ("2017", "2019"),
    "quarter": ("2017-Q4", "2019-Q4"),
    "month": ("2017-12", "2019-12"),
}

def demo_periods(iset: IndicatorSet) -> tuple[str, str]:
    """Baseline and follow-up for ``iset`` on the demo data (2017 → 2019, its period type)."""
    return DEMO_PERIODS[iset.period_type]


def demo_tables(iset: IndicatorSet) -> dict[str, pa.Table]:
    """The demo data for ``iset``: its census dated in the set's period type, so that
    :func:`demo_periods` has data (``2017-Q4``/``2019-Q4`` for a quarterly set …)."""
    from kampungkb.demo import generate_demo  # noqa: PLC0415 - on demand

    return generate_demo(period_type=iset.period_type)


def check_evaluate_args(args: argparse.Namespace, lang: Lang) -> None:
    """``evaluate`` takes a PATH or ``--demo`` (not both); with a PATH, both periods.

    Raises:
        KampungKBError: one line in ``lang`` (the command line exits 2).
    """
    demo = bool(getattr(args, "demo", False))
    if demo and args.path is not None:
        raise KampungKBError.of("cli.evaluate_path_and_demo")
    if not demo and args.path is None:
        raise KampungKBError.of("cli.evaluate_no_path")
    if not demo and (args.baseline is None or args.followup is None):
        raise KampungKBError.of("cli.evaluate_no_periods")
    if getattr(args, "memory_limit", None) is not None:
        from kampungkb.engine._dataset import check_memory_limit  # noqa: PLC0415 - heavy

        check_memory_limit(args.memory_limit)  # before minutes of validation, not after
