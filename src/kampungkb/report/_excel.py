"""The Excel workbook (openpyxl): summary, one sheet per level, ranking, catalogue.

Numbers are stored as numbers with number formats (``0.00`` for percentages, ``0`` for
counts; a presence indicator at village level as 1/0 shown as ``terbentuk``/``–``); missing
values are empty cells, never 0; header rows are frozen and columns sized.

Every text cell is literal text: a label, title or village name that begins like a formula
(``=``, ``+``, ``-``, ``@``, tab, CR) is written as a string cell with Excel's quote prefix,
never as a formula, and control characters Excel's XML cannot hold become ``�`` (U+FFFD).
No cell of the workbook is a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

import kampungkb
from kampungkb.engine import LEVELS
from kampungkb.evaluate import Evaluation
from kampungkb.labels import (
    MARK_ACHIEVED,
    MARK_NOT_ACHIEVED,
    MARK_UNDETERMINED,
    Lang,
    change_rule_name,
    flag_name,
    group_name,
    kind_name,
    label_of,
    level_name,
    text,
    unit_name,
)
from kampungkb.report._format import (
    FORMULA_START,
    has_rule,
    measure_formula,
    presence_word,
    target_text,
)
from kampungkb.report._model import ReportOptions

__all__ = ["cell_text", "number_format", "workbook_bytes"]

_HEAD_FILL = PatternFill("solid", fgColor="DCE8EE")
_FLAG_FILL = PatternFill("solid", fgColor="FFF4CE")
_BOLD = Font(bold=True)


def number_format(kind: str, decimals: int, level: str, lang: Lang, group: str) -> str:
    """The Excel number format of an indicator's values."""
    if kind == "presence" and level == "village":
        return f'[=1]"{presence_word(group, lang)}";[=0]"–";0'
    if kind in ("ratio", "presence"):
        return "0" if decimals <= 0 else "0." + "0" * decimals
    return "0"


def cell_text(value: str) -> str:
    """``value`` without the control characters an xlsx file cannot hold (→ ``�``)."""
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _append(ws: Any, values: Sequence[object]) -> None:
    """Append a row; text stays text (never a formula), numbers stay numbers."""
    ws.append([cell_text(v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            cell.data_type = "s"  # openpyxl made it a formula ('f'): it is text
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def _sheet(wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[int]) -> Any:
    ws = wb.create_sheet(title=title[:31])
    _append(ws, list(headers))
    for i, cell in enumerate(ws[1], start=1):
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = widths[i - 1]
    return ws


def _mark(achieved: bool | None, judged: bool) -> str:
    if not judged:
        return ""
    if achieved is None:
        return MARK_UNDETERMINED
    return MARK_ACHIEVED if achieved else MARK_NOT_ACHIEVED


def _summary_sheet(wb: Workbook, ev: Evaluation, opts: ReportOptions) -> None:
    lang = opts.lang
    iset = ev.indicator_set
    ws = wb.active
    ws.title = text("report.summary_sheet", lang)
    rows = [
        (text("col.title", lang), iset.title_id if lang == "id" else iset.title_en),
        (text("report.set", lang), iset.key),
        (text("report.legal_basis", lang), iset.legal_basis),
        (text("col.baseline", lang), ev.baseline),
        (text("col.followup", lang), ev.followup),
        (text("report.run_date", lang), opts.run_date.isoformat()),
        (text("report.source", lang), opts.source),
        (text("report.version", lang), kampungkb.__version__),
        (text("col.level", lang), ev.results.hierarchy),
        ("", ""),
        (MARK_ACHIEVED, text("legend.achieved", lang)),
        (MARK_NOT_ACHIEVED, text("legend.not_achieved", lang)),
        (MARK_UNDETERMINED, text("legend.undetermined", lang)),
        (text("col.flags", lang), text("legend.small_varied", lang) + " → "
         + flag_name("small_denominator", lang)),
    ]
    for row in rows:
        _append(ws, list(row))
    for cell in ws["A"]:
        cell.font = _BOLD
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100


def _level_sheet(wb: Workbook, ev: Evaluation, level: str, opts: ReportOptions) -> None:
    lang = opts.lang
    sc = ev.scorecard
    rows = sc.filter(pc.equal(sc["level"], level))
    summary = {r["region_code"]: r for r in ev.level(level).to_pylist()}
    higher = level != "village"
    headers = [text("col.code", lang), text("col.name", lang), text("col.rank", lang),
               text("col.main_achieved", lang), text("col.id", lang),
               text("col.indicator", lang), text("col.unit", lang),
               f"{text('col.baseline', lang)} {ev.baseline}",
               f"{text('col.followup', lang)} {ev.followup}", text("col.change", lang),
               text("col.target", lang), text("col.achieved", lang),
               f"{text('col.numerator', lang)} {ev.followup}",
               f"{text('col.denominator', lang)} {ev.followup}", text("col.flags", lang),
               text("col.reason", lang)]
    widths = [15, 24, 9, 11, 18, 44, 10, 12, 12, 11, 20, 9, 12, 12, 24, 50]
    if higher:
        headers += [text("col.villages_achieved", lang), text("col.villages_evaluated", lang)]
        widths += [10, 10]
    ws = _sheet(wb, text(f"sheet.{level}", lang), headers, widths)
    iset = ev.indicator_set
    for r in rows.to_pylist():
        ind = iset.indicator(r["indicator_id"])
        code = r["region_code"]
        s = summary.get(code, {})
        flags = sorted(set((r["baseline_flags"] or []) + (r["followup_flags"] or [])))
        unit = unit_name(r["unit"], lang) if r["kind"] in ("ratio", "count") else ""
        values = [code, opts.names.get(code, ""), s.get("rank"), s.get("achieved"),
                  r["indicator_id"], ("    " if ind.parent else "") + label_of(ind, lang), unit,
                  r["baseline"], r["followup"],
                  None if r["kind"] in ("presence", "composite") else r["change"],
                  target_text(r, lang, rule=ind.rule), _mark(r["achieved"], has_rule(r)),
                  r["followup_numerator"], r["followup_denominator"],
                  ", ".join(flag_name(f, lang) for f in flags),
                  r["reason_id"] if lang == "id" else r["reason_en"]]
        if higher:
            values += [r["villages_achieved"], r["villages_evaluated"]]
        _append(ws, values)
        fmt = number_format(r["kind"], int(r["decimals"]), level, lang, r["group"])
        row = ws.max_row
        for col in (8, 9):
            ws.cell(row=row, column=col).number_format = fmt
        ws.cell(row=row, column=10).number_format = "+0.00;-0.00;0" if r["kind"] == "ratio" \
            else "+0;-0;0"
        for col in (13, 14):
            ws.cell(row=row, column=col).number_format = "0"
        if r["kind"] == "ratio" and "small_denominator" in flags:
            for col in (8, 9, 15):
                ws.cell(row=row, column=col).fill = _FLAG_FILL
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions


def _ranking_sheet(wb: Workbook, ev: Evaluation, levels: Sequence[str],
                   opts: ReportOptions) -> None:
    lang = opts.lang
    headers = [text("col.level", lang), text("col.rank", lang), text("col.code", lang),
               text("col.name", lang), text("col.main_achieved", lang),
               text("col.undetermined", lang), text("col.sub_achieved", lang),
               text("col.villages_evaluated", lang)]
    ws = _sheet(wb, text("report.ranking_sheet", lang), headers, [16, 9, 15, 28, 12, 12, 12, 12])
    for level in levels:
        for r in ev.level(level).to_pylist():
            _append(ws, [level_name(level, lang), r["rank"], r["region_code"],
                       opts.names.get(r["region_code"], ""), r["achieved"],
                       r["undetermined"], r["sub_achieved"], r["sub_evaluated"]])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def _catalogue_sheet(wb: Workbook, ev: Evaluation, opts: ReportOptions) -> None:
    lang = opts.lang
    iset = ev.indicator_set
    measures = {m.id: m for m in iset.measures}
    headers = [text("col.id", lang), text("col.indicator", lang), text("col.parent", lang),
               text("col.group", lang), text("col.kind", lang), text("col.unit", lang),
               text("col.decimals", lang), text("col.numerator", lang),
               text("col.denominator", lang), text("col.target", lang),
               text("col.change_rule", lang), text("col.rule", lang),
               text("col.min_denominator", lang), text("col.source", lang),
               text("col.notes", lang)]
    ws = _sheet(wb, text("report.catalogue", lang), headers,
                [18, 44, 16, 10, 11, 10, 8, 50, 50, 10, 12, 40, 10, 40, 60])

    def formula(mid: str | None) -> str:
        if not mid:
            return ""
        m = measures.get(mid)
        return f"{mid}: {measure_formula(m, lang)}" if m else mid

    for ind in iset.indicators:
        target = f"{ind.target.op} {ind.target.value:g}" if ind.target else ""
        _append(ws, [ind.id, label_of(ind, lang), ind.parent or "", group_name(ind.group, lang),
                   kind_name(ind.kind, lang), unit_name(ind.unit, lang), ind.decimals,
                   formula(ind.numerator), formula(ind.denominator), target,
                   change_rule_name(ind.change, lang) if ind.change else "",
                   ind.rule.describe(lang) if ind.rule else "",
                   ind.min_denominator if ind.kind == "ratio" else None,
                   ind.source, ind.notes])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"


def workbook_bytes(ev: Evaluation, opts: ReportOptions) -> bytes:
    """The workbook as ``.xlsx`` bytes."""
    wb = Workbook()
    _summary_sheet(wb, ev, opts)
    present = set(pa.compute.unique(ev.scorecard["level"]).to_pylist())
    levels = [lv for lv in LEVELS if lv in present and opts.only_level in (None, lv)]
    for level in levels:
        _level_sheet(wb, ev, level, opts)
    _ranking_sheet(wb, ev, levels, opts)
    _catalogue_sheet(wb, ev, opts)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
