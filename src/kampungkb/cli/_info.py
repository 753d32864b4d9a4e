"""The ``sets``, ``describe``, ``plugins`` and ``schema`` commands: what kampungkb knows."""

from __future__ import annotations

import argparse
import json

from kampungkb.indicators import Indicator, IndicatorSet, Measure
from kampungkb.labels import (
    Lang,
    change_rule_name,
    check_lang,
    direction_name,
    group_name,
    kind_name,
    label_of,
    text,
    unit_name,
)
from kampungkb.plugins import get_plugin_manager
from kampungkb.report._format import format_number, measure_formula
from kampungkb.report._text import table_lines

__all__ = ["describe_set", "run_describe", "run_plugins", "run_schema", "run_sets"]

_OPS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "="}


def run_sets(args: argparse.Namespace) -> int:
    """``kampungkb sets``: every indicator set of every plugin, with version and legal basis."""
    lang = check_lang(args.lang)
    sets = get_plugin_manager().indicator_sets()
    if not sets:
        print(text("cli.no_sets", lang))
        return 0
    rows = [[key, s.id, s.version, s.title_id if lang == "id" else s.title_en,
             str(len(s.indicators))] for key, s in sorted(sets.items())]
    headers = [text("col.key", lang), text("col.set", lang), text("col.version", lang),
               text("col.title", lang), text("col.indicator", lang)]
    print("\n".join(table_lines(headers, rows, right=[False, False, False, False, True])))
    print()
    for key, s in sorted(sets.items()):
        print(f"{key} — {text('col.legal_basis', lang)}: {s.legal_basis or '…'}")
    return 0


def _formula(ind: Indicator, lang: Lang) -> str:
    if ind.kind == "composite":
        return ", ".join(ind.components)
    if ind.kind == "ratio":
        factor = format_number(ind.factor, 6)
        return f"{ind.numerator} / {ind.denominator} × {factor}"
    if ind.kind == "presence":
        return f"{ind.numerator} ≥ 1"
    return str(ind.numerator)


def _describe_indicator(ind: Indicator, measures: dict[str, Measure], lang: Lang) -> list[str]:
    indent = "    " if ind.parent else ""
    head = f"{indent}{ind.id} — {label_of(ind, lang)}"
    facts = [kind_name(ind.kind, lang), group_name(ind.group, lang)]
    if ind.parent:
        facts.append(f"{text('col.parent', lang)}: {ind.parent}")
    lines = [head, f"{indent}  [{' · '.join(facts)}]"]
    pad = indent + "  "
    unit = unit_name(ind.unit, lang) if ind.kind in ("ratio", "count") else ""
    formula = _formula(ind, lang)
    if ind.kind == "ratio":
        formula += f" ({ind.decimals} {text('col.decimals', lang).lower()}, {unit})"
    elif ind.kind == "count" and unit:
        formula += f" ({unit})"
    lines.append(f"{pad}{text('col.formula', lang)}: {formula}")
    for mid in ind.measure_ids:
        m = measures.get(mid)
        if m is not None:
            lines.append(f"{pad}  {mid} = {measure_formula(m, lang)}")
    if ind.rule is not None:
        lines.append(f"{pad}{text('col.rule', lang)}: {ind.rule.describe(lang)}")
    if ind.target is not None:
        value = format_number(ind.target.value, 6)
        lines.append(f"{pad}{text('col.target', lang)}: {_OPS[ind.target.op]} {value}")
    if ind.change:
        lines.append(f"{pad}{text('col.change_rule', lang)}: {change_rule_name(ind.change, lang)}"
                     f" ({text('col.direction', lang).lower()}: "
                     f"{direction_name(ind.direction, lang)})")
    if ind.kind == "ratio":
        lines.append(f"{pad}{text('col.min_denominator', lang)}: {ind.min_denominator}")
    if ind.source:
        lines.append(f"{pad}{text('col.source', lang)}: {ind.source}")
    if ind.notes:
        lines.append(f"{pad}{text('col.notes', lang)}: {ind.notes}")
    return lines


def describe_set(iset: IndicatorSet, lang: Lang) -> str:
    """The catalogue of ``iset`` as text."""
    measures = {**get_plugin_manager().measures(), **{m.id: m for m in iset.measures}}
    out = [f"{iset.key} — {iset.title_id if lang == 'id' else iset.title_en}",
           f"{text('col.legal_basis', lang)}: {iset.legal_basis or '…'}"]
    if iset.description:
        out.append(iset.description)
    order = [i for i in iset.indicators if i.parent is None]
    group = ""
    for top in order:
        if top.group != group:
            group = top.group
            out += ["", f"== {group_name(group, lang)} =="]
        out += ["", *_describe_indicator(top, measures, lang)]
        for sub in iset.indicators:
            if sub.parent == top.id:
                out += ["", *_describe_indicator(sub, measures, lang)]
    return "\n".join(out)


def run_describe(args: argparse.Namespace) -> int:
    """``kampungkb describe SET``: the set's catalogue."""
    lang = check_lang(args.lang)
    iset = get_plugin_manager().get_indicator_set(args.set_spec)
    print(describe_set(iset, lang))
    return 0


def run_plugins(args: argparse.Namespace) -> int:
    """``kampungkb plugins``: plugins loaded, where from, and the formats and readers added."""
    lang = check_lang(args.lang)
    manager = get_plugin_manager()
    infos = manager.plugins()
    if not infos:
        print(text("cli.no_plugins", lang))
    else:
        headers = [text("col.plugin", lang), text("col.kind_plugin", lang),
                   text("col.status", lang), text("col.version", lang),
                   text("col.hooks", lang)]
        rows = []
        for info in infos:
            origin = info.kind + (f" ({info.distribution})" if info.distribution else "")
            hooks = ", ".join(h.removeprefix("kampungkb_register_") for h in info.hooks)
            status = info.status + (f": {info.error}" if info.error else "")
            rows.append([info.name, origin, status, info.version or "", hooks])
        print("\n".join(table_lines(headers, rows, right=[False] * 5, max_first=60)))
    print()
    print(text("cli.report_formats", lang))
    from kampungkb.report import available_formats  # noqa: PLC0415

    for name, spec in available_formats().items():
        desc = spec.description_id if lang == "id" and spec.description_id else spec.description
        print(f"  {name:<10} {spec.suffix:<7} {desc}")
    print()
    print(text("cli.readers", lang))
    for name, reader in manager.readers().items():
        desc = (reader.description_id if lang == "id" and reader.description_id
                else reader.description)
        print(f"  {name:<10} {' '.join(reader.suffixes):<16} {desc}")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """``kampungkb schema TABLE [--json]``: a canonical table's columns or JSON Schema."""
    from kampungkb.models.tables import get_table_schema, json_schema  # noqa: PLC0415

    lang = check_lang(args.lang)
    if args.json:
        print(json.dumps(json_schema(args.table), ensure_ascii=False, indent=2))
        return 0
    schema = get_table_schema(args.table)
    print(f"{schema.name} ({schema.kind}) — {schema.description}")
    print(f"{text('col.key', lang)}: {', '.join(schema.key)}")
    print()
    headers = [text("col.column", lang), text("col.type", lang), text("col.required", lang),
               text("col.codes", lang), text("col.description", lang)]
    rows = []
    for col in schema.columns:
        codes = ", ".join(col.enum) if col.enum else ""
        bounds = [f"≥ {format_number(col.ge, 6)}" if col.ge is not None else "",
                  f"≤ {format_number(col.le, 6)}" if col.le is not None else ""]
        codes = "; ".join(p for p in [codes, " ".join(b for b in bounds if b)] if p)
        desc = label_of(col, lang)
        if col.description:
            desc = f"{desc}: {col.description}" if desc else col.description
        flags = " (personal)" if col.personal else " (derived)" if col.derived else ""
        rows.append([col.name + flags, col.type,
                     text("value.yes" if col.required else "value.no", lang), codes, desc])
    print("\n".join(table_lines(headers, rows, right=[False] * 5, max_first=40)))
    return 0
