"""Columns the engine derives on each table's view, which indicator filters may use.

Kept here, beside the definition checks that need them, so the definitions layer never imports
the engine: the engine reads the same table when it builds its views.
"""

from __future__ import annotations

from kampungkb.models._schema import TableSchema

__all__ = ["DERIVED_COLUMNS", "ENGINE_COLUMNS", "derived_columns", "derived_dimensions",
           "reserved_columns"]

#: Derived columns the engine adds to each table's view, with their DuckDB types.
DERIVED_COLUMNS: dict[str, dict[str, str]] = {
    "persons": {"period_end": "DATE", "age_years": "INTEGER", "is_pus": "BOOLEAN"},
    # plus every column of kampungkb.growth.GROWTH_COLUMNS (z-scores, flags, classes)
    "child_measurements": {"age_months": "DOUBLE"},
}

_SNAPSHOT_DERIVED = {"period_end": "DATE"}

#: Columns the engine's measure queries add to every table's rows (the period a row counts in,
#: its region, its breakdown): a table column of the same name would be shadowed by them.
ENGINE_COLUMNS: frozenset[str] = frozenset(
    {"region_code", "period", "_period", "_period_end", "period_end", "by_column", "category"})


def reserved_columns(schema: TableSchema) -> frozenset[str]:
    """Names (lowercase) a column added to ``schema`` cannot take: the engine's own."""
    return frozenset(n.lower() for n in (*ENGINE_COLUMNS, *derived_columns(schema)))


def derived_columns(schema: TableSchema) -> dict[str, str]:
    """Columns the engine adds to ``schema``'s view (name → DuckDB type)."""
    out = dict(_SNAPSHOT_DERIVED) if schema.kind == "snapshot" else {}
    if schema.name == "child_measurements":
        from kampungkb.growth._columns import GROWTH_COLUMNS  # noqa: PLC0415 - numpy, on use

        out.update({c.name: c.type for c in GROWTH_COLUMNS})
    out.update(DERIVED_COLUMNS.get(schema.name, {}))
    return out


def derived_dimensions(schema: TableSchema) -> frozenset[str]:
    """Derived columns of ``schema``'s view a measure may be broken down by (``by``): true/false
    columns and coded ones (the growth classes and flags of child measurements)."""
    out = {name for name, sql_type in derived_columns(schema).items()
           if sql_type.upper() == "BOOLEAN"}
    if schema.name == "child_measurements":
        from kampungkb.growth._columns import GROWTH_COLUMNS  # noqa: PLC0415 - numpy, on use

        out.update(c.name for c in GROWTH_COLUMNS if c.is_dimension)
    return frozenset(out)
