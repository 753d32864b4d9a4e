"""The level sheets' and the ranking's rows written in bulk (``report._sheet_xml``) are the rows
XlsxWriter writes.

The reference below is the writer the bulk rows replaced: every cell of a level sheet and of the
ranking written through XlsxWriter (``write_string``/``write_number``/``write_blank``, constant
memory), with the same formats.  The workbooks must be the same bytes — every member unzipped
and compared, then the zip — with hostile texts, non-finite numbers, flagged small
denominators, both languages, with and without intervals, and slices that end anywhere.  The
one intended difference, a negative zero written ``0``, is made in the reference too.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import threading
import zipfile
from collections.abc import Iterator
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from openpyxl import load_workbook

import kampungkb
from kampungkb.demo import generate_demo
from kampungkb.evaluate import Evaluation
from kampungkb.labels import flag_name, level_name
from kampungkb.report import _excel, _excel_rows
from kampungkb.report._excel import workbook_bytes
from kampungkb.report._excel_book import MAX_CELL_TEXT, _Book, _Sheet, cell_text
from kampungkb.report._excel_rows import _Level, _mark, ranking_sheet_start
from kampungkb.report._format import FORMULA_START
from kampungkb.report._model import ReportOptions, funnel_text, verdict_text
from kampungkb.report._sheet_xml import inline_text

#: Texts a village name may hold that a careless writer would turn into a formula, a broken
#: file or a different text.
HOSTILE = [
    "=SUM(A1:A9)",
    "+62 812",
    "-1",
    "@home",
    "\tTab",
    "\rReturn",
    "a & b < c > d \"e\" 'f'",
    "bell\x07and\x1bescape",
    " leading",
    "trailing ",
    "line\nbreak\n",
    "_x0041_ literal",
    "non\ufffecharacter\uffff",
    "x" * (MAX_CELL_TEXT + 5),
    "\U0001f600" * 20_000,
    "Desa Sukamaju",
    "",
    "  ",
]


class _Cells:
    """The per-cell writer the bulk rows replaced (kept here as the reference)."""

    def __init__(self, sheet: _Sheet, quote: Any) -> None:
        self.sheet = sheet
        self._quote = quote

    def text(self, col: int, value: str | None, fill: Any = None) -> None:
        ws, row = self.sheet.ws, self.sheet.rows
        if value:
            safe = cell_text(value)
            if safe.startswith(FORMULA_START):
                ws.write_string(row, col, safe, self._quote)
                return
            ws.write_string(row, col, safe, fill)
            return
        if fill is not None:
            ws.write_blank(row, col, None, fill)

    def number(self, col: int, value: float | None, fmt: Any, blank: Any = None) -> None:
        ws, row = self.sheet.ws, self.sheet.rows
        if value is not None and math.isfinite(value):
            # the one intended difference: a negative zero is written 0, not -0
            ws.write_number(row, col, value + 0.0 if value == 0 else value, fmt)
        elif blank is not None:
            ws.write_blank(row, col, None, blank)


def _reference_level_sheet(wb: Any, ev: Evaluation, level: str, opts: ReportOptions) -> None:
    """A level's sheet written cell by cell through XlsxWriter."""
    plan = _Level.start(wb, ev, level, opts)
    sheet, lang, static, summary = plan.sheet, opts.lang, plan.static, plan.summary()
    put = _Cells(sheet, plan.book.quote)
    table = plan.table()
    for start in range(0, table.num_rows, 7):
        cols = table.slice(start, 7).to_pydict()
        missing = [None] * len(cols["region_code"])
        reason = cols["reason_id" if lang == "id" else "reason_en"]
        for i, (code, ind_id, kind) in enumerate(
            zip(cols["region_code"], cols["indicator_id"], cols["kind"], strict=True)
        ):
            label, unit, _, _, target, judged, has_change = static[ind_id]
            value_fmt, flagged_fmt, signed = plan.formats[ind_id]
            flags = tuple(
                sorted(set((cols["baseline_flags"][i] or []) + (cols["followup_flags"][i] or [])))
            )
            small = kind == "ratio" and "small_denominator" in flags
            v_fmt, v_blank = (flagged_fmt, flagged_fmt) if small else (value_fmt, None)
            rank, n_achieved = summary.get(code, (None, None))
            put.text(0, code)
            put.text(1, opts.names.get(code, ""))
            put.number(2, rank, None)
            put.number(3, n_achieved, None)
            put.text(4, ind_id)
            put.text(5, label)
            put.text(6, unit)
            put.number(7, cols["baseline"][i], v_fmt, v_blank)
            put.number(8, cols["b_lo"][i], value_fmt)
            put.number(9, cols["b_hi"][i], value_fmt)
            put.number(10, cols["followup"][i], v_fmt, v_blank)
            put.number(11, cols["f_lo"][i], value_fmt)
            put.number(12, cols["f_hi"][i], value_fmt)
            put.number(13, cols["change"][i] if has_change else None, signed)
            put.number(14, cols.get("change_lower", missing)[i], signed)
            put.number(15, cols.get("change_upper", missing)[i], signed)
            put.text(16, verdict_text(cols.get("change_significance", missing)[i], lang))
            put.text(17, funnel_text(cols.get("funnel_significance", missing)[i], lang))
            put.text(18, target)
            put.text(19, _mark(cols["achieved"][i], judged))
            put.number(20, cols["followup_numerator"][i], plan.count)
            put.number(21, cols["followup_denominator"][i], plan.count)
            put.text(
                22, ", ".join(flag_name(f, lang) for f in flags), plan.plain_fill if small else None
            )
            put.text(23, reason[i])
            if level != "village":
                put.number(24, cols["villages_achieved"][i], plan.count)
                put.number(25, cols["villages_evaluated"][i], plan.count)
            sheet.next_row()
    sheet.filter_all()


def _reference_ranking_sheet(wb: Any, ev: Evaluation, levels: Any, opts: ReportOptions) -> None:
    """The ranking written cell by cell through XlsxWriter."""
    lang = opts.lang
    sheet = ranking_sheet_start(wb, lang)  # the header row is XlsxWriter's in both
    for level in levels:
        name = level_name(level, lang)
        for r in ev.level(level).to_pylist():
            sheet.append(
                [
                    name,
                    r["rank"],
                    r["region_code"],
                    opts.names.get(r["region_code"], ""),
                    r["n_achieved"],
                    r["n_undetermined"],
                    r["n_sub_achieved"],
                    r["n_sub_evaluated"],
                ]
            )
    sheet.filter_all()


def _reference(monkeypatch: pytest.MonkeyPatch, ev: Evaluation, opts: ReportOptions) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(_excel, "_level_sheet", _reference_level_sheet)
        patch.setattr(_excel, "_ranking_sheet", _reference_ranking_sheet)
        return workbook_bytes(ev, opts)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _assert_same(new: bytes, old: bytes) -> None:
    """The same workbook: every member the same bytes, in the same order, then the zip."""
    got, want = _members(new), _members(old)
    assert list(got) == list(want)
    for name, data in want.items():
        if got[name] != data:  # show where they part
            at = next(
                (i for i, (a, b) in enumerate(zip(got[name], data, strict=False)) if a != b),
                min(len(got[name]), len(data)),
            )
            assert got[name][max(at - 150, 0) : at + 150] == data[max(at - 150, 0) : at + 150], name
            assert got[name] == data, name
    assert new == old


@pytest.fixture(scope="module")
def demo() -> kampungkb.Dataset:
    return kampungkb.Dataset.from_tables(generate_demo())


def _hostile(ev: Evaluation) -> Evaluation:
    """``ev`` with non-finite numbers and negative zeros in number columns of some rows, and
    small denominators flagged on some ratios (filled cells, also when empty)."""
    sc = ev.scorecard
    n = sc.num_rows
    for name, bad, every in (
        ("baseline", math.inf, 5),
        ("followup", math.nan, 5),
        ("change", -math.inf, 5),
        ("change_lower", math.nan, 5),
        ("followup_numerator", math.inf, 5),
        ("followup_denominator", math.nan, 5),
        ("change_upper", -0.0, 4),
        ("followup_denominator", -0.0, 7),
    ):
        col = sc[name].combine_chunks()
        hit = pa.array([i % every == 1 for i in range(n)])
        sc = sc.set_column(
            sc.column_names.index(name), name, pc.if_else(hit, pa.scalar(bad, col.type), col)
        )
    kinds = sc["kind"].to_pylist()
    for name, every in (("baseline_flags", 3), ("followup_flags", 4)):  # small denominators
        flags = [
            [*(old or []), "small_denominator"] if kind == "ratio" and i % every == 0 else old
            for i, (kind, old) in enumerate(zip(kinds, sc[name].to_pylist(), strict=True))
        ]
        sc = sc.set_column(sc.column_names.index(name), name, pa.array(flags, sc[name].type))
    return Evaluation(
        ev.indicator_set,
        ev.baseline,
        ev.followup,
        results=ev.results,
        scorecard=sc,
        summary=ev.summary,
        definitions=ev.definitions,
    )


def _names(ev: Evaluation) -> dict[str, str]:
    """Every hostile text as a name on the village or the district sheet (villages first)."""
    order = {"village": 0, "district": 1, "regency": 2, "province": 3}
    sc = ev.scorecard
    codes = sorted(
        set(zip(sc["level"].to_pylist(), sc["region_code"].to_pylist(), strict=True)),
        key=lambda lc: (order[lc[0]], lc[1]),
    )
    return {code: HOSTILE[i % len(HOSTILE)] for i, (_, code) in enumerate(codes)}


@pytest.mark.parametrize(
    ("lang", "confidence", "slice_rows"),
    [("id", 0.95, 8192), ("en", 0.95, 5), ("id", None, 3), ("en", None, 8192)],
)
def test_bulk_rows_are_xlsxwriters_rows(
    demo: kampungkb.Dataset,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    confidence: float | None,
    slice_rows: int,
) -> None:
    ev = _hostile(
        kampungkb.evaluate(demo, "cikar", baseline="2017", followup="2019", confidence=confidence)
    )
    opts = ReportOptions.from_kwargs(lang=lang, run_date=dt.date(2026, 12, 2), names=_names(ev))
    monkeypatch.setattr(_excel_rows, "_SLICE_ROWS", slice_rows)
    _assert_same(workbook_bytes(ev, opts), _reference(monkeypatch, ev, opts))


def test_one_level(demo: kampungkb.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    ev = kampungkb.evaluate(demo, "cikar", baseline="2017", followup="2019")
    opts = ReportOptions.from_kwargs(
        lang="en", run_date=dt.date(2026, 12, 2), only_level="district"
    )
    _assert_same(workbook_bytes(ev, opts), _reference(monkeypatch, ev, opts))


def test_the_comparison_sees_a_missing_cell(
    demo: kampungkb.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk writer that drops one cell does not pass."""
    ev = kampungkb.evaluate(demo, "cikar", baseline="2017", followup="2019")
    opts = ReportOptions.from_kwargs(lang="id", run_date=dt.date(2026, 12, 2))
    good = workbook_bytes(ev, opts)
    original = _excel_rows.number_cells

    def drop_last(column: str, rows: Any, *args: Any, **kwargs: Any) -> list[str]:
        out = original(column, rows, *args, **kwargs)
        return [*out[:-1], ""] if column == "V" else out

    monkeypatch.setattr(_excel_rows, "number_cells", drop_last)
    with pytest.raises(AssertionError):
        _assert_same(workbook_bytes(ev, opts), _reference(monkeypatch, ev, opts))
    monkeypatch.undo()
    _assert_same(good, _reference(monkeypatch, ev, opts))


def test_rich_text_look_alike_stays_text(demo: kampungkb.Dataset) -> None:
    """A name XlsxWriter would write unescaped as rich text (``<r>…</r>``) is escaped: the
    sheet stays well-formed and the name reads back as written."""
    ev = kampungkb.evaluate(demo, "cikar", baseline="2017", followup="2019")
    code = ev.scorecard["region_code"][0].as_py()
    name = "<r><t>Dusun</t></r>"
    opts = ReportOptions.from_kwargs(lang="id", names={code: name}, only_level="village")
    ws = load_workbook(io.BytesIO(workbook_bytes(ev, opts)))["Desa"]
    assert ws["A2"].value == code
    assert ws["B2"].value == name
    assert ws["B2"].data_type == "s"


def test_inline_text_escapes() -> None:
    assert inline_text("a&b", "") == ' t="inlineStr"><is><t>a&amp;b</t></is></c>'
    assert (
        inline_text(" x\r", ' s="3"')
        == ' s="3" t="inlineStr"><is><t xml:space="preserve"> x_x000D_</t></is></c>'
    )
    assert inline_text("_x0041_", "") == ' t="inlineStr"><is><t>_x005F_x0041_</t></is></c>'


@pytest.mark.parametrize("where", ["rows", "zip"])
def test_a_failure_while_splicing_is_raised_and_ends_the_writer(where: str) -> None:
    """An error making the rows, or writing the zip, is raised in the caller's thread; the
    zip's writer thread ends (no thread left waiting, no deadlock with slices queued)."""
    book = _Book(dt.date(2026, 12, 2))
    sheet = _Sheet(book, "B", ["a", "b"], [10, 10], "A2")
    before = threading.active_count()

    def chunks() -> Iterator[str]:
        for i in range(50):  # more slices than the queue holds
            yield f'<row r="{i + 2}"><c r="A{i + 2}"><v>{i}</v></c></row>'
        raise ValueError("rows failed")

    book.rows_later(sheet, 50, chunks)
    if where == "zip":  # the sheet's layout is not what XlsxWriter writes
        book._later[0] = attrs.evolve(book._later[0], header_ref="A1:Z9")
        with pytest.raises(RuntimeError, match="unexpected layout"):
            book.close()
    else:
        with pytest.raises(ValueError, match="rows failed"):
            book.close()
    assert threading.active_count() == before
