"""Monthly aggregate reports feed the same measures; events fall into month/quarter periods."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import kampungkb
from kampungkb.models import Person

V_MICRO, V_REPORT = "19.01.01.2001", "19.01.01.2002"


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows])


def _report(period: str, pus: int, iud: int, pill: int, later: int) -> dict[str, Any]:
    return {"village_code": V_REPORT, "period": period, "pus": pus, "users_iud": iud,
            "users_mow": 0, "users_mop": 0, "users_condom": 0, "users_implant": 0,
            "users_injectable": 0, "users_pill": pill, "users_other": 0,
            "nonusers_later": later, "nonusers_no_more": 0}


@pytest.fixture(scope="module")
def dataset() -> kampungkb.Dataset:
    persons = [{"person_id": f"p{i}", "family_id": f"f{i}", "village_code": V_MICRO,
                "period": "2019", "sex": "f", "birth_date": date(1990, 1, 1),
                "marital_status": "married",
                "contraceptive_method": "pill" if i < 3 else None} for i in range(4)]
    reports = [
        _report("2019-11", pus=100, iud=10, pill=40, later=20),
        _report("2019-12", pus=120, iud=12, pill=48, later=24),   # the year's stock
        # a report for the microdata village is ignored where microdata exists
        {**_report("2019-12", pus=999, iud=999, pill=0, later=0), "village_code": V_MICRO},
    ]
    return kampungkb.Dataset.from_tables({"persons": _table(persons),
                                          "monthly_reports": _table(reports)})


def test_reports_fill_villages_without_microdata(dataset: kampungkb.Dataset) -> None:
    res = kampungkb.compute(dataset, ["cikar"], ["2019"])
    assert res.value("cpr", V_REPORT, "2019") == 50.0          # (12 + 48) / 120, December
    assert res.value("unmet_need", V_REPORT, "2019") == 20.0   # 24 / 120
    assert res.value("mkjp_acceptors", V_REPORT, "2019") == 12.0
    assert res.value("cpr", V_MICRO, "2019") == 75.0           # microdata wins: 3 / 4
    rows = {(r["region_code"], r["indicator_id"]): r for r in res.to_pylist()}
    assert "from_report" in rows[(V_REPORT, "cpr")]["flags"]
    assert "from_report" not in rows[(V_MICRO, "cpr")]["flags"]
    district = rows[("19.01.01", "cpr")]
    assert (district["numerator"], district["denominator"]) == (63.0, 124.0)  # ratio of sums


def test_a_stock_comes_from_one_month_never_mixed() -> None:
    """Found by a review: December's report with a blank PUS took November's PUS beside
    December's users (20 / 200 = 10 %). Every stock comes from the latest report: a blank
    there is missing."""
    reports = [_report("2019-11", pus=200, iud=50, pill=50, later=20),
               {**_report("2019-12", pus=0, iud=10, pill=10, later=5), "pus": None}]
    ds = kampungkb.Dataset.from_tables({"monthly_reports": _table(reports)})
    try:
        res = kampungkb.compute(ds, ["cikar"], ["2019"])
        assert res.value("cpr", V_REPORT, "2019") is None
        assert res.value("unmet_need", V_REPORT, "2019") is None
        assert res.value("mkjp_acceptors", V_REPORT, "2019") == 10.0  # December's IUD users
    finally:
        ds.close()


def test_events_fall_into_month_and_quarter_periods() -> None:
    marriages = _table([
        {"marriage_id": f"m{i}", "village_code": V_MICRO, "date": d, "wife_age": age,
         "husband_age": 30}
        for i, (d, age) in enumerate([(date(2019, 1, 5), 16), (date(2019, 1, 30), 25),
                                      (date(2019, 3, 1), 17), (date(2019, 4, 1), 20)])
    ])
    ds = kampungkb.Dataset.from_tables({"marriages": marriages})
    months = kampungkb.compute(ds, ["cikar"], ["2019-01", "2019-03", "2019-04"])
    assert months.value("child_marriage", V_MICRO, "2019-01") == 50.0
    assert months.value("child_marriage", V_MICRO, "2019-03") == 100.0
    assert months.value("child_marriage", V_MICRO, "2019-04") == 0.0
    quarters = kampungkb.compute(ds, ["cikar"], ["2019-Q1", "2019-Q2"])
    assert quarters.value("child_marriage", V_MICRO, "2019-Q1") == round(200 / 3, 2)
    assert quarters.value("child_marriage", V_MICRO, "2019-Q2") == 0.0


def test_folder_of_parquet_and_csv(tmp_path: Path, dataset: kampungkb.Dataset) -> None:
    """A folder with one file per table gives the same results as in-memory tables."""
    pq.write_table(dataset.to_arrow("monthly_reports").drop_columns(["period_end"]),
                   tmp_path / "monthly_reports.parquet")
    persons = dataset.to_arrow("persons").drop_columns(["period_end", "age_years", "is_pus"])
    pacsv.write_csv(persons, tmp_path / "persons.csv")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    from_folder = kampungkb.compute(kampungkb.Dataset.from_folder(tmp_path), ["cikar"], ["2019"])
    in_memory = kampungkb.compute(dataset, ["cikar"], ["2019"])
    assert from_folder.to_pylist() == in_memory.to_pylist()


def test_dataset_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(kampungkb.DatasetError, match="did you mean 'persons'"):
        kampungkb.Dataset.from_tables({"person": _table([{"x": 1}])})
    with pytest.raises(kampungkb.DatasetError,
                       match=r"lacks required column.*'family_id'.*'birth_date'"):
        kampungkb.Dataset.from_tables({"persons": _table([{"person_id": "a"}])})
    with pytest.raises(kampungkb.DatasetError, match="holds no canonical table files"):
        kampungkb.Dataset.from_folder(tmp_path)
    with pytest.raises(kampungkb.DatasetError, match="file not found"):
        kampungkb.Dataset.from_tables({"persons": tmp_path / "nope.parquet"})


def test_personal_columns_never_enter_the_engine() -> None:
    nik = "1901014501900001"
    persons = _table([{"person_id": "a", "family_id": "f", "village_code": V_MICRO,
                       "period": "2019", "sex": "f", "birth_date": date(1990, 1, 5),
                       "marital_status": "married", "nik": nik, "name": "Siti Aminah"}])
    ds = kampungkb.Dataset.from_tables({"persons": persons})
    view = ds.to_arrow("persons")
    assert "nik" not in view.column_names
    assert "name" not in view.column_names
    res = kampungkb.compute(ds, ["cikar"], ["2019"])
    text = repr(ds) + repr(res) + str(res.to_pylist()) + str(res.data_values.to_pylist())
    assert nik not in text
    assert "Siti" not in text


def test_every_input_kind_gives_the_same_results() -> None:
    """Arrow, pandas, Polars and pydantic records are equivalent inputs."""
    rows = [{"person_id": f"p{i}", "family_id": f"f{i}", "village_code": V_MICRO,
             "period": "2019", "sex": "f", "birth_date": date(1985 + i, 3, 1),
             "marital_status": "married",
             "contraceptive_method": ["iud", None, "pill", None, "condom"][i],
             "fertility_intention": [None, "later", None, "want_soon", None][i],
             "has_birth_certificate": True} for i in range(5)]
    arrow = _table(rows)
    inputs = {
        "arrow": arrow,
        "pandas": pd.DataFrame(rows),
        "polars": pl.from_arrow(arrow),
        "records": [Person(**r) for r in rows],
    }
    expected = None
    for kind, data in inputs.items():
        res = kampungkb.compute(kampungkb.Dataset.from_tables({"persons": data}), ["cikar"],
                                ["2019"])
        values = [(r["indicator_id"], r["region_code"], r["value"]) for r in res.to_pylist()]
        assert res.value("cpr", V_MICRO, "2019") == 60.0, kind
        if expected is None:
            expected = values
        assert values == expected, kind


def test_wrong_types_in_a_csv_folder_give_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "persons.csv").write_text(
        "person_id,family_id,village_code,period,sex,birth_date,marital_status\n"
        "p1,f1,19.01.01.2001,2019,f,1990-01-05,married\n"
        "p2,f2,19.01.01.2001,2019,f,lima januari,married\n", encoding="utf-8")
    ds = kampungkb.Dataset.from_folder(tmp_path)
    with pytest.raises(kampungkb.DatasetError, match=r"table 'persons'.*kampungkb validate"):
        kampungkb.compute(ds, ["cikar"], ["2019"])


def test_wrong_types_in_measurements_give_a_clear_error(tmp_path: Path) -> None:
    # the z-scores are computed in SQL when a query reads the view, so the error comes then
    (tmp_path / "child_measurements.csv").write_text(
        "measurement_id,child_id,village_code,date,sex,birth_date,height_cm\n"
        "m1,c1,19.01.01.2001,2019-05-01,f,2018-01-01,tujuh puluh\n", encoding="utf-8")
    ds = kampungkb.Dataset.from_folder(tmp_path)
    with pytest.raises(kampungkb.DatasetError,
                       match=r"table 'child_measurements'.*kampungkb validate"):
        kampungkb.compute(ds, ["cikar"], ["2019"])
