"""A funnel plot as inline SVG: villages against their region's value with control limits."""

from __future__ import annotations

from html import escape as _html_escape

import numpy as np
import pyarrow as pa

from kampungkb.labels import Lang, check_lang, text
from kampungkb.report._format import display_text, format_number
from kampungkb.stats import funnel_limits

__all__ = ["funnel_svg"]


def escape(value: str) -> str:
    """Escaped for SVG text and attributes, without control characters."""
    return _html_escape(display_text(value), quote=True)

_W, _H = 640, 360
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 16, 16, 52
_COLOURS = {
    "higher_0.001": "#1a7f37", "higher_0.025": "#56b870", "not_significant": "#8c959f",
    "lower_0.025": "#e3835a", "lower_0.001": "#cf222e",
}


def _tick(value: float, lang: Lang) -> str:
    """A tick label with ``lang``'s separators (``1.250`` / ``1,250``)."""
    return format_number(value, 6, lang)


def _significance(sig: object, lang: Lang) -> str:
    """A village's funnel-plot label in words (``di atas provinsi (99,8 %)``), as in the Excel
    report; an unknown code as it is."""
    return text(f"funnel.{sig}", lang) if str(sig) in _COLOURS else str(sig)


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    step = 10 ** np.floor(np.log10((hi - lo) / count))
    for mult in (1, 2, 5, 10):
        if (hi - lo) / (step * mult) <= count:
            step *= mult
            break
    start = np.ceil(lo / step) * step
    return [float(v) for v in np.arange(start, hi + step / 2, step)]


def funnel_svg(points: pa.Table, *, title: str, unit: str, factor: float = 100.0,
               lang: str = "id") -> str:
    """The funnel plot of :meth:`kampungkb.Evaluation.funnel`'s table, as an ``<svg>``.

    Both limit pairs (95 % dashed, 99.8 % dotted), the region's value, each village as a dot
    coloured by its significance (its code in a tooltip), and labelled axes.  ``factor`` is the
    indicator's (values are proportions × factor).  Every text from data or definitions is
    escaped.  An empty string when there are no points.
    """
    if points.num_rows == 0:
        return ""
    said: Lang = check_lang(lang) if lang in ("id", "en") else "id"
    den = np.asarray(points["denominator"].to_numpy(), dtype=float)
    val = np.asarray(points["value"].to_numpy(), dtype=float)
    overall = float(points["overall"][0].as_py())
    xs = np.linspace(max(1.0, float(den.min()) * 0.8), float(den.max()) * 1.1, 80)
    limits = funnel_limits(xs, overall / factor)
    lows = [lim.lower * factor for lim in limits.values()]
    highs = [lim.upper * factor for lim in limits.values()]
    y_lo = float(min(val.min(), *(v.min() for v in lows)))
    y_hi = float(max(val.max(), *(v.max() for v in highs)))
    pad = (y_hi - y_lo) * 0.05 or 1.0
    y_lo, y_hi = max(0.0, y_lo - pad), y_hi + pad
    x_lo, x_hi = 0.0, float(xs.max())
    pw, ph = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def sx(x: float) -> float:
        return _LEFT + (x - x_lo) / (x_hi - x_lo) * pw

    def sy(y: float) -> float:
        return _TOP + (1 - (y - y_lo) / (y_hi - y_lo)) * ph

    def path(ys: np.ndarray) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}"
                        for i, (x, y) in enumerate(zip(xs, ys, strict=True)))

    parts = [f'<svg class="funnel" viewBox="0 0 {_W} {_H}" role="img" '
             f'aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for t in _ticks(y_lo, y_hi):
        parts.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" '
                     'stroke="#eaeef2"/>')
        parts.append(f'<text class="tick" x="{_LEFT - 6}" y="{sy(t) + 4:.1f}" '
                     f'text-anchor="end" font-size="11">{_tick(t, said)}</text>')
    parts.extend(f'<text class="tick" x="{sx(t):.1f}" y="{_H - _BOTTOM + 16}" '
                 f'text-anchor="middle" font-size="11">{_tick(t, said)}</text>'
                 for t in _ticks(x_lo, x_hi))
    parts.append(f'<line x1="{_LEFT}" x2="{_LEFT}" y1="{_TOP}" y2="{_H - _BOTTOM}" '
                 'stroke="#57606a"/>')
    parts.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{_H - _BOTTOM}" '
                 f'y2="{_H - _BOTTOM}" stroke="#57606a"/>')
    parts.append(f'<text class="axis-title" x="{_LEFT + pw / 2:.1f}" y="{_H - 10}" '
                 'text-anchor="middle" font-size="12">'
                 f'{escape(text("report.funnel_axis_x", said))}</text>')
    parts.append(f'<text class="axis-title" transform="rotate(-90)" x="{-(_TOP + ph / 2):.1f}" '
                 f'y="14" text-anchor="middle" font-size="12">{escape(title)} '
                 f'({escape(unit)})</text>')
    for (lo, hi), dash, key in zip(zip(lows, highs, strict=True), ("6 4", "2 3"),
                                   ("report.funnel_limits95", "report.funnel_limits998"),
                                   strict=True):
        parts.extend(f'<path d="{path(ys)}" fill="none" stroke="#57606a" '
                     f'stroke-dasharray="{dash}"><title>{escape(text(key, said))}</title></path>'
                     for ys in (lo, hi))
    overall_text = text("report.funnel_overall", said, value=format_number(overall, 2, said))
    parts.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{sy(overall):.1f}" '
                 f'y2="{sy(overall):.1f}" stroke="#0969da"><title>{escape(overall_text)}'
                 "</title></line>")

    def point(code: object, value: float, sig: object) -> str:
        return text("report.funnel_point", said, code=str(code),
                    value=format_number(float(value), 2, said),
                    verdict=_significance(sig, said))

    for code, d, v, sig in zip(points["region_code"].to_pylist(), den, val,
                               points["significance"].to_pylist(), strict=True):
        colour = _COLOURS.get(str(sig), "#8c959f")
        parts.append(f'<circle cx="{sx(d):.1f}" cy="{sy(v):.1f}" r="4" fill="{colour}">'
                     f"<title>{escape(point(code, v, sig))}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)
