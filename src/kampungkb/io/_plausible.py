"""Plausibility rules: the checks the single-record pydantic models make across fields
(``Person``, ``ChildMeasurement``, ``Patbm``, ``HomeIndustry``, ``KampungKBProfile``), as
SQL over whole columns, so that bulk validation refuses what one record would.

Each check is a :class:`Plausible` record (turned into a :class:`~kampungkb.io._rules.Check`
by the rules module) with a named rule of the catalogue (:data:`kampungkb.io.RULES`); a check
is only made when the table has every column it needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import attrs

from kampungkb.io._coerce import lit, qi

__all__ = [
    "MAX_AGE",
    "PERIOD_MONTH",
    "Plausible",
    "period_end_sql",
    "period_year_sql",
    "plausibility_checks",
]

#: A month period (monthly reports).
PERIOD_MONTH = r"\d{4}-(0[1-9]|1[0-2])"


@attrs.frozen
class Plausible:
    """One plausibility check: rows where ``where`` holds break ``rule`` (reported on
    ``col``); ``detail`` is SQL for the message's ``{detail}``, ``flag`` a cheaper condition
    that holds at least wherever ``where`` does (None: ``where`` itself); ``needs``: columns
    whose null makes ``where`` false (a source lacking one cannot break the check)."""

    col: str
    rule: str
    where: str
    detail: str = "NULL"
    flag: str | None = None
    needs: tuple[str, ...] = ()


#: The oldest plausible age in completed years (the models' bound on every age field).
MAX_AGE = 120

#: Fertility details recorded on women's rows only (as :mod:`kampungkb.models._family`).
_WOMEN_ONLY = (
    "ever_used_contraception",
    "last_birth_date",
    "last_birth_wanted",
    "pregnancy_wanted",
    "last_menses",
    "infecund_reported",
)
#: ``(table, date column, column it may not precede, rule)``.
_DATE_ORDER = (
    ("persons", "contraception_start", "birth_date", "date_before_birth"),
    ("persons", "last_birth_date", "birth_date", "date_before_birth"),
    ("child_measurements", "date", "birth_date", "date_before_birth"),
    ("patbm", "dissolved_on", "formed_on", "end_before_start"),
    ("home_industries", "closed_on", "started_on", "end_before_start"),
)
#: ``(table, column, the column it depends on, condition under which it must be empty,
#: detail)``.
_DEPENDENT = (
    ("persons", "contraception_start", "contraceptive_method", "contraceptive_method IS NULL",
     "contraceptive_method"),
    ("persons", "age_first_marriage", "marital_status", "marital_status = 'never_married'",
     "marital_status = never_married"),
    ("persons", "pregnancy_wanted", "pregnant", "pregnant = FALSE", "pregnant = false"),
    ("persons", "last_birth_wanted", "last_birth_date", "last_birth_date IS NULL",
     "last_birth_date"),
)  # fmt: skip


def period_year_sql(period: str) -> str:
    """SQL for the year a period starts in (NULL when it does not start with one); the fast
    pass may put a column in its place (see :mod:`kampungkb.io._fast`)."""
    return f"TRY_CAST(left({qi(period)}, 4) AS INTEGER)"


def period_end_sql(period: str | None, names: Collection[str], today: dt.date) -> str:
    """SQL for the last day of each row's period (``today`` where there is no valid period)."""
    ref = f"DATE {lit(today.isoformat())}"
    if not period or period not in names:
        return ref
    p = qi(period)
    year = f"CAST(left({p}, 4) AS INTEGER)"
    return (
        rf"CASE WHEN regexp_full_match({p}, '\d{{4}}') THEN make_date({year}, 12, 31) "
        rf"WHEN regexp_full_match({p}, '\d{{4}}-Q[1-4]') THEN last_day(make_date("
        f"{year}, CAST(right({p}, 1) AS INTEGER) * 3, 1)) "
        f"WHEN regexp_full_match({p}, '{PERIOD_MONTH}') THEN last_day(make_date("
        f"{year}, CAST(right({p}, 2) AS INTEGER), 1)) "
        f"ELSE {ref} END"
    )


def _men(tbl: str, names: Collection[str]) -> list[Plausible]:
    if tbl != "persons" or "sex" not in names:
        return []
    out = []
    if "pregnant" in names:
        cond = "sex = 'm' AND pregnant"
        out.append(Plausible("pregnant", "male_pregnant", cond, needs=("sex", "pregnant")))
    if "contraceptive_method" in names:
        cond = "sex = 'm' AND contraceptive_method IS NOT NULL"
        needs = ("sex", "contraceptive_method")
        out.append(Plausible("contraceptive_method", "male_contraception", cond, needs=needs))
    for col in _WOMEN_ONLY:
        if col in names:
            cond = f"sex = 'm' AND {qi(col)} IS NOT NULL"
            out.append(Plausible(col, "male_fertility_detail", cond, needs=("sex", col)))
    return out


def _age(
    tbl: str, names: Collection[str], period: str | None, today: dt.date, end: str | None = None
) -> list[Plausible]:
    if tbl != "persons" or "birth_date" not in names:
        return []
    end = end or period_end_sql(period, names, today)
    age = f"date_part('year', age({end}, birth_date))"
    cond = f"birth_date IS NOT NULL AND {age} > {MAX_AGE}"
    year = f"year(DATE {lit(today.isoformat())})"
    if period and period in names:
        year = f"COALESCE({period_year_sql(period)}, {year})"
    # the age in completed years is at most the difference of the years
    flag = f"birth_date IS NOT NULL AND {year} - year(birth_date) > {MAX_AGE}"
    detail = f"CAST({age} AS VARCHAR)"
    return [
        Plausible(
            "birth_date", "implausible_age", cond, detail=detail, flag=flag, needs=("birth_date",)
        ),
        # a snapshot row describes a person alive at the period's end: born by then
        Plausible(
            "birth_date", "born_after_period", f"birth_date IS NOT NULL AND birth_date > {end}",
            detail=f"CAST({end} AS VARCHAR)",
            flag=f"birth_date IS NOT NULL AND year(birth_date) >= {year}", needs=("birth_date",),
        ),
    ]


#: Twelve or more digits, single spaces, dots or dashes allowed between them: a NIK or a KK
#: number (16 digits) typed or shifted into a column that is not meant for it.
_ID_NUMBER = r"([0-9][ .\-]?){11}[0-9]"


def _id_numbers(tbl: str, names: Collection[str]) -> list[Plausible]:
    """Free-text columns may not hold what looks like a NIK or KK number.

    Such a row is rejected, so the number never reaches the accepted tables and, from there, a
    report (a village name, a group name).  Coded, personal and identifier columns have rules
    of their own (identifiers are pseudonymised).
    """
    from kampungkb.models._canonical import CANONICAL_TABLES  # noqa: PLC0415 - models are heavy

    schema = CANONICAL_TABLES.get(tbl)
    if schema is None:
        return []
    out = []
    for col in schema.columns:
        if (
            col.name in names
            and col.type == "VARCHAR"
            and col.enum is None
            and not col.personal
            and not col.identifier
            and not col.derived
            and col.name != schema.region_column
        ):
            text = f"CAST({qi(col.name)} AS VARCHAR)"
            # the pattern needs 12 characters: shorter values (codes, periods) skip the regex
            cond = f"length({text}) >= 12 AND regexp_matches({text}, {lit(_ID_NUMBER)})"
            out.append(Plausible(col.name, "id_number_in_text", cond, needs=(col.name,)))
    return out


def plausibility_checks(
    tbl: str,
    names: Collection[str],
    period: str | None,
    today: dt.date,
    period_end: str | None = None,
) -> list[Plausible]:
    """The plausibility checks of table ``tbl`` (with input columns ``names``);
    ``period_end``: SQL of the last day of the period when every row has the same one (else
    :func:`period_end_sql`)."""
    out = _men(tbl, names) + _age(tbl, names, period, today, period_end) + _id_numbers(tbl, names)
    for table, col, before, rule in _DATE_ORDER:
        if table == tbl and {col, before} <= set(names):
            cond = f"{qi(col)} < {qi(before)}"
            detail = f"{lit(before + ' ')} || CAST({qi(before)} AS VARCHAR)"
            out.append(Plausible(col, rule, cond, detail=detail, needs=(col, before)))
    for table, col, other, when, detail in _DEPENDENT:
        if table == tbl and {col, other} <= set(names):
            cond = f"{qi(col)} IS NOT NULL AND {when}"
            out.append(Plausible(col, "dependent_value", cond, detail=lit(detail), needs=(col,)))
    if tbl == "kampung_kb_profiles" and "has_pokja" in names:
        parts = [f"{c}" for c in ("pokja_decree", "pokja_trained") if c in names]
        if "pokja_members" in names:
            parts.append("pokja_members > 0")
        if parts:
            cond = f"has_pokja = FALSE AND ({' OR '.join(parts)})"
            out.append(Plausible("has_pokja", "pokja_inconsistent", cond, needs=("has_pokja",)))
    return out
