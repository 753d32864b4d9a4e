"""Dated events: cross-sector interventions, marriages and violence cases with their victims.

Counts per village and year come from the plan; dates are spread over the year.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from kampungkb.demo._plan import Plan
from kampungkb.demo._util import (
    IntArray,
    categorical,
    codes_to_strings,
    dates,
    day,
    group_rank,
    make_ids,
    serial_in_group,
    spread,
)

AGENCIES: tuple[str, ...] = (
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Sosial",
    "Dinas Koperasi dan UKM",
    "Kementerian Agama",
    "Dinas Lingkungan Hidup",
    "DP3ACSKB",
    "Dinas PMD",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pertanian",
    "Puskesmas",
    "BKKBN Perwakilan",
)
SECTORS: tuple[str, ...] = (
    "health",
    "education",
    "social",
    "economy",
    "religion",
    "environment",
    "child_protection",
    "other",
    "population",
    "economy",
    "health",
    "population",
)  # sector of each agency above
FUNCTIONS: tuple[str, ...] = (
    "religion",
    "socio_cultural",
    "love",
    "protection",
    "reproduction",
    "socialisation_education",
    "economy",
    "environment",
)
TARGETS: tuple[str, ...] = (
    "families",
    "pus",
    "pregnant_women",
    "toddlers",
    "youths",
    "elderly",
    "women",
    "children",
    "community",
)
FUNDING: tuple[str, ...] = (
    "apbn",
    "apbd_province",
    "apbd_regency",
    "dana_desa",
    "add",
    "csr",
    "swadaya",
    "other",
)
VIOLENCE_TYPES: tuple[str, ...] = (
    "physical",
    "psychological",
    "sexual",
    "exploitation",
    "trafficking",
    "neglect",
    "other",
)
REPORTED_TO: tuple[str, ...] = ("P2TP2A", "Polsek", "UPTD PPA", "Kepala Desa", "PATBM")


def _dated(
    rng: np.random.Generator, counts: IntArray, years: Sequence[int]
) -> tuple[IntArray, IntArray]:
    """Village index and date of each event; ``counts`` is (V, Y)."""
    flat = counts.reshape(-1)
    cell = spread(flat)
    village, year_idx = np.divmod(cell, counts.shape[1])
    starts = np.array([day(y, 1, 1) for y in years])
    lengths = np.array([day(y, 12, 31) - day(y, 1, 1) + 1 for y in years])
    date = starts[year_idx] + (rng.random(len(cell)) * lengths[year_idx]).astype(np.int64)
    order = np.lexsort((date, village))
    return village[order], date[order]


def _ids(prefix: str, village: IntArray, codes: Sequence[str]) -> pa.Array:
    serial = serial_in_group(village)
    return make_ids(prefix, codes, village, serial, 5)


def interventions(
    rng: np.random.Generator, plan: Plan, codes: Sequence[str]
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``interventions``."""
    village, date = _dated(rng, plan.interventions, plan.event_years)
    n = len(village)
    agency = categorical(rng, n, [3, 1.5, 1.5, 1, 1, 0.5, 2, 1, 1, 0.5, 2, 2])
    return {
        "intervention_id": _ids("DEMO-I", village, codes),
        "village_code": codes_to_strings(village, codes),
        "date": dates(date),
        "agency": codes_to_strings(agency, AGENCIES),
        "sector": codes_to_strings(agency, SECTORS),
        "family_function": codes_to_strings(categorical(rng, n, [1] * 8), FUNCTIONS),
        "target_group": codes_to_strings(
            categorical(rng, n, [2, 2, 1, 1, 1.5, 1, 1, 1, 2]), TARGETS
        ),
        "funding_source": codes_to_strings(
            categorical(rng, n, [1, 1, 3, 3, 1, 0.5, 1, 0.3]), FUNDING
        ),
    }, n


def marriages(
    rng: np.random.Generator, plan: Plan, codes: Sequence[str]
) -> tuple[dict[str, pa.Array], int]:
    """Columns of ``marriages``: exactly the plan's number with a spouse under 18 per year."""
    village, date = _dated(rng, plan.marriages, plan.event_years)
    n = len(village)
    year = date.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    cell = village * len(plan.event_years) + (year - plan.event_years[0])
    # the first k marriages (in random order) of each village-year involve a child
    rank = group_rank(cell, rng.random(n))
    child = rank < plan.child_marriages.reshape(-1)[cell]
    girl = child & (rng.random(n) < 0.85)
    wife_age = np.where(girl, rng.integers(14, 18, n), rng.integers(18, 31, n))
    husband_age = np.where(
        child & ~girl, rng.integers(16, 18, n), np.maximum(wife_age + rng.integers(0, 9, n), 18)
    )
    return {
        "marriage_id": _ids("DEMO-N", village, codes),
        "village_code": codes_to_strings(village, codes),
        "date": dates(date),
        "husband_age": pa.array(husband_age.astype(np.int32)),
        "wife_age": pa.array(wife_age.astype(np.int32)),
    }, n


def violence(
    rng: np.random.Generator, plan: Plan, codes: Sequence[str]
) -> tuple[tuple[dict[str, pa.Array], int], tuple[dict[str, pa.Array], int]]:
    """Columns of ``violence_cases`` and ``violence_victims`` (1–2 victims per case)."""
    village, date = _dated(rng, plan.violence, plan.event_years)
    n = len(village)
    case_ids = _ids("DEMO-K", village, codes)
    first = categorical(rng, n, [4, 3, 2, 0.5, 0.3, 1.5, 0.5])
    second = np.where(rng.random(n) < 0.4, (first + 1 + rng.integers(0, 6, n)) % 7, -1)
    offsets = np.cumsum(np.concatenate(([0], 1 + (second >= 0))))
    flat = np.stack([first, second], axis=1).reshape(-1)
    flat = flat[flat >= 0]
    types = pa.ListArray.from_arrays(
        pa.array(offsets.astype(np.int32)), codes_to_strings(flat, VIOLENCE_TYPES)
    )
    cases = {
        "case_id": case_ids,
        "village_code": codes_to_strings(village, codes),
        "date": dates(date),
        "types": types,
        "reported_to": codes_to_strings(categorical(rng, n, [3, 2, 2, 2, 1]), REPORTED_TO),
    }
    n_victims = 1 + (rng.random(n) < 0.3)
    case = np.repeat(np.arange(n), n_victims)
    m = len(case)
    child = rng.random(m) < 0.6
    age = np.where(child, rng.integers(2, 18, m), rng.integers(18, 60, m))
    sex = np.where(child, (rng.random(m) < 0.6).astype(np.int64), 1)
    victims = {
        "victim_id": _ids("DEMO-KV", village[case], codes),
        "case_id": case_ids.take(pa.array(case)),
        "village_code": codes_to_strings(village[case], codes),
        "date": dates(date[case]),
        "age": pa.array(age.astype(np.int32)),
        "sex": codes_to_strings(sex, ("m", "f")),
    }
    return (cases, n), (victims, m)
