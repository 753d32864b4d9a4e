"""Dataset.query runs read-only SQL: no caller can change the views every other caller uses."""

from __future__ import annotations

import pyarrow as pa
import pytest

from kampungkb import Dataset, DatasetError


@pytest.fixture
def dataset() -> Dataset:
    villages = pa.table({"village_code": ["19.01.01.2001", "19.01.01.2002"],
                         "name": ["Air Anyir", "Merawang"]})
    return Dataset.from_tables({"villages": villages})


@pytest.mark.parametrize("sql", [
    'CREATE OR REPLACE VIEW villages AS SELECT * FROM "villages__raw" WHERE false',
    'DROP VIEW villages',
    'SELECT 1; DROP VIEW villages',
    "SET threads = 1",
    "ATTACH ':memory:' AS other",
    "",
])
def test_anything_but_one_select_is_refused_and_changes_nothing(dataset: Dataset,
                                                                sql: str) -> None:
    with pytest.raises(DatasetError) as caught:
        dataset.query(sql)
    assert "SELECT" in caught.value.message("id")
    assert dataset.query("SELECT count(*) AS n FROM villages")["n"][0].as_py() == 2


def test_select_and_explain_run(dataset: Dataset) -> None:
    names = dataset.query("WITH v AS (SELECT * FROM villages) SELECT name FROM v ORDER BY 1")
    assert names["name"].to_pylist() == ["Air Anyir", "Merawang"]
    assert dataset.query("EXPLAIN SELECT * FROM villages").num_rows >= 1
    assert dataset.query("SELECT ? AS x", [3])["x"][0].as_py() == 3
