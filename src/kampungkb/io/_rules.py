"""The row rules, as DuckDB SQL over whole columns (one query per rule family and table).

Every query inserts ``(__i, __src, tbl, col, rule, value, detail)`` rows into ``__problems``:
``__i`` is the row's index in the typed table ``t_<name>``; ``value`` is left NULL when the
source cell (masked if personal) is the value to show — it is filled in when the report is
assembled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

import attrs
import duckdb
import pyarrow as pa

from kampungkb.io._coerce import in_list, lit, qi
from kampungkb.io._plausible import (
    PERIOD_MONTH,
    period_end_sql,
    period_year_sql,
    plausibility_checks,
)
from kampungkb.io._schemas import PARTS_TOTALS, input_columns
from kampungkb.models._schema import Column, TableSchema

__all__ = [
    "NULL_SAFE",
    "PERIOD_ANY",
    "PERIOD_MONTH",
    "Check",
    "RuleContext",
    "install_districts",
    "possible",
    "run_rules",
    "table_checks",
]

PROBLEMS_DDL = (
    "CREATE TABLE __problems (__i BIGINT, __src INTEGER, tbl VARCHAR, col VARCHAR, "
    "rule VARCHAR, value VARCHAR, detail VARCHAR)"
)
_SPECIAL = frozenset({"village_code", "nik", "kk_number", "period"})
PERIOD_ANY = r"\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?"


@attrs.frozen
class RuleContext:
    """What the rules need besides the typed tables.

    Attributes:
        schemas: the schema of every table in this run, by name.
        missing: ``{table: {column: source indexes lacking it}}`` (no ``required`` problems
            there: the source already has a ``missing_column`` problem).
        today: dates after this day are in the future.
        districts: known district codes (``PP.KK.CC``), or None to skip that check.
        deferred: leave out the checks that look at other rows (``duplicate_key``,
            ``reference``): a streaming run (:mod:`kampungkb.io._stream`) makes them once over
            every batch's typed keys.
        absent: ``{table: columns}`` no source of the table has (nor derives): null in every
            typed row, so the checks such a null makes false are left out (see
            :func:`possible`).
        period_end: ``{table: SQL}`` of the last day of the period, for a table whose every
            row has the same period: a constant in place of :func:`period_end_sql` (no regular
            expressions to prepare).
    """

    schemas: Mapping[str, TableSchema]
    missing: Mapping[str, Mapping[str, Collection[int]]]
    today: dt.date
    districts: frozenset[str] | None
    deferred: bool = False
    absent: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    period_end: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Check:
    """One rule over one table: the rows where ``where`` holds break ``rule``.

    Attributes:
        col: the column (or label) the problem is reported on.
        rule: the rule id.
        where: SQL condition over the typed table's columns.
        value: SQL for the value shown (NULL: the source cell, filled in by the report).
        detail: SQL for the message's ``{detail}``.
        frm: the FROM clause when the check needs more than the row (duplicate keys).
        flag: a cheaper condition that holds at least wherever ``where`` does (for the fast
            pass); None means ``where`` itself.
        cross: the check looks at other rows or tables (references): not row-local.
        keep_skips: rows whose value already had the canonical form (the fast pass's ``keep``
            flag for ``col``) cannot break this check.
        needs: columns whose null makes ``where`` false: a source lacking one of them cannot
            break this check (the fast pass leaves it out there).
    """

    col: str
    rule: str
    where: str
    value: str = "NULL"
    detail: str = "NULL"
    frm: str | None = None
    flag: str | None = None
    cross: bool = False
    keep_skips: bool = False
    needs: tuple[str, ...] = ()

    @property
    def local(self) -> bool:
        """True when the check only needs its own row."""
        return self.frm is None and not self.cross

    def select(self, tbl: str) -> str:
        """The SELECT inserting this check's problems into ``__problems``."""
        return (
            f"SELECT __i, __src, {lit(tbl)}, {lit(self.col)}, {lit(self.rule)}, {self.value}, "
            f"{self.detail} FROM {self.frm or qi('t_' + tbl)} WHERE {self.where}"
        )


#: Rules that cannot fail on a column that is null throughout.
NULL_SAFE = frozenset(
    {"enum", "range", "pattern", "future_date", "village_code", "period", "district_unknown"}
)


def possible(tbl: str, checks: list[Check], ctx: RuleContext) -> list[Check]:
    """``checks`` without those that cannot find a row of ``tbl``: a column they need is null
    in every row (:attr:`RuleContext.absent`). Fewer checks, shorter queries to plan."""
    absent = ctx.absent.get(tbl, frozenset())
    if not absent:
        return checks
    return [
        c
        for c in checks
        if not (any(n in absent for n in c.needs) or (c.rule in NULL_SAFE and c.col in absent))
    ]


def _insert(con: duckdb.DuckDBPyConnection, tbl: str, checks: list[Check]) -> None:
    if checks:
        con.execute("INSERT INTO __problems " + " UNION ALL ".join(c.select(tbl) for c in checks))


def _sel(
    tbl: str,
    col: str,
    rule: str,
    where: str,
    *,
    value: str = "NULL",
    detail: str = "NULL",
    frm: str | None = None,
    flag: str | None = None,
    cross: bool = False,
    keep_skips: bool = False,
    needs: tuple[str, ...] = (),
) -> Check:
    del tbl
    return Check(col, rule, where, value, detail, frm, flag, cross, keep_skips, needs)


def _bounds(c: Column) -> str:
    lo = "" if c.ge is None else f"{c.ge:g}"
    hi = "" if c.le is None else f"{c.le:g}"
    return f"{lo}..{hi}"


def _bound(c: Column, value: float) -> str:
    """A range bound as SQL: a whole number as an integer for an integer column (compared
    without a cast of every value to a decimal; the same outcome for every integer)."""
    if c.type in ("INTEGER", "BIGINT") and float(value).is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _column_rules(tbl: str, schema: TableSchema, ctx: RuleContext) -> list[Check]:
    out: list[Check] = []
    missing = ctx.missing.get(tbl, {})
    for c in input_columns(schema):
        x = qi(c.name)
        if c.required:
            skip = missing.get(c.name)
            srcs = ", ".join(map(str, skip or ()))
            extra = f" AND NOT list_contains([{srcs}]::INTEGER[], __src)" if skip else ""
            out.append(_sel(tbl, c.name, "required", f"{x} IS NULL{extra}"))
        if c.enum:
            detail = lit(", ".join(c.enum))
            if c.type == "VARCHAR[]":
                cond = f"len(list_filter({x}, lambda v: NOT {in_list('v', c.enum)})) > 0"
            else:
                cond = f"{x} IS NOT NULL AND NOT {in_list(x, c.enum)}"
            out.append(_sel(tbl, c.name, "enum", cond, detail=detail, keep_skips=True))
        if c.type in ("INTEGER", "BIGINT", "DOUBLE") and (c.ge is not None or c.le is not None):
            conds = []
            if c.ge is not None:
                conds.append(f"{x} < {_bound(c, c.ge)}")
            if c.le is not None:
                conds.append(f"{x} > {_bound(c, c.le)}")
            out.append(_sel(tbl, c.name, "range", " OR ".join(conds), detail=lit(_bounds(c))))
        if c.pattern and c.type == "VARCHAR" and c.name not in _SPECIAL:
            cond = f"{x} IS NOT NULL AND NOT regexp_full_match({x}, {lit(c.pattern)})"
            out.append(_sel(tbl, c.name, "pattern", cond, detail=lit(c.pattern)))
        if c.type == "DATE":
            cond = f"{x} > DATE {lit(ctx.today.isoformat())}"
            out.append(_sel(tbl, c.name, "future_date", cond, detail=lit(ctx.today.isoformat())))
    return out


_MONTH_DAYS = "[31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]"


def _identity_rules(
    tbl: str, schema: TableSchema, absent: Collection[str] = frozenset()
) -> list[str]:
    """NIK / KK checks; each number is decomposed once (a materialised CTE), then tested
    (none for a number that is null in every row: ``absent``)."""
    names = {c.name for c in input_columns(schema)}
    out: list[str] = []
    with_sex = {"sex", "birth_date"} <= names
    for col, rule, female in (("nik", "nik_format", True), ("kk_number", "kk_format", False)):
        if col not in names or col in absent:
            continue
        x = qi(col)
        extra = ", sex, birth_date" if female and with_sex else ""
        parts = (
            f"SELECT __i, __src{extra}, {x} AS x, "
            rf"regexp_full_match({x}, '\d{{16}}') AS f16, "
            f"TRY_CAST(substr({x}, 1, 2) AS INTEGER) AS pp, substr({x}, 3, 2) AS kk, "
            f"substr({x}, 5, 2) AS cc, TRY_CAST(substr({x}, 7, 2) AS INTEGER) AS dd, "
            f"TRY_CAST(substr({x}, 9, 2) AS INTEGER) AS mm, "
            f"TRY_CAST(substr({x}, 11, 2) AS INTEGER) AS yy, substr({x}, 13, 4) AS serial "
            f"FROM {qi('t_' + tbl)} WHERE {x} IS NOT NULL"
        )
        real_day = "(CASE WHEN dd > 40 THEN dd - 40 ELSE dd END)" if female else "dd"
        longest = (
            f"(CASE WHEN mm = 2 AND yy % 4 <> 0 THEN 28 WHEN mm BETWEEN 1 AND 12 "
            f"THEN {_MONTH_DAYS}[mm] ELSE 0 END)"
        )
        valid = (
            "COALESCE(f16 AND pp >= 11 AND kk <> '00' AND cc <> '00' AND serial <> '0000' "
            f"AND {real_day} BETWEEN 1 AND {longest}, FALSE)"
        )
        cte = f"(SELECT *, {valid} AS ok, {real_day} AS day FROM ({parts}))"
        checks = [
            f"SELECT __i, __src, {lit(tbl)}, {lit(col)}, {lit(rule)}, NULL, NULL "
            "FROM n WHERE NOT ok"
        ]
        if female and with_sex:
            nik_sex = "CASE WHEN dd > 40 THEN 'f' ELSE 'm' END"
            checks.append(
                f"SELECT __i, __src, {lit(tbl)}, {lit(col)}, 'nik_sex', NULL, {nik_sex} FROM n "
                f"WHERE ok AND sex IN ('m', 'f') AND sex <> {nik_sex}"
            )
            # DD-MM-YY, as the NIK holds it (the century is not in it)
            encoded = ("lpad(CAST(day AS VARCHAR), 2, '0') || '-' || substr(x, 9, 2) || '-' "
                       "|| substr(x, 11, 2)")
            checks.append(
                f"SELECT __i, __src, {lit(tbl)}, {lit(col)}, 'nik_birth_date', NULL, {encoded} "
                "FROM n WHERE ok AND birth_date IS NOT NULL AND (day <> day(birth_date) OR "
                "mm <> month(birth_date) OR yy <> year(birth_date) % 100)"
            )
        out.append(f"WITH n AS MATERIALIZED {cte} " + " UNION ALL ".join(checks))
    return out


def _age_checks(
    tbl: str, names: set[str], period: str | None, ctx: RuleContext
) -> list[Check]:
    """Age at first marriage is not above the age at the period's last day."""
    if not {"age_first_marriage", "birth_date"} <= names:
        return []
    ref = ctx.period_end.get(tbl) or period_end_sql(period, names, ctx.today)
    age = f"date_part('year', age({ref}, birth_date))"
    cond = (
        f"age_first_marriage IS NOT NULL AND birth_date IS NOT NULL AND age_first_marriage > {age}"
    )
    # every valid period ends in the year it starts with, so the age then is at least
    # that year minus the birth year minus one; only rows above that need the exact age
    low = (
        f"{period_year_sql(period)} - year(birth_date) - 1" if period and period in names else None
    )
    flag = (
        "CASE WHEN age_first_marriage IS NULL OR birth_date IS NULL THEN FALSE "
        f"WHEN age_first_marriage <= {low} THEN FALSE ELSE {cond} END"
        if low
        else None
    )
    return [
        Check(
            "age_first_marriage",
            "age_first_marriage",
            cond,
            detail=f"CAST({age} AS VARCHAR)",
            flag=flag,
            needs=("age_first_marriage", "birth_date"),
        )
    ]


def _table_rules(tbl: str, schema: TableSchema, ctx: RuleContext) -> list[Check]:
    names = {c.name for c in input_columns(schema)}
    t = qi("t_" + tbl)
    out: list[Check] = []
    region = schema.region_column
    if region in names:
        x = qi(region)
        cond = (
            rf"{x} IS NOT NULL AND NOT regexp_full_match({x}, '\d{{2}}\.\d{{2}}\.\d{{2}}\.\d{{4}}')"
        )
        out.append(_sel(tbl, region, "village_code", cond, keep_skips=True))
        # a BPS village number (3 digits, 001–999) padded to 4 digits starts with 0; Kemendagri's
        # start with 1 (kelurahan), 2 (desa) or 3 (desa adat)
        bps = rf"{x} IS NOT NULL AND regexp_full_match({x}, '\d{{2}}\.\d{{2}}\.\d{{2}}\.0\d{{3}}')"
        out.append(
            _sel(tbl, region, "bps_village_code", bps, detail=f"right({x}, 3)", keep_skips=True)
        )
        if ctx.districts is not None:
            cond = (
                rf"regexp_full_match({x}, '\d{{2}}\.\d{{2}}\.\d{{2}}\.\d{{4}}') AND "
                f"left({x}, 8) NOT IN (SELECT code FROM __districts)"
            )
            out.append(_sel(tbl, region, "district_unknown", cond, detail=f"left({x}, 8)"))
        if "villages" in ctx.schemas and tbl != "villages" and not ctx.deferred:
            known = "SELECT village_code FROM f_villages WHERE village_code IS NOT NULL"
            cond = f"{x} IS NOT NULL AND {x} NOT IN ({known})"
            out.append(
                _sel(tbl, region, "reference", cond, detail="'villages.village_code'", cross=True)
            )
    period = schema.period_column
    if period and period in names:
        pattern = PERIOD_MONTH if tbl == "monthly_reports" else PERIOD_ANY
        example = "'2019-06'" if tbl == "monthly_reports" else "'2019, 2019-Q2, 2019-06'"
        cond = f"{qi(period)} IS NOT NULL AND NOT regexp_full_match({qi(period)}, {lit(pattern)})"
        out.append(_sel(tbl, period, "period", cond, detail=example, keep_skips=True))
    for col, target in schema.parents.items():
        ptable, pcol = target.split(".", 1)
        if ptable in ctx.schemas and col in names and not ctx.deferred:
            sub = f"SELECT {qi(pcol)} FROM {qi('f_' + ptable)} WHERE {qi(pcol)} IS NOT NULL"
            cond = f"{qi(col)} IS NOT NULL AND {qi(col)} NOT IN ({sub})"
            out.append(_sel(tbl, col, "reference", cond, detail=lit(target), cross=True))
    key = [k for k in schema.key if k in names]
    if key and len(key) == len(schema.key) and not ctx.deferred:
        keys = ", ".join(qi(k) for k in key)
        notnull = " AND ".join(f"{qi(k)} IS NOT NULL" for k in key)
        frm = (
            f"(SELECT *, row_number() OVER w AS __n, first_value(__src) OVER w AS __fs, "
            f"first_value(__row) OVER w AS __fr FROM {t} WHERE {notnull} "
            f"WINDOW w AS (PARTITION BY {keys} ORDER BY __i)) d "
            "JOIN __sources s ON s.src = d.__fs"
        )
        # the value (the key, made safe) is filled in afterwards, where there are duplicates:
        # see :func:`_duplicate_values`
        detail = "s.file || ':' || CAST(__fr AS VARCHAR)"
        out.append(_sel(tbl, ", ".join(key), "duplicate_key", "__n > 1", detail=detail, frm=frm))
    out.extend(_age_checks(tbl, names, period, ctx))
    out.extend(
        Check(c.col, c.rule, c.where, detail=c.detail, flag=c.flag, needs=c.needs)
        for c in plausibility_checks(tbl, names, period, ctx.today, ctx.period_end.get(tbl))
    )
    for parts, total in PARTS_TOTALS:
        present = [p for p in parts if p in names]
        if total not in names or not present:
            continue
        total_sum = " + ".join(f"COALESCE({qi(p)}, 0)" for p in present)
        label = " + ".join(present) if len(present) <= 3 else f"{present[0]} + … + {present[-1]}"
        cond = f"{qi(total)} IS NOT NULL AND ({total_sum}) > {qi(total)}"
        out.append(
            _sel(
                tbl,
                label,
                "report_totals",
                cond,
                value=f"CAST(({total_sum}) AS VARCHAR)",
                detail=f"{lit(total + ' = ')} || CAST({qi(total)} AS VARCHAR)",
                needs=(total,),
            )
        )
    return out


def _duplicate_values(con: duckdb.DuckDBPyConnection, tbl: str, schema: TableSchema) -> None:
    """Fill in the value of ``tbl``'s ``duplicate_key`` problems: the row's key, each part
    made safe. A separate statement, run only when there are such problems: every
    ``kkb_safe`` in a statement costs a fixed time to prepare its regular expressions."""
    found = con.execute(
        f"SELECT count(*) FROM __problems WHERE rule = 'duplicate_key' AND tbl = {lit(tbl)}"
    ).fetchone()
    if not found or not found[0]:
        return
    value = " || ', ' || ".join(f"kkb_safe(CAST(t.{qi(k)} AS VARCHAR))" for k in schema.key)
    con.execute(
        f"UPDATE __problems p SET value = {value} FROM {qi('t_' + tbl)} t "
        f"WHERE p.rule = 'duplicate_key' AND p.tbl = {lit(tbl)} AND p.__i = t.__i"
    )


def install_districts(con: duckdb.DuckDBPyConnection, districts: frozenset[str] | None) -> None:
    """Create ``__districts`` (the known district codes) when a registry was given."""
    if districts is not None:
        con.execute("CREATE OR REPLACE TEMP TABLE __districts (code VARCHAR)")
        if districts:
            con.register("__district_codes", pa.table({"code": sorted(districts)}))
            con.execute("INSERT INTO __districts SELECT code FROM __district_codes")
            con.unregister("__district_codes")


def table_checks(tbl: str, schema: TableSchema, ctx: RuleContext) -> list[Check]:
    """Every check of ``tbl`` that may find a row (see :func:`possible`), except the NIK / KK
    ones (see :mod:`kampungkb.io._identity`)."""
    return possible(tbl, _column_rules(tbl, schema, ctx) + _table_rules(tbl, schema, ctx), ctx)


def run_rules(con: duckdb.DuckDBPyConnection, ctx: RuleContext) -> None:
    """Run every rule family on every typed table ``t_<name>``, filling ``__problems``.

    ``__districts`` (see :func:`install_districts`) and the full typed tables ``f_<name>``
    (for references) must exist.
    """
    for tbl, schema in ctx.schemas.items():
        _insert(con, tbl, possible(tbl, _column_rules(tbl, schema, ctx), ctx))
        for query in _identity_rules(tbl, schema, ctx.absent.get(tbl, frozenset())):
            con.execute("INSERT INTO __problems " + query)
        checks = possible(tbl, _table_rules(tbl, schema, ctx), ctx)
        _insert(con, tbl, checks)
        if any(c.rule == "duplicate_key" for c in checks):
            _duplicate_values(con, tbl, schema)
