"""A share that is exactly a half rounds half away from zero, as documented.

29 / 200 × 100 is 14.5, but computed as ``29 / 200 * 100`` in floating point it is
14.499999999999998 and rounds to 14.  Multiplying first (``29 * 100 / 200``) gives the double
nearest the true value, which for a half is the half itself.  docs/bkkbn.md: "Every percentage
(and count) is rounded to an integer, half away from zero, before it is scored".
"""

from __future__ import annotations

import pyarrow as pa

import kampungkb
from kampungkb.evaluate import classify


def _report(**counts: int) -> pa.Table:
    row = {"village_code": "19.01.01.2001", "period": "2021-12", "pus": 1000, "users_iud": 140,
           "users_injectable": 460, "nonusers_later": 80, "nonusers_no_more": 0,
           "families": 200, "families_with_toddler": 200, "families_with_youth": 60,
           "families_with_elderly": 50, "youths": 80, "participants_bkb": 29,
           "participants_bkr": 12, "participants_bkl": 5, "participants_uppka": 6,
           "participants_pikr": 0}
    row.update(counts)
    return pa.Table.from_pylist([row])


def test_a_half_percentage_scores_as_rounded_up() -> None:
    ds = kampungkb.Dataset.from_tables({"monthly_reports": _report()})
    village = classify(ds, "bkkbn-2020", "2021").villages.to_pylist()[0]
    # BKB 29/200 = 14.5 % → 15; the five shares 15, 20, 10, 3, 0 average 9.6 → 10 → score 2
    assert village["poktan_participation"] == 10
    assert village["poktan_participation_score"] == 2


def test_one_number_in_gives_zero_d_arrays_out() -> None:
    """docs/stats.md: "A single number in gives 0-d arrays out" (NumPy's arithmetic on 0-d
    arrays gives scalars, which cannot be written into)."""
    import numpy as np  # noqa: PLC0415

    from kampungkb.stats import byar_interval, newcombe_difference, wilson_interval  # noqa: PLC0415

    for result in (newcombe_difference(1, 3, 2, 3), byar_interval(1), byar_interval(0),
                   wilson_interval(1, 3)):
        for part in result:
            assert isinstance(part, np.ndarray)
            assert part.ndim == 0
            assert part.dtype == np.float64
