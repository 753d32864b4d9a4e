"""The testing kit's roll-up check on disaggregated measures (``by``): per category."""

from __future__ import annotations

import pyarrow as pa

import kampungkb
from kampungkb.engine import RESULT_SCHEMA
from kampungkb.indicators import Indicator, IndicatorSet, Measure, validate_indicator_set
from kampungkb.testing import check_indicator_set, plugin_manager, result_problems

SET = IndicatorSet(
    id="dis", version="1", title_id="Akta anak", title_en="Children's birth certificates",
    measures=(
        Measure(id="kids", table="persons", filter="age_years < 18", by="sex",
                label_id="Anak", label_en="Children"),
        Measure(id="kids_akta", table="persons", filter="age_years < 18 AND "
                "has_birth_certificate", by="sex", label_id="Anak berakta",
                label_en="Children with a birth certificate"),
    ),
    indicators=(Indicator(id="akta", label_id="Kepemilikan akta (%)",
                          label_en="Birth-certificate ownership (%)", numerator="kids_akta",
                          denominator="kids"),),
)


def test_a_disaggregated_set_conforms_on_the_demo_data() -> None:
    """Used to report 132 false roll-up problems: categories were summed into the totals."""
    check_indicator_set(SET, manager=plugin_manager(), examples=3)


def _row(level: str, code: str, category: str | None, num: float, den: float, *,
         n: int) -> dict[str, object]:
    return {"set_id": "dis", "set_version": "1", "indicator_id": "akta", "region_code": code,
            "level": level, "period": "2019", "disaggregation": "sex" if category else None,
            "category": category, "numerator": num, "denominator": den,
            "value": round(num / den * 100, 2), "n": n, "flags": []}


def test_a_wrong_category_roll_up_is_still_found() -> None:
    rows = [
        _row("village", "19.01.01.2001", None, 3, 4, n=1),
        _row("village", "19.01.01.2001", "f", 1, 2, n=1),
        _row("village", "19.01.01.2001", "m", 2, 2, n=1),
        _row("village", "19.01.01.2002", None, 1, 2, n=1),
        _row("village", "19.01.01.2002", "f", 1, 2, n=1),
        _row("district", "19.01.01", None, 4, 6, n=2),
        _row("district", "19.01.01", "f", 2, 4, n=2),
        _row("district", "19.01.01", "m", 3, 3, n=1),  # wrong: the villages' m rows sum to 2 / 2
    ]
    results = kampungkb.Results(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA),
                                periods=("2019",), sets=("dis@1",), hierarchy="")
    problems = result_problems(results, validate_indicator_set(SET))
    assert problems == [
        "indicator 'akta' at district 19.01.01 period 2019 sex = m: numerator 3.0 is not the "
        "sum of its villages' (2.0)",
        "indicator 'akta' at district 19.01.01 period 2019 sex = m: denominator 3.0 is not "
        "the sum of its villages' (2.0)",
    ]


def test_a_missing_category_row_is_found() -> None:
    missing = "f"
    rows = [_row("village", "19.01.01.2001", None, 1, 2, n=1),
            _row("village", "19.01.01.2001", missing, 1, 2, n=1),
            _row("district", "19.01.01", None, 1, 2, n=1)]
    results = kampungkb.Results(pa.Table.from_pylist(rows, schema=RESULT_SCHEMA),
                                periods=("2019",), sets=("dis@1",), hierarchy="")
    problems = result_problems(results, validate_indicator_set(SET))
    assert problems == [f"indicator 'akta' at district 19.01.01 period 2019 sex = {missing}: "
                        "no roll-up row, though its villages have rows"]
