"""``achieved`` means one thing (#13 point 8): a scorecard row's true/false/null.

The summary's counts start with ``n_``: ``n_achieved`` of ``n_main`` main indicators,
``n_undetermined``, ``n_sub_achieved`` of ``n_sub_evaluated`` sub-indicators; the same names in
the Arrow table, pandas, Polars and the JSON report.
"""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pytest
from openpyxl import load_workbook

import kampungkb
from kampungkb.labels import text
from kampungkb.report import render

COUNTS = ["n_achieved", "n_main", "n_undetermined", "n_sub_achieved", "n_sub_evaluated"]


@pytest.fixture(scope="module")
def evaluation(kampungkb_demo_dataset: kampungkb.Dataset) -> kampungkb.Evaluation:
    return kampungkb.evaluate(kampungkb_demo_dataset, "cikar", baseline="2017", followup="2019")


def test_summary_counts_and_scorecard_bool(evaluation: kampungkb.Evaluation) -> None:
    summary, card = evaluation.summary, evaluation.scorecard
    assert summary.column_names == ["level", "region_code", *COUNTS, "rank"]
    assert all(pa.types.is_integer(summary.schema.field(c).type) for c in COUNTS)
    assert "achieved" not in summary.column_names
    assert pa.types.is_boolean(card.schema.field("achieved").type)
    # the counts are the scorecard's booleans counted
    villages = evaluation.level("village").to_pylist()
    main = set(evaluation.main_indicators)
    for row in villages[:5]:
        rows = evaluation.village(row["region_code"]).to_pylist()
        assert row["n_achieved"] == sum(1 for r in rows if r["indicator_id"] in main
                                        and r["achieved"] is True)
        assert row["n_undetermined"] == sum(1 for r in rows if r["indicator_id"] in main
                                            and r["achieved"] is None)
        assert row["n_main"] == len(main)
        assert row["n_sub_achieved"] <= row["n_sub_evaluated"]


def test_frames_and_json_use_the_same_names(evaluation: kampungkb.Evaluation) -> None:
    frame = evaluation.summary.to_pandas()
    assert set(COUNTS) <= set(frame.columns)
    pl = pytest.importorskip("polars")
    assert set(COUNTS) <= set(pl.from_arrow(evaluation.summary).columns)
    doc = json.loads(str(render(evaluation, "json")))
    assert doc["format_version"] == 2
    region = doc["regions"][0]
    assert set(COUNTS) <= set(region)
    assert "achieved" not in region
    assert isinstance(doc["scorecard"][0]["achieved"], bool | None)


def test_workbook_ranking_headers(evaluation: kampungkb.Evaluation) -> None:
    for lang in ("id", "en"):
        book = load_workbook(io.BytesIO(bytes(render(evaluation, "xlsx", lang=lang))),
                             read_only=True)
        sheet = book[text("report.ranking_sheet", lang)]
        header = next(sheet.iter_rows(values_only=True))
        assert header[4:8] == (text("col.main_achieved", lang), text("col.undetermined", lang),
                               text("col.sub_achieved", lang), text("col.sub_evaluated", lang))
        first = next(sheet.iter_rows(min_row=2, values_only=True))
        assert all(isinstance(v, int) for v in first[4:8])
