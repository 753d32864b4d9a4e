"""Formatting of indicator values for people: decimals, units, markers, never 0 for missing.

Conventions (documented in ``docs/reports.md``):

* up to the indicator's ``decimals`` decimals, trailing zeros dropped (``66.35``, ``67.3``);
  in the report's language: Bahasa Indonesia writes a decimal comma and a thousands dot
  (``66,35 %``, ``4.420.000``), English a decimal point and a thousands comma (``66.35 %``,
  ``4,420,000``); :func:`format_number` without ``lang`` writes the plain ``4420000.5``;
* percentages with `` %``; counts as integers; a presence indicator as ``terbentuk``/``formed``
  or ``–`` (nihil) at village level, and as the share of villages above it;
* a missing value is ``…`` ("data not available", the BPS convention) — never ``0``;
* a ratio whose denominator is under the indicator's ``min_denominator`` carries ``*``,
  a value from monthly reports ``†``, a roll-up over incomplete village coverage ``‡``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from kampungkb.indicators import Measure
from kampungkb.labels import (
    MARK_ACHIEVED,
    MARK_FROM_REPORT,
    MARK_NIL,
    MARK_NOT_ACHIEVED,
    MARK_NOT_AVAILABLE,
    MARK_PARTIAL,
    MARK_SMALL,
    MARK_SUPPRESSED,
    MARK_UNDETERMINED,
    Lang,
    change_rule_name,
    text,
)

__all__ = [
    "FORMULA_START",
    "Cell",
    "achieved_mark",
    "change_text",
    "csv_safe",
    "display_text",
    "format_number",
    "has_rule",
    "measure_formula",
    "presence_word",
    "target_text",
    "value_cell",
]

_OPS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "="}

#: What a spreadsheet may read as the start of a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_LINE_BREAKS = re.compile(r"[\t\n\r\v\f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def display_text(value: str) -> str:
    """Text from data or plugins made safe for a terminal or a one-line table cell.

    Tabs and line breaks become spaces; other control characters (an ANSI escape's ``ESC``,
    ``NUL`` …) become ``�`` (U+FFFD), so a village name can neither break a table's layout
    nor drive the terminal.
    """
    return _CONTROL.sub("\ufffd", _LINE_BREAKS.sub(" ", value))


def csv_safe(value: str) -> str:
    """A text cell for CSV: one that begins like a formula (``=``, ``+``, ``-``, ``@``, tab or
    carriage return) gets a leading ``'`` so a spreadsheet shows it as text (OWASP)."""
    return "'" + value if value.startswith(FORMULA_START) else value


@attrs.frozen
class Cell:
    """A value ready for display.

    Attributes:
        text: what is shown, markers included (``"50 %*"``).
        value: the number behind it (``None`` when missing).
        marks: footnote markers attached (``"*"``, ``"†"``, ``"‡"``).
    """

    text: str
    value: float | None
    marks: tuple[str, ...] = ()


def format_number(value: float, decimals: int, lang: Lang | None = None) -> str:
    """``value`` with up to ``decimals`` decimals, trailing zeros dropped (``67.30`` → ``67.3``).

    ``lang``: ``"id"`` writes ``4.420.000,5`` (thousands dot, decimal comma), ``"en"``
    ``4,420,000.5``; ``None`` (the default) the plain ``4420000.5`` of definitions and code.

    Example:
        >>> format_number(66.35, 2, "id"), format_number(4420000, 0, "id")
        ('66,35', '4.420.000')
    """
    out = f"{value:.{max(decimals, 0)}f}"
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    if out in ("-0", ""):
        return "0"
    if lang is None:
        return out
    sign, digits = ("-", out[1:]) if out.startswith("-") else ("", out)
    whole, _, frac = digits.partition(".")
    grouped = f"{int(whole):,}"
    if lang == "id":
        return sign + grouped.replace(",", ".") + ("," + frac if frac else "")
    return sign + grouped + ("." + frac if frac else "")


def _marks(flags: Sequence[str] | None, kind: str) -> tuple[str, ...]:
    found = set(flags or ())
    out = []
    if kind == "ratio" and "small_denominator" in found:
        out.append(MARK_SMALL)
    if "from_report" in found:
        out.append(MARK_FROM_REPORT)
    if "partial_coverage" in found:
        out.append(MARK_PARTIAL)
    return tuple(out)


def presence_word(group: str, lang: Lang) -> str:
    """``terbentuk``/``formed`` for an output (PATBM, home industry), else ``ada``/``present``."""
    return text("value.formed" if group == "output" else "value.present", lang)


def value_cell(value: float | None, *, kind: str, unit: str, decimals: int,
               flags: Sequence[str] | None, level: str, lang: Lang,
               group: str = "output") -> Cell:
    """Format one indicator value (baseline or follow-up) of ``kind`` at ``level``."""
    marks = _marks(flags, kind)
    suffix = "".join(marks)
    if value is None:
        if any(f.startswith("suppressed_") for f in flags or ()):
            return Cell(MARK_SUPPRESSED, None, (MARK_SUPPRESSED,))
        return Cell(MARK_NOT_AVAILABLE, None, ())
    if kind == "presence":
        if level == "village":
            shown = presence_word(group, lang) if value >= 1 else MARK_NIL
        else:
            shown = f"{format_number(value, decimals, lang)} % {text('value.of_villages', lang)}"
        return Cell(shown + suffix, value, marks)
    if kind == "ratio":
        number = format_number(value, decimals, lang)
        shown = f"{number} %" if unit == "%" else f"{number} {unit}".rstrip()
        return Cell(shown + suffix, value, marks)
    if kind == "composite":
        return Cell(format_number(value, 0, lang), value, ())
    return Cell(format_number(value, 0 if float(value).is_integer() else decimals, lang) + suffix,
                value, marks)


def change_text(baseline: float | None, followup: float | None, *, kind: str,
                decimals: int, lang: Lang | None = None) -> str:
    """Signed change ``followup − baseline`` (``+0.95``, ``+0,95`` in ``"id"``); empty for
    presence and composites."""
    if kind in ("presence", "composite"):
        return ""
    if baseline is None or followup is None:
        return MARK_NOT_AVAILABLE
    delta = followup - baseline
    number = format_number(delta, decimals if kind == "ratio" else 0, lang)
    if number == "0":
        return "0"
    return number if number.startswith("-") else f"+{number}"


def target_text(row: dict[str, Any], lang: Lang, *, rule: Any = None) -> str:
    """The target and change rule of a scorecard row in words (``> 85 %; naik``)."""
    kind = row["kind"]
    if kind == "composite":
        return _rule_text(rule, lang) if rule is not None else ""
    parts = []
    if kind == "presence":
        parts.append(presence_word(row.get("group", "output"), lang) if row["level"] == "village"
                     else text("value.all_villages", lang))
    if row.get("target_op"):
        value = format_number(float(row["target_value"]), 2, lang)
        unit = " %" if kind == "ratio" and row.get("unit") == "%" else ""
        parts.append(f"{_OPS.get(row['target_op'], row['target_op'])} {value}{unit}")
    if row.get("change_rule"):
        parts.append(change_rule_name(row["change_rule"], lang))
    return "; ".join(parts)


def _rule_text(rule: Any, lang: Lang) -> str:
    all_of = tuple(rule.all_of)
    of = tuple(rule.of)
    k = len(of) if rule.at_least is None else int(rule.at_least)
    if all_of and of:
        return text("rule.composite", lang, n_all=len(all_of), k=k, n_of=len(of))
    if all_of:
        return text("rule.composite_all", lang, n_all=len(all_of))
    return text("rule.composite_of", lang, k=k, n_of=len(of))


def has_rule(row: dict[str, Any]) -> bool:
    """Whether the scorecard row is judged at all (presence, a target, a change rule, a rule)."""
    return bool(row["kind"] in ("presence", "composite") or row.get("target_op")
                or row.get("change_rule"))


def achieved_mark(achieved: bool | None, judged: bool) -> str:
    """``✓`` achieved, ``✗`` not, ``?`` undetermined; empty when the row has no rule."""
    if not judged:
        return ""
    if achieved is None:
        return MARK_UNDETERMINED
    return MARK_ACHIEVED if achieved else MARK_NOT_ACHIEVED


def measure_formula(m: Measure, lang: Lang) -> str:
    """A measure in words: what it counts, over which table, with which filter."""
    if m.agg == "count":
        out = text("formula.count_rows", lang, table=m.table)
    elif m.agg == "sum":
        out = text("formula.sum", lang, column=m.column, table=m.table)
    else:
        out = text("formula.count_distinct", lang, column=m.column, table=m.table)
    if m.filter:
        out += " " + text("formula.where", lang, filter=m.filter)
    if m.latest_per and m.latest_among:
        out += " " + text("formula.latest_among", lang, column=m.latest_per,
                          among=m.latest_among)
    elif m.latest_per:
        out += " " + text("formula.latest", lang, column=m.latest_per)
    if m.report:
        out += "; " + text("formula.report", lang, report=m.report)
    return out
