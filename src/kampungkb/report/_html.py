"""The self-contained HTML report: one file, inline CSS and SVG, no external URL of any kind.

No script, and no markup from data: every text from the data or a plugin (village names, set
titles, indicator labels, reasons) is HTML-escaped, quotes included, with control characters
replaced.

The layout works from a 390 px phone to a wide screen and on paper: below 640 px every table
row becomes a small card (each value with its column's name), charts scale to the page width,
and the print styles keep headings with their tables, repeat table headers and print the
charts' colours.  The ranking shows the top regions (``max_villages``, 20 by default); the
Excel report lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kampungkb.labels import (
    MARK_ACHIEVED,
    MARK_NOT_ACHIEVED,
    MARK_UNDETERMINED,
    level_name,
    text,
    unit_name,
)
from kampungkb.report._format import display_text, format_number
from kampungkb.report._funnel_svg import funnel_svg
from kampungkb.report._model import RankRow, ReportModel, ScoreRow, region_label
from kampungkb.report._svg import Bar, PairRow, axis_for, bar_chart, heatmap, paired_bars

__all__ = ["render_html_text"]

_CSS = """
:root { --ink:#1f2933; --muted:#52606d; --line:#e4e7eb; --head:#f5f7fa; --ok:#2f855a;
  --no:#c53030; --maybe:#b7791f; --accent:#1f6f8b; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 0; background: #fff; line-height: 1.4; overflow-wrap: anywhere; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.55rem; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 1.2rem; margin: 36px 0 10px; padding-bottom: 4px;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 18px 0 4px; color: var(--muted); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0;
  font-size: .92rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 8px 0; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: var(--head); font-weight: 600; position: sticky; top: 0;
  overflow-wrap: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.mark { text-align: center; font-weight: 700; }
tr.section td { background: #eef4f7; font-weight: 600; color: var(--accent); }
tr.main td.label { font-weight: 600; }
tr.focus td { background: #fff8e1; }
tr.gap td { color: var(--muted); text-align: center; }
td.sub { padding-left: 28px; }
table.list td { white-space: nowrap; }
table.list th { vertical-align: bottom; }
.ok { color: var(--ok); } .no { color: var(--no); } .maybe { color: var(--maybe); }
p.legend, p.note { font-size: .85rem; color: var(--muted); margin: 6px 0; }
figure { margin: 12px 0; }
figure svg { display: block; max-width: 100%; height: auto; }
div.panels { display: grid; gap: 10px 28px; align-items: start;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 472px), 1fr)); }
figcaption { font-size: .85rem; color: var(--muted); margin-bottom: 4px; }
footer { margin-top: 40px; font-size: .8rem; color: var(--muted); }
@media (max-width: 640px) {
  main { padding: 14px 12px 32px; }
  h1 { font-size: 1.3rem; }
  dl.meta { grid-template-columns: 1fr; }
  dl.meta dd { margin: 0 0 6px; }
  table.rt thead { display: none; }
  table.rt, table.rt tbody, table.rt tr, table.rt td { display: block; width: 100%; }
  table.rt tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.rt td { border: 0; padding: 1px 4px; display: flex; justify-content: space-between;
    gap: 12px; text-align: right; white-space: normal; }
  table.rt td::before { content: attr(data-label); color: var(--muted); text-align: left; }
  table.rt td:empty { display: none; }
  table.rt td.label, table.rt tr.section td { display: block; text-align: left; }
  table.rt td.label::before, table.rt tr.section td::before { content: none; }
  td.sub { padding-left: 4px; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 18px; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { position: static; }
  table.list td { white-space: normal; }
}
"""


def _e(value: object) -> str:
    """Everything that reaches the page from data or plugins goes through here: HTML-escaped
    (quotes too, so it is safe in attributes) and without control characters."""
    return escape(display_text(str(value)), quote=True)


def _mark_class(mark: str) -> str:
    return {MARK_ACHIEVED: "ok", MARK_NOT_ACHIEVED: "no", MARK_UNDETERMINED: "maybe"}.get(mark, "")


def _table(heads: Sequence[tuple[str, str]], classes: str = "rt") -> str:
    return (f'<table class="{classes}"><thead><tr>'
            + "".join(f'<th class="{c}">{_e(h)}</th>' for h, c in heads)
            + "</tr></thead><tbody>")


def _cells(values: Sequence[tuple[str, str]], heads: Sequence[tuple[str, str]]) -> str:
    """Table cells, each carrying its column's name for the narrow (card) layout."""
    return "".join(f'<td class="{c}" data-label="{_e(h)}">{_e(v)}</td>'
                   for (v, c), (h, _) in zip(values, heads, strict=True))


def _header(m: ReportModel) -> list[str]:
    out = [f"<h1>{_e(m.title)}</h1>", '<dl class="meta">']
    out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in m.header_lines()]
    out.append("</dl>")
    return out


def _scorecard(m: ReportModel) -> list[str]:
    lang = m.lang
    heads = [(text("col.indicator", lang), ""), (m.baseline, "num"), (m.followup, "num"),
             (text("col.change", lang), "num"), (text("col.change_verdict", lang), ""),
             (text("col.target", lang), ""), (text("col.achieved", lang), "mark")]
    out = [f"<h2>{_e(text('report.scorecard', lang, name=m.focus_name))} "
           f"<small>({_e(level_name(m.focus_level, lang))})</small></h2>", _table(heads)]
    for r in m.scorecard:
        if r.section:
            out.append(f'<tr class="section"><td colspan="{len(heads)}">{_e(r.section)}'
                       "</td></tr>")
        row_class = "main" if r.depth == 0 else ""
        title = f' title="{_e(r.reason)}"' if r.reason else ""
        values = [(r.label, "label sub" if r.depth else "label"), (r.baseline.text, "num"),
                  (r.followup.text, "num"), (r.change, "num"), (r.verdict, ""), (r.target, ""),
                  (r.mark, f"mark {_mark_class(r.mark)}")]
        out.append(f'<tr class="{row_class}"{title}>{_cells(values, heads)}</tr>')
    out.append("</tbody></table>")
    legend = " · ".join(f"{_e(k)} {_e(v)}" for k, v in m.legend)
    verdict = ""
    if any(r.verdict for r in m.scorecard):
        verdict = " " + _e(text("legend.verdict", lang, pct=m.confidence))
    out.append(f'<p class="legend"><strong>{_e(text("report.legend", lang))}:</strong> '
               f'{legend}. {_e(text("legend.change_pp", lang))}{verdict}</p>')
    return out


def _panel_key(r: ScoreRow, focus_level: str) -> str:
    """Which shared axis an indicator is drawn on: percent, presence, or its count unit."""
    if r.kind == "ratio" and r.unit == "%":
        return "%"
    if r.kind == "presence":
        return "%" if focus_level != "village" else "presence"
    return f"count:{r.unit}"


def _pair_charts(m: ReportModel) -> list[str]:
    """Baseline and follow-up per indicator: percentages on one 0–100 axis, presence on a
    0/1 axis, counts on one axis per unit; targets drawn."""
    lang = m.lang
    panels: dict[str, list[tuple[ScoreRow, PairRow]]] = {}
    for r in m.scorecard:
        if r.kind == "composite" or (r.baseline.value is None and r.followup.value is None):
            continue
        target = r.target_value if r.kind in ("ratio", "count") else None
        pair = PairRow(r.label, r.baseline.value, r.followup.value, r.baseline.text,
                       r.followup.text, target)
        panels.setdefault(_panel_key(r, m.focus_level), []).append((r, pair))
    title = text("report.chart_pair", lang, name=m.focus_name)
    legend = (m.baseline, m.followup, text("chart.target", lang))
    out = [f'<figure><figcaption>{_e(title)}</figcaption><div class="panels">']
    order = sorted(panels, key=lambda k: (k != "%", k == "presence", k))
    for key in order:
        rows = [p for _, p in panels[key]]
        values = [v for p in rows for v in (p.baseline, p.followup, p.target) if v is not None]
        if key == "%":
            axis = axis_for(text("chart.axis_percent", lang), values, percent=True, lang=lang)
        elif key == "presence":
            axis = axis_for(text("chart.axis_presence", lang), values, tick_text=("0", "1"))
        else:
            unit = unit_name(key.split(":", 1)[1], lang)
            axis = axis_for(text("chart.axis_count", lang, unit=unit), values, lang=lang)
        out.append(paired_bars(rows, f"{title} — {axis.title}", axis, legend))
    out.append("</div></figure>")
    return out


def _shown(m: ReportModel) -> tuple[tuple[RankRow, ...], RankRow | None]:
    """The top of the ranking, and the focus region when it ranks below it."""
    shown = m.ranking[: m.options.max_villages]
    if any(r.code == m.focus_code for r in shown):
        return shown, None
    return shown, next((r for r in m.ranking if r.code == m.focus_code), None)


def _village_chart(m: ReportModel) -> list[str]:
    lang = m.lang
    shown, focus = _shown(m)
    bars = [Bar(r.name or r.code, float(r.achieved), f"{r.achieved}/{r.main}")
            for r in (*shown, *((focus,) if focus else ()))]
    maximum = max((r.main for r in m.ranking), default=1)
    axis = axis_for(text("chart.axis_main", lang), [float(maximum)], lang=lang)
    title = text("report.chart_villages", lang)
    if m.options.level != "village":
        title = text("report.ranking", lang, level=level_name(m.options.level, lang, plural=True))
    return [f"<figure><figcaption>{_e(title)}</figcaption>{bar_chart(bars, title, axis)}"
            "</figure>"]


def _ranking(m: ReportModel) -> list[str]:
    lang = m.lang
    level = m.options.level
    out = [f"<h2>{_e(text('report.ranking', lang, level=level_name(level, lang, plural=True)))}"
           "</h2>"]
    out += _village_chart(m)
    heads = [(text("col.rank", lang), "num"), (text("col.code", lang), ""),
             (text("col.name", lang), "")]
    if level in ("village", "district"):
        heads.append((level_name("regency", lang), ""))
    heads += [(text("col.main_achieved", lang), "num"), (text("col.undetermined", lang), "num"),
              (text("col.sub_achieved", lang), "num")]
    funnel = bool(m.funnels)
    if funnel:
        heads.append((text("col.funnel_marks", lang), ""))
    out.append(_table(heads, "list rt"))
    shown, focus = _shown(m)

    def row(r: RankRow, css: str = "") -> str:
        cells = [(str(r.rank), "num"), (r.code, ""), (r.name, "")]
        if level in ("village", "district"):
            cells.append((r.parent_name, ""))
        cells += [(f"{r.achieved}/{r.main}", "num"), (str(r.undetermined), "num"),
                  (f"{r.sub_achieved}/{r.sub_evaluated}", "num")]
        if funnel:
            cells.append((" ".join(x for x in (f"▲{r.above}" if r.above else "",
                                               f"▼{r.below}" if r.below else "") if x), ""))
        cls = f' class="{css}"' if css else ""
        return f"<tr{cls}>{_cells(cells, heads)}</tr>"

    out += [row(r, "focus" if r.code == m.focus_code else "") for r in shown]
    if focus is not None:
        out.append(f'<tr class="gap"><td colspan="{len(heads)}">…</td></tr>')
        out.append(row(focus, "focus"))
    out.append("</tbody></table>")
    if len(m.ranking) > len(shown):
        note = (text("report.top_shown", lang, shown=len(shown), total=len(m.ranking)) + " "
                + text("report.full_list_excel", lang))
        out.append(f'<p class="note">{_e(note)}</p>')
    return out


def _funnels(m: ReportModel) -> list[str]:
    """One funnel plot per main ratio indicator: villages against their province."""
    if not m.funnels:
        return []
    lang = m.lang
    out = [f"<h2>{_e(text('report.funnels', lang))}</h2>",
           f'<p class="note">{_e(text("report.funnels_note", lang))}</p>',
           '<div class="panels">']
    for panel in m.funnels:
        svg = funnel_svg(panel.points, title=panel.label, unit=panel.unit,
                         factor=panel.factor, lang=lang)
        out.append(f"<figure><figcaption>{_e(panel.label)}</figcaption>{svg}</figure>")
    out.append("</div>")
    return out


def _rollup(m: ReportModel) -> list[str]:
    lang = m.lang
    if not m.rollup:
        return []
    out = [f"<h2>{_e(text('report.rollup', lang))}</h2>"]
    numbers = [str(i + 1) for i in range(len(m.main_ids))]
    names = [m.options.names.get(r.code) or f"{level_name(r.level, lang)} {r.code}"
             for r in m.rollup]
    cells = [[(a / e if e else None, f"{a}/{e}") for a, e in r.per_main] for r in m.rollup]
    title = text("report.chart_rollup", lang)
    chart = heatmap(names, numbers, cells, title, row_title=level_name("regency", lang),
                    col_title=text("chart.axis_main_numbers", lang))
    out.append(f"<figure><figcaption>{_e(title)}</figcaption>{chart}</figure>")
    heads = [(level_name("regency", lang), ""), (text("col.villages", lang), "num")]
    heads += [(n, "num") for n in numbers]
    heads += [(text("col.villages_all", lang), "num"), (text("col.mean_achieved", lang), "num")]
    out.append(_table(heads, "list rt"))
    for name, r in zip(names, m.rollup, strict=True):
        mean = format_number(r.mean_achieved, 1, lang) if r.mean_achieved is not None else "…"
        vals = [(region_label(r.code, {r.code: name}), ""), (str(r.villages), "num")]
        vals += [(f"{a}/{e}", "num") for a, e in r.per_main]
        vals += [(str(r.all_main), "num"), (mean, "num")]
        style = ' style="font-weight:600"' if r.level == "province" else ""
        out.append(f"<tr{style}>{_cells(vals, heads)}</tr>")
    out.append("</tbody></table>")
    out.append(f'<p class="note">{_e(text("report.rollup_note", lang))}</p><ol class="note">')
    out += [f"<li>{_e(label.split('. ', 1)[-1])}</li>" for label in m.main_labels]
    out.append("</ol>")
    return out


def render_html_text(m: ReportModel) -> str:
    """The report as one HTML document."""
    lang = m.lang
    body = (_header(m) + _scorecard(m) + _pair_charts(m) + _ranking(m) + _funnels(m)
            + _rollup(m))
    foot = (f"<footer>{_e(text('report.generated_by', lang, version=m.version))} · "
            f"{_e(m.set_key)} · {_e(m.hierarchy)}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(m.title)} — {_e(m.focus_name)}</title><style>{_CSS}</style></head>"
            f"<body><main>{''.join(body)}{foot}</main></body></html>\n")
