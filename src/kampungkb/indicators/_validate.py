"""Checks of an indicator set before it is computed: references, SQL filters, rules, roles.

Every filter and summed column is parsed and checked with SQLGlot against the canonical table
(:mod:`kampungkb.indicators._check`); the re-rendered SQL — never the raw text — is what the
engine embeds.  Any problem is an :class:`~kampungkb.errors.IndicatorDefinitionError` naming the
set and the measure or indicator.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import attrs

from kampungkb.errors import IndicatorDefinitionError
from kampungkb.indicators._check import check_filter, check_value_expression, render_safe
from kampungkb.indicators._definitions import IndicatorSet, Measure
from kampungkb.indicators._derived import derived_columns, derived_dimensions
from kampungkb.models._schema import TableSchema

__all__ = ["CheckedMeasure", "CheckedSet", "quote_identifier", "validate_indicator_set"]


def quote_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier; a double quote inside is doubled."""
    return '"' + name.replace('"', '""') + '"'


@attrs.frozen
class CheckedMeasure:
    """A measure whose SQL passed the checks, with the SQL rendered by SQLGlot."""

    measure: Measure
    filter_sql: str | None
    column_sql: str | None
    report_sql: str | None


@attrs.frozen
class CheckedSet:
    """An indicator set with every measure it reads resolved and checked."""

    indicator_set: IndicatorSet
    measures: dict[str, CheckedMeasure]


def _schemas() -> Mapping[str, TableSchema]:
    from kampungkb.models.tables import CANONICAL_TABLES  # noqa: PLC0415 - import cycle

    return CANONICAL_TABLES


def _derived(schema: TableSchema) -> dict[str, str]:
    return derived_columns(schema)


def _did_you_mean(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_measure(
    m: Measure, set_id: str, schemas: Mapping[str, TableSchema]
) -> CheckedMeasure:
    """Check one measure's table, filter, column and report expression."""
    schema = schemas.get(m.table)
    if schema is None:
        raise IndicatorDefinitionError(
            f"measure counts over unknown table {m.table!r}{_did_you_mean(m.table, list(schemas))}",
            set_id=set_id, item_id=m.id,
        )
    extra = _derived(schema)
    filter_sql = column_sql = report_sql = None
    if m.filter:
        filter_sql = render_safe(check_filter(m.filter, schema, set_id=set_id, item_id=m.id,
                                              extra_columns=extra))
    if m.column:
        if m.agg == "sum":
            column_sql = render_safe(check_value_expression(
                m.column, schema, set_id=set_id, item_id=m.id, extra_columns=extra), value=True)
        else:
            column_sql = quote_identifier(_role_column(m, "column", schema, extra, set_id))
    if m.by:
        _role_column(m, "by", schema, extra, set_id)
    if m.latest_per:
        _role_column(m, "latest_per", schema, extra, set_id)
    if m.report:
        reports = schemas.get("monthly_reports")
        if reports is None:  # pragma: no cover - the canonical tables always include it
            raise IndicatorDefinitionError("no monthly_reports table", set_id=set_id, item_id=m.id)
        report_sql = render_safe(check_value_expression(m.report, reports, set_id=set_id,
                                                        item_id=m.id), value=True)
    return CheckedMeasure(m, filter_sql, column_sql, report_sql)


_ROLE_WORDS = {
    "by": ("a breakdown (by) needs a category column — coded values such as sex or "
           "contraceptive method, true/false, whole ages, the village code",
           "; a breakdown by it would list individual records"),
    "latest_per": ("latest_per needs the column that identifies each entity (e.g. 'child_id') "
                   "or a category column", ""),
    "column": ("count_distinct needs a column that identifies an entity (e.g. 'family_id') or "
               "a category column", ""),
}


def _role_column(m: Measure, attr: str, schema: TableSchema, extra: Mapping[str, str],
                 set_id: str) -> str:
    """Check the column a measure names in ``by``, ``latest_per`` or (``count_distinct``)
    ``column``; return its name.

    ``by`` takes only dimension columns (categories); ``latest_per`` and a distinct count also
    take entity identifiers.  Personal data is never allowed, and nothing that would make a
    measure's output list individual records.
    """
    name = str(getattr(m, attr))
    label = "count_distinct column" if attr == "column" else attr
    col = next((c for c in schema.columns if c.name == name), None)
    spelled = name if col is not None or name in extra else None
    if spelled is None:
        names = [c.name for c in schema.columns if not c.personal] + list(extra)
        raise IndicatorDefinitionError(
            f"{label} = {name!r}: table {m.table!r} has no such column"
            f"{_did_you_mean(name, names)}", set_id=set_id, item_id=m.id)
    if col is not None and col.personal:
        raise IndicatorDefinitionError(
            f"{label} = {name!r}: column {col.name!r} holds personal data and cannot be used in "
            "an indicator definition", set_id=set_id, item_id=m.id)
    dims = set(schema.dimension_columns) | set(derived_dimensions(schema))
    allowed = dims if attr == "by" else dims | set(schema.entity_columns)
    if spelled in allowed:
        return spelled
    need, why = _ROLE_WORDS[attr]
    what = "identifies individual records" if col is not None and col.identifier else (
        "is not a category column")
    usable = ", ".join(c for c in [*schema.column_names, *extra] if c in allowed)
    raise IndicatorDefinitionError(
        f"{label} = {name!r} is not allowed: {need}; {spelled!r} {what}"
        f"{why if col is not None and col.identifier else ''}. Columns of table {m.table!r} "
        f"that can be used: {usable}", set_id=set_id, item_id=m.id)


def validate_indicator_set(
    indicator_set: IndicatorSet,
    *,
    shared_measures: Mapping[str, Measure] | None = None,
    schemas: Mapping[str, TableSchema] | None = None,
) -> CheckedSet:
    """Check a set: measure SQL, indicator → measure and composite → indicator references.

    Args:
        indicator_set: the set to check.
        shared_measures: measures registered by plugins that the set may reference by id.
        schemas: canonical tables (default: the built-in ones).

    Returns:
        The set with each measure it uses resolved and its SQL rendered.

    Raises:
        IndicatorDefinitionError: naming the set and the offending measure or indicator.
    """
    schemas = schemas if schemas is not None else _schemas()
    shared = dict(shared_measures or {})
    sid = indicator_set.key
    own = {m.id: m for m in indicator_set.measures}
    checked: dict[str, CheckedMeasure] = {}
    ind_ids = {i.id for i in indicator_set.indicators}
    for ind in indicator_set.indicators:
        for mid in ind.measure_ids:
            if mid in checked:
                continue
            m = own.get(mid) or shared.get(mid)
            if m is None:
                raise IndicatorDefinitionError(
                    f"reads measure {mid!r}, which is neither in the set nor registered by a "
                    f"plugin{_did_you_mean(mid, [*own, *shared])}", set_id=sid, item_id=ind.id)
            checked[mid] = check_measure(m, sid, schemas)
        for ref in (*ind.components, *((ind.parent,) if ind.parent else ())):
            if ref not in ind_ids:
                raise IndicatorDefinitionError(
                    f"refers to indicator {ref!r}, which the set does not define"
                    f"{_did_you_mean(ref, sorted(ind_ids))}", set_id=sid, item_id=ind.id)
        if ind.rule:
            for ref in (*ind.rule.all_of, *ind.rule.of):
                if ref not in ind.components:
                    raise IndicatorDefinitionError(
                        f"its rule names {ref!r}, which is not one of its components",
                        set_id=sid, item_id=ind.id)
            if ind.rule.at_least is not None and ind.rule.at_least > len(ind.rule.of):
                raise IndicatorDefinitionError(
                    f"its rule asks for at least {ind.rule.at_least} of "
                    f"{len(ind.rule.of)} components", set_id=sid, item_id=ind.id)
    for mid, m in own.items():
        if mid not in checked:
            checked[mid] = check_measure(m, sid, schemas)
    return CheckedSet(indicator_set, checked)
