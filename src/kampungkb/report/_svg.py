"""Small inline SVG charts written by hand: no plotting library, no external resource."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import attrs

from kampungkb.report._format import display_text

__all__ = ["Bar", "PairRow", "bar_chart", "heatmap", "paired_bars"]

BASE_COLOUR = "#9aa5b1"
FOLLOW_COLOUR = "#1f6f8b"
BAR_COLOUR = "#2a9d8f"
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"'


def _t(value: str) -> str:
    return escape(display_text(value), quote=True)


def _fit(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


@attrs.frozen
class PairRow:
    """One indicator in the baseline-vs-follow-up chart."""

    label: str
    baseline: float | None
    followup: float | None
    baseline_text: str
    followup_text: str
    scale: float


@attrs.frozen
class Bar:
    """One bar of a horizontal bar chart."""

    label: str
    value: float
    text: str


def paired_bars(rows: Sequence[PairRow], title: str, legend: tuple[str, str]) -> str:
    """Two bars per indicator (baseline grey, follow-up blue), each scaled to its own maximum.

    Indicators have different units, so each row has its own scale (``scale``: 100 for
    percentages, the larger of the two values for counts); values are printed beside the bars.
    """
    label_w, bar_w, row_h = 300, 520, 32
    width = label_w + bar_w + 90
    height = 40 + row_h * len(rows)
    out = [f'<svg width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" {_FONT}><title>{_t(title)}</title>']
    out.append(f'<rect x="{label_w}" y="8" width="12" height="12" fill="{BASE_COLOUR}"/>'
               f'<text x="{label_w + 18}" y="18">{_t(legend[0])}</text>'
               f'<rect x="{label_w + 110}" y="8" width="12" height="12" fill="{FOLLOW_COLOUR}"/>'
               f'<text x="{label_w + 128}" y="18">{_t(legend[1])}</text>')
    for i, r in enumerate(rows):
        y = 34 + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">'
                   f'{_t(_fit(r.label, 46))}</text>')
        for j, (value, shown, colour) in enumerate(
                ((r.baseline, r.baseline_text, BASE_COLOUR),
                 (r.followup, r.followup_text, FOLLOW_COLOUR))):
            by = y + 3 + j * 14
            w = 0.0 if value is None or r.scale <= 0 else max(value, 0) / r.scale * bar_w
            out.append(f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="12" '
                       f'fill="{colour}"/>')
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{by + 10}" font-size="11">'
                       f'{_t(shown)}</text>')
    out.append(f'<line x1="{label_w}" y1="28" x2="{label_w}" y2="{height - 4}" '
               'stroke="#52606d" stroke-width="1"/>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(bars: Sequence[Bar], title: str, maximum: float, *,
              colour: str = BAR_COLOUR) -> str:
    """Horizontal bars with value labels and grid lines at whole numbers up to ``maximum``."""
    label_w, bar_w, row_h = 230, 380, 20
    width = label_w + bar_w + 60
    height = 24 + row_h * len(bars) + 8
    out = [f'<svg width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" {_FONT}><title>{_t(title)}</title>']
    ticks = int(maximum) if maximum <= 12 else 4
    for k in range(ticks + 1):
        x = label_w + bar_w * k / max(ticks, 1)
        value = maximum * k / max(ticks, 1)
        out.append(f'<line x1="{x:.1f}" y1="16" x2="{x:.1f}" y2="{height - 6}" '
                   'stroke="#e4e7eb" stroke-width="1"/>'
                   f'<text x="{x:.1f}" y="12" text-anchor="middle" font-size="10" '
                   f'fill="#52606d">{value:g}</text>')
    for i, b in enumerate(bars):
        y = 20 + i * row_h
        w = 0.0 if maximum <= 0 else max(b.value, 0) / maximum * bar_w
        out.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">'
                   f'{_t(_fit(b.label, 34))}</text>'
                   f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="14" '
                   f'fill="{colour}"/>'
                   f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="11">'
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
            cells: Sequence[Sequence[tuple[float | None, str]]], title: str) -> str:
    """A grid of shaded cells (share 0–1 and its text), e.g. regencies × main indicators."""
    label_w, cell_w, cell_h, head_h = 220, 78, 28, 34
    width = label_w + cell_w * len(col_labels) + 10
    height = head_h + cell_h * len(row_labels) + 6
    out = [f'<svg width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" {_FONT}><title>{_t(title)}</title>']
    for j, c in enumerate(col_labels):
        x = label_w + j * cell_w + cell_w / 2
        out.append(f'<text x="{x:.1f}" y="{head_h - 10}" text-anchor="middle" '
                   f'font-weight="600">{_t(c)}</text>')
    for i, label in enumerate(row_labels):
        y = head_h + i * cell_h
        out.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end">'
                   f'{_t(_fit(label, 32))}</text>')
        for j, (share, shown) in enumerate(cells[i]):
            x = label_w + j * cell_w
            fill = "#f5f7fa" if share is None else _shade(share)
            ink = "#ffffff" if share is not None and share > 0.6 else "#1f2933"
            out.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                       f'height="{cell_h - 2}" fill="{fill}" stroke="#e4e7eb"/>'
                       f'<text x="{x + cell_w / 2:.1f}" y="{y + 18}" text-anchor="middle" '
                       f'fill="{ink}">{_t(shown)}</text>')
    out.append("</svg>")
    return "".join(out)
