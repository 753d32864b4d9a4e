"""Checks of an indicator set before it is computed: references, SQL filters, rules, roles.

Every filter and summed column is parsed and checked with SQLGlot against the canonical table
(:mod:`kampungkb.indicators._check`); the re-rendered SQL — never the raw text — is what the
engine embeds.  Any problem is an :class:`~kampungkb.errors.IndicatorDefinitionError` naming the
set and the measure or indicator.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Mapping

import attrs

from kampungkb.errors import IndicatorDefinitionError
from kampungkb.indicators import _prechecked
from kampungkb.indicators._definitions import Indicator, IndicatorSet, Measure
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
    latest_among_sql: str | None = None
    #: The columns the filter, the summed value and ``latest_among`` read (from the checked
    #: expressions), so the engine reads only those without parsing the SQL again; None when
    #: not known (the engine then parses the SQL to find them).
    reads: tuple[str, ...] | None = None


@attrs.frozen
class CheckedSet:
    """An indicator set with every measure it reads resolved and checked."""

    indicator_set: IndicatorSet
    measures: dict[str, CheckedMeasure]


def _schemas() -> Mapping[str, TableSchema]:
    from kampungkb.models._canonical import CANONICAL_TABLES  # noqa: PLC0415 - import cycle

    return CANONICAL_TABLES


def _derived(schema: TableSchema) -> dict[str, str]:
    return derived_columns(schema)


#: Measures that passed the checks, by (measure, set, its table's schema, the reports' schema):
#: all frozen, so a measure checked once needs no second SQLGlot parse on the next compute.
#: Keyed by identity; the entry keeps the objects, so an id is never reused while cached.
_CHECKED: dict[tuple[int, str, int, int],
               tuple[Measure, TableSchema | None, TableSchema | None, CheckedMeasure]] = {}
_CHECKED_LOCK = threading.Lock()
_CHECKED_MAX = 4096


def _check_measure_cached(m: Measure, set_id: str,
                          schemas: Mapping[str, TableSchema]) -> CheckedMeasure:
    schema, reports = schemas.get(m.table), schemas.get("monthly_reports")
    key = (id(m), set_id, id(schema), id(reports))
    hit = _CHECKED.get(key)
    if hit is not None and hit[0] is m and hit[1] is schema and hit[2] is reports:
        return hit[3]
    checked = check_measure(m, set_id, schemas)  # raises for a bad measure: never cached
    with _CHECKED_LOCK:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = (m, schema, reports, checked)
    return checked


def _did_you_mean(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unknown(key: str, asked: str, options: list[str], *, set_id: str, item_id: str,
             **fields: object) -> IndicatorDefinitionError:
    """Error ``key`` about an unknown ``asked``; ``key + '_close'`` when one of ``options``
    is close to it (a did-you-mean)."""
    close = difflib.get_close_matches(asked, options, n=1)
    if close:
        return IndicatorDefinitionError.of(f"{key}_close", set_id=set_id, item_id=item_id,
                                           close=close[0], **fields)
    return IndicatorDefinitionError.of(key, set_id=set_id, item_id=item_id, **fields)


def check_snippet(kind: _prechecked.Kind, sql: str, schema: TableSchema,
                  extra: Mapping[str, str] | None, *, set_id: str, item_id: str,
                  stored: bool = True) -> tuple[str, tuple[str, ...]]:
    """Check one filter (``kind="filter"``) or summed value (``"value"``) against ``schema``
    with the derived columns ``extra``: the SQL the engine embeds and the columns it reads.

    A snippet of the packaged definitions, unchanged and on unchanged columns, takes its
    stored check (:mod:`kampungkb.indicators._prechecked`; ``stored=False`` never does);
    everything else is parsed and checked with SQLGlot.

    Raises:
        IndicatorDefinitionError: as :func:`~kampungkb.indicators._check.check_filter`.
    """
    if stored:
        hit = _prechecked.lookup(kind, sql, schema, extra)
        if hit is not None:
            return hit
    # SQLGlot only when a snippet needs the full check (≈ 70 ms to import)
    from kampungkb.indicators._check import (  # noqa: PLC0415
        check_filter,
        check_value_expression,
        referenced_columns,
        render_safe,
    )

    if kind == "filter":
        tree = check_filter(sql, schema, set_id=set_id, item_id=item_id, extra_columns=extra)
        return render_safe(tree), referenced_columns(tree)
    tree = check_value_expression(sql, schema, set_id=set_id, item_id=item_id,
                                  extra_columns=extra)
    return render_safe(tree, value=True), referenced_columns(tree)


def check_measure(
    m: Measure, set_id: str, schemas: Mapping[str, TableSchema]
) -> CheckedMeasure:
    """Check one measure's table, filter, column and report expression."""
    schema = schemas.get(m.table)
    if schema is None:
        raise _unknown("indicators.unknown_table", m.table, list(schemas), set_id=set_id,
                       item_id=m.id, table=m.table)
    extra = _derived(schema)
    filter_sql = column_sql = report_sql = None
    reads: list[str] = []
    if m.filter:
        filter_sql, names = check_snippet("filter", m.filter, schema, extra, set_id=set_id,
                                          item_id=m.id)
        reads.extend(names)
    if m.column:
        if m.agg == "sum":
            column_sql, names = check_snippet("value", m.column, schema, extra, set_id=set_id,
                                              item_id=m.id)
            reads.extend(names)
        else:
            name = _role_column(m, "column", schema, extra, set_id)
            column_sql = quote_identifier(name)
            reads.append(name)
    if m.by:
        _role_column(m, "by", schema, extra, set_id)
    if m.latest_per:
        _role_column(m, "latest_per", schema, extra, set_id)
    among_sql = None
    if m.latest_among:
        among_sql, names = check_snippet("filter", m.latest_among, schema, extra,
                                         set_id=set_id, item_id=m.id)
        reads.extend(names)
    if m.report:
        reports = schemas.get("monthly_reports")
        if reports is None:  # pragma: no cover - the canonical tables always include it
            raise IndicatorDefinitionError.of("indicators.no_reports_table", set_id=set_id,
                                              item_id=m.id)
        report_sql = check_snippet("value", m.report, reports, None, set_id=set_id,
                                   item_id=m.id)[0]
    return CheckedMeasure(m, filter_sql, column_sql, report_sql, among_sql,
                          reads=tuple(dict.fromkeys(reads)))


def _role_column(m: Measure, attr: str, schema: TableSchema, extra: Mapping[str, str],
                 set_id: str) -> str:
    """Check the column a measure names in ``by``, ``latest_per`` or (``count_distinct``)
    ``column``; return its name.

    ``by`` takes only dimension columns (categories); ``latest_per`` and a distinct count also
    take entity identifiers.  Personal data is never allowed, and nothing that would make a
    measure's output list individual records.
    """
    name = str(getattr(m, attr))
    label = "column (count_distinct)" if attr == "column" else attr
    col = next((c for c in schema.columns if c.name == name), None)
    spelled = name if col is not None or name in extra else None
    if spelled is None:
        names = [c.name for c in schema.columns if not c.personal] + list(extra)
        raise _unknown("indicators.no_such_column", name, names, set_id=set_id, item_id=m.id,
                       label=label, name=name, table=m.table)
    if col is not None and col.personal:
        raise IndicatorDefinitionError.of("indicators.personal_column", set_id=set_id,
                                          item_id=m.id, label=label, name=name,
                                          column=col.name)
    dims = set(schema.dimension_columns) | set(derived_dimensions(schema))
    allowed = dims if attr == "by" else dims | set(schema.entity_columns)
    if spelled in allowed:
        return spelled
    what = "identifier" if col is not None and col.identifier else "not_category"
    usable = ", ".join(c for c in [*schema.column_names, *extra] if c in allowed)
    raise IndicatorDefinitionError.of(
        f"indicators.role_{attr}_{what}", set_id=set_id, item_id=m.id, label=label, name=name,
        spelled=spelled, table=m.table, usable=usable)


def _check_components(ind: Indicator, kinds: Mapping[str, str], set_id: str) -> None:
    """A composite's components are ratios, counts or presence: a composite inside another
    (or a cycle of them, or one listing itself) would be evaluated wrongly or not at all."""
    for ref in ind.components:
        if ref == ind.id:
            raise IndicatorDefinitionError.of("indicators.composite_self", set_id=set_id,
                                              item_id=ind.id)
        if kinds[ref] == "composite":
            raise IndicatorDefinitionError.of("indicators.composite_nested", set_id=set_id,
                                              item_id=ind.id, ref=ref)


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
    kinds = {i.id: i.kind for i in indicator_set.indicators}
    ind_ids = set(kinds)
    for ind in indicator_set.indicators:
        for mid in ind.measure_ids:
            if mid in checked:
                continue
            m = own.get(mid) or shared.get(mid)
            if m is None:
                raise _unknown("indicators.unknown_measure", mid, [*own, *shared], set_id=sid,
                               item_id=ind.id, measure=mid)
            checked[mid] = _check_measure_cached(m, sid, schemas)
        for ref in (*ind.components, *((ind.parent,) if ind.parent else ())):
            if ref not in ind_ids:
                raise _unknown("indicators.unknown_indicator", ref, sorted(ind_ids),
                               set_id=sid, item_id=ind.id, ref=ref)
        _check_components(ind, kinds, sid)
        if ind.rule:
            for ref in (*ind.rule.all_of, *ind.rule.of):
                if ref not in ind.components:
                    raise IndicatorDefinitionError.of("indicators.rule_not_component",
                                                      set_id=sid, item_id=ind.id, ref=ref)
            if ind.rule.at_least is not None and ind.rule.at_least > len(ind.rule.of):
                raise IndicatorDefinitionError.of("indicators.rule_at_least", set_id=sid,
                                                  item_id=ind.id, at_least=ind.rule.at_least,
                                                  count=len(ind.rule.of))
    for mid, m in own.items():
        if mid not in checked:
            checked[mid] = _check_measure_cached(m, sid, schemas)
    return CheckedSet(indicator_set, checked)
