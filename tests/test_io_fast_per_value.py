"""Checks the fast pass works out once per distinct value (a one-column check on a text column
of few values, the year of each period) or leaves out (a check a missing column cannot break)
find what the exact rules find on every row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import kampungkb.io._engine as engine
from kampungkb.io import validate_data
from tests.test_io_support import KEY, TODAY


def _everything(*args: Any, **kwargs: Any) -> dict[str, np.ndarray[Any, Any]]:
    flagged = _candidates(*args, **kwargs)
    return {name: np.ones_like(rows) for name, rows in flagged.items()}


_candidates = engine.candidates


def _same(data: pa.Table, table: str, monkeypatch: pytest.MonkeyPatch) -> pa.Table:
    """Validate ``data`` with and without the fast pass; both must agree. The problems."""
    kw: dict[str, Any] = {"table": table, "pseudonym_key": KEY, "today": TODAY}
    fast = validate_data(data, **kw)
    with monkeypatch.context() as m:
        m.setattr(engine, "candidates", _everything)
        exact = validate_data(data, **kw)
    assert fast.report.problems.equals(exact.report.problems)
    assert fast.report.files == exact.report.files
    assert fast.tables[table].equals(exact.tables[table])
    assert fast.rejected.keys() == exact.rejected.keys()
    for name, rejected in fast.rejected.items():
        assert rejected.equals(exact.rejected[name])
    return fast.report.problems


def test_id_number_in_a_few_valued_text_column(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 300
    agencies = ["BKKBN", "Puskesmas", "Dinas 1901 0145 0790 0001", "PKK"]
    data = pa.table(
        {
            "intervention_id": [f"i{i}" for i in range(n)],
            "village_code": ["19.01.01.2001"] * n,
            "date": [dt.date(2019, 1, 1) + dt.timedelta(days=i % 300) for i in range(n)],
            "agency": [agencies[i % 3 if i != 7 else 3] for i in range(n)],
        }
    )
    problems = _same(data, "interventions", monkeypatch)
    hits = problems.filter(pa.compute.equal(problems.column("rule"), "id_number_in_text"))
    assert hits.num_rows == n // 3
    assert "0145" not in " ".join(v or "" for v in hits.column("value").to_pylist())


@pytest.mark.parametrize("periods", [["2019", "2019-Q2", "2019-06"], ["2017", "2019"], ["2020"]])
def test_period_years_decide_the_age_checks(
    periods: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 360
    rng = np.random.default_rng(len(periods))
    births = [dt.date(1896, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 45000, n)]
    ages = rng.integers(10, 60, n)
    data = pa.table(
        {
            "person_id": [f"p{i}" for i in range(n)],
            "family_id": [f"f{i // 4}" for i in range(n)],
            "village_code": ["19.01.01.2001"] * n,
            "period": [periods[i % len(periods)] for i in range(n)],
            "sex": ["f", "m"] * (n // 2),
            "birth_date": births,
            "marital_status": ["married"] * n,
            "age_first_marriage": pa.array(ages, pa.int32()),
        }
    )
    problems = _same(data, "persons", monkeypatch)
    rules = set(problems.column("rule").to_pylist())
    assert {"implausible_age", "age_first_marriage"} <= rules


def test_checks_on_a_column_one_source_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Men with a contraception start (``dependent_value``, ``date_before_birth``) in one
    source, the column missing in the other: the same problems with and without the fast
    pass."""
    n = 40
    base: dict[str, Any] = {
        "person_id": [f"p{i}" for i in range(n)],
        "family_id": [f"f{i}" for i in range(n)],
        "village_code": ["19.01.01.2001"] * n,
        "period": ["2019"] * n,
        "sex": ["m", "f"] * (n // 2),
        "birth_date": [dt.date(1990, 1, 1)] * n,
    }
    start = [dt.date(1989, 1, 1) if i % 5 == 0 else None for i in range(n)]
    with_start = pa.table({**base, "contraception_start": start})
    problems = _same(with_start, "persons", monkeypatch)
    assert {"dependent_value", "date_before_birth"} <= set(problems.column("rule").to_pylist())
    assert not _same(pa.table(base), "persons", monkeypatch).num_rows
