"""Period attributes of the panel's persons and families, and their canonical tables.

Each period, exact per-village counts from the plan are drawn with stable latent
propensities (so a 2017 user tends to stay a user in 2019, sterilisation is permanent, a
child's birth certificate, once issued, stays):

* among PUS: users, then the unmet need (not pregnant, wants a child later or no more), the
  rest pregnant or wanting a child soon / undecided; among users the vasectomy (MOP), condom,
  and female long-acting (IUD, implant, MOW) counts — all on the wife's row;
* among persons under 18: those with a birth certificate;
* among families: the pre-prosperous (pra sejahtera) ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from kampungkb.demo._plan import Plan
from kampungkb.demo._store import (
    ABSENT,
    DIVORCED,
    LONE_HEAD,
    MARITAL,
    RELATIONS,
    WIFE,
    Panel,
)
from kampungkb.demo._util import (
    AnyArray,
    IntArray,
    categorical,
    codes_to_strings,
    dates,
    day,
    group_rank,
    make_ids,
    pick_exact,
    serial_in_group,
)

METHODS: tuple[str, ...] = (
    "iud",
    "mow",
    "mop",
    "condom",
    "implant",
    "injectable",
    "pill",
    "lam",
    "traditional",
)
IUD, MOW, MOP, CONDOM, IMPLANT, INJECTABLE, PILL, LAM, TRADITIONAL = range(9)
INTENTIONS: tuple[str, ...] = ("want_soon", "later", "no_more", "undecided")
STAGES: tuple[str, ...] = ("pra_sejahtera", "ks1", "ks2", "ks3", "ks3_plus")
_NONE = -1


def _methods(
    panel: Panel, plan: Plan, rng: np.random.Generator, t: int, *, pus: AnyArray, prev: IntArray
) -> tuple[IntArray, AnyArray]:
    """Method code per person (-1 none) and the unmet-need mask for period ``t``."""
    p = panel.persons
    v = p["village"]
    n = len(v)
    sterile = (prev == MOW) | (prev == MOP)
    key = (1 - p["u_use"]) + 0.25 * rng.random(n) - 0.3 * (prev >= 0) - 10.0 * sterile
    users = pick_exact(v, pus, plan.users[:, t], key)
    nonuser = pus & ~users
    unmet = pick_exact(v, nonuser, plan.unmet[:, t], rng.random(n))
    male_key = (1 - p["u_male"]) + 0.1 * rng.random(n)
    mop = pick_exact(v, users, plan.mop[:, t], male_key - 10.0 * (prev == MOP))
    condom = pick_exact(
        v, users & ~mop & (prev != MOW), plan.condom[:, t], male_key - 0.5 * (prev == CONDOM)
    )
    was_lt = (prev == IUD) | (prev == IMPLANT) | (prev == MOW)
    lt_key = (1 - p["u_lt"]) + 0.15 * rng.random(n) - 0.5 * was_lt - 10.0 * (prev == MOW)
    rest = users & ~mop & ~condom
    lt = pick_exact(v, rest, plan.mkjp[:, t] - plan.mop[:, t], lt_key)
    u = p["u_sub"]
    lt_method = np.where(prev == MOW, MOW, np.select([u < 0.45, u < 0.85], [IMPLANT, IUD], MOW))
    short = np.select([u < 0.6, u < 0.9, u < 0.95], [INJECTABLE, PILL, LAM], TRADITIONAL)
    method = np.select([mop, condom, lt, rest], [MOP, CONDOM, lt_method, short], _NONE)
    return method.astype(np.int64), unmet


def _person_period(
    panel: Panel, plan: Plan, rng: np.random.Generator, t: int, state: dict[str, AnyArray]
) -> dict[str, AnyArray]:
    """Attributes of every panel person in period ``t`` (valid where present)."""
    p = panel.persons
    year = panel.years[t]
    n = len(p["village"])
    pres = panel.present(t)
    age = panel.age(t)
    pus = pres & (p["role"] == WIFE) & (age >= 15) & (age <= 49)
    prev = state["method"]
    method, unmet = _methods(panel, plan, rng, t, pus=pus, prev=prev)
    # contraception start: kept while the method is kept; else since the last round
    ref = day(year, 12, 31)
    married_on = np.minimum(p["birth"] + (np.maximum(p["afm"], 15) * 365.25).astype(np.int64), ref)
    if t == 0:
        fresh = ref - (rng.random(n) * 8 * 365.25).astype(np.int64)
    else:
        last_ref = day(panel.years[t - 1], 12, 31)
        fresh = last_ref + 1 + (rng.random(n) * (ref - last_ref)).astype(np.int64)
    start = np.where((method == prev) & (state["start"] >= 0), state["start"], fresh)
    start = np.where(method >= 0, np.maximum(start, married_on), _NONE)
    # pregnancy and fertility intention
    other = pus & (method < 0) & ~unmet
    pregnant_other = other & (rng.random(n) < 0.5)
    absent_wife = pres & (p["role"] == LONE_HEAD) & (p["marital"] == DIVORCED) & (age <= 49)
    intention = np.select(
        [method >= 0, unmet | absent_wife, pregnant_other, other],
        [
            categorical(rng, n, [0.03, 0.55, 0.37, 0.05]),
            1 + categorical(rng, n, [0.6, 0.4]),
            categorical(rng, n, [0.6, 0.25, 0.15]),
            np.where(rng.random(n) < 0.7, 0, 3),
        ],
        _NONE,
    )
    pregnant = np.where(pus | absent_wife, pregnant_other.astype(np.int64), _NONE)
    # birth certificates: exact count among minors, and never lost once issued
    minor = pres & (age < 18)
    cert_key = p["u_cert"] + 0.1 * rng.random(n) - 10.0 * (state["cert"] == 1)
    cert_minor = pick_exact(p["village"], minor, plan.certificates[:, t], cert_key)
    adult_cert = np.where(state["cert"] >= 0, state["cert"], (p["u_cert"] < 0.8).astype(int))
    cert = np.where(minor, cert_minor.astype(np.int64), adult_cert)
    jkn = p["u_jkn"] < min(0.95, 0.55 + 0.05 * (year - 2017))
    state["method"] = np.where(pres, method, prev)
    state["start"] = np.where(pres, start, state["start"])
    state["cert"] = np.where(pres, cert, state["cert"])
    return {
        "method": method,
        "start": start,
        "pregnant": pregnant,
        "intention": intention,
        "cert": cert,
        "jkn": jkn,
    }


def persons_columns(
    panel: Panel,
    plan: Plan,
    rng: np.random.Generator,
    periods: Sequence[str],
    village_codes: Sequence[str],
    *,
    aux_villages: Sequence[int] = (),
    tidy: bool = False,
) -> tuple[dict[str, pa.Array], int, dict[str, AnyArray]]:
    """Columns of the ``persons`` table (all periods), its row count, and — for the rows of
    ``aux_villages`` — numpy helpers (village, period, family, age, PUS flag, method,
    pregnancy and intention codes) for the monthly reports.  ``tidy`` orders rows by village,
    family and member (head, spouse, elders, children) — nicer to read, slower at scale."""
    p = panel.persons
    n = len(p["village"])
    state: dict[str, AnyArray] = {
        "method": np.full(n, _NONE),
        "start": np.full(n, _NONE),
        "cert": np.full(n, _NONE),
    }
    parts: list[tuple[IntArray, dict[str, AnyArray]]] = []
    for t in range(len(periods)):
        attrs_t = _person_period(panel, plan, rng, t, state)
        idx = np.flatnonzero(panel.present(t))
        if tidy:
            member = np.array([0, 1, 3, 2, 0])[p["role"][idx]]
            family = p["family"][idx]
            idx = idx[np.lexsort((member, family, p["village"][idx]))]
        parts.append((idx, {k: a[idx] for k, a in attrs_t.items()}))
    idx = np.concatenate([i for i, _ in parts])
    per = np.concatenate([np.full(len(i), t) for t, (i, _) in enumerate(parts)])
    col = {k: np.concatenate([a[k] for _, a in parts]) for k in parts[0][1]}
    afm = p["afm"][idx]
    method = col["method"]
    out = {
        "person_id": person_ids(panel, village_codes, idx),
        "family_id": family_ids(panel, village_codes, p["family"][idx]),
        "village_code": codes_to_strings(p["village"][idx], village_codes),
        "period": codes_to_strings(per, periods),
        "relation": codes_to_strings(p["relation"][idx], RELATIONS),
        "sex": codes_to_strings(p["sex"][idx], ("m", "f")),
        "birth_date": dates(p["birth"][idx]),
        "marital_status": codes_to_strings(p["marital"][idx], MARITAL),
        "age_first_marriage": pa.array(afm.astype(np.int32), mask=afm < 0),
        "contraceptive_method": codes_to_strings(method, METHODS, method < 0),
        "contraception_start": dates(col["start"], col["start"] < 0),
        "pregnant": pa.array(col["pregnant"] == 1, mask=col["pregnant"] < 0),
        "fertility_intention": codes_to_strings(col["intention"], INTENTIONS, col["intention"] < 0),
        "has_birth_certificate": pa.array(col["cert"] == 1),
        "has_jkn": pa.array(col["jkn"]),
    }
    keep = np.isin(p["village"][idx], np.asarray(aux_villages, dtype=np.int64))
    sub = idx[keep]
    age = np.array(panel.years)[per[keep]] - p["byear"][sub]
    aux = {
        "village": p["village"][sub],
        "period": per[keep],
        "family": p["family"][sub],
        "age": age,
        "pus": (p["role"][sub] == WIFE) & (age >= 15) & (age <= 49),
        "method": method[keep],
        "pregnant": col["pregnant"][keep],
        "intention": col["intention"][keep],
    }
    return out, len(idx), aux


def person_ids(panel: Panel, village_codes: Sequence[str], idx: IntArray) -> pa.Array:
    """``person_id`` of the panel persons ``idx`` (a village code and a serial; not NIKs)."""
    pv = panel.persons["village"]
    serial = panel.cached("person_serial", lambda: serial_in_group(pv))
    return make_ids("DEMO-P", village_codes, pv[idx], serial[idx], 6)


def family_ids(panel: Panel, village_codes: Sequence[str], idx: IntArray) -> pa.Array:
    """``family_id`` of the panel families ``idx``."""
    fv = panel.families["village"]
    serial = panel.cached("family_serial", lambda: serial_in_group(fv))
    return make_ids("DEMO-F", village_codes, fv[idx], serial[idx], 5)


def families_columns(
    panel: Panel,
    plan: Plan,
    rng: np.random.Generator,
    periods: Sequence[str],
    village_codes: Sequence[str],
) -> tuple[dict[str, pa.Array], int]:
    """Columns of the ``families`` table (all periods) and its row count."""
    f = panel.families
    n = len(f["village"])
    idx_parts, per_parts, stage_parts = [], [], []
    for t in range(len(periods)):
        pres = panel.families_present(t)
        key = f["poor"] + 0.3 * rng.random(n) - 0.2 * (f["ftype"] == ABSENT)
        pra = pick_exact(f["village"], pres, plan.pra[:, t], key)
        rest = pres & ~pra
        q = np.zeros(n)
        rest_idx = np.flatnonzero(rest)
        count = np.bincount(f["village"][rest_idx], minlength=plan.pus.shape[0])
        q[rest_idx] = group_rank(f["village"][rest_idx], key[rest_idx]) / np.maximum(
            count[f["village"][rest_idx]], 1
        )
        stage = np.where(pra, 0, 1 + np.searchsorted([0.25, 0.6, 0.88], q, side="right"))
        idx = np.flatnonzero(pres)
        idx = idx[np.argsort(f["village"][idx], kind="stable")]
        idx_parts.append(idx)
        per_parts.append(np.full(len(idx), t))
        stage_parts.append(stage[idx])
    idx = np.concatenate(idx_parts)
    stage = np.concatenate(stage_parts)
    m = len(idx)
    water = rng.random(m) < 0.55 + 0.1 * stage
    latrine = rng.random(m) < 0.5 + 0.12 * stage
    ibangga = np.round(np.clip(28 + 11 * stage + rng.normal(0, 8, m), 0, 100), 1)
    out = {
        "family_id": family_ids(panel, village_codes, idx),
        "village_code": codes_to_strings(f["village"][idx], village_codes),
        "period": codes_to_strings(np.concatenate(per_parts), periods),
        "welfare_stage": codes_to_strings(stage, STAGES),
        "safe_drinking_water": pa.array(water),
        "proper_latrine": pa.array(latrine),
        "ibangga": pa.array(ibangga),
    }
    return out, m
