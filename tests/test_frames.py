"""DataFrames that fit pandas and Polars (#13 point 8)."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

import kampungkb
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
from kampungkb.engine._frames import to_pandas_frame
from kampungkb.evaluate import classify


@pytest.fixture(scope="module")
def dataset() -> kampungkb.Dataset:
    return kampungkb.Dataset.from_tables(generate_demo())


@pytest.fixture(scope="module")
def evaluation(dataset: kampungkb.Dataset) -> kampungkb.Evaluation:
    return kampungkb.evaluate(dataset, "cikar@2018", baseline="2017", followup="2019")


def test_level_sorts_up_the_hierarchy(evaluation: kampungkb.Evaluation) -> None:
    df = evaluation.results.to_pandas()
    assert df["level"].cat.ordered
    assert list(df.sort_values("level")["level"].unique()) == [
        "village", "district", "regency", "province"]
    assert (df["level"] < "regency").sum() == (df["level"].isin(["village", "district"])).sum()
    polars = evaluation.results.to_polars()
    assert polars.schema["level"] == pl.Enum(["village", "district", "regency", "province"])


def test_no_column_is_shadowed_by_a_dataframe_attribute(
        evaluation: kampungkb.Evaluation, dataset: kampungkb.Dataset) -> None:
    frames = {
        "results": evaluation.results.to_pandas(),
        "scorecard": evaluation.to_pandas(),
        "summary": to_pandas_frame(evaluation.summary),
        "classified": classify(dataset, "bkkbn-2020", "2019").to_pandas(),
    }
    for name, df in frames.items():
        shadowed = [c for c in df.columns if hasattr(pd.DataFrame, c)]
        assert shadowed == [], name
    assert "caveats" in frames["results"].columns
    assert isinstance(frames["results"].caveats, pd.Series)


def test_nullable_dtypes(evaluation: kampungkb.Evaluation) -> None:
    card = evaluation.to_pandas()
    assert str(card["achieved"].dtype) == "boolean"
    assert str(card["baseline"].dtype) == "Float64"
    assert str(card["region_code"].dtype) == "string"
    assert card["change_significance"].isna().any()  # missing stays <NA>
    assert str(card["change_significance"].dtype) == "string"
    results = evaluation.results.to_pandas()
    assert str(results["n"].dtype) == "Int64"


def test_evaluation_to_polars(evaluation: kampungkb.Evaluation) -> None:
    frame = evaluation.to_polars()
    assert isinstance(frame, pl.DataFrame)
    seed = frame.filter(pl.col("region_code") == SEED_VILLAGE_CODE)
    assert seed.filter(pl.col("indicator_id") == "cpr")["followup"].to_list() == [67.3]


def test_region_names_and_indicator_labels(dataset: kampungkb.Dataset,
                                           evaluation: kampungkb.Evaluation) -> None:
    from kampungkb.report import region_names  # noqa: PLC0415

    labelled = evaluation.results.with_labels(region_names(dataset), lang="en")
    rows = {(r["level"], r["indicator_id"]): r for r in labelled.to_pylist()
            if r["region_code"] in (SEED_VILLAGE_CODE, "19")}
    assert rows[("province", "cpr")]["region_name"] == "Kepulauan Bangka Belitung"
    assert rows[("village", "cpr")]["region_name"]
    assert rows[("village", "cpr")]["indicator_label"].startswith("Contraceptive")
    card = evaluation.to_pandas()
    assert {"label_id", "label_en"} <= set(card.columns)
