"""The ``sets``, ``describe``, ``plugins`` and ``schema`` commands: what kampungkb knows."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kampungkb.cli._messages import message
from kampungkb.definitions import PluginInfo
from kampungkb.errors import PluginError
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
from kampungkb.plugins import diagnose_plugins, get_plugin_manager
from kampungkb.report._format import display_text, format_number, measure_formula
from kampungkb.report._text import table_lines

if TYPE_CHECKING:
    from kampungkb.models import TableSchema

__all__ = ["describe_set", "run_describe", "run_plugins", "run_schema", "run_sets",
           "schema_lines"]

_OPS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "="}


def _in(line: str, lang: Lang) -> str:
    """A note or a plugin's error in ``lang`` (notes from the plugin system render in either
    language; other text is shown as it is)."""
    render = getattr(line, "render", None)
    return str(render(lang)) if callable(render) else line


def _print_notes(notes: Iterable[str], lang: Lang) -> None:
    notes = list(notes)
    if notes:
        print()
        print(message("notes", lang))
        for line in notes:
            print(f"  - {_in(line, lang)}")


def run_sets(args: argparse.Namespace) -> int:
    """``kampungkb sets``: every usable indicator set, with the distribution that provides it,
    its version and legal basis; then what was left out (conflicts) and why."""
    lang = check_lang(args.lang)
    definitions = get_plugin_manager().definitions()
    sets = definitions.indicator_sets
    if not sets:
        print(text("cli.no_sets", lang))
    else:
        rows = [[key, s.id, s.version, definitions.set_origins.get(key, ""),
                 s.title_id if lang == "id" else s.title_en, str(len(s.indicators))]
                for key, s in sorted(sets.items())]
        headers = [text("col.key", lang), text("col.set", lang), text("col.version", lang),
                   message("col.origin", lang), text("col.title", lang),
                   text("col.indicator", lang)]
        print("\n".join(table_lines(headers, rows, right=[False] * 5 + [True])))
        print()
        for key, s in sorted(sets.items()):
            legal = s.text_in("legal_basis", lang) or "…"
            print(f"{key} — {text('col.legal_basis', lang)}: {legal}")
    _print_notes(definitions.notes, lang)
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
    for name in ("source", "notes"):  # in --lang's language only
        words = ind.text_in(name, lang)
        if words:
            lines.append(f"{pad}{text(f'col.{name}', lang)}: {words}")
    return lines


def describe_set(iset: IndicatorSet, lang: Lang) -> str:
    """The catalogue of ``iset`` as text."""
    shared = get_plugin_manager().definitions().measures
    measures = {**shared, **{m.id: m for m in iset.measures}}
    out = [f"{iset.key} — {iset.title_id if lang == 'id' else iset.title_en}",
           f"{text('col.legal_basis', lang)}: {iset.text_in('legal_basis', lang) or '…'}"]
    if iset.text_in("description", lang):
        out.append(iset.text_in("description", lang))
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
    # Labels and notes come from plugins: no control character reaches the terminal.
    return "\n".join(display_text(part) for line in out for part in line.splitlines() or [""])


def run_describe(args: argparse.Namespace) -> int:
    """``kampungkb describe SET``: the set's catalogue."""
    lang = check_lang(args.lang)
    iset = get_plugin_manager().get_indicator_set(args.set_spec)
    print(describe_set(iset, lang))
    return 0


def _status(info: PluginInfo, lang: Lang) -> str:
    word = message(f"status.{info.status}", lang)
    if lang == "id":
        word += f" [{info.status}]"
    return word + (f": {_in(info.error, lang)}" if info.error else "")


def run_plugins(args: argparse.Namespace) -> int:
    """``kampungkb plugins``: plugins seen (loaded, disabled, broken with their error), where
    they come from, the report formats and readers they add, and what was left out.

    Always runs: when the ordinary load fails (a broken plugin, a name clash), the error is
    printed first and the list is built by :func:`~kampungkb.plugins.diagnose_plugins`,
    which skips whatever is broken.
    """
    lang = check_lang(args.lang)
    try:
        manager = get_plugin_manager()
        definitions = manager.definitions()
    except PluginError as exc:
        print(message("plugins_failed", lang, message=exc.message(lang).splitlines()[0]))
        print(message("plugins_diagnosed", lang))
        print()
        manager = diagnose_plugins()
        definitions = manager.definitions()
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
            rows.append([info.name, origin, _status(info, lang), info.version or "", hooks])
        print("\n".join(table_lines(headers, rows, right=[False] * 5, max_first=60)))
    print()
    print(text("cli.report_formats", lang))
    from kampungkb.report import available_formats  # noqa: PLC0415

    for name, spec in available_formats(definitions).items():
        desc = spec.description_id if lang == "id" and spec.description_id else spec.description
        print(f"  {name:<10} {spec.suffix:<7} {desc}")
    print()
    print(text("cli.readers", lang))
    for name, reader in definitions.readers.items():
        desc = (reader.description_id if lang == "id" and reader.description_id
                else reader.description)
        print(f"  {name:<10} {' '.join(reader.suffixes):<16} {desc}")
    _print_notes(definitions.notes, lang)
    return 0


def schema_lines(schema: TableSchema, lang: Lang) -> list[str]:
    """A table's columns as text in ``lang``: the header line (name, kind, what a row is), the
    key, then one row per column (name and marker, type, required, codes and bounds, label and
    description).

    Descriptions, markers and the table kind are in ``lang``; a column without an Indonesian
    description (a plugin's table extension may give only ``description``) shows the English
    one rather than nothing (:meth:`~kampungkb.models.Column.description_in`).
    """
    kind = text(f"schema.kind.{schema.kind}", lang)
    about = display_text(schema.description_in(lang))
    lines = [f"{schema.name} ({kind}) — {about}" if about else f"{schema.name} ({kind})",
             f"{text('col.key', lang)}: {', '.join(schema.key)}", ""]
    headers = [text("col.column", lang), text("col.type", lang), text("col.required", lang),
               text("col.codes", lang), text("col.description", lang)]
    rows = []
    for col in schema.columns:
        codes = ", ".join(col.enum) if col.enum else ""
        bounds = [f"≥ {format_number(col.ge, 6)}" if col.ge is not None else "",
                  f"≤ {format_number(col.le, 6)}" if col.le is not None else ""]
        codes = "; ".join(p for p in [codes, " ".join(b for b in bounds if b)] if p)
        desc = label_of(col, lang)
        about = col.description_in(lang)
        if about:
            desc = f"{desc}: {about}" if desc else about
        marker = "schema.personal" if col.personal else "schema.derived" if col.derived else ""
        flags = f" ({text(marker, lang)})" if marker else ""
        rows.append([col.name + flags, col.type,
                     text("value.yes" if col.required else "value.no", lang), codes, desc])
    lines += table_lines(headers, rows, right=[False] * 5, max_first=40)
    return lines


def run_schema(args: argparse.Namespace) -> int:
    """``kampungkb schema TABLE [--json]``: a canonical table's columns or JSON Schema."""
    from kampungkb.models.tables import get_table_schema, json_schema  # noqa: PLC0415

    lang = check_lang(args.lang)
    if args.json:
        print(json.dumps(json_schema(args.table), ensure_ascii=False, indent=2))
        return 0
    print("\n".join(schema_lines(get_table_schema(args.table), lang)))
    return 0
