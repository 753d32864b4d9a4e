"""Record-count plans: how many records of each kind a village gets in each period.

The generators are driven by these counts only — never by indicator values.  The engine
computes percentages from the records; a plan merely says, e.g., "this village has 419 PUS
of whom 278 use a method", and the generator builds exactly those records.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np

from kampungkb.demo._util import AnyArray, FloatArray, IntArray

#: Poktan kinds in the order of :attr:`Plan.groups_active`'s last axis.
POKTAN_KINDS: tuple[str, ...] = ("bkb", "bkl", "bkr", "uppka", "pikr")

#: Record counts of the seed village (the published CIKAR evaluation), by year.
SEED_COUNTS: dict[str, dict[int, int]] = {
    "pus": {2017: 419, 2019: 581},
    "users": {2017: 278, 2019: 391},
    "unmet": {2017: 105, 2019: 145},
    "mkjp": {2017: 67, 2019: 104},
    "mop": {2017: 1, 2019: 3},
    "condom": {2017: 5, 2019: 21},
    "pra": {2017: 10, 2019: 4},
    "families": {2017: 524, 2019: 726},
    "children": {2017: 561, 2019: 646},
    "certificates": {2017: 538, 2019: 635},
    "measured": {2017: 120, 2019: 140},
    "absent_husband": {2017: 3, 2019: 4},
}
#: Active poktan groups of the seed village by year, in :data:`POKTAN_KINDS` order.
SEED_GROUPS: dict[int, tuple[int, ...]] = {2017: (1, 0, 0, 1, 0), 2019: (3, 1, 1, 2, 1)}
#: Event counts of the seed village by year: (interventions, violence cases, marriages,
#: marriages with a spouse under 18).
SEED_EVENTS: dict[int, tuple[int, int, int, int]] = {
    2017: (15, 4, 118, 77),
    2018: (24, 2, 96, 30),
    2019: (34, 1, 80, 2),
}


@attrs.define
class Plan:
    """Counts per village (axis 0) and period (axis 1), or per year of the event span.

    Attributes:
        years: the period years.
        event_years: every year from the first to the last period (events are dated in them).
        pus / users / unmet / mkjp / mop / condom: PUS and their contraception (wife's row).
        absent_husband: divorced women 15–49 heading a family (not PUS: no couple), some
            stating a fertility intention — they must not enter PUS or unmet need.
        families: families (approximate: at least the couples present).
        pra: pre-prosperous (pra sejahtera) families.
        children: persons aged 0–17 at the reference date; certificates: of them with akta.
        measured: children 0–59 months measured in the year.
        z_low / z_mean: lower clip and mean of generated height-for-age z (per village).
        groups_active / groups_inactive: poktan groups by kind (V, T, 5).
        maturity: 0–1 score driving the Kampung KB profile (V, T).
        interventions / violence / marriages / child_marriages: events per year (V, Y).
        patbm_year: year a PATBM was formed (0 = never); patbm_decree: it has a decree;
            patbm_ends: it is dissolved again a few years later.
        industries: home industries started per event year (V, Y).
        industry_close: share of home industries that close within a few years (V,).
    """

    years: list[int]
    event_years: list[int]
    pus: IntArray
    users: IntArray
    unmet: IntArray
    mkjp: IntArray
    mop: IntArray
    condom: IntArray
    absent_husband: IntArray
    families: IntArray
    pra: IntArray
    children: IntArray
    certificates: IntArray
    measured: IntArray
    z_low: FloatArray
    z_mean: FloatArray
    groups_active: IntArray
    groups_inactive: IntArray
    maturity: FloatArray
    interventions: IntArray
    violence: IntArray
    marriages: IntArray
    child_marriages: IntArray
    patbm_year: IntArray
    patbm_decree: IntArray
    patbm_ends: IntArray
    industries: IntArray
    industry_close: FloatArray


def _rint(x: AnyArray) -> IntArray:
    out: IntArray = np.rint(x).astype(np.int64)
    return out


def random_plan(rng: np.random.Generator, pus0: FloatArray, years: Sequence[int]) -> Plan:
    """A plausible plan for villages with ``pus0`` PUS in the first period.

    Villages differ in size, contraceptive prevalence, trend and activity; some improve
    and some do not, so rankings and roll-ups have something to show.
    """
    v, t = len(pus0), len(years)
    span = np.asarray(years, dtype=np.float64) - years[0]
    ev_years = list(range(years[0], years[-1] + 1))
    y = len(ev_years)
    growth = rng.uniform(-0.02, 0.08, v)
    pus = _rint(pus0[:, None] * (1 + growth[:, None]) ** span[None, :])
    pus = np.maximum(pus, 20)
    cpr0 = rng.uniform(0.50, 0.75, v)
    cpr_trend = rng.uniform(-0.02, 0.03, v)
    cpr = np.clip(cpr0[:, None] + cpr_trend[:, None] * span, 0.40, 0.85)
    users = _rint(pus * cpr)
    unmet_share = np.clip(
        rng.uniform(0.08, 0.28, v)[:, None] - rng.uniform(-0.01, 0.02, v)[:, None] * span,
        0.03,
        0.35,
    )
    unmet = np.minimum(_rint(pus * unmet_share), pus - users)
    mkjp = _rint(users * np.clip(rng.uniform(0.12, 0.30, v)[:, None] + 0.01 * span, 0, 0.5))
    male = _rint(users * np.clip(rng.uniform(0.005, 0.05, v)[:, None] + 0.004 * span, 0, 0.1))
    # vasectomy is permanent: the count does not fall (couples leaving aside)
    mop = np.maximum.accumulate(_rint(male * rng.uniform(0.1, 0.3, (v, t))), axis=1)
    mop = np.minimum(mop, users // 10)
    mkjp = np.maximum(mkjp, mop)
    condom = np.clip(male - mop, 0, users - mkjp)
    absent = rng.poisson(pus * 0.006)
    families = _rint(pus * rng.uniform(1.18, 1.32, v)[:, None])
    pra_share = np.clip(
        rng.uniform(0.02, 0.22, v)[:, None] - rng.uniform(-0.01, 0.02, v)[:, None] * span, 0, 1
    )
    pra = _rint(families * pra_share)
    children = _rint(pus * rng.uniform(1.20, 1.45, v)[:, None] * (1 - 0.005 * span))
    cert_rate = np.clip(
        rng.uniform(0.70, 0.96, v)[:, None] + rng.uniform(0.0, 0.03, v)[:, None] * span, 0, 1
    )
    certificates = _rint(children * cert_rate)
    measured = _rint(children * rng.uniform(0.15, 0.24, (v, t)))
    active = rng.poisson(
        np.array([1.2, 0.5, 0.6, 0.9, 0.5])[None, None, :]
        * (1 + 0.25 * span)[None, :, None]
        * (pus[:, :, None] / 500.0)
    )
    inactive = rng.binomial(1, 0.15, (v, t, len(POKTAN_KINDS)))
    maturity = np.clip(
        rng.uniform(0.1, 0.7, v)[:, None] + rng.uniform(-0.05, 0.2, v)[:, None] * span, 0, 1
    )
    pus_ev = pus0[:, None] * np.ones(y)
    interventions = rng.poisson(pus_ev / 500.0 * rng.uniform(5, 30, v)[:, None])
    violence = rng.poisson(pus_ev / 500.0 * rng.uniform(0.5, 4, v)[:, None])
    marriages = rng.poisson(pus_ev * rng.uniform(0.04, 0.10, v)[:, None])
    child_share = np.clip(
        rng.uniform(0.03, 0.35, v)[:, None]
        - rng.uniform(-0.02, 0.08, v)[:, None] * (np.arange(y) + 0.0),
        0.0,
        0.9,
    )
    child_marriages = rng.binomial(marriages, child_share)
    patbm_year = np.where(rng.random(v) < 0.6, rng.integers(2015, years[-1] + 2, v), 0)
    patbm_decree = (rng.random(v) < 0.8).astype(np.int64)
    industries = rng.poisson(0.4, (v, y))
    return Plan(
        years=list(years),
        event_years=ev_years,
        pus=pus,
        users=users,
        unmet=unmet,
        mkjp=mkjp,
        mop=mop,
        condom=condom,
        absent_husband=absent,
        families=families,
        pra=pra,
        children=children,
        certificates=certificates,
        measured=measured,
        z_low=np.full(v, -4.5),
        z_mean=rng.uniform(-1.4, -0.4, v),
        groups_active=active,
        groups_inactive=inactive,
        maturity=maturity,
        interventions=interventions,
        violence=violence,
        marriages=marriages,
        child_marriages=child_marriages,
        patbm_year=patbm_year,
        patbm_decree=patbm_decree,
        patbm_ends=(rng.random(v) < 0.15).astype(np.int64),
        industries=industries,
        industry_close=rng.uniform(0.0, 0.4, v),
    )


def set_seed_village(plan: Plan, i: int) -> None:
    """Overwrite village ``i``'s counts with the seed's published record counts (in place)."""
    if plan.years != [2017, 2019]:
        raise ValueError("the seed village is defined for periods 2017 and 2019")
    for name, by_year in SEED_COUNTS.items():
        getattr(plan, name)[i, :] = [by_year[yr] for yr in plan.years]
    for j, yr in enumerate(plan.years):
        plan.groups_active[i, j, :] = SEED_GROUPS[yr]
    plan.groups_inactive[i, :, :] = 0
    plan.groups_inactive[i, 0, POKTAN_KINDS.index("bkr")] = 1  # a dormant BKR in 2017
    for j, yr in enumerate(plan.event_years):
        ev = SEED_EVENTS[yr]
        plan.interventions[i, j], plan.violence[i, j] = ev[0], ev[1]
        plan.marriages[i, j], plan.child_marriages[i, j] = ev[2], ev[3]
    plan.maturity[i, :] = [0.3, 0.95]
    plan.z_low[i], plan.z_mean[i] = -1.8, -0.3
    plan.patbm_year[i], plan.patbm_decree[i], plan.patbm_ends[i] = 2018, 1, 0
    plan.industries[i, :] = [0, 2, 1]
    plan.industry_close[i] = 0.0
