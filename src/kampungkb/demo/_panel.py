"""The family/person panel behind the demo census rounds.

Families and persons live across periods: a person keeps their id, birth date and sex from
the first period they appear in until they leave (the family moves away, an elder dies, a
child moves out).  Each period the panel is topped up so that the plan's exact counts hold:

* PUS (married women 15–49 at 31 December living with their husband): couples who remain
  and whose wife is still under 50 are kept; new couples (newly-weds, in-movers) make up the
  rest, or extra couples move away when the plan shrinks;
* children 0–17: births and children of new families make up the plan's count (counting every
  person under 18, young wives included), or children move out when it shrinks.

Everything is vectorised over all villages at once (numpy), so a province of 1.5 M persons
takes seconds.
"""

from __future__ import annotations

import numpy as np

from kampungkb.demo._plan import Plan
from kampungkb.demo._store import (
    ABSENT,
    CHILD,
    COUPLE,
    DIVORCED,
    ELDER,
    ELDER_COUPLE,
    HUSBAND,
    LONE_HEAD,
    MARRIED,
    NEVER,
    SINGLE,
    WIDOW,
    WIDOWED,
    WIFE,
    Panel,
)
from kampungkb.demo._util import (
    BoolArray,
    IntArray,
    birth_days,
    categorical,
    choose_in_groups,
    day,
    pick_exact,
    spread,
)


def _ages(rng: np.random.Generator, n: int, lo: int, weights: list[float]) -> IntArray:
    return lo + categorical(rng, n, weights)


def _pus_ages(rng: np.random.Generator, n: int, newly_wed: bool) -> IntArray:
    if newly_wed:
        w = [0.1, 0.2, 0.4, 3.0, 3.5, 3.5, 3.0, 2.5, 2.0, 1.6, 1.3, 1.0, 0.8, 0.6, 0.5] + [0.3] * 20
    else:
        w = (
            [0.2, 0.4, 0.7]
            + [1.0 + 0.25 * i for i in range(12)]
            + [4.0] * 10
            + [3.6, 3.2, 2.8, 2.4, 2.1, 1.9, 1.7, 1.5, 1.4, 1.3]
        )
    return _ages(rng, n, 15, w)


def _new_couples(
    panel: Panel, rng: np.random.Generator, village: IntArray, t: int, newly_wed: bool
) -> None:
    n = len(village)
    year = panel.years[t]
    t_arr = np.full(n, t, dtype=np.int64)
    fam = panel.add_families(
        village=village,
        first=t_arr,
        last=np.full(n, len(panel.years) - 1),
        ftype=np.full(n, COUPLE),
        poor=rng.random(n),
    )
    wife_age = _pus_ages(rng, n, newly_wed)
    gap = 1 if t == 0 else year - panel.years[t - 1]
    married_for = (
        rng.integers(0, gap + 1, n) if newly_wed else (rng.random(n) * (wife_age - 14)).astype(int)
    )
    wife_afm = np.maximum(15, wife_age - married_for)
    husband_age = np.maximum(wife_age + np.rint(rng.normal(4.5, 3.5, n)).astype(np.int64), 17)
    husband_afm = np.maximum(husband_age - (wife_age - wife_afm), 16)
    _add_pair(
        panel,
        rng,
        fam=fam,
        t_arr=t_arr,
        wife_age=wife_age,
        wife_afm=wife_afm,
        husband_age=husband_age,
        husband_afm=husband_afm,
        year=year,
    )


def _add_pair(
    panel: Panel,
    rng: np.random.Generator,
    *,
    fam: IntArray,
    t_arr: IntArray,
    wife_age: IntArray,
    wife_afm: IntArray,
    husband_age: IntArray,
    husband_afm: IntArray,
    year: int,
) -> None:
    n = len(fam)
    panel.add_persons(
        rng,
        family=fam,
        first=t_arr,
        sex=np.zeros(n, np.int64),
        birth=birth_days(rng, husband_age, year),
        role=np.full(n, HUSBAND),
        relation=np.full(n, 0),
        marital=np.full(n, MARRIED),
        afm=husband_afm,
    )
    panel.add_persons(
        rng,
        family=fam,
        first=t_arr,
        sex=np.ones(n, np.int64),
        birth=birth_days(rng, wife_age, year),
        role=np.full(n, WIFE),
        relation=np.full(n, 1),
        marital=np.full(n, MARRIED),
        afm=wife_afm,
    )


def _new_others(
    panel: Panel, rng: np.random.Generator, village: IntArray, ftype: IntArray, t: int
) -> None:
    """Families without a PUS couple: elder couples, widows, single persons, divorced mothers."""
    n = len(village)
    year = panel.years[t]
    t_arr = np.full(n, t, dtype=np.int64)
    fam = panel.add_families(
        village=village,
        first=t_arr,
        last=np.full(n, len(panel.years) - 1),
        ftype=ftype,
        poor=rng.random(n) * 0.8,
    )
    eld = ftype == ELDER_COUPLE
    k = int(eld.sum())
    wife_age = rng.integers(50, 76, k)
    husband_age = wife_age + rng.integers(0, 9, k)
    wife_afm = rng.integers(16, 26, k)
    _add_pair(
        panel,
        rng,
        fam=fam[eld],
        t_arr=t_arr[eld],
        wife_age=wife_age,
        wife_afm=wife_afm,
        husband_age=husband_age,
        husband_afm=wife_afm + (husband_age - wife_age),
        year=year,
    )
    lone = ~eld
    k = int(lone.sum())
    lt = ftype[lone]
    age = np.select(
        [lt == WIDOW, lt == ABSENT],
        [rng.integers(45, 86, k), rng.integers(20, 46, k)],
        rng.integers(25, 61, k),
    )
    sex = np.where((lt == WIDOW) | (lt == ABSENT), 1, (rng.random(k) < 0.5).astype(np.int64))
    single_status = np.where(rng.random(k) < 0.5, NEVER, DIVORCED)
    marital = np.select([lt == WIDOW, lt == ABSENT], [WIDOWED, DIVORCED], single_status)
    afm = np.where(marital == NEVER, -1, np.minimum(rng.integers(16, 27, k), age))
    panel.add_persons(
        rng,
        family=fam[lone],
        first=t_arr[lone],
        sex=sex,
        birth=birth_days(rng, age, year),
        role=np.full(k, LONE_HEAD),
        relation=np.zeros(k, np.int64),
        marital=marital,
        afm=afm,
    )


def _add_elders(panel: Panel, rng: np.random.Generator, fam: IntArray, t: int) -> None:
    n = len(fam)
    age = rng.integers(60, 89, n)
    panel.add_persons(
        rng,
        family=fam,
        first=np.full(n, t, dtype=np.int64),
        sex=(rng.random(n) < 0.65).astype(np.int64),
        birth=birth_days(rng, age, panel.years[t]),
        role=np.full(n, ELDER),
        relation=np.where(rng.random(n) < 0.6, 5, 6),
        marital=np.full(n, WIDOWED),
        afm=rng.integers(16, 25, n),
    )


def _mother_age(panel: Panel, t: int) -> IntArray:
    """Age (at period t) of each family's wife or female head; 0 when none."""
    p = panel.persons
    out = np.zeros(len(panel.families["village"]), dtype=np.int64)
    female_lead = (p["role"] == WIFE) | ((p["role"] == LONE_HEAD) & (p["sex"] == 1))
    out[p["family"][female_lead]] = panel.age(t)[female_lead]
    return out


def _add_children(
    panel: Panel, rng: np.random.Generator, need: IntArray, t: int, youths: bool = False
) -> None:
    """``need[v]`` children (or youths 18–24) into families of village ``v`` present at t."""
    f = panel.families
    year = panel.years[t]
    mother = _mother_age(panel, t)
    fam_ok = panel.families_present(t) & (f["ftype"] != SINGLE)
    if youths:
        fam_ok &= (mother >= 40) | (f["ftype"] == ELDER_COUPLE) | (f["ftype"] == WIDOW)
    weight = np.where(f["ftype"] == COUPLE, 3, 1) * fam_ok
    cand = np.repeat(np.arange(len(weight)), weight)
    cand = cand[np.argsort(f["village"][cand], kind="stable")]
    has = np.bincount(f["village"][cand], minlength=len(need)) > 0
    need = np.where(has, need, 0)
    item_v = spread(need)
    fam = cand[choose_in_groups(rng, f["village"][cand], item_v)]
    n = len(fam)
    if youths:
        age = rng.integers(18, 25, n)
    else:
        age = _ages(
            rng,
            n,
            0,
            [
                1.3,
                1.25,
                1.2,
                1.15,
                1.1,
                1.05,
                1.0,
                1.0,
                0.95,
                0.95,
                0.9,
                0.9,
                0.85,
                0.85,
                0.8,
                0.8,
                0.75,
                0.75,
            ],
        )
        if t > 0:
            gap = year - panel.years[t - 1]
            old_family = f["first"][fam] < t
            age = np.where(old_family, rng.integers(0, gap, n), age)
    own_child = f["ftype"][fam] != ELDER_COUPLE
    own_child &= f["ftype"][fam] != WIDOW
    age = np.where(own_child, np.minimum(age, np.maximum(mother[fam] - 16, 0)), age)
    births = birth_days(rng, age, year)
    if t > 0 and not youths:  # babies of continuing families are born after the last round
        births = np.maximum(births, day(panel.years[t - 1], 12, 31) + 1)
    panel.add_persons(
        rng,
        family=fam,
        first=np.full(n, t, dtype=np.int64),
        sex=(rng.random(n) < 0.49).astype(np.int64),
        birth=births,
        role=np.full(n, CHILD),
        relation=np.where(own_child, 2, 4),
        marital=np.full(n, NEVER),
        afm=np.full(n, -1),
    )


def _exit_families(panel: Panel, rng: np.random.Generator, t: int, plan: Plan) -> None:
    """Families leave between t-1 and t; then extra couples leave if the PUS plan shrinks."""
    f, p = panel.families, panel.persons
    gap = panel.years[t] - panel.years[t - 1]
    was = panel.families_present(t - 1)
    rate = np.where(f["ftype"] == COUPLE, 0.02, 0.04) * gap
    f["last"] = np.where(was & (rng.random(len(was)) < rate), t - 1, f["last"])
    # persons leaving on their own: elders die, grown children move out
    pres = panel.present(t - 1)
    leave = pres & (p["role"] == ELDER) & (rng.random(len(pres)) < 0.05 * gap)
    leave |= (
        pres & (p["role"] == CHILD) & (panel.age(t) >= 20) & (rng.random(len(pres)) < 0.25 * gap)
    )
    p["last"] = np.where(leave, t - 1, p["last"])
    cont = _pus_mask(panel, t)
    have = np.bincount(p["village"][cont], minlength=plan.pus.shape[0])
    extra = np.maximum(have - plan.pus[:, t], 0)
    if extra.any():
        go = pick_exact(p["village"], cont, extra, rng.random(len(cont)))
        f["last"][p["family"][go]] = t - 1


def _pus_mask(panel: Panel, t: int) -> BoolArray:
    p = panel.persons
    age = panel.age(t)
    out: BoolArray = panel.present(t) & (p["role"] == WIFE) & (age >= 15) & (age <= 49)
    return out


def build_panel(rng: np.random.Generator, plan: Plan) -> Panel:
    """Families and persons for every period of ``plan`` (exact PUS and child counts)."""
    panel = Panel(years=list(plan.years))
    n_v = plan.pus.shape[0]
    for t in range(len(plan.years)):
        if t > 0:
            _exit_families(panel, rng, t, plan)
            have = np.bincount(panel.persons["village"][_pus_mask(panel, t)], minlength=n_v)
        else:
            have = np.zeros(n_v, dtype=np.int64)
        first_couple = len(panel.families)
        _new_couples(panel, rng, spread(plan.pus[:, t] - have), t, newly_wed=t > 0)
        new_couples = np.arange(first_couple, len(panel.families))
        fp = panel.families_present(t)
        absent_have = np.bincount(
            panel.families["village"][fp & (panel.families["ftype"] == ABSENT)], minlength=n_v
        )
        n_abs = np.maximum(plan.absent_husband[:, t] - absent_have, 0)
        have_f = np.bincount(panel.families["village"][fp], minlength=n_v)
        n_other = np.maximum(plan.families[:, t] - have_f - n_abs, 0)
        village = np.concatenate((spread(n_abs), spread(n_other)))
        ftype = np.concatenate(
            (
                np.full(int(n_abs.sum()), ABSENT),
                np.array([ELDER_COUPLE, WIDOW, SINGLE])[
                    categorical(rng, int(n_other.sum()), [0.4, 0.35, 0.25])
                ],
            )
        )
        _new_others(panel, rng, village, ftype, t)
        _add_elders(panel, rng, new_couples[rng.random(len(new_couples)) < 0.25], t)
        if t == 0:
            _add_children(panel, rng, (plan.pus[:, 0] * 0.5).astype(np.int64), 0, youths=True)
        _fix_children(panel, rng, plan, t)
    return panel


def _fix_children(panel: Panel, rng: np.random.Generator, plan: Plan, t: int) -> None:
    p = panel.persons
    n_v = plan.pus.shape[0]
    minor = panel.present(t) & (panel.age(t) < 18)
    have = np.bincount(p["village"][minor], minlength=n_v)
    need = plan.children[:, t] - have
    if np.any(need > 0):
        _add_children(panel, rng, np.maximum(need, 0), t)
    if np.any(need < 0):
        p = panel.persons
        minor = panel.present(t) & (panel.age(t) < 18)
        movable = minor & (p["role"] == CHILD) & (p["first"] < t)
        go = pick_exact(
            p["village"], movable, np.maximum(-need, 0), rng.random(len(minor)), strict=False
        )
        p["last"] = np.where(go, t - 1, p["last"])
