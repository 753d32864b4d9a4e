"""The Excel workbook (openpyxl, write-only): summary, one sheet per level, ranking, catalogue.

Written row by row in openpyxl's write-only mode, so the time is linear in the number of rows
(a province of 393 villages × 26 indicators is about 12,000 rows on the village sheet).

Numbers are stored as numbers — the same numbers the results carry (a percentage is ``66.35``,
not ``0.6635``) — with explicit number formats: ``#,##0`` for counts, ``#,##0.00" %"`` for a
percentage with two decimals, a signed ``+#,##0.00;-#,##0.00;0`` for changes.  Excel shows the
thousands and decimal separators of the *viewer's* locale for ``,`` and ``.`` in a format code,
so an Indonesian Excel shows ``1.234`` and ``66,35 %`` and an English one ``1,234`` and
``66.35 %``; a format code cannot force separators.  The percent sign is a literal suffix (a
``%`` format would multiply by 100).  A presence indicator at village level is 1/0 shown as
``terbentuk``/``–`` (``formed``/``–``) in the report's language; missing values are empty
cells, never 0; header rows are frozen and columns sized.

Every text cell is literal text: a label, title or village name that begins like a formula
(``=``, ``+``, ``-``, ``@``, tab, CR) is written as a string cell with Excel's quote prefix,
never as a formula, and control characters Excel's XML cannot hold become ``�`` (U+FFFD).
No cell of the workbook is a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
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
from kampungkb.report._model import (
    ReportOptions,
    confidence_percent,
    funnel_text,
    verdict_text,
)

__all__ = ["cell_text", "number_format", "workbook_bytes"]

_HEAD_FILL = PatternFill("solid", fgColor="DCE8EE")
_FLAG_FILL = PatternFill("solid", fgColor="FFF4CE")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
#: Counts (numerators, denominators, count indicators): whole numbers, thousands grouped.
COUNT_FORMAT = "#,##0"


def _decimals(decimals: int) -> str:
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def number_format(kind: str, decimals: int, level: str, lang: Lang, group: str, *,
                  unit: str = "%") -> str:
    """The Excel number format of an indicator's values.

    ``#,##0.00" %"`` for a percentage with two decimals (the value stays in percent, e.g.
    ``66.35``), ``#,##0`` for a count; a presence indicator at village level shows its word
    (``terbentuk``/``formed``) for 1 and ``–`` for 0.  The separators are the viewer's.
    """
    if kind == "presence" and level == "village":
        return f'[=1]"{presence_word(group, lang)}";[=0]"–";0'
    if kind == "presence" or (kind == "ratio" and unit == "%"):
        return _decimals(decimals) + '" %"'
    if kind == "ratio":
        return _decimals(decimals)
    return COUNT_FORMAT


def change_format(kind: str, decimals: int) -> str:
    """The signed format of a change (percentage points for a ratio)."""
    body = _decimals(decimals if kind == "ratio" else 0)
    return f"+{body};-{body};0"


def cell_text(value: str) -> str:
    """``value`` without the control characters an xlsx file cannot hold (→ ``�``)."""
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


class _Sheet:
    """A write-only worksheet that keeps its own row count (never asks openpyxl for it)."""

    def __init__(self, wb: Workbook, title: str, headers: Sequence[str],
                 widths: Sequence[int], freeze: str | None) -> None:
        self.ws = wb.create_sheet(title=title[:31])
        self.rows = 0
        self.columns = len(headers)
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        if freeze:
            self.ws.freeze_panes = freeze  # before the first row: write-only writes it first
        if headers:
            self.append(headers, font=_BOLD, fill=_HEAD_FILL, alignment=_WRAP)

    def cell(self, value: object, *, number_format: str | None = None, font: Any = None,
             fill: Any = None, alignment: Any = None) -> Any:
        """One cell: text stays text (never a formula), numbers stay numbers."""
        if isinstance(value, str):
            value = cell_text(value) if value else None  # "" is an empty cell
        formula_like = isinstance(value, str) and value.startswith(FORMULA_START)
        if value is None and fill is None:
            return None  # an empty cell: no format needed
        if not (number_format or font or fill or alignment or formula_like):
            return value
        cell = WriteOnlyCell(self.ws, value=value)
        if formula_like:
            cell.data_type = "s"  # openpyxl made it a formula ('f'): it is text
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        if number_format:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
        return cell

    def append(self, values: Iterable[object], **style: Any) -> None:
        self.ws.append([self.cell(v, **style) for v in values])
        self.rows += 1

    def append_cells(self, cells: Sequence[object]) -> None:
        """Append cells already built with :meth:`cell` (or plain values)."""
        self.ws.append(list(cells))
        self.rows += 1

    def filter_all(self) -> None:
        """An auto-filter over the header and every row written."""
        if self.rows and self.columns:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(self.columns)}{self.rows}"


def _mark(achieved: bool | None, judged: bool) -> str:
    if not judged:
        return ""
    if achieved is None:
        return MARK_UNDETERMINED
    return MARK_ACHIEVED if achieved else MARK_NOT_ACHIEVED


def _summary_sheet(wb: Workbook, ev: Evaluation, opts: ReportOptions) -> None:
    lang = opts.lang
    iset = ev.indicator_set
    sheet = _Sheet(wb, text("report.summary_sheet", lang), [], [26, 100], None)
    pct = confidence_percent(ev)
    rows = [
        (text("col.title", lang), iset.title_id if lang == "id" else iset.title_en),
        (text("report.set", lang), iset.key),
        (text("report.legal_basis", lang), iset.text_in("legal_basis", lang)),
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
        (text("col.change_verdict", lang), text("legend.verdict", lang, pct=pct)),
    ]
    for label, value in rows:
        sheet.append_cells([sheet.cell(label, font=_BOLD), sheet.cell(value)])


def _intervals(ev: Evaluation, level: str) -> dict[tuple[str, str, str], tuple[Any, Any]]:
    """(indicator, region, period) → (lower, upper) of the whole-population results."""
    res = ev.results.table
    if "lower" not in res.column_names:
        return {}
    keep = pc.and_(pc.equal(res["level"], level), pc.is_null(res["disaggregation"]))
    part = res.filter(keep).select(["indicator_id", "region_code", "period", "lower", "upper"])
    cols = part.to_pydict()
    return {(i, r, p): (lo, hi) for i, r, p, lo, hi in zip(
        cols["indicator_id"], cols["region_code"], cols["period"], cols["lower"], cols["upper"],
        strict=True)}


def _level_sheet(wb: Workbook, ev: Evaluation, level: str, opts: ReportOptions) -> None:
    lang = opts.lang
    sc = ev.scorecard
    rows = sc.filter(pc.equal(sc["level"], level))
    summary = {r["region_code"]: r for r in ev.level(level).to_pylist()}
    higher = level != "village"
    pct = confidence_percent(ev)
    base = f"{text('col.baseline', lang)} {ev.baseline}"
    follow = f"{text('col.followup', lang)} {ev.followup}"
    change = text("col.change", lang)
    headers = [text("col.code", lang), text("col.name", lang), text("col.rank", lang),
               text("col.main_achieved", lang), text("col.id", lang),
               text("col.indicator", lang), text("col.unit", lang),
               base, text("col.lower", lang, what=base, pct=pct),
               text("col.upper", lang, what=base, pct=pct),
               follow, text("col.lower", lang, what=follow, pct=pct),
               text("col.upper", lang, what=follow, pct=pct),
               change, text("col.lower", lang, what=change, pct=pct),
               text("col.upper", lang, what=change, pct=pct),
               text("col.change_verdict", lang), text("col.funnel", lang),
               text("col.target", lang), text("col.achieved", lang),
               f"{text('col.numerator', lang)} {ev.followup}",
               f"{text('col.denominator', lang)} {ev.followup}", text("col.flags", lang),
               text("col.reason", lang)]
    widths = [15, 24, 9, 11, 18, 44, 10, 12, 12, 12, 12, 12, 12, 11, 11, 11, 13, 22,
              20, 9, 12, 12, 24, 50]
    if higher:
        headers += [text("col.villages_achieved", lang), text("col.villages_evaluated", lang)]
        widths += [10, 10]
    sheet = _Sheet(wb, text(f"sheet.{level}", lang), headers, widths, "C2")
    intervals = _intervals(ev, level)
    iset = ev.indicator_set
    labels = {ind.id: ("    " if ind.parent else "") + label_of(ind, lang)
              for ind in iset.indicators}
    rules = {ind.id: ind.rule for ind in iset.indicators}
    cell = sheet.cell
    for r in rows.to_pylist():
        ind_id = r["indicator_id"]
        code = r["region_code"]
        s = summary.get(code, {})
        kind = r["kind"]
        flags = sorted(set((r["baseline_flags"] or []) + (r["followup_flags"] or [])))
        unit = unit_name(r["unit"], lang) if kind in ("ratio", "count") else ""
        fmt = number_format(kind, int(r["decimals"]), level, lang, r["group"], unit=r["unit"])
        small = kind == "ratio" and "small_denominator" in flags
        fill = _FLAG_FILL if small else None
        b_lo, b_hi = intervals.get((ind_id, code, ev.baseline), (None, None))
        f_lo, f_hi = intervals.get((ind_id, code, ev.followup), (None, None))
        signed = change_format(kind, int(r["decimals"]))
        has_change = kind not in ("presence", "composite")
        verdict = r.get("change_significance")
        values = [code, opts.names.get(code, ""), s.get("rank"), s.get("n_achieved"), ind_id,
                  labels.get(ind_id, ind_id), unit,
                  cell(r["baseline"], number_format=fmt, fill=fill),
                  cell(b_lo, number_format=fmt), cell(b_hi, number_format=fmt),
                  cell(r["followup"], number_format=fmt, fill=fill),
                  cell(f_lo, number_format=fmt), cell(f_hi, number_format=fmt),
                  cell(r["change"] if has_change else None, number_format=signed),
                  cell(r.get("change_lower"), number_format=signed),
                  cell(r.get("change_upper"), number_format=signed),
                  verdict_text(verdict, lang), funnel_text(r.get("funnel_significance"), lang),
                  target_text(r, lang, rule=rules.get(ind_id)), _mark(r["achieved"], has_rule(r)),
                  cell(r["followup_numerator"], number_format=COUNT_FORMAT),
                  cell(r["followup_denominator"], number_format=COUNT_FORMAT),
                  cell(", ".join(flag_name(f, lang) for f in flags), fill=fill),
                  r["reason_id"] if lang == "id" else r["reason_en"]]
        if higher:
            values += [cell(r["villages_achieved"], number_format=COUNT_FORMAT),
                       cell(r["villages_evaluated"], number_format=COUNT_FORMAT)]
        sheet.append_cells([v if isinstance(v, Cell) else cell(v) for v in values])
    sheet.filter_all()


def _ranking_sheet(wb: Workbook, ev: Evaluation, levels: Sequence[str],
                   opts: ReportOptions) -> None:
    lang = opts.lang
    headers = [text("col.level", lang), text("col.rank", lang), text("col.code", lang),
               text("col.name", lang), text("col.main_achieved", lang),
               text("col.undetermined", lang), text("col.sub_achieved", lang),
               text("col.sub_evaluated", lang)]
    sheet = _Sheet(wb, text("report.ranking_sheet", lang), headers,
                   [16, 9, 15, 28, 12, 12, 12, 12], "A2")
    for level in levels:
        name = level_name(level, lang)
        for r in ev.level(level).to_pylist():
            sheet.append([name, r["rank"], r["region_code"],
                          opts.names.get(r["region_code"], ""), r["n_achieved"],
                          r["n_undetermined"], r["n_sub_achieved"], r["n_sub_evaluated"]])
    sheet.filter_all()


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
    sheet = _Sheet(wb, text("report.catalogue", lang), headers,
                   [18, 44, 16, 10, 11, 10, 8, 50, 50, 10, 12, 40, 10, 40, 60], "B2")

    def formula(mid: str | None) -> str:
        if not mid:
            return ""
        m = measures.get(mid)
        return f"{mid}: {measure_formula(m, lang)}" if m else mid

    for ind in iset.indicators:
        target = f"{ind.target.op} {ind.target.value:g}" if ind.target else ""
        sheet.append([ind.id, label_of(ind, lang), ind.parent or "",
                      group_name(ind.group, lang), kind_name(ind.kind, lang),
                      unit_name(ind.unit, lang), ind.decimals,
                      formula(ind.numerator), formula(ind.denominator), target,
                      change_rule_name(ind.change, lang) if ind.change else "",
                      ind.rule.describe(lang) if ind.rule else "",
                      ind.min_denominator if ind.kind == "ratio" else None,
                      ind.text_in("source", lang), ind.text_in("notes", lang)],
                     alignment=_WRAP)


def workbook_bytes(ev: Evaluation, opts: ReportOptions) -> bytes:
    """The workbook as ``.xlsx`` bytes."""
    wb = Workbook(write_only=True)
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
