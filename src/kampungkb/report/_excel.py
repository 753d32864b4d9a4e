"""The Excel workbook (XlsxWriter, constant memory): summary, one sheet per level, ranking,
catalogue.

Written row by row with XlsxWriter in its ``constant_memory`` mode (each row goes to the sheet's
file as soon as the next one starts), so the time and memory are linear in the number of rows (a
province of 393 villages × 26 indicators is about 12,000 rows on the village sheet).  XlsxWriter
writes a cell in about half the CPU time openpyxl's write-only mode takes; formats are built once
per distinct (number format, font, fill, wrapping) and shared by every cell that uses them, and
the per-row work reads columns, not one dictionary per row.

Numbers are stored as numbers — the same numbers the results carry (a percentage is ``66.35``,
not ``0.6635``) — with explicit number formats: ``#,##0`` for counts, ``#,##0.00" %"`` for a
percentage with two decimals, a signed ``+#,##0.00;-#,##0.00;0`` for changes.  Excel shows the
thousands and decimal separators of the *viewer's* locale for ``,`` and ``.`` in a format code,
so an Indonesian Excel shows ``1.234`` and ``66,35 %`` and an English one ``1,234`` and
``66.35 %``; a format code cannot force separators.  The percent sign is a literal suffix (a
``%`` format would multiply by 100).  A presence indicator at village level is 1/0 shown as
``terbentuk``/``–`` (``formed``/``–``) in the report's language; missing values (and a
non-finite number) are empty cells, never 0; header rows are frozen and columns sized.

Every text cell is literal text: written with ``write_string`` (never parsed as a formula,
number or URL), and a label, title or village name that begins like a formula (``=``, ``+``,
``-``, ``@``, tab, CR) also gets Excel's quote prefix, so it stays text when the cell is edited.
Control characters Excel's XML cannot hold become ``�`` (U+FFFD) and a text is cut at Excel's
32,767 characters.  No cell of the workbook is a formula.  The workbook's creation date is the
report's run date, so the same evaluation and options give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter

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

_HEAD_FILL = "#DCE8EE"
_FLAG_FILL = "#FFF4CE"
#: Counts (numerators, denominators, count indicators): whole numbers, thousands grouped.
COUNT_FORMAT = "#,##0"
#: The characters XML 1.0 (and so an xlsx file) cannot hold.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
#: Excel's longest cell text.
MAX_CELL_TEXT = 32_767


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
    """``value`` without the control characters an xlsx file cannot hold (→ ``�``), cut to
    Excel's 32,767 characters."""
    return _ILLEGAL.sub("\ufffd", value)[:MAX_CELL_TEXT]


class _Book:
    """An XlsxWriter workbook in memory, with one shared format per distinct style."""

    def __init__(self, run_date: dt.date) -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {
            "constant_memory": True,  # rows are flushed as written: memory does not grow
            "strings_to_formulas": False,  # belt and braces: text is written with write_string
            "strings_to_numbers": False,
            "strings_to_urls": False,
        })
        created = dt.datetime(run_date.year, run_date.month, run_date.day)
        self.wb.set_properties({"created": created})
        self._formats: dict[tuple[Any, ...], Any] = {}

    def fmt(self, num: str | None = None, *, bold: bool = False, fill: str | None = None,
            wrap: bool = False, quote: bool = False) -> Any:
        """The shared format of this style (``None`` for the default one)."""
        key = (num, bold, fill, wrap, quote)
        if key == (None, False, None, False, False):
            return None
        found = self._formats.get(key)
        if found is None:
            props: dict[str, Any] = {}
            if num:
                props["num_format"] = num
            if bold:
                props["bold"] = True
            if fill:
                props.update(pattern=1, bg_color=fill)
            if wrap:
                props.update(text_wrap=True, valign="top")
            if quote:
                props["quote_prefix"] = True
            found = self._formats[key] = self.wb.add_format(props)
        return found

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


_FREEZE = {"A2": (1, 0), "B2": (1, 1), "C2": (1, 2)}


class _Sheet:
    """One worksheet, written row by row; keeps its own row count."""

    def __init__(self, book: _Book, title: str, headers: Sequence[str],
                 widths: Sequence[int], freeze: str | None) -> None:
        self.book = book
        self.ws = book.wb.add_worksheet(title[:31])
        self.rows = 0
        self.columns = len(headers)
        for i, width in enumerate(widths):
            self.ws.set_column(i, i, width)
        if freeze:
            self.ws.freeze_panes(*_FREEZE[freeze])
        if headers:
            self.append(headers, bold=True, fill=_HEAD_FILL, wrap=True)

    def put(self, col: int, value: object, num: str | None = None, *, bold: bool = False,
            fill: str | None = None, wrap: bool = False) -> None:
        """One cell of the current row: text stays text (never a formula), numbers stay
        numbers; ``None``, ``""`` and a non-finite number are an empty cell."""
        ws, row = self.ws, self.rows
        if isinstance(value, str):
            value = cell_text(value)
            if value:
                quote = value.startswith(FORMULA_START)
                ws.write_string(row, col, value,
                                self.book.fmt(None, bold=bold, fill=fill, wrap=wrap,
                                              quote=quote))
                return
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, self.book.fmt(num, bold=bold, fill=fill))
            return
        elif isinstance(value, int | float) and math.isfinite(value):
            ws.write_number(row, col, value,
                            self.book.fmt(num, bold=bold, fill=fill, wrap=wrap))
            return
        if fill is not None:  # an empty cell that still shows its fill
            ws.write_blank(row, col, None, self.book.fmt(None, fill=fill))

    def next_row(self) -> None:
        self.rows += 1

    def append(self, values: Iterable[object], **style: Any) -> None:
        for col, value in enumerate(values):
            self.put(col, value, **style)
        self.rows += 1

    def filter_all(self) -> None:
        """An auto-filter over the header and every row written."""
        if self.rows and self.columns:
            self.ws.autofilter(0, 0, self.rows - 1, self.columns - 1)


def _mark(achieved: bool | None, judged: bool) -> str:
    if not judged:
        return ""
    if achieved is None:
        return MARK_UNDETERMINED
    return MARK_ACHIEVED if achieved else MARK_NOT_ACHIEVED


def _summary_sheet(wb: _Book, ev: Evaluation, opts: ReportOptions) -> None:
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
        sheet.put(0, label, bold=True)
        sheet.put(1, value)
        sheet.next_row()


def _with_intervals(ev: Evaluation, level: str, rows: pa.Table) -> pa.Table:
    """``rows`` (a level's scorecard) with the intervals of the whole-population results of
    both periods (``b_lo``, ``b_hi``, ``f_lo``, ``f_hi``; empty when the results have none),
    joined as columns, in ``rows``' order."""
    res = ev.results.table
    empty = pa.nulls(rows.num_rows, pa.float64())
    if "lower" not in res.column_names:
        for name in ("b_lo", "b_hi", "f_lo", "f_hi"):
            rows = rows.append_column(name, empty)
        return rows
    keep = pc.and_(pc.equal(res["level"], level), pc.is_null(res["disaggregation"]))
    part = res.filter(keep).select(["indicator_id", "region_code", "period", "lower", "upper"])
    keys = rows.select(["indicator_id", "region_code"]).append_column(
        "_row", pa.array(range(rows.num_rows), pa.int64()))
    for period, lo, hi in ((ev.baseline, "b_lo", "b_hi"), (ev.followup, "f_lo", "f_hi")):
        one = part.filter(pc.equal(part["period"], period)).select(
            ["indicator_id", "region_code", "lower", "upper"])
        # one result per indicator × region × period: one match (or none) per row
        found = keys.join(one, ["indicator_id", "region_code"], join_type="left outer",
                          use_threads=False).sort_by("_row")
        rows = rows.append_column(lo, found["lower"]).append_column(hi, found["upper"])
    return rows


def _level_headers(ev: Evaluation, level: str, lang: Lang) -> tuple[list[str], list[int]]:
    """The headers and column widths of a level's sheet."""
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
    if level != "village":
        headers += [text("col.villages_achieved", lang), text("col.villages_evaluated", lang)]
        widths += [10, 10]
    return headers, widths


_Static = tuple[str, str, str, str, str, bool, bool]


def _per_indicator(ev: Evaluation, rows: pa.Table, level: str, lang: Lang) -> dict[str, _Static]:
    """What depends on the indicator only — its label, unit, formats, target and rule in
    words, whether it is judged and has a change — once per indicator, from its first row."""
    iset = ev.indicator_set
    static: dict[str, _Static] = {}
    for r in _first_rows(rows):
        ind = iset.indicator(r["indicator_id"])
        kind = r["kind"]
        static[ind.id] = (
            ("    " if ind.parent else "") + label_of(ind, lang),
            unit_name(r["unit"], lang) if kind in ("ratio", "count") else "",
            number_format(kind, int(r["decimals"]), level, lang, r["group"], unit=r["unit"]),
            change_format(kind, int(r["decimals"])),
            target_text(r, lang, rule=ind.rule),
            has_rule(r),
            kind not in ("presence", "composite"),
        )
    return static


#: Scorecard rows turned into Python values at a time on a level's sheet (a national village
#: sheet has ~0.2 M rows).
_SLICE_ROWS = 8192


class _Cells:
    """Fast cell writers for the level sheets (thousands of rows): formats are looked up once per
    indicator by the caller, and each distinct text is made safe once."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        self._string = sheet.ws.write_string
        self._number = sheet.ws.write_number
        self._blank = sheet.ws.write_blank
        self._quote = sheet.book.fmt(quote=True)
        self._safe: dict[str, str] = {}

    def text(self, col: int, value: str | None, fill: Any = None) -> None:
        """A text cell (``fill``: the format of a filled cell, shown even when empty)."""
        if value:
            safe = self._safe.get(value)
            if safe is None:
                safe = self._safe[value] = cell_text(value)
            if safe.startswith(FORMULA_START):
                self._string(self.sheet.rows, col, safe, self._quote)
                return
            if safe:
                self._string(self.sheet.rows, col, safe, fill)
                return
        if fill is not None:
            self._blank(self.sheet.rows, col, None, fill)

    def number(self, col: int, value: float | None, fmt: Any, blank: Any = None) -> None:
        """A number cell; an empty one (with format ``blank``, if any) for a missing or
        non-finite value."""
        if value is not None and math.isfinite(value):
            self._number(self.sheet.rows, col, value, fmt)
        elif blank is not None:
            self._blank(self.sheet.rows, col, None, blank)


# One flat loop writes the 24-26 columns in the order of the headers; split up, the column
# order would be spread over several functions.
def _level_sheet(wb: _Book, ev: Evaluation, level: str,  # noqa: PLR0915
                 opts: ReportOptions) -> None:
    lang = opts.lang
    sc = ev.scorecard
    rows = sc.filter(pc.equal(sc["level"], level))
    ranked = ev.level(level).select(["region_code", "rank", "n_achieved"]).to_pydict()
    summary = {code: (rank, n) for code, rank, n in zip(
        ranked["region_code"], ranked["rank"], ranked["n_achieved"], strict=True)}
    higher = level != "village"
    headers, widths = _level_headers(ev, level, lang)
    sheet = _Sheet(wb, text(f"sheet.{level}", lang), headers, widths, "C2")
    static = _per_indicator(ev, rows, level, lang)
    fmt = wb.fmt
    formats = {ind_id: (fmt(s[2]), fmt(s[2], fill=_FLAG_FILL), fmt(s[3]))
               for ind_id, s in static.items()}
    count, plain_fill = fmt(COUNT_FORMAT), fmt(fill=_FLAG_FILL)
    flag_words: dict[tuple[str, ...], str] = {}
    cell = _Cells(sheet)
    put_text, put_number = cell.text, cell.number
    table = _with_intervals(ev, level, rows)
    for start in range(0, table.num_rows, _SLICE_ROWS):  # a slice at a time: bounded memory
        cols = table.slice(start, _SLICE_ROWS).to_pydict()
        missing = [None] * len(cols["region_code"])
        reason = cols["reason_id" if lang == "id" else "reason_en"]
        change_lower = cols.get("change_lower", missing)
        change_upper = cols.get("change_upper", missing)
        significance = cols.get("change_significance", missing)
        funnel = cols.get("funnel_significance", missing)
        for i, (code, ind_id, kind) in enumerate(zip(cols["region_code"], cols["indicator_id"],
                                                      cols["kind"], strict=True)):
            label, unit, _, _, target, judged, has_change = static[ind_id]
            value_fmt, flagged_fmt, signed = formats[ind_id]
            flags = tuple(sorted(set((cols["baseline_flags"][i] or [])
                                     + (cols["followup_flags"][i] or []))))
            small = kind == "ratio" and "small_denominator" in flags
            v_fmt, v_blank = (flagged_fmt, flagged_fmt) if small else (value_fmt, None)
            b_lo, b_hi = cols["b_lo"][i], cols["b_hi"][i]
            f_lo, f_hi = cols["f_lo"][i], cols["f_hi"][i]
            rank, n_achieved = summary.get(code, (None, None))
            put_text(0, code)
            put_text(1, opts.names.get(code, ""))
            put_number(2, rank, None)
            put_number(3, n_achieved, None)
            put_text(4, ind_id)
            put_text(5, label)
            put_text(6, unit)
            put_number(7, cols["baseline"][i], v_fmt, v_blank)
            put_number(8, b_lo, value_fmt)
            put_number(9, b_hi, value_fmt)
            put_number(10, cols["followup"][i], v_fmt, v_blank)
            put_number(11, f_lo, value_fmt)
            put_number(12, f_hi, value_fmt)
            put_number(13, cols["change"][i] if has_change else None, signed)
            put_number(14, change_lower[i], signed)
            put_number(15, change_upper[i], signed)
            put_text(16, verdict_text(significance[i], lang))
            put_text(17, funnel_text(funnel[i], lang))
            put_text(18, target)
            put_text(19, _mark(cols["achieved"][i], judged))
            put_number(20, cols["followup_numerator"][i], count)
            put_number(21, cols["followup_denominator"][i], count)
            words = flag_words.get(flags)
            if words is None:
                words = flag_words[flags] = ", ".join(flag_name(f, lang) for f in flags)
            put_text(22, words, plain_fill if small else None)
            put_text(23, reason[i])
            if higher:
                put_number(24, cols["villages_achieved"][i], count)
                put_number(25, cols["villages_evaluated"][i], count)
            sheet.next_row()
    sheet.filter_all()


def _first_rows(rows: pa.Table) -> list[dict[str, Any]]:
    """The first scorecard row of each indicator (for what depends on the indicator only)."""
    ids = rows["indicator_id"]
    if not len(ids):
        return []
    unique = pc.unique(ids)
    first = pc.index_in(unique, ids)  # the position of each id's first occurrence
    out: list[dict[str, Any]] = rows.take(first).to_pylist()
    return out


def _ranking_sheet(wb: _Book, ev: Evaluation, levels: Sequence[str],
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


def _catalogue_sheet(wb: _Book, ev: Evaluation, opts: ReportOptions) -> None:
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
                     wrap=True)


def workbook_bytes(ev: Evaluation, opts: ReportOptions) -> bytes:
    """The workbook as ``.xlsx`` bytes."""
    wb = _Book(opts.run_date)
    _summary_sheet(wb, ev, opts)
    present = set(pa.compute.unique(ev.scorecard["level"]).to_pylist())
    levels = [lv for lv in LEVELS if lv in present and opts.only_level in (None, lv)]
    for level in levels:
        _level_sheet(wb, ev, level, opts)
    _ranking_sheet(wb, ev, levels, opts)
    _catalogue_sheet(wb, ev, opts)
    return wb.close()
