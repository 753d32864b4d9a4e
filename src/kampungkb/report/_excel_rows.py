"""The level sheets and the ranking of the workbook: their headers through XlsxWriter, their
rows — nearly all the workbook's cells — as XML made in bulk (:mod:`kampungkb.report._sheet_xml`),
a slice of rows at a time, column by column, when the workbook is closed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from kampungkb.evaluate import Evaluation
from kampungkb.labels import (
    MARK_ACHIEVED,
    MARK_NOT_ACHIEVED,
    MARK_UNDETERMINED,
    Lang,
    flag_name,
    label_of,
    level_name,
    text,
    unit_name,
)
from kampungkb.report._excel_book import (
    _FLAG_FILL,
    COUNT_FORMAT,
    _Book,
    _Sheet,
    change_format,
    number_format,
)
from kampungkb.report._format import has_rule, target_text
from kampungkb.report._model import ReportOptions, confidence_percent, funnel_text, verdict_text
from kampungkb.report._sheet_xml import TextCells, cells, join_rows, number_cells

__all__: list[str] = []


def _mark(achieved: bool | None, judged: bool) -> str:
    if not judged:
        return ""
    if achieved is None:
        return MARK_UNDETERMINED
    return MARK_ACHIEVED if achieved else MARK_NOT_ACHIEVED


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
        "_row", pa.array(range(rows.num_rows), pa.int64())
    )
    for period, lo, hi in ((ev.baseline, "b_lo", "b_hi"), (ev.followup, "f_lo", "f_hi")):
        one = part.filter(pc.equal(part["period"], period)).select(
            ["indicator_id", "region_code", "lower", "upper"]
        )
        # one result per indicator × region × period: one match (or none) per row
        found = keys.join(
            one, ["indicator_id", "region_code"], join_type="left outer", use_threads=False
        ).sort_by("_row")
        rows = rows.append_column(lo, found["lower"]).append_column(hi, found["upper"])
    return rows


def _level_headers(ev: Evaluation, level: str, lang: Lang) -> tuple[list[str], list[int]]:
    """The headers and column widths of a level's sheet."""
    pct = confidence_percent(ev)
    base = f"{text('col.baseline', lang)} {ev.baseline}"
    follow = f"{text('col.followup', lang)} {ev.followup}"
    change = text("col.change", lang)
    headers = [
        text("col.code", lang),
        text("col.name", lang),
        text("col.rank", lang),
        text("col.main_achieved", lang),
        text("col.id", lang),
        text("col.indicator", lang),
        text("col.unit", lang),
        base,
        text("col.lower", lang, what=base, pct=pct),
        text("col.upper", lang, what=base, pct=pct),
        follow,
        text("col.lower", lang, what=follow, pct=pct),
        text("col.upper", lang, what=follow, pct=pct),
        change,
        text("col.lower", lang, what=change, pct=pct),
        text("col.upper", lang, what=change, pct=pct),
        text("col.change_verdict", lang),
        text("col.funnel", lang),
        text("col.target", lang),
        text("col.achieved", lang),
        f"{text('col.numerator', lang)} {ev.followup}",
        f"{text('col.denominator', lang)} {ev.followup}",
        text("col.flags", lang),
        text("col.reason", lang),
    ]
    widths = [
        15,
        24,
        9,
        11,
        18,
        44,
        10,
        12,
        12,
        12,
        12,
        12,
        12,
        11,
        11,
        11,
        13,
        22,
        20,
        9,
        12,
        12,
        24,
        50,
    ]
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
_ROW_COLUMNS = (
    "region_code",
    "indicator_id",
    "kind",
    "baseline_flags",
    "followup_flags",
    "baseline",
    "b_lo",
    "b_hi",
    "followup",
    "f_lo",
    "f_hi",
    "change",
    "change_lower",
    "change_upper",
    "change_significance",
    "funnel_significance",
    "achieved",
    "followup_numerator",
    "followup_denominator",
    "villages_achieved",
    "villages_evaluated",
)


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
        static = _per_indicator(
            ev, sc.take(at.take(pc.index_in(pc.unique(ids), ids))), level, opts.lang
        )
        fmt = wb.fmt
        formats = {
            ind_id: (fmt(s[2]), fmt(s[2], fill=_FLAG_FILL), fmt(s[3]))
            for ind_id, s in static.items()
        }
        return cls(
            wb,
            sheet,
            ev,
            level,
            opts,
            len(at),
            static,
            formats,
            fmt(COUNT_FORMAT),
            fmt(fill=_FLAG_FILL),
        )

    def table(self) -> pa.Table:
        """The level's scorecard rows, the columns its sheet shows (only those are copied),
        with the results' intervals."""
        sc = self.ev.scorecard
        reason = "reason_id" if self.opts.lang == "id" else "reason_en"
        shown = sc.select([c for c in sc.column_names if c in _ROW_COLUMNS or c == reason])
        return _with_intervals(self.ev, self.level, shown.filter(pc.equal(sc["level"], self.level)))

    def summary(self) -> dict[str, tuple[Any, Any]]:
        """Each region's rank and number of main indicators achieved."""
        ranked = self.ev.level(self.level).select(["region_code", "rank", "n_achieved"])
        cols = ranked.to_pydict()
        return {
            code: (rank, n)
            for code, rank, n in zip(
                cols["region_code"], cols["rank"], cols["n_achieved"], strict=True
            )
        }


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
            col = pc.if_else(
                pc.is_finite(col),
                pc.add(col, 0.0),  # -0.0 + 0.0 is 0.0
                pa.scalar(None, col.type),
            )
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
        return (
            book.text_tail(code, ""),
            book.text_tail(names.get(code, ""), ""),
            _number_tail(rank),
            _number_tail(n_achieved),
        )

    def indicator(ind_id: str) -> _Indicator:
        label, unit, _, _, target, judged, has_change = plan.static[ind_id]
        value, flagged, signed = plan.formats[ind_id]
        marks = {a: book.text_tail(_mark(a, judged), "") for a in (True, False, None)}
        return _Indicator(
            book.text_tail(ind_id, ""),
            book.text_tail(label, ""),
            book.text_tail(unit, ""),
            book.text_tail(target, ""),
            marks,
            style(value),
            style(flagged),
            style(signed),
            has_change,
        )

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
        change = [c if i.has_change else None for c, i in zip(cols["change"], ind, strict=True)]
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
            columns += [
                number_cells("Y", nums, cols["villages_achieved"], count),
                number_cells("Z", nums, cols["villages_evaluated"], count),
            ]
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


def ranking_sheet_start(wb: _Book, lang: Lang) -> _Sheet:
    """The ranking sheet with its header row, column widths and frozen header."""
    headers = [
        text("col.level", lang),
        text("col.rank", lang),
        text("col.code", lang),
        text("col.name", lang),
        text("col.main_achieved", lang),
        text("col.undetermined", lang),
        text("col.sub_achieved", lang),
        text("col.sub_evaluated", lang),
    ]
    return _Sheet(
        wb, text("report.ranking_sheet", lang), headers, [16, 9, 15, 28, 12, 12, 12, 12], "A2"
    )


def _ranking_sheet(wb: _Book, ev: Evaluation, levels: Sequence[str], opts: ReportOptions) -> None:
    """Every region of every level, by rank (the rows in bulk, like a level's)."""
    sheet = ranking_sheet_start(wb, opts.lang)
    rows = sum(ev.level(level).num_rows for level in levels)
    wb.rows_later(sheet, rows, lambda: _ranking_xml(wb, ev, levels, opts))
    sheet.filter_all()


def _ranking_xml(
    wb: _Book, ev: Evaluation, levels: Sequence[str], opts: ReportOptions
) -> Iterator[str]:
    """The ranking's rows as XML, a slice at a time."""
    texts = TextCells(wb.text_tail)
    counts = ("n_achieved", "n_undetermined", "n_sub_achieved", "n_sub_evaluated")
    row = 2  # the first row after the header, as Excel numbers it
    for level in levels:
        name = level_name(level, opts.lang)
        table = ev.level(level)
        for start in range(0, table.num_rows, _SLICE_ROWS):
            cols = _slice_columns(table.slice(start, _SLICE_ROWS), ("rank", "region_code", *counts))
            codes = cols["region_code"]
            nums = [str(r) for r in range(row, row + len(codes))]
            row += len(codes)
            yield join_rows(
                nums,
                [
                    cells("A", nums, texts.tails([name] * len(codes))),
                    number_cells("B", nums, cols["rank"]),
                    cells("C", nums, texts.tails(codes)),
                    cells("D", nums, texts.tails([opts.names.get(c, "") for c in codes])),
                    *(
                        number_cells(column, nums, cols[count])
                        for column, count in zip("EFGH", counts, strict=True)
                    ),
                ],
            )
