"""What must hold for an indicator set's results on *any* data.

Results are small (regions × indicators × periods), so the checks read them as Python rows;
the engine itself never does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kampungkb.engine import Results
    from kampungkb.indicators import CheckedSet, Indicator
    from kampungkb.indicators._validate import CheckedMeasure

__all__ = ["narrows", "result_problems"]

_LEVEL_LENGTH = {"village": 13, "district": 8, "regency": 5, "province": 2}
_COUNTED = ("count", "count_distinct")


def _conjuncts(sql: str | None) -> frozenset[str]:
    """The AND-ed conditions of a rendered filter, each re-rendered by SQLGlot."""
    if not sql:
        return frozenset()
    import sqlglot  # noqa: PLC0415 - only needed when checking
    from sqlglot import exp  # noqa: PLC0415

    tree = sqlglot.parse_one(sql, read="duckdb")
    parts = list(tree.flatten()) if isinstance(tree, exp.And) else [tree]
    return frozenset(p.sql(dialect="duckdb") for p in parts)


def narrows(numerator: CheckedMeasure, denominator: CheckedMeasure) -> bool:
    """Whether every row the numerator counts is also counted by the denominator.

    True when both count rows of one table (with the same row selection) and every condition
    of the denominator's filter is also a condition of the numerator's. Then the numerator
    can never exceed the denominator, and a ratio stays within ``[0, factor]``.
    """
    n, d = numerator.measure, denominator.measure
    if n.table != d.table or n.agg != "count" or d.agg != "count":
        return False
    if n.latest_per != d.latest_per or (n.latest_among or None) != (d.latest_among or None):
        return False
    return _conjuncts(denominator.filter_sql) <= _conjuncts(numerator.filter_sql)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _number_problems(where: str, row: Mapping[str, Any], ind: Indicator,
                     checked: CheckedSet) -> list[str]:
    """Finite numbers; numerators and denominators non-negative, whole when rows are counted."""
    out = [f"{where}: {name} is {row[name]}" for name in ("numerator", "denominator", "value")
           if row[name] is not None and not math.isfinite(row[name])]
    if out:
        return out
    measures = checked.measures
    for name, mid in (("numerator", ind.numerator), ("denominator", ind.denominator)):
        x = row[name]
        if x is None:
            continue
        if x < 0:
            out.append(f"{where}: {name} {x:g} is negative")
        counted = ind.kind == "presence" or (
            mid in measures and measures[mid].measure.agg in _COUNTED)
        if counted and x != int(x):
            out.append(f"{where}: {name} {x:g} is not a whole number, but it counts rows")
    return out


def _presence_or_count(where: str, row: Mapping[str, Any], ind: Indicator) -> list[str]:
    value, num = row["value"], row["numerator"]
    if ind.kind == "count":
        ok = num is not None and _close(value, num)
        return [] if ok else [f"{where}: count value {value:g} differs from its numerator {num}"]
    if row["level"] == "village" and value not in (0, 1):
        return [f"{where}: presence is {value:g}, not 0 or 1"]
    if not 0 <= value <= 100:
        return [f"{where}: share of villages {value:g} is outside 0–100"]
    return []


def _value_problems(where: str, row: Mapping[str, Any], ind: Indicator,
                    bounded: bool) -> list[str]:
    """The value follows from numerator and denominator as the indicator's kind says."""
    num, den, value = row["numerator"], row["denominator"], row["value"]
    if value is None:
        return []
    if ind.kind != "ratio":
        return _presence_or_count(where, row, ind)
    if not den:
        return [f"{where}: ratio has a value ({value:g}) without a positive denominator"]
    out: list[str] = []
    exact = num / den * ind.factor
    # Rounding half away from zero (DuckDB) or half to even both stay within half a unit.
    if abs(value - exact) > 0.5 * 10 ** -ind.decimals + 1e-9 * max(1.0, abs(exact)):
        out.append(f"{where}: value {value:g} is not {num:g} / {den:g} × {ind.factor:g} "
                   f"= {exact:g} rounded to {ind.decimals} decimals")
    if bounded and not (num <= den and min(0, ind.factor) <= value <= max(0, ind.factor)):
        out.append(f"{where}: numerator {num:g} > denominator {den:g} (value {value:g}), "
                   f"though {ind.numerator!r} only counts rows {ind.denominator!r} counts")
    return out


def _row_problems(row: Mapping[str, Any], ind: Indicator, checked: CheckedSet,
                  bounded: bool) -> list[str]:
    where = (f"indicator {ind.id!r} at {row['level']} {row['region_code']} "
             f"period {row['period']}")
    out = _number_problems(where, row, ind, checked)
    return out or _value_problems(where, row, ind, bounded)


def _sum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return math.fsum(present) if present else None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return _close(a, b)


#: A result row's identity apart from its region: indicator, period, disaggregation, category.
_Key = tuple[str, str, str | None, str | None]


def _category(row: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The row's disaggregation and category (both None on a total row)."""
    return row.get("disaggregation"), row.get("category")


def _rollup_problems(rows: list[dict[str, Any]]) -> list[str]:
    """Each region's numerator, denominator and n equal the sums over its villages.

    Totals and each category of a disaggregated measure (``by``) roll up separately: a
    district's ``sex = f`` row is the sum of its villages' ``sex = f`` rows.
    """
    villages: dict[tuple[_Key, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["level"] == "village":
            key: _Key = (row["indicator_id"], row["period"], *_category(row))
            villages[(key, row["region_code"])].append(row)
    out: list[str] = []
    levels = {row["level"] for row in rows} - {"village"}
    upper = {((r["indicator_id"], r["period"], *_category(r)), r["level"], r["region_code"]): r
             for r in rows if r["level"] != "village"}
    if not villages or not levels:
        return out
    for level in sorted(levels):
        length = _LEVEL_LENGTH[level]
        groups: dict[tuple[_Key, str], list[dict[str, Any]]] = defaultdict(list)
        for (key, code), vrows in villages.items():
            groups[(key, code[:length])].extend(vrows)
        for (key, code), vrows in sorted(groups.items(), key=_sort_key):
            ind, period, by, category = key
            region = upper.get((key, level, code))
            where = f"indicator {ind!r} at {level} {code} period {period}"
            if by is not None:
                where += f" {by} = {category}"
            if region is None:
                out.append(f"{where}: no roll-up row, though its villages have rows")
                continue
            for column in ("numerator", "denominator"):
                total = _sum(v[column] for v in vrows)
                if not _same(total, region[column]):
                    out.append(f"{where}: {column} {region[column]} is not the sum of its "
                               f"villages' ({total})")
            villages_n = sum(v["n"] for v in vrows)
            if region["n"] != villages_n:
                out.append(f"{where}: n = {region['n']}, but {villages_n} of its villages "
                           "have data")
    return out


def _sort_key(item: tuple[tuple[_Key, str], Any]) -> tuple[str, ...]:
    (ind, period, by, category), code = item[0]
    return (ind, period, by or "", category or "", code)


def result_problems(results: Results, checked: CheckedSet) -> list[str]:
    """Every way ``results`` break what must hold for ``checked``'s set on any data."""
    s = checked.indicator_set
    indicators = {i.id: i for i in s.indicators if i.kind != "composite"}
    bounded = {
        i.id for i in indicators.values()
        if i.kind == "ratio" and i.numerator in checked.measures
        and i.denominator in checked.measures
        and narrows(checked.measures[i.numerator], checked.measures[i.denominator])
    }
    rows = [r for r in results.to_pylist() if r["set_id"] == s.id and r["set_version"] == s.version]
    out: list[str] = []
    others = {f"{r['set_id']}@{r['set_version']}" for r in results.to_pylist()} - {s.key}
    if others:
        out.append(f"results hold rows of other sets: {sorted(others)}")
    unknown = sorted({r["indicator_id"] for r in rows} - set(indicators))
    if unknown:
        out.append(f"results hold indicators the set does not define: {unknown}")
    for row in rows:
        ind = indicators.get(row["indicator_id"])
        if ind is not None:
            out += _row_problems(row, ind, checked, row["indicator_id"] in bounded)
    return out + _rollup_problems(rows)
