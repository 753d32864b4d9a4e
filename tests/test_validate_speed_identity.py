"""The NIK / KK checks read from text (a birth-date table, day-of-month table) flag exactly the
rows the general check flags (the same checks on the numbers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from kampungkb.io._identity import identity_bad

_SEXES = ["m", "f", "m", "f", "m", "f", None, "x", "M", "", "mf"]
_BIRTHS = st.one_of(
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)


def _pick(rng: np.random.Generator, good: Any, *bad: Any) -> Any:
    """``good`` four times in five, else one of ``bad``."""
    return good if rng.random() < 0.8 or not bad else bad[int(rng.integers(0, len(bad)))]


def _nik(born: dt.date | None, female: bool, rng: np.random.Generator) -> str:
    """A 16-digit number: mostly consistent with ``born`` (or a near miss), sometimes any."""
    if born is None or rng.random() < 0.1:
        return "".join(str(d) for d in rng.integers(0, 10, 16))
    day = born.day + (40 if female else 0) + _pick(rng, 0, 1, -1, 40, -40, 60)
    month = born.month + _pick(rng, 0, 1, 12, -born.month)
    year = born.year % 100 + _pick(rng, 0, 1, 4)
    head = _pick(rng, "19", "10", "11", "99", "00", "01")
    district = _pick(rng, "0101", "0001", "0100", "7103")
    serial = _pick(rng, "0001", "0000", "9999")
    return f"{head}{district}{day % 100:02d}{month % 100:02d}{year % 100:02d}{serial}"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_SEXES), _BIRTHS), min_size=1, max_size=300),
    st.integers(0, 2**32 - 1),
    st.integers(1, 50),
)
def test_text_checks_flag_as_the_general_check(
    rows: list[tuple[str | None, dt.date | None]], seed: int, chunk: int
) -> None:
    rng = np.random.default_rng(seed)
    niks = [_nik(born, sex == "f", rng) for sex, born in rows]
    text = pa.array(["0", *niks]).slice(1)  # the first value at an odd byte
    text = pa.chunked_array([text.slice(at, chunk) for at in range(0, len(niks), chunk)])
    numbers = pa.chunked_array([pa.array([int(v) for v in niks], pa.int64())])
    sex = pa.chunked_array([pa.array([s for s, _ in rows], pa.string())])
    birth = pa.chunked_array([pa.array([b for _, b in rows], pa.date32())])
    for female, sex_col, birth_col in ((True, sex, birth), (False, None, None),
                                       (True, None, None)):  # fmt: skip
        kw: dict[str, Any] = {"female": female, "sex": sex_col, "birth": birth_col}
        assert identity_bad(text, **kw).tolist() == identity_bad(numbers, **kw).tolist()


def test_text_checks_without_any_usable_birth_date() -> None:
    niks = ["1901014507900001", "1901011507880002", "1901016902920001"] * 5
    text = pa.chunked_array([pa.array(niks)])
    numbers = pa.chunked_array([pa.array([int(v) for v in niks], pa.int64())])
    for sexes, births in (([None] * 15, [dt.date(1990, 7, 5)] * 15),
                          (["f"] * 15, [None] * 15),
                          (["m"] * 15, [dt.date(1500, 7, 5)] * 15)):  # fmt: skip
        kw: dict[str, Any] = {
            "female": True,
            "sex": pa.chunked_array([pa.array(sexes, pa.string())]),
            "birth": pa.chunked_array([pa.array(births, pa.date32())]),
        }
        assert identity_bad(text, **kw).tolist() == identity_bad(numbers, **kw).tolist()
