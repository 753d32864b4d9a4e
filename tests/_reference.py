"""A slow, obvious pure-Python reference for the CIKAR measures (differential tests only).

Written from DOMAIN.md's definitions, independently of the engine's SQL, one row at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

Row = Mapping[str, Any]

MKJP = {"iud", "implant", "mow", "mop"}
MALE = {"mop", "condom"}


def age_on(birth: date, ref: date) -> int:
    years = ref.year - birth.year
    if (ref.month, ref.day) < (birth.month, birth.day):
        years -= 1
    return years


def year_end(period: str) -> date:
    return date(int(period), 12, 31)


def is_pus(p: Row) -> bool:
    age = age_on(p["birth_date"], year_end(p["period"]))
    return p["sex"] == "f" and p["marital_status"] == "married" and 15 <= age <= 49


def person_measures(persons: Iterable[Row]) -> dict[tuple[str, str], dict[str, int]]:
    out: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in persons:
        m = out[(p["village_code"], p["period"])]
        m["_rows"] += 1
        method = p.get("contraceptive_method")
        if is_pus(p):
            m["pus"] += 1
            if method is not None:
                m["kb_users"] += 1
                if method in MKJP:
                    m["mkjp_users"] += 1
                if method in MALE:
                    m["male_users"] += 1
            elif not p.get("pregnant") and p.get("fertility_intention") in ("later", "no_more"):
                m["unmet_need"] += 1
        if age_on(p["birth_date"], year_end(p["period"])) < 18:
            m["children_0_17"] += 1
            if p.get("has_birth_certificate"):
                m["children_with_akta"] += 1
    return out


def marriage_measures(marriages: Iterable[Row]) -> dict[tuple[str, str], dict[str, int]]:
    out: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for mr in marriages:
        m = out[(mr["village_code"], str(mr["date"].year))]
        m["marriages"] += 1
        wife, husband = mr.get("wife_age"), mr.get("husband_age")
        if (wife is not None and wife < 18) or (husband is not None and husband < 18):
            m["child_marriages"] += 1
    return out


def ratio(num: int, den: int, decimals: int = 2) -> float | None:
    if den == 0:
        return None
    return round(num / den * 100, decimals)
