"""The fast pass only narrows down which rows the exact rules look at: on random, messy
inputs it gives the same problems, accepted and rejected rows as running the exact rules on
every row (its flags, NIK / KK checks in numpy and duplicate-key candidates are conservative)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import kampungkb.io._engine as engine
from kampungkb.io import validate_data
from tests.test_io_support import KEY, TODAY

NIKS = ["1901014507900001", "1901011507880002", "1901015507900003", "0001014507900001",
        "1901014507900000", "1901013102900001", "1901017102910001", "1901012902920001",
        "1901012902900001", "19010145079000", "1901 0145 0790 0001", "abcd014507900001",
        " 1901011507880002", "", None, "1901016913900001", "1901010000900001"]  # fmt: skip
KKS = ["1901011201100001", "1901013201100001", "1901001201100001", "19010112011000",
       "1901.0112.0110.0001", None, ""]  # fmt: skip
POOLS: dict[str, list[Any]] = {
    "village_code": ["19.01.01.2001", "1901012001", "19.01.01", " 1901012002", None, "x"],
    "period": ["2019", "2019-Q2", "2019-06", "2019-13", " 2019", None, "19"],
    "sex": ["m", "f", "L", "P", "x", None, " m", "2"],
    "birth_date": ["1990-07-05", "05/07/1990", "1988-07-15", "kemarin", None, "1990-02-30",
                   "33000", "2021-01-01", "1991-06-29", "19900705"],
    "marital_status": ["married", "never_married", "Kawin", "nikah siri", None],
    "age_first_marriage": ["18", "22", "18,5", "-1", "150", None, "35", "x"],
    "contraceptive_method": ["iud", "pill", "Suntik", "x", None, " iud"],
    "has_birth_certificate": ["Ya", "Tidak", "1", "maybe", None],
    "person_id": ["p1", " p3", "1901014507900001", None, "", "p1"],
    "family_id": ["f1", "f2", None, " f4", "1901011201100001"],
}  # fmt: skip


def _column(rng: np.random.Generator, name: str, n: int, typed: bool) -> pa.Array:
    if typed and name == "birth_date":
        days = rng.integers(0, 365 * 85, n)
        return pa.array([dt.date(1940, 1, 1) + dt.timedelta(days=int(d)) for d in days],
                        mask=rng.random(n) < 0.05)  # fmt: skip
    if typed and name == "age_first_marriage":
        return pa.array(rng.integers(-2, 130, n), pa.int32(), mask=rng.random(n) < 0.2)
    pool = POOLS.get(name) or (NIKS if name == "nik" else KKS)
    if rng.random() < 0.4:  # mostly clean columns take the fast paths
        pool = [v for v in pool[:2] if v is not None]
    values = [pool[i] for i in rng.integers(0, len(pool), n)]
    if name == "person_id":
        values = [f"p{i}" if rng.random() < 0.8 else v for i, v in enumerate(values)]
    return pa.array(values, pa.string())


def _persons(seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    n = int(rng.choice([1, 5, 40, 400]))
    typed = bool(rng.random() < 0.5)
    names = [name for name in ["nik", "kk_number", *POOLS] if rng.random() < 0.85]
    table = pa.table({name: _column(rng, name, n, typed) for name in names})
    if n > 4 and rng.random() < 0.5:
        table = pa.Table.from_batches(table.to_batches(max_chunksize=int(rng.integers(1, n))))
    return table


def _everything(*args: Any, **kwargs: Any) -> dict[str, np.ndarray[Any, Any]]:
    flagged = _candidates(*args, **kwargs)
    return {name: np.ones_like(rows) for name, rows in flagged.items()}


_candidates = engine.candidates


@pytest.mark.parametrize("seed", range(16))
def test_fast_pass_matches_exact_rules_on_every_row(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _persons(seed)
    registry = ["19.01.01"] if seed % 3 == 0 else None
    kw: dict[str, Any] = {"pseudonym_key": KEY, "today": TODAY, "registry": registry}
    if not data.num_columns:
        return
    fast = validate_data(data, table="persons", **kw)
    monkeypatch.setattr(engine, "candidates", _everything)
    exact = validate_data(data, table="persons", **kw)
    assert fast.report.problems.equals(exact.report.problems)
    assert fast.report.files == exact.report.files
    assert fast.tables["persons"].equals(exact.tables["persons"])
    assert fast.rejected.keys() == exact.rejected.keys()
    for name, table in fast.rejected.items():
        assert table.equals(exact.rejected[name])
