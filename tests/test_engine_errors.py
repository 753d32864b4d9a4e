"""Errors raised inside an engine call name what failed, and never blame the data wrongly."""

from __future__ import annotations

import math
from pathlib import Path

import attrs
import pyarrow as pa
import pytest

import kampungkb
from kampungkb.engine import _compute
from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.indicators._validate import CheckedSet, validate_indicator_set


def _people() -> pa.Table:
    return pa.table({
        "person_id": ["p1", "p2", "p3"], "family_id": ["f1", "f1", "f2"],
        "village_code": ["19.01.01.2001"] * 3, "period": ["2019"] * 3,
        "sex": ["f", "m", "f"], "birth_date": pa.array([None, None, None], pa.date32()),
        "age_first_marriage": [18, 20, 19],
    })


def _set(measure: Measure) -> IndicatorSet:
    return IndicatorSet(
        id="uji", version="1", title_id="Uji", title_en="Test",
        measures=(Measure(id="all", table="persons"), measure),
        indicators=(Indicator(id="share", label_id="Bagian", label_en="Share",
                              numerator=measure.id, denominator="all"),),
    )


def test_a_definition_failing_at_compute_names_set_and_measure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a filter the checker let through that DuckDB rejects at run time."""
    s = _set(Measure(id="bad", table="persons", filter="age_first_marriage > 1"))

    def unguarded(iset: IndicatorSet, **kwargs: object) -> CheckedSet:
        checked = validate_indicator_set(iset, **kwargs)  # type: ignore[arg-type]
        bad = attrs.evolve(checked.measures["bad"], filter_sql='"age_first_marriage" // 0 = 1')
        return attrs.evolve(checked, measures={**checked.measures, "bad": bad})

    monkeypatch.setattr(_compute, "validate_indicator_set", unguarded)
    ds = kampungkb.Dataset.from_tables({"persons": _people()})
    with pytest.raises(kampungkb.IndicatorDefinitionError) as info:
        kampungkb.compute(ds, [s], ["2019"])
    assert (info.value.set_id, info.value.item_id) == ("uji@1", "bad")
    assert "validate" not in str(info.value)  # the data is not blamed


def test_a_wrong_value_in_a_file_names_table_and_column(tmp_path: Path) -> None:
    csv = tmp_path / "persons.csv"
    csv.write_text("person_id,family_id,village_code,period,sex,birth_date\n"
                   "p1,f1,19.01.01.2001,2019,f,lima januari\n", encoding="utf-8")
    ds = kampungkb.Dataset.from_folder(tmp_path)
    with pytest.raises(kampungkb.DatasetError) as info:
        kampungkb.compute(ds, "cikar@2018", ["2019"])
    assert "'persons'" in str(info.value)
    assert "'birth_date'" in str(info.value)
    assert "kampungkb validate" in str(info.value)


def test_an_infinite_sum_is_flagged() -> None:
    s = IndicatorSet(
        id="uji", version="1", title_id="Uji", title_en="Test",
        measures=(Measure(id="big", table="persons", agg="sum",
                          column="age_first_marriage * 1e300 * 1e300"),),
        indicators=(Indicator(id="total", kind="count", label_id="Jumlah", label_en="Total",
                              numerator="big"),),
    )
    res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}), [s],
                            ["2019"])
    rows = [r for r in res.to_pylist() if r["level"] == "village"]
    assert math.isinf(rows[0]["numerator"])
    assert "non_finite" in rows[0]["flags"]
    assert rows[0]["value"] is None  # never ranked as a number
    finite = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": _people()}),
                               [_set(Measure(id="f", table="persons", filter="sex = 'f'"))],
                               ["2019"])
    assert all("non_finite" not in r["flags"] for r in finite.to_pylist())
