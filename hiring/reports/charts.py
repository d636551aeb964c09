"""Small server-side SVG charts for the reports: no JavaScript, readable without colour.

Every chart carries a <title> and a <desc> that say in words what it draws, and prints its
figures as text labels, so a screen reader (or a printout) loses nothing. Geometry uses
floats (it is only drawing); the figures printed are the domain's shown values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from hiring.charts import ACCENT, BELOW, GRID, MEETS, MUTED, TEXT

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
TONES = {"ok": MEETS, "bad": BELOW, "warn": "#b45309", "muted": MUTED, "accent": ACCENT}


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: str) -> Markup:
    safe_id = escape(chart_id)
    return Markup(  # noqa: S704 - every text in it went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="report-chart" '
        f'aria-labelledby="{safe_id}-t {safe_id}-d" font-family="{FONT}">'
        f'<title id="{safe_id}-t">{escape(title)}</title>'
        f'<desc id="{safe_id}-d">{escape(desc)}</desc>{body}</svg>')


def _text(x: float, y: float, content: str, *, anchor: str = "middle", size: int = 10,
          fill: str = TEXT, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}" font-weight="{weight}">{escape(content)}</text>')


def distribution_chart(chart_id: str, who: str, distribution: Sequence[tuple[int, int]]) -> Markup:
    """Counts per scale level as small columns, each count printed above its column."""
    bar_w, gap, plot_h, top = 18, 6, 34, 13
    width = len(distribution) * (bar_w + gap) + gap
    height = top + plot_h + 14
    most = max((count for _, count in distribution), default=0) or 1
    parts = [f'<line x1="0" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}" '
             f'stroke="{GRID}"/>']
    for i, (level, count) in enumerate(distribution):
        x = gap + i * (bar_w + gap)
        h = plot_h * count / most
        parts.append(f'<rect x="{x}" y="{top + plot_h - h:.1f}" width="{bar_w}" '
                     f'height="{h:.1f}" fill="{ACCENT}" rx="2"/>')
        parts.append(_text(x + bar_w / 2, top + plot_h - h - 3, str(count), size=9))
        parts.append(_text(x + bar_w / 2, height - 2, str(level), size=9, fill=MUTED))
    desc = ", ".join(f"{count} at {level}" for level, count in distribution)
    return _svg(chart_id, width, height, f"Scores given by {who}", desc + ".", "".join(parts))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to draw (the text says why)
    text: str  # the figure printed beside the bar
    tone: str = "accent"


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], *, low: float = 0.0,
              high: float = 1.0, marks: Sequence[tuple[float, str]] = (),
              width: int = 720, label_w: int = 170) -> Markup:
    """Horizontal bars from ``low`` to ``high``, each with its label and printed figure;
    ``marks`` are dashed reference lines (a threshold, a band) with their own label. The
    title is drawn too, so the chart reads the same on screen and on paper."""
    value_w, row_h, top = 200, 24, 44
    plot_w = width - label_w - value_w
    height = top + row_h * max(1, len(bars)) + 6
    span = (high - low) or 1.0

    def x_of(value: float) -> float:
        return label_w + plot_w * (min(max(value, low), high) - low) / span

    parts = [_text(0, 15, title, anchor="start", size=13, weight="700")]
    for value, name in marks:
        x = x_of(value)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" '
                     f'stroke="{MUTED}" stroke-dasharray="4 3"/>')
        parts.append(_text(x, top - 7, name, size=9, fill=MUTED))
    described = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        parts.append(_text(label_w - 8, y + row_h / 2 + 4, bar.label, anchor="end", size=11))
        if bar.value is not None:
            x0, x1 = x_of(max(low, 0.0) if low <= 0 <= high else low), x_of(bar.value)
            left, right = min(x0, x1), max(x0, x1)
            parts.append(f'<rect x="{left:.1f}" y="{y + 5}" width="{max(right - left, 1.5):.1f}" '
                         f'height="{row_h - 10}" fill="{TONES.get(bar.tone, ACCENT)}" rx="2"/>')
        parts.append(_text(label_w + plot_w + 8, y + row_h / 2 + 4, bar.text, anchor="start",
                           size=11, weight="600"))
        described.append(f"{bar.label}: {bar.text}")
    parts.insert(0, f'<line x1="{x_of(low):.1f}" y1="{top}" x2="{x_of(low):.1f}" '
                    f'y2="{height - 6}" stroke="{GRID}"/>')
    return _svg(chart_id, width, height, title, "; ".join(described) + ".", "".join(parts))
