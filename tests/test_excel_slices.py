"""The workbook's level sheets are written a slice of rows at a time (bounded memory at
national size): any slice size gives the same workbook, byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.report import _excel_rows
from kampungkb.report._excel import workbook_bytes
from kampungkb.report._model import ReportOptions


@pytest.mark.parametrize("confidence", [0.95, None])
def test_slices_do_not_change_the_workbook(monkeypatch: pytest.MonkeyPatch,
                                           confidence: float | None) -> None:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    ev = kampungkb.evaluate(ds, "cikar", baseline="2017", followup="2019",
                            confidence=confidence)
    opts = ReportOptions.from_kwargs(lang="id", run_date=dt.date(2026, 12, 1))
    whole = workbook_bytes(ev, opts)
    monkeypatch.setattr(_excel_rows, "_SLICE_ROWS", 5)  # slices ending inside an indicator
    assert workbook_bytes(ev, opts) == whole
