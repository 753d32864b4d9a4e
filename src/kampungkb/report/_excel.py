"""The Excel workbook (XlsxWriter, constant memory): summary, one sheet per level, ranking,
catalogue.

XlsxWriter, in its ``constant_memory`` mode (each row goes to the sheet's file as soon as the
next one starts), writes the workbook: the small sheets cell by cell, the formats (one per
distinct number format, font, fill and wrapping, shared by every cell that uses it), column
widths, frozen panes, auto-filters and properties.  The level sheets' data rows — nearly all
the cells: a province of 393 villages × 26 indicators is ~12,000 rows on the village sheet,
the nation ~200,000 — are not written cell by cell (XlsxWriter spends several microseconds on
each): :mod:`kampungkb.report._sheet_xml` makes their XML a slice of rows at a time, column by
column (a text's XML once per distinct text, the formats looked up once per indicator), and
puts it into the sheet when the workbook is closed, exactly as XlsxWriter would have written
it.  Time and memory stay linear in the rows; a test compares the workbook with one written
cell by cell through XlsxWriter, byte for byte.

Numbers are stored as numbers — the same numbers the results carry (a percentage is ``66.35``,
not ``0.6635``) — with explicit number formats: ``#,##0`` for counts, ``#,##0.00" %"`` for a
percentage with two decimals, a signed ``+#,##0.00;-#,##0.00;0`` for changes.  Excel shows the
thousands and decimal separators of the *viewer's* locale for ``,`` and ``.`` in a format code,
so an Indonesian Excel shows ``1.234`` and ``66,35 %`` and an English one ``1,234`` and
``66.35 %``; a format code cannot force separators.  The percent sign is a literal suffix (a
``%`` format would multiply by 100).  A presence indicator at village level is 1/0 shown as
``terbentuk``/``–`` (``formed``/``–``) in the report's language; missing values (and a
non-finite number) are empty cells, never 0; header rows are frozen and columns sized.

Every text cell is literal text: an inline string (``write_string``, or its XML in bulk; never
parsed as a formula, number or URL), and a label, title or village name that begins like a
formula (``=``, ``+``, ``-``, ``@``, tab, CR) also gets Excel's quote prefix, so it stays text
when the cell is edited.  Control characters Excel's XML cannot hold become ``�`` (U+FFFD) and
a text is cut at Excel's 32,767 characters.  No cell of the workbook is a formula.  The
workbook's creation date is the report's run date and each format's number in ``styles.xml``
is fixed when the format is made, so the same evaluation and options give the same bytes.

XlsxWriter's private API used here (pinned to 3.3 in ``pyproject.toml``; the byte-for-byte test
fails if it changes): ``Format._get_xf_index()``, the number a cell's ``s`` attribute names.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

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
from kampungkb.report._sheet_xml import (
    RowSource,
    TextCells,
    cells,
    inline_text,
    join_rows,
    number_cells,
    splice_rows,
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
        self._later: list[RowSource] = []
        self._closed = False
        #: The format of a text that begins like a formula (Excel's quote prefix).
        self.quote = self.fmt(quote=True)

    def fmt(self, num: str | None = None, *, bold: bool = False, fill: str | None = None,
            wrap: bool = False, quote: bool = False) -> Any:
        """The shared format of this style (``None`` for the default one)."""
        key = (num, bold, fill, wrap, quote)
        if key == (None, False, None, False, False):
            return None
        found = self._formats.get(key)
        if found is None:
            if self._closed:  # the rows written in bulk come too late to add a format
                raise RuntimeError("a format made after the workbook was closed")
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
            # The format's number in styles.xml is fixed now, in the order formats are made
            # (XlsxWriter would number it at its first cell): the rows written in bulk name it
            # in their XML, and the numbering cannot depend on which cells come first.
            found._get_xf_index()
        return found

    @staticmethod
    def style(fmt: Any) -> str:
        """A cell's style attribute in the sheet's XML (`` s="N"``; ``""`` for none)."""
        return f' s="{fmt._get_xf_index()}"' if fmt is not None else ""

    def rows_later(self, sheet: _Sheet, rows: int, chunks: Callable[[], Iterator[str]]) -> None:
        """``rows`` rows after the rows written so far on ``sheet`` (the last of the sheet:
        nothing may be written below them), their XML from ``chunks``, called when the
        workbook is closed (:func:`._sheet_xml.splice_rows`, which checks that XlsxWriter's
        ``sheetN.xml`` — sheets are numbered in order — has the dimension expected here)."""
        if not rows:
            return
        last = xl_col_to_name(sheet.columns - 1)
        member = f"xl/worksheets/sheet{self.wb.worksheets().index(sheet.ws) + 1}.xml"
        self._later.append(RowSource(member, f"A1:{last}{sheet.rows}",
                                     f"A1:{last}{sheet.rows + rows}", chunks))
        sheet.rows += rows

    def text_tail(self, value: str | None, style: str = "") -> str:
        """A text cell's XML after its reference (:mod:`._sheet_xml`): literal text, with the
        quote prefix instead of ``style`` when it begins like a formula; for no text, an empty
        cell when ``style`` is a fill, else no cell."""
        if value:
            safe = cell_text(value)
            return inline_text(safe, self.style(self.quote)
                               if safe.startswith(FORMULA_START) else style)
        return f"{style}/>" if style else ""

    def close(self) -> bytes:
        self._closed = True
        self.wb.close()
        data = self.buffer.getvalue()
        return splice_rows(data, self._later) if self._later else data


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


#: Scorecard rows turned into Python values and XML at a time on a level's sheet and the
#: ranking (a national village sheet has ~0.2 M rows).  Measured nationally, 2,048 rows add
#: ~190 MB at the peak while the workbook is written, 8,192 ~280 MB, in the same time.
_SLICE_ROWS = 2048

#: The scorecard columns a level's rows show (those absent from a published evaluation are
#: empty), besides the reason in the report's language.
_ROW_COLUMNS = ("region_code", "indicator_id", "kind", "baseline_flags", "followup_flags",
                "baseline", "b_lo", "b_hi", "followup", "f_lo", "f_hi", "change",
                "change_lower", "change_upper", "change_significance", "funnel_significance",
                "achieved", "followup_numerator", "followup_denominator", "villages_achieved",
                "villages_evaluated")


class _Indicator(NamedTuple):
    """What a level's row shows of its indicator: the XML of its text cells after the
    reference, and the styles (`` s="N"``) of its numbers."""

    id: str
    label: str
    unit: str
    target: str
    marks: dict[bool | None, str]  # the achieved mark's cell, by ``achieved``
    value: str
    flagged: str  # a value shown with the small-denominator fill
    signed: str
    has_change: bool


@attrs.define
class _Level:
    """One level's sheet: its header written, its formats made (in a fixed order, so the
    workbook does not depend on which cells come first), its rows to come."""

    book: _Book
    sheet: _Sheet
    ev: Evaluation
    level: str
    opts: ReportOptions
    rows: int
    static: dict[str, _Static]
    formats: dict[str, tuple[Any, Any, Any]]  # per indicator: value, flagged value, change
    count: Any
    plain_fill: Any

    @classmethod
    def start(cls, wb: _Book, ev: Evaluation, level: str, opts: ReportOptions) -> _Level:
        """The sheet with its header row, and the formats of its cells."""
        headers, widths = _level_headers(ev, level, opts.lang)
        sheet = _Sheet(wb, text(f"sheet.{level}", opts.lang), headers, widths, "C2")
        sc = ev.scorecard
        at = pc.indices_nonzero(pc.equal(sc["level"], level))  # the level's rows
        ids = sc["indicator_id"].take(at)
        static = _per_indicator(ev, sc.take(at.take(pc.index_in(pc.unique(ids), ids))),
                                level, opts.lang)
        fmt = wb.fmt
        formats = {ind_id: (fmt(s[2]), fmt(s[2], fill=_FLAG_FILL), fmt(s[3]))
                   for ind_id, s in static.items()}
        return cls(wb, sheet, ev, level, opts, len(at), static, formats, fmt(COUNT_FORMAT),
                   fmt(fill=_FLAG_FILL))

    def table(self) -> pa.Table:
        """The level's scorecard rows, the columns its sheet shows (only those are copied),
        with the results' intervals."""
        sc = self.ev.scorecard
        reason = "reason_id" if self.opts.lang == "id" else "reason_en"
        shown = sc.select([c for c in sc.column_names if c in _ROW_COLUMNS or c == reason])
        return _with_intervals(self.ev, self.level,
                               shown.filter(pc.equal(sc["level"], self.level)))

    def summary(self) -> dict[str, tuple[Any, Any]]:
        """Each region's rank and number of main indicators achieved."""
        ranked = self.ev.level(self.level).select(["region_code", "rank", "n_achieved"])
        cols = ranked.to_pydict()
        return {code: (rank, n) for code, rank, n in zip(
            cols["region_code"], cols["rank"], cols["n_achieved"], strict=True)}


def _number_tail(value: Any, style: str = "") -> str:
    """A number cell's XML after its reference (``""`` for a missing or non-finite value)."""
    if value is None or not math.isfinite(value):
        return ""
    return f"{style}><v>{value:.16G}</v></c>"


def _slice_columns(part: pa.Table, names: Sequence[str]) -> dict[str, list[Any]]:
    """``part``'s columns as Python lists: a non-finite number is ``None`` and a negative zero
    is 0 (a cell shows no "-0"; :func:`._sheet_xml.number_cells` formats each distinct value
    once, and ``-0.0 == 0.0``), a list of flags is one text (``\\x1f`` between flags); a column
    the table lacks is all ``None``."""
    out: dict[str, list[Any]] = {}
    for name in names:
        if name not in part.column_names:
            out[name] = [None] * part.num_rows
            continue
        col = part[name]
        if pa.types.is_floating(col.type):
            col = pc.if_else(pc.is_finite(col), pc.add(col, 0.0),  # -0.0 + 0.0 is 0.0
                             pa.scalar(None, col.type))
        elif pa.types.is_list(col.type):
            col = pc.binary_join(col, "\x1f")
        out[name] = col.to_pylist()
    return out


def _level_sheet(wb: _Book, ev: Evaluation, level: str, opts: ReportOptions) -> None:
    """A level's sheet: the header through XlsxWriter, the rows in bulk (:mod:`._sheet_xml`)
    when the workbook is closed."""
    plan = _Level.start(wb, ev, level, opts)
    wb.rows_later(plan.sheet, plan.rows, lambda: _level_xml(plan))
    plan.sheet.filter_all()


# One function makes the 24-26 columns in the order of the headers; split up, the column
# order would be spread over several functions.
def _level_xml(plan: _Level) -> Iterator[str]:
    """The XML of a level's data rows, a slice at a time, column by column."""
    lang, book = plan.opts.lang, plan.book
    style = book.style
    higher = plan.level != "village"
    texts = TextCells(book.text_tail)
    summary = plan.summary()
    names = plan.opts.names

    def region(code: str) -> tuple[str, str, str, str]:
        rank, n_achieved = summary.get(code, (None, None))
        return (book.text_tail(code, ""), book.text_tail(names.get(code, ""), ""),
                _number_tail(rank), _number_tail(n_achieved))

    def indicator(ind_id: str) -> _Indicator:
        label, unit, _, _, target, judged, has_change = plan.static[ind_id]
        value, flagged, signed = plan.formats[ind_id]
        marks = {a: book.text_tail(_mark(a, judged), "") for a in (True, False, None)}
        return _Indicator(book.text_tail(ind_id, ""), book.text_tail(label, ""),
                          book.text_tail(unit, ""), book.text_tail(target, ""), marks,
                          style(value), style(flagged), style(signed), has_change)

    def flags(joined: tuple[str | None, str | None]) -> tuple[str, bool]:
        found = sorted({f for part in joined if part for f in part.split("\x1f")})
        return ", ".join(flag_name(f, lang) for f in found), "small_denominator" in found

    regions: dict[str, tuple[str, str, str, str]] = {}
    indicators: dict[str, _Indicator] = {}
    flag_words: dict[tuple[str | None, str | None], tuple[str, bool]] = {}
    verdicts = TextCells(lambda v, s: book.text_tail(verdict_text(v, lang), s))
    funnels = TextCells(lambda v, s: book.text_tail(funnel_text(v, lang), s))
    count, fill = style(plan.count), style(plan.plain_fill)
    reason = "reason_id" if lang == "id" else "reason_en"
    table = plan.table()
    for start in range(0, table.num_rows, _SLICE_ROWS):  # a slice at a time: bounded memory
        cols = _slice_columns(table.slice(start, _SLICE_ROWS), (*_ROW_COLUMNS, reason))
        nums = [str(start + i) for i in range(2, len(cols["region_code"]) + 2)]
        for code in set(cols["region_code"]).difference(regions):
            regions[code] = region(code)
        for ind_id in set(cols["indicator_id"]).difference(indicators):
            indicators[ind_id] = indicator(ind_id)
        keys = list(zip(cols["baseline_flags"], cols["followup_flags"], strict=True))
        for key in set(keys).difference(flag_words):
            flag_words[key] = flags(key)
        reg = [regions[c] for c in cols["region_code"]]
        ind = [indicators[i] for i in cols["indicator_id"]]
        words = [flag_words[k] for k in keys]
        small = [kind == "ratio" and w[1] for kind, w in zip(cols["kind"], words, strict=True)]
        v_style = [i.flagged if s else i.value for i, s in zip(ind, small, strict=True)]
        v_blank = [i.flagged if s else "" for i, s in zip(ind, small, strict=True)]
        lo_style = [i.value for i in ind]
        signed = [i.signed for i in ind]
        change = [c if i.has_change else None
                  for c, i in zip(cols["change"], ind, strict=True)]
        word_text = [w[0] for w in words]
        word_tails = texts.tails(word_text)
        if any(small):
            filled = texts.tails(word_text, fill)
            word_tails = [f if s else p for p, f, s in zip(word_tails, filled, small, strict=True)]
        columns = [
            cells("A", nums, [r[0] for r in reg]),
            cells("B", nums, [r[1] for r in reg]),
            cells("C", nums, [r[2] for r in reg]),
            cells("D", nums, [r[3] for r in reg]),
            cells("E", nums, [i.id for i in ind]),
            cells("F", nums, [i.label for i in ind]),
            cells("G", nums, [i.unit for i in ind]),
            number_cells("H", nums, cols["baseline"], v_style, v_blank),
            number_cells("I", nums, cols["b_lo"], lo_style),
            number_cells("J", nums, cols["b_hi"], lo_style),
            number_cells("K", nums, cols["followup"], v_style, v_blank),
            number_cells("L", nums, cols["f_lo"], lo_style),
            number_cells("M", nums, cols["f_hi"], lo_style),
            number_cells("N", nums, change, signed),
            number_cells("O", nums, cols["change_lower"], signed),
            number_cells("P", nums, cols["change_upper"], signed),
            cells("Q", nums, verdicts.tails(cols["change_significance"])),
            cells("R", nums, funnels.tails(cols["funnel_significance"])),
            cells("S", nums, [i.target for i in ind]),
            cells("T", nums, [i.marks[a] for i, a in zip(ind, cols["achieved"], strict=True)]),
            number_cells("U", nums, cols["followup_numerator"], count),
            number_cells("V", nums, cols["followup_denominator"], count),
            cells("W", nums, word_tails),
            # the explanations are nearly all distinct: kept for this slice only
            cells("X", nums, TextCells(book.text_tail).tails(cols[reason])),
        ]
        if higher:
            columns += [number_cells("Y", nums, cols["villages_achieved"], count),
                        number_cells("Z", nums, cols["villages_evaluated"], count)]
        yield join_rows(nums, columns)


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
    """Every region of every level, by rank (the rows in bulk, like a level's)."""
    lang = opts.lang
    headers = [text("col.level", lang), text("col.rank", lang), text("col.code", lang),
               text("col.name", lang), text("col.main_achieved", lang),
               text("col.undetermined", lang), text("col.sub_achieved", lang),
               text("col.sub_evaluated", lang)]
    sheet = _Sheet(wb, text("report.ranking_sheet", lang), headers,
                   [16, 9, 15, 28, 12, 12, 12, 12], "A2")
    rows = sum(ev.level(level).num_rows for level in levels)
    wb.rows_later(sheet, rows, lambda: _ranking_xml(wb, ev, levels, opts))
    sheet.filter_all()


def _ranking_xml(wb: _Book, ev: Evaluation, levels: Sequence[str],
                 opts: ReportOptions) -> Iterator[str]:
    """The ranking's rows as XML, a slice at a time."""
    texts = TextCells(wb.text_tail)
    counts = ("n_achieved", "n_undetermined", "n_sub_achieved", "n_sub_evaluated")
    row = 2  # the first row after the header, as Excel numbers it
    for level in levels:
        name = level_name(level, opts.lang)
        table = ev.level(level)
        for start in range(0, table.num_rows, _SLICE_ROWS):
            cols = _slice_columns(table.slice(start, _SLICE_ROWS), ("rank", "region_code",
                                                                     *counts))
            codes = cols["region_code"]
            nums = [str(r) for r in range(row, row + len(codes))]
            row += len(codes)
            yield join_rows(nums, [
                cells("A", nums, texts.tails([name] * len(codes))),
                number_cells("B", nums, cols["rank"]),
                cells("C", nums, texts.tails(codes)),
                cells("D", nums, texts.tails([opts.names.get(c, "") for c in codes])),
                *(number_cells(column, nums, cols[count])
                  for column, count in zip("EFGH", counts, strict=True)),
            ])


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
