"""Small inline SVG charts written by hand: no plotting library, no external resource.

Every chart has labelled axes: an axis title (``class="axis-title"``) and tick labels
(``class="tick"``).  Charts scale down with the page (the HTML report's CSS gives them
``max-width: 100%``), so they are drawn on a compact canvas with the labels above the bars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import attrs

from kampungkb.labels import Lang
from kampungkb.report._format import display_text, format_number

__all__ = ["Axis", "Bar", "PairRow", "axis_for", "bar_chart", "heatmap", "paired_bars"]

BASE_COLOUR = "#9aa5b1"
FOLLOW_COLOUR = "#1f6f8b"
BAR_COLOUR = "#2a9d8f"
TARGET_COLOUR = "#c53030"
GRID_COLOUR = "#e4e7eb"
AXIS_COLOUR = "#52606d"
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="13"'


def _t(value: str) -> str:
    return escape(display_text(value), quote=True)


def _fit(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _open(width: float, height: float, title: str) -> str:
    return (f'<svg class="chart" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" role="img" {_FONT}><title>{_t(title)}</title>')


@attrs.frozen
class Axis:
    """A value axis: its title, its maximum and its ticks (value, label)."""

    title: str
    maximum: float
    ticks: tuple[tuple[float, str], ...]


def _nice_step(maximum: float, count: int = 5) -> float:
    raw = maximum / count
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def axis_for(title: str, values: Sequence[float], *, percent: bool = False,
             tick_text: Sequence[str] | None = None, lang: Lang | None = None) -> Axis:
    """An axis for ``values``: 0–100 for percentages, otherwise 0 to a round number above the
    largest value (whole-number ticks for small counts).  ``tick_text`` labels the ticks
    0, 1, … explicitly (a presence axis).  Tick labels use ``lang``'s separators
    (``1.250`` / ``1,250``; :func:`~kampungkb.report._format.format_number`)."""
    if tick_text is not None:
        top = float(len(tick_text) - 1)
        return Axis(title, top, tuple((float(i), t) for i, t in enumerate(tick_text)))
    if percent:
        return Axis(title, 100.0, tuple((float(v), format_number(v, 0, lang))
                                        for v in range(0, 101, 20)))
    largest = max([v for v in values if v is not None and v > 0], default=1.0)
    step = 1.0 if largest <= 5 else _nice_step(largest)
    top = step * math.ceil(largest / step)
    count = round(top / step)
    ticks = tuple((step * k, format_number(step * k, 6, lang)) for k in range(count + 1))
    return Axis(title, top, ticks)


@attrs.frozen
class PairRow:
    """One indicator in a baseline-vs-follow-up panel (values on the panel's axis)."""

    label: str
    baseline: float | None
    followup: float | None
    baseline_text: str
    followup_text: str
    target: float | None = None


@attrs.frozen
class Bar:
    """One bar of a horizontal bar chart."""

    label: str
    value: float
    text: str


def _x_axis(out: list[str], axis: Axis, left: float, width: float, *, top: float,
            bottom: float) -> None:
    """Grid lines and tick labels under the plot, and the axis title below them."""
    for value, label in axis.ticks:
        x = left + (value / axis.maximum * width if axis.maximum > 0 else 0.0)
        out.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
                   f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
                   f'<text class="tick" x="{x:.1f}" y="{bottom + 15:.1f}" text-anchor="middle" '
                   f'font-size="11" fill="{AXIS_COLOUR}">{_t(label)}</text>')
    out.append(f'<line x1="{left}" y1="{bottom:.1f}" x2="{left + width}" y2="{bottom:.1f}" '
               f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
               f'<line x1="{left}" y1="{top:.1f}" x2="{left}" y2="{bottom:.1f}" '
               f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
               f'<text class="axis-title" x="{left + width / 2:.1f}" y="{bottom + 33:.1f}" '
               f'text-anchor="middle" font-weight="600" fill="{AXIS_COLOUR}">'
               f'{_t(axis.title)}</text>')


def paired_bars(rows: Sequence[PairRow], title: str, axis: Axis,
                legend: tuple[str, str, str]) -> str:
    """Two bars per indicator (baseline grey, follow-up blue) on one shared, labelled axis.

    Indicators in one chart share the axis (percentages 0–100; counts of one unit), so bar
    lengths compare; a target is a red mark across the indicator's bars.  ``legend`` names
    the baseline, the follow-up and the target.
    """
    left, plot_w, value_w = 8, 380, 84
    width = left + plot_w + value_w
    label_h, bar_h, gap = 17, 12, 10
    row_h = label_h + 2 * bar_h + 2 + gap
    top = 30
    bottom = top + row_h * len(rows)
    height = bottom + 42
    out = [_open(width, height, title)]
    swatches = ((BASE_COLOUR, legend[0]), (FOLLOW_COLOUR, legend[1]))
    x = float(left)
    for colour, name in swatches:
        out.append(f'<rect x="{x:.1f}" y="6" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 17:.1f}" y="16">{_t(name)}</text>')
        x += 30 + 8 * len(name)
    if any(r.target is not None and r.target > 0 for r in rows):
        out.append(f'<line x1="{x + 6:.1f}" y1="4" x2="{x + 6:.1f}" y2="20" '
                   f'stroke="{TARGET_COLOUR}" stroke-width="3"/>'
                   f'<text x="{x + 14:.1f}" y="16">{_t(legend[2])}</text>')
    _x_axis(out, axis, left, plot_w, top=top - 4, bottom=bottom)

    def scaled(value: float | None) -> float:
        if value is None or axis.maximum <= 0:
            return 0.0
        return min(max(value, 0.0) / axis.maximum, 1.0) * plot_w

    for i, r in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{left + 4}" y="{y + 12}">{_t(_fit(r.label, 62))}</text>')
        for j, (value, shown, colour) in enumerate(
                ((r.baseline, r.baseline_text, BASE_COLOUR),
                 (r.followup, r.followup_text, FOLLOW_COLOUR))):
            by = y + label_h + j * (bar_h + 2)
            w = scaled(value)
            out.append(f'<rect x="{left}" y="{by}" width="{w:.1f}" height="{bar_h}" '
                       f'fill="{colour}"/>'
                       f'<text x="{left + w + 4:.1f}" y="{by + 10}" font-size="11">'
                       f'{_t(shown)}</text>')
        if r.target is not None and r.target > 0:
            tx = left + scaled(r.target)
            out.append(f'<line class="target" x1="{tx:.1f}" y1="{y + label_h - 3}" '
                       f'x2="{tx:.1f}" y2="{y + label_h + 2 * bar_h + 5}" '
                       f'stroke="{TARGET_COLOUR}" stroke-width="3"/>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(bars: Sequence[Bar], title: str, axis: Axis, *,
              colour: str = BAR_COLOUR) -> str:
    """Horizontal bars with their labels at the left, value labels, and a labelled axis."""
    label_w, bar_w, row_h = 150, 300, 20
    width = label_w + bar_w + 50
    top = 8
    bottom = top + row_h * len(bars)
    height = bottom + 42
    out = [_open(width, height, title)]
    _x_axis(out, axis, label_w, bar_w, top=top, bottom=bottom)
    for i, b in enumerate(bars):
        y = top + i * row_h
        w = 0.0 if axis.maximum <= 0 else min(max(b.value, 0) / axis.maximum, 1.0) * bar_w
        out.append(f'<text class="tick" x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                   f'{_t(_fit(b.label, 22))}</text>'
                   f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="14" '
                   f'fill="{colour}"/>'
                   f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="11">'
                   f'{_t(b.text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _shade(share: float) -> str:
    """White → teal by share (0–1)."""
    r = int(255 + (42 - 255) * share)
    g = int(255 + (157 - 255) * share)
    b = int(255 + (143 - 255) * share)
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(row_labels: Sequence[str], col_labels: Sequence[str],
            cells: Sequence[Sequence[tuple[float | None, str]]], title: str, *,
            row_title: str, col_title: str) -> str:
    """A grid of shaded cells (share 0–1 and its text), e.g. regencies × main indicators.

    The columns are titled ``col_title`` above their labels; the rows ``row_title``.
    """
    label_w, cell_w, cell_h, head_h = 210, 62, 28, 46
    width = label_w + cell_w * len(col_labels) + 10
    height = head_h + cell_h * len(row_labels) + 6
    out = [_open(width, height, title)]
    out.append(f'<text class="axis-title" x="{label_w + cell_w * len(col_labels) / 2:.1f}" '
               f'y="14" text-anchor="middle" font-weight="600" fill="{AXIS_COLOUR}">'
               f'{_t(col_title)}</text>'
               f'<text class="axis-title" x="{label_w - 8}" y="{head_h - 10}" '
               f'text-anchor="end" font-weight="600" fill="{AXIS_COLOUR}">'
               f'{_t(_fit(row_title, 24))}</text>')
    for j, c in enumerate(col_labels):
        x = label_w + j * cell_w + cell_w / 2
        out.append(f'<text class="tick" x="{x:.1f}" y="{head_h - 10}" text-anchor="middle" '
                   f'font-weight="600">{_t(c)}</text>')
    for i, label in enumerate(row_labels):
        y = head_h + i * cell_h
        out.append(f'<text class="tick" x="{label_w - 8}" y="{y + 18}" text-anchor="end" '
                   f'font-size="12">{_t(_fit(label, 28))}</text>')
        for j, (share, shown) in enumerate(cells[i]):
            x = label_w + j * cell_w
            fill = "#f5f7fa" if share is None else _shade(share)
            ink = "#ffffff" if share is not None and share > 0.6 else "#1f2933"
            out.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                       f'height="{cell_h - 2}" fill="{fill}" stroke="{GRID_COLOUR}"/>'
                       f'<text x="{x + cell_w / 2:.1f}" y="{y + 18}" text-anchor="middle" '
                       f'font-size="12" fill="{ink}">{_t(shown)}</text>')
    out.append("</svg>")
    return "".join(out)
