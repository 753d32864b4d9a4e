"""Hypothesis strategies for the canonical tables, for plugin authors' property tests.

The strategies draw small, *valid* canonical tables: every code comes from its column's
``enum``, numbers respect ``ge``/``le``, required columns are never null, dates are plausible
(people are born before the period ends, events fall inside the periods asked for, registers
start before they end) and references agree (a person's family exists in the same village and
period; a victim's case exists with the same village and date). Personal-data columns (NIK, KK
number, names) are always null. Plugins' extra columns are drawn too when you pass the
extended schemas.

Hypothesis is not a runtime dependency of kampungkb; install it with
``pip install "kampungkb[test]"`` (or ``pip install hypothesis``).

Example::

    from hypothesis import given
    from kampungkb import Dataset, compute
    from kampungkb.testing.strategies import tables

    @given(tables(names=("persons", "families"), periods=("2017", "2019")))
    def test_cpr_is_a_percentage(data):
        results = compute(Dataset.from_tables(data), "cikar", ["2017", "2019"])
        ...
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # pragma: no cover - exercised only without hypothesis
    raise ModuleNotFoundError(
        "kampungkb.testing.strategies needs Hypothesis: pip install 'kampungkb[test]'",
        name="hypothesis",
    ) from exc

import pyarrow as pa

from kampungkb.engine._periods import Period, parse_period
from kampungkb.models._schema import Column, TableSchema

__all__ = [
    "DEFAULT_VILLAGES",
    "TABLE_ORDER",
    "arrow_schema",
    "column_values",
    "table",
    "tables",
]

#: Fictional village codes in two provinces, three regencies and four districts: enough to
#: exercise every roll-up level. ``99`` is no real province ("Provinsi Contoh").
DEFAULT_VILLAGES: tuple[str, ...] = (
    "19.01.01.2001",
    "19.01.01.2002",
    "19.01.02.2001",
    "19.02.01.2001",
    "99.01.01.2001",
    "99.01.01.2002",
)

#: Tables in the order they are drawn: referenced tables before the tables that refer to them.
TABLE_ORDER: tuple[str, ...] = (
    "villages", "kampung_kb_profiles", "families", "persons", "poktan_groups", "patbm",
    "home_industries", "interventions", "marriages", "violence_cases", "violence_victims",
    "child_measurements", "monthly_reports",
)

_EARLIEST = dt.date(2000, 1, 1)
#: No drawn date is later (validation rejects dates in the future), unless a period asked for is.
_LATEST = dt.date(2025, 12, 31)
_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12)
#: Ids drawn per table get this prefix, so they never look like a NIK or KK number.
_ID_PREFIX = {
    "families": "T-F", "persons": "T-P", "poktan_groups": "T-G", "patbm": "T-PATBM",
    "home_industries": "T-IR", "interventions": "T-INT", "marriages": "T-M",
    "violence_cases": "T-VC", "violence_victims": "T-VV", "child_measurements": "T-CM",
}


def arrow_schema(schema: TableSchema) -> pa.Schema:
    """The Arrow schema of a canonical table's input columns (derived columns left out)."""
    return schema.arrow_schema()


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _number(col: Column) -> st.SearchStrategy[Any]:
    low = 0.0 if col.ge is None else col.ge
    high = low + 500 if col.le is None else col.le
    if col.type in ("INTEGER", "BIGINT"):
        return st.integers(math.ceil(low), math.floor(high))
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def column_values(col: Column) -> st.SearchStrategy[Any]:
    """Values valid for one column, from its type, ``enum`` and bounds (null if optional).

    Personal-data columns are always null. Free-text columns get short lowercase words.
    """
    if col.personal:
        return st.none()
    base: st.SearchStrategy[Any]
    if col.enum and col.type == "VARCHAR[]":
        base = st.lists(st.sampled_from(col.enum), unique=True, max_size=min(4, len(col.enum)))
    elif col.enum:
        base = st.sampled_from(col.enum)
    elif col.type == "BOOLEAN":
        base = st.booleans()
    elif col.type in ("INTEGER", "BIGINT", "DOUBLE"):
        base = _number(col)
    elif col.type == "DATE":
        base = st.dates(_EARLIEST, _LATEST)
    elif col.type == "VARCHAR[]":
        base = st.lists(_TEXT, max_size=3)
    elif col.pattern:
        base = st.from_regex(col.pattern, fullmatch=True)
    else:
        base = _TEXT
    return base if col.required else st.none() | base


class _Context:
    """What the tables drawn so far tell the next ones (villages, periods, parent rows)."""

    def __init__(self, villages: Sequence[str], periods: Sequence[Period]) -> None:
        self.villages = list(villages)
        self.periods = list(periods)
        self.first = min(p.start for p in periods)
        self.last = max(p.end for p in periods)
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def months(self) -> list[str]:
        keys: list[str] = []
        for p in self.periods:
            day = p.start
            while day <= p.end:
                keys.append(f"{day.year:04d}-{day.month:02d}")
                day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return sorted(set(keys))


def _in_period(draw: st.DrawFn, ctx: _Context) -> tuple[Period, dt.date]:
    period = draw(st.sampled_from(ctx.periods))
    return period, draw(st.dates(period.start, period.end))


def _years_after(day: dt.date, years: int) -> dt.date:
    return _years_before(day, -years)


def _plausible_person(draw: st.DrawFn, row: dict[str, Any]) -> None:
    """Born before the period ends; children are unmarried and use no contraception."""
    end = parse_period(row["period"]).end
    row["birth_date"] = draw(st.dates(_years_before(end, 90), end))
    fifteen = _years_after(row["birth_date"], 15)
    if fifteen > end:
        for key in ("marital_status", "age_first_marriage", "contraceptive_method",
                    "contraception_start", "pregnant", "fertility_intention"):
            if key in row:
                row[key] = "never_married" if key == "marital_status" else None
        return
    age = end.year - row["birth_date"].year
    if row.get("age_first_marriage") is not None:
        row["age_first_marriage"] = min(row["age_first_marriage"], age)
    if row.get("sex") == "m" and "pregnant" in row:
        row["pregnant"] = None
    if "contraception_start" in row:
        start = max(fifteen, _EARLIEST)
        row["contraception_start"] = (
            draw(st.none() | st.dates(start, end)) if start <= end else None
        )


def _special(draw: st.DrawFn, name: str, row: dict[str, Any], ctx: _Context) -> None:
    """Fill the columns whose valid values depend on the row, the periods or other tables."""
    if name == "villages":
        row["designated_on"] = draw(st.none() | st.dates(dt.date(2015, 1, 1), ctx.last))
    elif name == "persons":
        _plausible_person(draw, row)
    elif name in ("patbm", "home_industries"):
        start_col, end_col = (
            ("formed_on", "dissolved_on") if name == "patbm" else ("started_on", "closed_on")
        )
        row[start_col] = draw(st.dates(_EARLIEST, ctx.last))
        after = row[start_col] + dt.timedelta(days=1)
        latest = max(after, min(_LATEST, ctx.last + dt.timedelta(days=730)))
        row[end_col] = draw(st.none() | st.dates(after, latest))
    elif name == "child_measurements":
        _, row["date"] = _in_period(draw, ctx)
        row["birth_date"] = draw(st.dates(row["date"] - dt.timedelta(days=1800), row["date"]))
    elif name == "kampung_kb_profiles" and "recorded_on" in row:
        end = parse_period(row["period"]).end
        row["recorded_on"] = draw(st.none() | st.dates(parse_period(row["period"]).start, end))


def _monthly_counts(draw: st.DrawFn, row: dict[str, Any]) -> None:
    """Monthly-report counts that add up: users + non-users ≤ PUS, sub-groups ≤ families."""
    users = [k for k in row if k.startswith("users_")]
    nonusers = [k for k in row if k.startswith("nonusers_")]
    for key in (*users, *nonusers):
        row[key] = draw(st.integers(0, 40))
    if "pus" in row:
        row["pus"] = sum(row[k] for k in (*users, *nonusers)) + draw(st.integers(0, 40))
    if "families" in row:
        subgroups = [k for k in row if k.startswith("families_with_")]
        for key in subgroups:
            row[key] = draw(st.integers(0, 60))
        row["families"] = max([0, *(row[k] for k in subgroups)]) + draw(st.integers(0, 60))


def _snapshot_slots(draw: st.DrawFn, ctx: _Context, keys: Sequence[str],
                    max_rows: int) -> list[tuple[str, str]]:
    """Distinct (village, period) pairs for tables keyed by village and period."""
    slots = [(v, p) for v in ctx.villages for p in keys]
    chosen = draw(st.lists(st.sampled_from(slots), unique=True, max_size=min(max_rows, len(slots))))
    return sorted(chosen)


def _anchors(draw: st.DrawFn, name: str, ctx: _Context, max_rows: int) -> list[dict[str, Any]]:
    """The fixed part of each row: keys shared with the villages, periods or parent rows."""
    if name == "villages":
        return [{"village_code": v} for v in ctx.villages]
    if name in ("kampung_kb_profiles", "monthly_reports"):
        keys = ctx.months() if name == "monthly_reports" else [p.key for p in ctx.periods]
        return [{"village_code": v, "period": p}
                for v, p in _snapshot_slots(draw, ctx, keys, max_rows)]
    parent, fields = {
        "persons": ("families", ("family_id", "village_code", "period")),
        "violence_victims": ("violence_cases", ("case_id", "village_code", "date")),
    }.get(name, ("", ()))
    if parent in ctx.rows:
        found = ctx.rows[parent]
        picks = draw(st.lists(st.sampled_from(found), max_size=max_rows)) if found else []
        return [{k: r[k] for k in fields} for r in picks]
    return [{} for _ in range(draw(st.integers(0, max_rows)))]


def _identify(draw: st.DrawFn, schema: TableSchema, row: dict[str, Any],
              anchor: Mapping[str, Any], *, index: int, max_rows: int) -> None:
    """Ids: serials with a table prefix; references drawn when the parent table is absent."""
    name = schema.name
    prefix = _ID_PREFIX.get(name)
    if prefix:
        row[schema.key[0]] = f"{prefix}-{index + 1:04d}"
    if name == "persons" and "family_id" not in anchor:
        row["family_id"] = f"T-F-{draw(st.integers(1, max(1, max_rows // 3))):04d}"
    elif name == "violence_victims" and "case_id" not in anchor:
        row["case_id"] = f"T-VC-{index + 1:04d}"
    elif name == "child_measurements":
        row["child_id"] = f"T-C-{draw(st.integers(1, max(1, max_rows))):04d}"


def _draw_table(draw: st.DrawFn, schema: TableSchema, ctx: _Context, max_rows: int,
                ) -> list[dict[str, Any]]:
    name = schema.name
    columns = [c for c in schema.columns if not c.derived]
    rows: list[dict[str, Any]] = []
    for index, anchor in enumerate(_anchors(draw, name, ctx, max_rows)):
        row: dict[str, Any] = {col.name: draw(column_values(col)) for col in columns}
        row.update(anchor)
        if "village_code" not in anchor:
            row["village_code"] = draw(st.sampled_from(ctx.villages))
        if schema.kind == "snapshot" and "period" not in anchor:
            row["period"] = draw(st.sampled_from(ctx.periods)).key
        if schema.kind == "event" and "date" not in anchor:
            _, row[schema.date_column or "date"] = _in_period(draw, ctx)
        _identify(draw, schema, row, anchor, index=index, max_rows=max_rows)
        if name == "monthly_reports":
            _monthly_counts(draw, row)
        _special(draw, name, row, ctx)
        rows.append(row)
    if name == "persons":
        # One village per family and period, whatever was drawn above.
        home: dict[tuple[str, str], str] = {}
        for row in rows:
            row["village_code"] = home.setdefault((row["family_id"], row["period"]),
                                                  row["village_code"])
    return rows


def _check_names(names: Iterable[str] | None, schemas: Mapping[str, TableSchema]) -> list[str]:
    wanted = list(schemas) if names is None else list(dict.fromkeys(names))
    unknown = [n for n in wanted if n not in schemas]
    if unknown:
        raise ValueError(f"not canonical tables: {unknown}; known: {sorted(schemas)}")
    order = {n: i for i, n in enumerate(TABLE_ORDER)}
    return sorted(wanted, key=lambda n: order.get(n, len(order)))


def tables(
    names: Iterable[str] | None = None,
    *,
    villages: Sequence[str] | None = None,
    periods: Sequence[str] = ("2017", "2019"),
    schemas: Mapping[str, TableSchema] | None = None,
    max_rows: int = 20,
) -> st.SearchStrategy[dict[str, pa.Table]]:
    """Draw canonical tables, ``{name: pyarrow.Table}``, valid against their schemas.

    Args:
        names: which canonical tables to draw (default: all of them). Drawn in
            :data:`TABLE_ORDER`, so ``persons`` refer to the drawn ``families`` when both are
            asked for, and ``violence_victims`` to the drawn ``violence_cases``.
        villages: the village codes rows are spread over (a ``villages`` table lists exactly
            these). Default: a non-empty subset of :data:`DEFAULT_VILLAGES`.
        periods: snapshot tables' ``period`` values, and the periods event dates fall in
            (``monthly_reports`` use the months inside them). All of one type.
        schemas: canonical table schemas, e.g. with a plugin's extra columns
            (``kampungkb.engine._dataset.effective_schemas(manager)``). Default: the built-in
            ``CANONICAL_TABLES``.
        max_rows: at most this many rows per table.

    Returns:
        A strategy for a dict of Arrow tables with every (non-derived) column of each schema,
        typed as the schema says.
    """
    if schemas is None:
        from kampungkb.models._canonical import CANONICAL_TABLES  # noqa: PLC0415 - heavy import

        schemas = CANONICAL_TABLES
    wanted = _check_names(names, schemas)
    parsed = [parse_period(p) for p in periods]
    if not parsed or len({p.type for p in parsed}) != 1:
        raise ValueError(f"periods must be one or more periods of one type; got {list(periods)}")
    village_list: st.SearchStrategy[list[str]] = (
        st.just(list(villages)) if villages is not None
        else st.lists(st.sampled_from(DEFAULT_VILLAGES), min_size=1, unique=True)
    )
    frozen = dict(schemas)

    @st.composite
    def draw_tables(draw: st.DrawFn) -> dict[str, pa.Table]:
        ctx = _Context(sorted(draw(village_list)), parsed)
        out: dict[str, pa.Table] = {}
        for name in wanted:
            schema = frozen[name]
            rows = _draw_table(draw, schema, ctx, max_rows)
            ctx.rows[name] = rows
            out[name] = pa.Table.from_pylist(rows, schema=arrow_schema(schema))
        return out

    return draw_tables()


def table(name: str, **options: Any) -> st.SearchStrategy[pa.Table]:
    """Draw one canonical table (options as :func:`tables`)."""
    return tables((name,), **options).map(lambda drawn: drawn[name])
