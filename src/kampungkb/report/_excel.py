"""The Excel workbook (XlsxWriter, constant memory): summary, one sheet per level, ranking,
catalogue.

XlsxWriter, in its ``constant_memory`` mode (each row goes to the sheet's file as soon as the
next one starts), writes the workbook: the small sheets cell by cell, the formats (one per
distinct number format, font, fill and wrapping, shared by every cell that uses it), column
widths, frozen panes, auto-filters and properties (:mod:`._excel_book`).  The rows of the
level sheets and the ranking — nearly all the cells: a province of 393 villages × 26
indicators is ~12,000 rows on the village sheet, the nation ~200,000 — are not written cell by
cell (XlsxWriter spends several microseconds on each): :mod:`._excel_rows` makes their XML a
slice of rows at a time, column by column, with :mod:`._sheet_xml` (a text's XML once per
distinct text, a number's once per distinct value, the formats looked up once per indicator),
which puts it into the sheet when the workbook is closed, exactly as XlsxWriter would have
written it.  Time and memory stay linear in the rows; a test compares the workbook with one
written cell by cell through XlsxWriter, byte for byte.  This module puts the sheets together.

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

XlsxWriter's private API used (in :mod:`._excel_book`; pinned to 3.3 in ``pyproject.toml``; the
byte-for-byte test fails if it changes): ``Format._get_xf_index()``, the number a cell's ``s``
attribute names.
"""

from __future__ import annotations

import kampungkb
from kampungkb.engine import LEVELS
from kampungkb.evaluate import Evaluation
from kampungkb.labels import (
    MARK_ACHIEVED,
    MARK_NOT_ACHIEVED,
    MARK_UNDETERMINED,
    change_rule_name,
    flag_name,
    group_name,
    kind_name,
    label_of,
    text,
    unit_name,
)
from kampungkb.report._excel_book import MAX_CELL_TEXT, _Book, _Sheet, cell_text, number_format
from kampungkb.report._excel_rows import _level_sheet, _ranking_sheet
from kampungkb.report._format import measure_formula
from kampungkb.report._model import ReportOptions, confidence_percent, hierarchy_text

__all__ = ["MAX_CELL_TEXT", "cell_text", "number_format", "workbook_bytes"]


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
        (text("col.hierarchy", lang), hierarchy_text(ev, lang)),
        ("", ""),
        (MARK_ACHIEVED, text("legend.achieved", lang)),
        (MARK_NOT_ACHIEVED, text("legend.not_achieved", lang)),
        (MARK_UNDETERMINED, text("legend.undetermined", lang)),
        (
            text("col.flags", lang),
            text("legend.small_varied", lang) + " → " + flag_name("small_denominator", lang),
        ),
        (text("col.change_verdict", lang), text("legend.verdict", lang, pct=pct)),
    ]
    for label, value in rows:
        sheet.put(0, label, bold=True)
        sheet.put(1, value)
        sheet.next_row()


def _catalogue_sheet(wb: _Book, ev: Evaluation, opts: ReportOptions) -> None:
    lang = opts.lang
    iset = ev.indicator_set
    measures = {m.id: m for m in iset.measures}
    headers = [
        text("col.id", lang),
        text("col.indicator", lang),
        text("col.parent", lang),
        text("col.group", lang),
        text("col.kind", lang),
        text("col.unit", lang),
        text("col.decimals", lang),
        text("col.numerator", lang),
        text("col.denominator", lang),
        text("col.target", lang),
        text("col.change_rule", lang),
        text("col.rule", lang),
        text("col.min_denominator", lang),
        text("col.source", lang),
        text("col.notes", lang),
    ]
    sheet = _Sheet(
        wb,
        text("report.catalogue", lang),
        headers,
        [18, 44, 16, 10, 11, 10, 8, 50, 50, 10, 12, 40, 10, 40, 60],
        "B2",
    )

    def formula(mid: str | None) -> str:
        if not mid:
            return ""
        m = measures.get(mid)
        return f"{mid}: {measure_formula(m, lang)}" if m else mid

    for ind in iset.indicators:
        target = f"{ind.target.op} {ind.target.value:g}" if ind.target else ""
        sheet.append(
            [
                ind.id,
                label_of(ind, lang),
                ind.parent or "",
                group_name(ind.group, lang),
                kind_name(ind.kind, lang),
                unit_name(ind.unit, lang),
                ind.decimals,
                formula(ind.numerator),
                formula(ind.denominator),
                target,
                change_rule_name(ind.change, lang) if ind.change else "",
                ind.rule.describe(lang) if ind.rule else "",
                ind.min_denominator if ind.kind == "ratio" else None,
                ind.text_in("source", lang),
                ind.text_in("notes", lang),
            ],
            wrap=True,
        )


def workbook_bytes(ev: Evaluation, opts: ReportOptions) -> bytes:
    """The workbook as ``.xlsx`` bytes."""
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    wb = _Book(opts.run_date)
    _summary_sheet(wb, ev, opts)
    present = set(pc.unique(ev.scorecard["level"]).to_pylist())
    levels = [lv for lv in LEVELS if lv in present and opts.only_level in (None, lv)]
    for level in levels:
        _level_sheet(wb, ev, level, opts)
    _ranking_sheet(wb, ev, levels, opts)
    _catalogue_sheet(wb, ev, opts)
    return wb.close()
