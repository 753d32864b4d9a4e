"""The self-contained HTML report: one file, inline CSS and SVG, no external URL of any kind.

No script, and no markup from data: every text from the data or a plugin (village names, set
titles, indicator labels, reasons) is HTML-escaped, quotes included, with control characters
replaced.
"""

from __future__ import annotations

from html import escape

from kampungkb.labels import (
    MARK_ACHIEVED,
    MARK_NOT_ACHIEVED,
    MARK_UNDETERMINED,
    level_name,
    text,
)
from kampungkb.report._format import display_text, format_number
from kampungkb.report._model import ReportModel, region_label
from kampungkb.report._svg import Bar, PairRow, bar_chart, heatmap, paired_bars

__all__ = ["render_html_text"]

_CSS = """
:root { --ink:#1f2933; --muted:#52606d; --line:#e4e7eb; --head:#f5f7fa; --ok:#2f855a;
  --no:#c53030; --maybe:#b7791f; --accent:#1f6f8b; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 0; background: #fff; line-height: 1.4; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.55rem; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 1.2rem; margin: 36px 0 10px; padding-bottom: 4px;
  border-bottom: 2px solid var(--line); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0;
  font-size: .92rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 8px 0; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: var(--head); font-weight: 600; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.mark { text-align: center; font-weight: 700; }
tr.section td { background: #eef4f7; font-weight: 600; color: var(--accent); }
tr.main td.label { font-weight: 600; }
td.sub { padding-left: 28px; }
table.list td { white-space: nowrap; }
table.list th { vertical-align: bottom; }
.ok { color: var(--ok); } .no { color: var(--no); } .maybe { color: var(--maybe); }
p.legend, p.note { font-size: .85rem; color: var(--muted); margin: 6px 0; }
figure { margin: 12px 0; overflow-x: auto; }
figcaption { font-size: .85rem; color: var(--muted); margin-bottom: 4px; }
footer { margin-top: 40px; font-size: .8rem; color: var(--muted); }
"""


def _e(value: object) -> str:
    """Everything that reaches the page from data or plugins goes through here: HTML-escaped
    (quotes too, so it is safe in attributes) and without control characters."""
    return escape(display_text(str(value)), quote=True)


def _mark_class(mark: str) -> str:
    return {MARK_ACHIEVED: "ok", MARK_NOT_ACHIEVED: "no", MARK_UNDETERMINED: "maybe"}.get(mark, "")


def _header(m: ReportModel) -> list[str]:
    out = [f"<h1>{_e(m.title)}</h1>", '<dl class="meta">']
    out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in m.header_lines()]
    out.append("</dl>")
    return out


def _scorecard(m: ReportModel) -> list[str]:
    lang = m.lang
    heads = [text("col.indicator", lang), m.baseline, m.followup, text("col.change", lang),
             text("col.target", lang), text("col.achieved", lang)]
    classes = ["", "num", "num", "num", "", "mark"]
    out = [f"<h2>{_e(text('report.scorecard', lang, name=m.focus_name))} "
           f"<small>({_e(level_name(m.focus_level, lang))})</small></h2>", "<table><thead><tr>"]
    out += [f'<th class="{c}">{_e(h)}</th>' for h, c in zip(heads, classes, strict=True)]
    out.append("</tr></thead><tbody>")
    for r in m.scorecard:
        if r.section:
            out.append(f'<tr class="section"><td colspan="6">{_e(r.section)}</td></tr>')
        row_class = "main" if r.depth == 0 else ""
        label_class = "label sub" if r.depth else "label"
        title = f' title="{_e(r.reason)}"' if r.reason else ""
        out.append(f'<tr class="{row_class}"{title}><td class="{label_class}">{_e(r.label)}</td>'
                   f'<td class="num">{_e(r.baseline.text)}</td>'
                   f'<td class="num">{_e(r.followup.text)}</td>'
                   f'<td class="num">{_e(r.change)}</td><td>{_e(r.target)}</td>'
                   f'<td class="mark {_mark_class(r.mark)}">{_e(r.mark)}</td></tr>')
    out.append("</tbody></table>")
    legend = " · ".join(f"{_e(k)} {_e(v)}" for k, v in m.legend)
    out.append(f'<p class="legend"><strong>{_e(text("report.legend", lang))}:</strong> '
               f'{legend}. {_e(text("legend.change_pp", lang))}</p>')
    return out


def _pair_chart(m: ReportModel) -> list[str]:
    rows = []
    for r in m.scorecard:
        if r.kind == "composite" or (r.baseline.value is None and r.followup.value is None):
            continue
        values = [v for v in (r.baseline.value, r.followup.value) if v is not None]
        if r.kind == "ratio" or (r.kind == "presence" and m.focus_level != "village"):
            scale = 100.0
        elif r.kind == "presence":
            scale = 1.0
        else:
            scale = max(values) if values else 1.0
        rows.append(PairRow(r.label, r.baseline.value, r.followup.value, r.baseline.text,
                            r.followup.text, scale or 1.0))
    title = text("report.chart_pair", m.lang, name=m.focus_name)
    svg = paired_bars(rows, title, (m.baseline, m.followup))
    return [f"<figure><figcaption>{_e(title)}</figcaption>{svg}</figure>"]


def _village_chart(m: ReportModel) -> list[str]:
    lang = m.lang
    ranking = m.ranking
    shown = ranking[: m.options.max_villages]
    bars = [Bar(r.name or r.code, float(r.achieved), f"{r.achieved}/{r.main}") for r in shown]
    maximum = float(max((r.main for r in ranking), default=1))
    title = text("report.chart_villages", lang)
    if m.options.level != "village":
        title = text("report.ranking", lang, level=level_name(m.options.level, lang, plural=True))
    out = [f"<figure><figcaption>{_e(title)}</figcaption>{bar_chart(bars, title, maximum)}"
           "</figure>"]
    if len(ranking) > len(shown):
        note = text("report.top_shown", lang, shown=len(shown), total=len(ranking))
        out.append(f'<p class="note">{_e(note)}</p>')
    return out


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
    out.append('<table class="list"><thead><tr>'
               + "".join(f'<th class="{c}">{_e(h)}</th>' for h, c in heads)
               + "</tr></thead><tbody>")
    for r in m.ranking:
        cells = [(str(r.rank), "num"), (r.code, ""), (r.name, "")]
        if level in ("village", "district"):
            cells.append((r.parent_name, ""))
        cells += [(f"{r.achieved}/{r.main}", "num"), (str(r.undetermined), "num"),
                  (f"{r.sub_achieved}/{r.sub_evaluated}", "num")]
        out.append("<tr>" + "".join(f'<td class="{c}">{_e(v)}</td>' for v, c in cells) + "</tr>")
    out.append("</tbody></table>")
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
    out.append(f"<figure><figcaption>{_e(title)}</figcaption>"
               f"{heatmap(names, numbers, cells, title)}</figure>")
    heads = [(level_name("regency", lang), ""), (text("col.villages", lang), "num")]
    heads += [(n, "num") for n in numbers]
    heads += [(text("col.villages_all", lang), "num"), (text("col.mean_achieved", lang), "num")]
    out.append('<table class="list"><thead><tr>'
               + "".join(f'<th class="{c}">{_e(h)}</th>' for h, c in heads)
               + "</tr></thead><tbody>")
    for name, r in zip(names, m.rollup, strict=True):
        mean = format_number(r.mean_achieved, 1) if r.mean_achieved is not None else "…"
        vals = [(region_label(r.code, {r.code: name}), ""), (str(r.villages), "num")]
        vals += [(f"{a}/{e}", "num") for a, e in r.per_main]
        vals += [(str(r.all_main), "num"), (mean, "num")]
        style = ' style="font-weight:600"' if r.level == "province" else ""
        out.append(f"<tr{style}>" + "".join(f'<td class="{c}">{_e(v)}</td>' for v, c in vals)
                   + "</tr>")
    out.append("</tbody></table>")
    out.append(f'<p class="note">{_e(text("report.rollup_note", lang))}</p><ol class="note">')
    out += [f"<li>{_e(label.split('. ', 1)[-1])}</li>" for label in m.main_labels]
    out.append("</ol>")
    return out


def render_html_text(m: ReportModel) -> str:
    """The report as one HTML document."""
    lang = m.lang
    body = _header(m) + _scorecard(m) + _pair_chart(m) + _ranking(m) + _rollup(m)
    foot = (f"<footer>{_e(text('report.generated_by', lang, version=m.version))} · "
            f"{_e(m.set_key)} · {_e(m.hierarchy)}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(m.title)} — {_e(m.focus_name)}</title><style>{_CSS}</style></head>"
            f"<body><main>{''.join(body)}{foot}</main></body></html>\n")
