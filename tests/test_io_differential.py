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
from kampungkb.io._identity import identity_bad
from tests.test_io_support import KEY, TODAY

NIKS = ["1901014507900001", "1901011507880002", "1901015507900003", "0001014507900001",
        "1901014507900000", "1901013102900001", "1901017102910001", "1901012902920001",
        "1901012902900001", "19010145079000", "1901 0145 0790 0001", "abcd014507900001",
        " 1901011507880002", "", None, "1901016913900001", "1901010000900001"]  # fmt: skip
KKS = ["1901011201100001", "1901011201100000", "1901013201100001", "1901001201100001",
       "19010112011000", "1901.0112.0110.0001", None, ""]  # fmt: skip
POOLS: dict[str, list[Any]] = {
    "village_code": ["19.01.01.2001", "1901012001", "19.01.01", " 1901012002", None, "x"],
    "period": ["2019", "2019-Q2", "2019-06", "2019-13", " 2019", None, "19"],
    "sex": ["m", "f", "L", "P", "x", None, " m", "2"],
    "birth_date": ["1990-07-05", "05/07/1990", "1988-07-15", "kemarin", None, "1990-02-30",
                   "33000", "2021-01-01", "1991-06-29", "19900705", "1990-07-06", "1990-08-05",
                   "1991-07-05", "1988-07-16"],
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
    if rng.random() < 0.6:  # mostly clean columns take the fast paths
        pool = [v for v in pool[:2] if v is not None] + [pool[int(rng.integers(len(pool)))]]
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


@pytest.mark.parametrize("seed", range(24))
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


def _nik_variants() -> list[str | None]:
    """Valid NIKs / KK numbers and each of their fields broken in turn."""
    out: list[str | None] = [
        None,
        "",
        "1901014507900001",
        "1901011507880002",
        "1901011201100001",
        "1901012902910001",
        "1901016902920001",
        "1901013102000001",
    ]
    for base in ("1901014507900001", "1901011507880002"):
        for pos, digits in ((0, "00"), (0, "10"), (2, "00"), (4, "00"), (6, "00"), (6, "32"),
                            (6, "72"), (6, "29"), (6, "69"), (8, "00"), (8, "13"), (8, "02"),
                            (10, "00"), (10, "01"), (12, "0000")):  # fmt: skip
            out.append(base[:pos] + digits + base[pos + len(digits) :])
    return out


@pytest.mark.parametrize("blanks", [True, False])
def test_identity_checks_match_exact_rules_field_by_field(
    blanks: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # without blanks every NIK / KK value is 16 digits: the checks then read the text's bytes
    niks = [v for v in _nik_variants() if blanks or v]
    births = [None, dt.date(1990, 7, 5), dt.date(1990, 7, 6), dt.date(1990, 8, 5),
              dt.date(1991, 7, 5), dt.date(1988, 7, 15), dt.date(2000, 2, 29)]  # fmt: skip
    combos = [
        (nik, "1901011201100001", sex, birth)
        for nik in niks
        for sex in ("m", "f", None)
        for birth in births
    ]
    combos += [("1901014507900001", kk, "f", dt.date(1990, 7, 5)) for kk in niks]
    rows = [
        {"nik": nik, "kk_number": kk, "village_code": "19.01.01.2001", "period": "2019",
         "sex": sex, "birth_date": birth, "person_id": f"p{i}", "family_id": "f1"}
        for i, (nik, kk, sex, birth) in enumerate(combos)
    ]  # fmt: skip
    data = pa.Table.from_pylist(rows)
    data = pa.Table.from_batches(data.to_batches(max_chunksize=97))  # sliced chunks
    kw: dict[str, Any] = {"table": "persons", "pseudonym_key": KEY, "today": TODAY}
    fast = validate_data(data, **kw)
    monkeypatch.setattr(engine, "candidates", _everything)
    exact = validate_data(data, **kw)
    assert fast.report.problems.equals(exact.report.problems)
    assert fast.tables["persons"].equals(exact.tables["persons"])
    assert 0 < fast.tables["persons"].num_rows < data.num_rows


def test_identity_flags_from_text_equal_flags_from_numbers() -> None:
    niks = [v for v in _nik_variants() if v] * 3
    rng = np.random.default_rng(1)
    sex = pa.chunked_array([pa.array([["m", "f", None][i] for i in rng.integers(0, 3, len(niks))])])
    births = [dt.date(1990, 7, 5), dt.date(1988, 7, 15), dt.date(1990, 7, 6), None]
    birth = pa.chunked_array([pa.array([births[i] for i in rng.integers(0, 4, len(niks))])])
    text = pa.chunked_array(pa.array(niks).slice(at, 13) for at in range(0, len(niks), 13))
    numbers = pa.chunked_array([pa.array([int(v) for v in niks])])
    for female in (True, False):
        kw: dict[str, Any] = {"female": female, "sex": sex, "birth": birth}
        from_text = identity_bad(text, **kw)
        assert from_text.tolist() == identity_bad(numbers, **kw).tolist()
        assert 0 < from_text.sum() < len(niks)
