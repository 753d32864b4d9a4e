"""The SDG plugin: ``sdg@2024``, international standard definitions as named variants.

Most definitions live in ``sets/sdg_2024.toml``.  The DHS 2012 unmet-need algorithm (DHS
Analytical Studies 25, Bradley et al. 2012) is written here once, as its ordered steps
(:data:`DHS2012_STEPS`) over the ``persons`` columns; :func:`dhs2012_status_sql` turns them into
one SQL ``CASE`` (first step that applies wins) and the set's four DHS measures filter on it.

Steps, for currently married women 15–49 (``sex = 'f'``, married, ``age_years`` 15–49), at the
period's last day (the reference date stands in for the DHS interview date):

1. **using** a method → need met (``met``).
2. **pregnant** → by ``pregnancy_wanted``: then → no unmet need, later → spacing,
   no more → limiting, unknown → ``unknown`` (not unmet).
3. **postpartum amenorrhoeic**: period not returned since the last birth
   (``last_menses = 'before_last_birth'``) and that birth < 24 months ago (months counted as
   DHS counts CMC months) → by ``last_birth_wanted``, as in step 2.
4. **infecund** (:data:`DHS2012_INFECUND_ROUTES`) → ``infecund`` (no need).
5. **fecund**, by ``fertility_intention``: ``want_soon`` (DHS "within 2 years") → no unmet
   need; ``later`` (IAT, DHS "2+ years") and ``undecided`` → spacing; ``no_more`` (TIAL) →
   limiting; unknown → ``unknown``.
"""

from __future__ import annotations

import attrs

from kampungkb.indicators._definitions import IndicatorSet, Measure
from kampungkb.indicators._load import load_builtin_set
from kampungkb.plugins import hookimpl

__all__ = [
    "DHS2012_INFECUND_ROUTES",
    "DHS2012_STATUSES",
    "DHS2012_STEPS",
    "MARRIED_WOMEN_15_49",
    "DhsStep",
    "dhs2012_status_sql",
    "kampungkb_register_indicator_sets",
    "sdg_2024",
]

#: The DHS denominator: currently married women aged 15–49 (spelled out, not ``is_pus``).
MARRIED_WOMEN_15_49 = "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49"

#: Values :func:`dhs2012_status_sql` gives: need met, unmet for spacing / limiting, no unmet
#: need (wanted then / wants within 2 years), infecund, unknown (answers missing).
DHS2012_STATUSES = ("met", "spacing", "limiting", "no_need", "infecund", "unknown")

_MONTHS_SINCE_BIRTH = "date_diff('month', last_birth_date, period_end)"
_NO_BIRTH_IN_5_YEARS = f"(last_birth_date IS NULL OR {_MONTHS_SINCE_BIRTH} >= 60)"


def _by_wantedness(column: str) -> str:
    return (f"CASE {column} WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' "
            "WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END")


@attrs.frozen
class DhsStep:
    """One step of the DHS 2012 unmet-need algorithm: when it applies, and the status it gives.

    Attributes:
        id: step name.
        label_id, label_en: the step in words.
        condition: SQL boolean over ``persons`` columns; the first step whose condition holds
            classifies the woman.
        status: SQL expression giving one of :data:`DHS2012_STATUSES`.
    """

    id: str
    label_id: str
    label_en: str
    condition: str
    status: str


#: The routes by which a woman who is neither pregnant nor postpartum amenorrhoeic counts as
#: infecund (any one suffices), as (id, SQL condition, description).
DHS2012_INFECUND_ROUTES: tuple[tuple[str, str, str], ...] = (
    ("reported", "coalesce(infecund_reported, false)",
     "says she cannot get pregnant, or gives menopause/hysterectomy as the reason for not "
     "using contraception"),
    ("menopausal", "last_menses = 'menopausal_hysterectomy'",
     "last period: menopausal or had a hysterectomy"),
    ("no_menses_6_months", "last_menses = 'over_6_months'",
     "no period for 6 months or more (and not postpartum amenorrhoeic: step 3 comes first)"),
    ("never_menstruated", f"last_menses = 'never_menstruated' AND {_NO_BIRTH_IN_5_YEARS}",
     "never menstruated, and no birth in the last 5 years"),
    ("amenorrhoeic_5_years", f"last_menses = 'before_last_birth' AND {_NO_BIRTH_IN_5_YEARS}",
     "no period since the last birth, which was 5 years ago or more (or none is recorded)"),
    ("married_5_years_no_birth",
     f"age_years - age_first_marriage >= 5 AND {_NO_BIRTH_IN_5_YEARS} "
     "AND ever_used_contraception = false",
     "first married 5 or more years ago (age minus age at first marriage), no birth in the "
     "last 5 years, never used contraception (and not pregnant: step 2 comes first)"),
)

#: The ordered steps (the first whose condition holds classifies the woman).
DHS2012_STEPS: tuple[DhsStep, ...] = (
    DhsStep("using", "Memakai cara KB", "Using a method",
            "contraceptive_method IS NOT NULL", "'met'"),
    DhsStep("pregnant", "Sedang hamil, menurut keinginan atas kehamilan ini",
            "Pregnant, by whether the pregnancy was wanted then, later or not at all",
            "coalesce(pregnant, false)", _by_wantedness("pregnancy_wanted")),
    DhsStep("postpartum_amenorrhoeic",
            "Belum haid sejak melahirkan < 24 bulan lalu, menurut keinginan atas kelahiran itu",
            "Postpartum amenorrhoeic, birth < 24 months ago, by whether it was wanted",
            f"last_menses = 'before_last_birth' AND {_MONTHS_SINCE_BIRTH} < 24",
            _by_wantedness("last_birth_wanted")),
    DhsStep("infecund", "Tidak subur", "Infecund",
            " OR ".join(f"({cond})" for _, cond, _ in DHS2012_INFECUND_ROUTES), "'infecund'"),
    DhsStep("fecund", "Subur, menurut keinginan punya anak", "Fecund, by desire for children",
            "true",
            "CASE fertility_intention WHEN 'want_soon' THEN 'no_need' "
            "WHEN 'later' THEN 'spacing' WHEN 'undecided' THEN 'spacing' "
            "WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END"),
)


def dhs2012_status_sql() -> str:
    """The DHS 2012 status of a woman's ``persons`` row, as one SQL ``CASE`` expression.

    Meaningful for currently married women 15–49 (:data:`MARRIED_WOMEN_15_49`); gives one of
    :data:`DHS2012_STATUSES`.
    """
    whens = " ".join(f"WHEN {s.condition} THEN {s.status}" for s in DHS2012_STEPS[:-1])
    return f"CASE {whens} ELSE {DHS2012_STEPS[-1].status} END"


def _dhs_measures() -> tuple[Measure, ...]:
    status = dhs2012_status_sql()

    def measure(mid: str, statuses: tuple[str, ...], label_id: str, label_en: str) -> Measure:
        codes = ", ".join(f"'{s}'" for s in statuses)
        return Measure(id=mid, table="persons",
                       filter=f"{MARRIED_WOMEN_15_49} AND ({status}) IN ({codes})",
                       label_id=label_id, label_en=label_en,
                       description_id="Algoritma unmet need DHS 2012, disusun dari "
                       "kampungkb.indicators.sdg.DHS2012_STEPS.",
                       description_en="DHS 2012 unmet-need algorithm, composed from "
                       "kampungkb.indicators.sdg.DHS2012_STEPS.")

    return (
        measure("unmet_need_dhs2012", ("spacing", "limiting"),
                "Perempuan kawin 15-49 dengan unmet need (DHS 2012)",
                "Married women 15-49 with unmet need (DHS 2012)"),
        measure("unmet_need_dhs2012_spacing", ("spacing",),
                "Unmet need untuk menjarangkan (DHS 2012)", "Unmet need for spacing (DHS 2012)"),
        measure("unmet_need_dhs2012_limiting", ("limiting",),
                "Unmet need untuk membatasi (DHS 2012)", "Unmet need for limiting (DHS 2012)"),
        measure("demand_dhs2012", ("met", "spacing", "limiting"),
                "Kebutuhan KB total (pemakai + unmet need DHS 2012)",
                "Total demand for family planning (users + DHS 2012 unmet need)"),
    )


def sdg_2024() -> IndicatorSet:
    """The international standard set: the TOML definitions plus the DHS 2012 measures."""
    base = load_builtin_set("sdg_2024.toml")
    data = base.model_dump()
    data["measures"] = [*data["measures"], *(m.model_dump() for m in _dhs_measures())]
    return IndicatorSet.model_validate(data)


@hookimpl
def kampungkb_register_indicator_sets() -> list[IndicatorSet]:
    """Register ``sdg@2024``."""
    return [sdg_2024()]
