"""Results carry confidence intervals: Wilson for ratios and shares, Byar's for counts."""

from __future__ import annotations

import math
from statistics import NormalDist

import pyarrow as pa
import pytest

import kampungkb
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo


@pytest.fixture(scope="module")
def results() -> kampungkb.Results:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    return kampungkb.compute(ds, "cikar@2018", ["2017", "2019"])


def _wilson(x: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson (1927) score interval, written out from the formula."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _row(results: kampungkb.Results, indicator: str, region: str, period: str) -> dict:
    return next(r for r in results.totals().to_pylist()
                if r["indicator_id"] == indicator and r["region_code"] == region
                and r["period"] == period)


def test_seed_village_cpr_2017_has_the_wilson_interval(results: kampungkb.Results) -> None:
    row = _row(results, "cpr", SEED_VILLAGE_CODE, "2017")
    assert (row["numerator"], row["denominator"], row["value"]) == (278, 419, 66.35)
    lo, hi = _wilson(278, 419)
    assert row["lower"] == round(lo * 100, 2)
    assert row["upper"] == round(hi * 100, 2)


def test_counts_get_byars_interval(results: kampungkb.Results) -> None:
    row = _row(results, "bkb_groups", SEED_VILLAGE_CODE, "2019")
    assert row["value"] == 3
    # exact Poisson 95 % limits for 3 are 0.619 and 8.767; Byar's approximation is close
    assert row["lower"] == pytest.approx(0.62, abs=0.03)
    assert row["upper"] == pytest.approx(8.77, abs=0.03)


def test_every_interval_contains_its_value(results: kampungkb.Results) -> None:
    rows = [r for r in results.to_arrow().to_pylist() if r["lower"] is not None]
    assert len(rows) > 1000
    for r in rows:
        # both rounded to the indicator's decimals
        assert r["lower"] <= r["value"] + 1e-9 <= r["upper"] + 2e-9, r
    missing = [r for r in results.to_arrow().to_pylist() if r["value"] is None]
    assert all(r["lower"] is None and r["upper"] is None for r in missing)


def test_higher_confidence_is_wider_and_none_leaves_them_empty() -> None:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    narrow = kampungkb.compute(ds, "cikar@2018", ["2019"], levels=("province",))
    wide = kampungkb.compute(ds, "cikar@2018", ["2019"], levels=("province",), confidence=0.99)
    for a, b in zip(narrow.totals().to_pylist(), wide.totals().to_pylist(), strict=True):
        if a["lower"] is not None:
            assert b["lower"] <= a["lower"]
            assert b["upper"] >= a["upper"]
    assert wide.confidence == 0.99
    none = kampungkb.compute(ds, "cikar@2018", ["2019"], levels=("province",), confidence=None)
    assert none.table["lower"].null_count == none.table.num_rows
    assert none.table.schema.field("lower").type == pa.float64()
    with pytest.raises(kampungkb.DatasetError, match="confidence"):
        kampungkb.compute(ds, "cikar@2018", ["2019"], confidence=95)


def test_sql_intervals_equal_the_stats_module(results: kampungkb.Results) -> None:
    """Differential: the engine's SQL bounds equal kampungkb.stats on every row."""
    import numpy as np  # noqa: PLC0415

    from kampungkb.stats import byar_interval, wilson_interval  # noqa: PLC0415

    iset = results.definitions.get_indicator_set("cikar@2018")  # type: ignore[union-attr]
    meta = {i.id: i for i in iset.indicators}
    checked = 0
    for r in results.to_arrow().to_pylist():
        if r["lower"] is None:
            continue
        ind = meta[r["indicator_id"]]
        num, den = r["numerator"], r["denominator"]
        if ind.kind == "count":
            lo, hi = byar_interval(num)
            scale = 1.0
        elif ind.kind == "ratio" and num > den:
            lo, hi = byar_interval(num)
            scale = ind.factor / den
        else:
            lo, hi = wilson_interval(num, den)
            scale = ind.factor if ind.kind == "ratio" else 100.0
        assert r["lower"] == pytest.approx(round(float(np.asarray(lo)) * scale, ind.decimals),
                                           abs=10.0 ** -ind.decimals), r
        assert r["upper"] == pytest.approx(round(float(np.asarray(hi)) * scale, ind.decimals),
                                           abs=10.0 ** -ind.decimals), r
        checked += 1
    assert checked > 1000
