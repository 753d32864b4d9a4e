"""Village-level records: the village register, Kampung KB profiles, poktan groups, PATBM and
home industries (Industri Rumahan)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from kampungkb.demo._events import FUNDING
from kampungkb.demo._plan import POKTAN_KINDS, Plan
from kampungkb.demo._util import (
    BoolArray,
    codes_to_strings,
    dates,
    day,
    make_ids,
    serial_in_group,
    spread,
)

CRITERIA: tuple[str, ...] = (
    "coastal",
    "river_basin",
    "remote",
    "industrial",
    "tourist",
    "dense",
    "slum",
)
FREQUENCIES: tuple[str, ...] = (
    "none",
    "weekly",
    "monthly",
    "quarterly",
    "semester",
    "yearly",
    "ad_hoc",
)
DATA_SOURCES: tuple[str, ...] = (
    "family_census",
    "routine_statistics",
    "village_potential",
    "sectoral",
    "other",
)
PROGRAMMES: tuple[str, ...] = (
    "bkb",
    "bkr",
    "bkl",
    "uppka",
    "pikr",
    "posyandu",
    "paud",
    "posbindu",
    "lansia",
    "pkk",
)
_GROUP_NAMES = {
    "bkb": "BKB",
    "bkl": "BKL",
    "bkr": "BKR",
    "uppka": "UPPKA",
    "pikr": "PIK-R",
}
PRODUCTS: tuple[str, ...] = (
    "kerupuk ikan",
    "getas",
    "kemplang",
    "terasi",
    "madu pahit",
    "batik cual",
    "kue rintak",
    "anyaman resam",
)


def _lists(rows: list[list[str]]) -> pa.Array:
    offsets = np.cumsum([0] + [len(r) for r in rows]).astype(np.int32)
    values = pa.array([x for r in rows for x in r], pa.string())
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def villages(
    rng: np.random.Generator, codes: Sequence[str], names: Sequence[str], cikar: BoolArray
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``villages``: one row per village, designated as Kampung KB in 2016–2017."""
    n = len(codes)
    designated = day(2016, 1, 15) + (rng.random(n) * 700).astype(np.int64)
    year = designated.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    criteria = [
        [
            "poor_families_above_average",
            "cpr_below_average",
            CRITERIA[int(rng.integers(0, len(CRITERIA)))],
        ]
        for _ in range(n)
    ]
    return {
        "village_code": pa.array(list(codes), pa.string()),
        "name": pa.array(list(names), pa.string()),
        "kampung_kb_name": pa.array([f"Kampung KB {nm}" for nm in names], pa.string()),
        "designated_on": dates(designated),
        "decree_number": pa.array(
            [f"DEMO/{i + 1:03d}/KB/{y}" for i, y in enumerate(year.tolist())], pa.string()
        ),
        "scope": pa.array(["village"] * n, pa.string()),
        "criteria": _lists(criteria),
        "cikar": pa.array(cikar),
    }, n


def profiles(
    rng: np.random.Generator, plan: Plan, codes: Sequence[str], periods: Sequence[str]
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``kampung_kb_profiles``: one per village and period, driven by maturity."""
    n_v, n_t = plan.maturity.shape
    v = np.repeat(np.arange(n_v), n_t)
    t = np.tile(np.arange(n_t), n_v)
    mat = plan.maturity.reshape(-1)
    n = len(v)

    def has(threshold: float) -> BoolArray:
        out: BoolArray = mat + rng.normal(0, 0.05, n) >= threshold
        return out

    n_funding = np.clip(np.rint(mat * 6 + rng.normal(0, 0.5, n)), 0, 7).astype(int)
    n_data = np.clip(np.rint(mat * 4 + rng.normal(0, 0.4, n)), 0, 4).astype(int)
    freq_level = np.clip(np.rint(mat * 5 + rng.normal(0, 0.5, (5, n))), 0, 5).astype(int)
    freq_code = np.array([0, 5, 4, 3, 2, 2])[freq_level]  # none → yearly … monthly
    active_kinds = plan.groups_active.reshape(n, -1) > 0
    programmes = [
        [k for k, on in zip(POKTAN_KINDS, row, strict=True) if on]
        + [PROGRAMMES[5 + j] for j in range(5) if m > 0.2 * (j + 1)]
        for row, m in zip(active_kinds.tolist(), mat.tolist(), strict=True)
    ]
    year_end = np.array([day(int(p), 12, 31) for p in periods])
    # a working group's decree, training and members exist only where there is a group
    # (the KampungKBProfile model and bulk validation's pokja_inconsistent rule)
    pokja = has(0.15)
    decree, trained = has(0.35) & pokja, has(0.6) & pokja
    members = np.rint(5 + 15 * mat + rng.normal(0, 2, n)).clip(0).astype(np.int32)
    cols = {
        "village_code": codes_to_strings(v, codes),
        "period": codes_to_strings(t, periods),
        "recorded_on": dates(year_end[t] - rng.integers(0, 45, n)),
        "has_pokja": pa.array(pokja),
        "pokja_decree": pa.array(decree),
        "pokja_trained": pa.array(trained),
        "pokja_members": pa.array(np.where(pokja, members, 0).astype(np.int32)),
        "has_field_worker": pa.array(has(0.25)),
        "has_regulation": pa.array(has(0.5)),
        "has_work_plan": pa.array(has(0.45)),
        "funding_sources": _lists([list(FUNDING[:k]) for k in n_funding.tolist()]),
        "programmes": _lists(programmes),
        "has_secretariat": pa.array(has(0.4)),
        "has_rumah_dataku": pa.array(has(0.7)),
        "data_sources": _lists([list(DATA_SOURCES[:k]) for k in n_data.tolist()]),
    }
    for i, name in enumerate(
        ("coordination", "socialisation", "planning", "monitoring", "reporting")
    ):
        cols[f"freq_{name}"] = codes_to_strings(freq_code[i], FREQUENCIES)
    return cols, n


def poktan(
    rng: np.random.Generator, plan: Plan, codes: Sequence[str], periods: Sequence[str]
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``poktan_groups``; group ``j`` of a kind keeps its id across periods."""
    active = plan.groups_active
    total = active + plan.groups_inactive
    counts = total.reshape(-1)
    cell = spread(counts)
    v, rem = np.divmod(cell, total.shape[1] * total.shape[2])
    t, kind = np.divmod(rem, total.shape[2])
    j = serial_in_group(cell) - 1
    is_active = j < active.reshape(-1)[cell]
    n = len(cell)
    target = np.rint(
        plan.families[v, t]
        * np.array([0.3, 0.2, 0.3, 0.4, 0.25])[kind]
        / np.maximum(active[v, t, kind], 1)
    ).astype(np.int64)
    participants = np.where(is_active, np.rint(target * rng.uniform(0.2, 0.7, n)), 0)
    serial = (kind * 100 + j + 1).astype(np.int64)
    kinds = [_GROUP_NAMES[k] for k in POKTAN_KINDS]
    names = [f"{kinds[k]} {jj + 1}" for k, jj in zip(kind.tolist(), j.tolist(), strict=True)]
    return {
        "group_id": make_ids("DEMO-G", codes, v, serial, 3),
        "village_code": codes_to_strings(v, codes),
        "period": codes_to_strings(t, periods),
        "kind": codes_to_strings(kind, POKTAN_KINDS),
        "name": pa.array(names, pa.string()),
        "active": pa.array(is_active),
        "participants": pa.array(participants.astype(np.int32)),
        "target_families": pa.array(target.astype(np.int32)),
    }, n


def patbm(
    rng: np.random.Generator, plan: Plan, codes: Sequence[str]
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``patbm``: at most one group per village (some without decree, some ended)."""
    v = np.flatnonzero(plan.patbm_year > 0)
    n = len(v)
    year = plan.patbm_year[v]
    formed = np.array([day(int(y), 1, 1) for y in year.tolist()], dtype=np.int64)
    formed += (rng.random(n) * 330).astype(np.int64)
    dissolved = formed + rng.integers(400, 1500, n)
    ended = plan.patbm_ends[v] > 0
    decree = plan.patbm_decree[v] > 0
    decree_no = [f"DEMO/{i + 1:03d}/PATBM/{y}" for i, y in enumerate(year.tolist())]
    return {
        "patbm_id": make_ids("DEMO-PATBM", codes, v, np.ones(n, dtype=np.int64), 2),
        "village_code": codes_to_strings(v, codes),
        "name": pa.array([f"PATBM {codes[i]}" for i in v.tolist()], pa.string()),
        "formed_on": dates(formed),
        "dissolved_on": dates(dissolved, ~ended),
        "decree_number": pa.array(decree_no, pa.string(), mask=~decree),
        "activists": pa.array(rng.integers(9, 12, n).astype(np.int32)),
        "has_action_plan": pa.array(decree | (rng.random(n) < 0.3)),
        "activities": pa.array(rng.integers(1, 12, n).astype(np.int32)),
    }, n


def home_industries(
    rng: np.random.Generator, plan: Plan, codes: Sequence[str]
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``home_industries`` started in the event years; some close again."""
    counts = plan.industries.reshape(-1)
    cell = spread(counts)
    v, y_idx = np.divmod(cell, plan.industries.shape[1])
    n = len(v)
    starts = np.array([day(y, 1, 1) for y in plan.event_years])
    started = starts[y_idx] + (rng.random(n) * 360).astype(np.int64)
    closes = rng.random(n) < plan.industry_close[v]
    closed = started + rng.integers(120, 700, n)
    serial = serial_in_group(v)
    return {
        "industry_id": make_ids("DEMO-IR", codes, v, serial, 3),
        "village_code": codes_to_strings(v, codes),
        "owner_sex": codes_to_strings((rng.random(n) < 0.9).astype(np.int64), ("m", "f")),
        "started_on": dates(started),
        "closed_on": dates(closed, ~closes),
        "level": codes_to_strings(np.minimum(rng.integers(0, 3, n), 2), ("ir1", "ir2", "ir3")),
        "product": codes_to_strings(rng.integers(0, len(PRODUCTS), n), PRODUCTS),
        "has_permit": pa.array(rng.random(n) < 0.5),
        "workers": pa.array(rng.integers(1, 8, n).astype(np.int32)),
    }, n
