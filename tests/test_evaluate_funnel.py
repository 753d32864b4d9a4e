"""Funnel plots: villages against their province, with 95 % and 99.8 % limits (#15 point 3)."""

from __future__ import annotations

import pyarrow as pa
import pytest

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.report._funnel_svg import funnel_svg
from kampungkb.stats import funnel_limits, funnel_significance


@pytest.fixture(scope="module")
def evaluation() -> kampungkb.Evaluation:
    ds = kampungkb.Dataset.from_tables(generate_demo())
    return kampungkb.evaluate(ds, "cikar@2018", baseline="2017", followup="2019")


def test_funnel_points_and_limits(evaluation: kampungkb.Evaluation) -> None:
    f = evaluation.funnel("cpr")
    assert f.num_rows == 14  # every demo village
    province = next(r for r in evaluation.scorecard.to_pylist()
                    if r["level"] == "province" and r["indicator_id"] == "cpr")
    overall = province["followup_numerator"] / province["followup_denominator"]
    rows = f.to_pylist()
    assert all(r["overall"] == pytest.approx(overall * 100) for r in rows)
    den = [r["denominator"] for r in rows]
    lo, hi = funnel_limits(den, overall)[0.95]
    assert [r["lower_95"] for r in rows] == pytest.approx(list(lo * 100))
    assert [r["upper_95"] for r in rows] == pytest.approx(list(hi * 100))
    expected = funnel_significance([r["numerator"] for r in rows], den, overall)
    assert [r["significance"] for r in rows] == list(expected)
    for r in rows:  # the label agrees with where the point lies
        if r["significance"] == "not_significant":
            assert r["lower_95"] <= r["value"] <= r["upper_95"]
        elif r["significance"].startswith("higher_0.001"):
            assert r["value"] > r["upper_99_8"]


def test_scorecard_carries_each_villages_significance(evaluation: kampungkb.Evaluation) -> None:
    f = {r["region_code"]: r["significance"] for r in evaluation.funnel("cpr").to_pylist()}
    card = {r["region_code"]: r["funnel_significance"] for r in evaluation.scorecard.to_pylist()
            if r["indicator_id"] == "cpr" and r["level"] == "village"}
    assert card == f
    counts = [r for r in evaluation.scorecard.to_pylist()
              if r["indicator_id"] == "bkb_groups"]
    assert all(r["funnel_significance"] is None for r in counts)  # counts have no funnel


def test_funnel_of_a_count_or_unknown_indicator(evaluation: kampungkb.Evaluation) -> None:
    assert evaluation.funnel("bkb_groups").num_rows == 0
    with pytest.raises(KeyError):
        evaluation.funnel("nope")


def test_funnel_svg_has_axes_limits_and_escapes(evaluation: kampungkb.Evaluation) -> None:
    svg = funnel_svg(evaluation.funnel("cpr"), title="<script>CPR</script>", unit="%",
                     lang="en")
    assert svg.startswith("<svg")
    assert svg.count('class="axis-title"') == 2
    assert svg.count('class="tick"') >= 4
    assert "Denominator" in svg
    assert svg.count("<path") == 4  # both limit pairs
    assert "<script>" not in svg
    assert funnel_svg(pa.table({}), title="x", unit="%") == ""


def test_reports_draw_the_funnel_and_carry_its_column(evaluation: kampungkb.Evaluation) -> None:
    import io  # noqa: PLC0415

    from openpyxl import load_workbook  # noqa: PLC0415

    from kampungkb.report import render  # noqa: PLC0415

    html = render(evaluation, "html", lang="en")
    assert isinstance(html, str)
    assert html.count('<svg class="funnel"') >= 3  # CPR, unmet need, akta, child marriage …
    assert "▲" in html
    assert "▼" in html  # the ranking marks villages above / below the province
    data = render(evaluation, "xlsx", lang="en")
    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheet = next(ws for ws in book.worksheets if ws.title.lower().startswith("village"))
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    col = head.index("Against the province (funnel plot)")
    values = {r[col] for r in rows[1:] if r[col]}
    assert "below the province (99.8 %)" in values
