"""Server-rendered SVG charts: identical on the page and in the PDF, no JavaScript.

Geometry uses floats (it is only drawing); every judgement drawn (which side of the bar a
mean falls) is made on the exact fractions.
"""

from __future__ import annotations

from fractions import Fraction

from markupsafe import Markup, escape

from hiring.domain.scoring import exact, show
from hiring.queries.debrief_view import DebriefView

WIDTH = 720
LABEL_W = 210
VALUE_W = 90
ROW_H = 34
TOP = 34
PLOT_W = WIDTH - LABEL_W - VALUE_W - 20
MEETS = "#0f7a43"
BELOW = "#b42318"
RANGE = "#8a94a6"
GRID = "#dfe3ea"
TEXT = "#1f2430"
MUTED = "#5b6475"
ACCENT = "#4338ca"


def _x(value: Fraction | int, low: int, high: int) -> float:
    return LABEL_W + 10 + float(Fraction(value) - low) / (high - low) * PLOT_W


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = 12,
          fill: str = TEXT, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}" font-weight="{weight}">{escape(content)}</text>')


def criteria_chart(view: DebriefView) -> Markup:
    """Each criterion's mean with its lowest-to-highest range, against the bar."""
    levels = [level for level, _ in view.scale]
    low_end, high_end = min(levels), max(levels)
    bar = view.bar
    rows = view.criteria
    height = TOP + ROW_H * (len(rows) + 1) + 30
    parts: list[str] = []
    described = []
    # Grid and scale labels.
    for level in levels:
        x = _x(level, low_end, high_end)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 28}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(_text(x, height - 12, str(level), anchor="middle", fill=MUTED, size=11))
    for index, row in enumerate(rows):
        y = TOP + ROW_H * index + ROW_H / 2
        mean = row.mean
        parts.append(_text(LABEL_W, y - 2, row.name, anchor="end", weight="600"))
        parts.append(_text(LABEL_W, y + 12, f"weight {exact(row.weight)}", anchor="end", size=10,
                           fill=MUTED))
        if mean is None:
            parts.append(_text(_x(low_end, low_end, high_end), y + 4, "not scored",
                               fill=MUTED, size=11))
            described.append(f"{row.name}: not scored")
            continue
        low, high = row.low or low_end, row.high or low_end  # set whenever there is a mean
        x_low, x_high = _x(low, low_end, high_end), _x(high, low_end, high_end)
        parts.append(f'<line x1="{x_low:.1f}" y1="{y:.1f}" x2="{x_high:.1f}" y2="{y:.1f}" '
                     f'stroke="{RANGE}" stroke-width="4" stroke-linecap="round"/>')
        colour = MEETS if mean >= bar else BELOW
        parts.append(f'<circle cx="{_x(mean, low_end, high_end):.1f}" cy="{y:.1f}" '
                     f'r="7" fill="{colour}" stroke="#ffffff" stroke-width="2"/>')
        spread = f" ({row.low}-{row.high})" if row.low != row.high else ""
        parts.append(_text(WIDTH - VALUE_W + 10, y + 4, f"{show(mean)}{spread}",
                           weight="600", fill=colour))
        described.append(f"{row.name}: mean {show(mean)}, lowest {row.low}, highest "
                         f"{row.high}, {row.n} score(s)")
    # The weighted score, as its own row.
    y = TOP + ROW_H * len(rows) + ROW_H / 2
    parts.append(f'<line x1="{LABEL_W - 200}" y1="{y - ROW_H / 2:.1f}" x2="{WIDTH - 10}" '
                 f'y2="{y - ROW_H / 2:.1f}" stroke="{GRID}" stroke-width="1"/>')
    partial = not view.bar_applies  # incomplete: a score so far, held to no bar
    parts.append(_text(LABEL_W, y + 4, "Score so far" if partial else "Weighted score",
                       anchor="end", weight="700"))
    ws = view.weighted_score
    if ws is not None:
        x = _x(ws, low_end, high_end)
        colour = MUTED if partial else MEETS if ws >= bar else BELOW
        parts.append(f'<path d="M {x:.1f} {y - 9:.1f} L {x + 9:.1f} {y:.1f} L {x:.1f} '
                     f'{y + 9:.1f} L {x - 9:.1f} {y:.1f} Z" fill="{colour}"/>')
        parts.append(_text(WIDTH - VALUE_W + 10, y + 4, show(ws), weight="700", fill=colour))
        described.append(f"weighted score so far {show(ws)}, not a result" if partial
                         else f"weighted score {show(ws)}")
    else:
        parts.append(_text(_x(low_end, low_end, high_end), y + 4, "nothing scored yet",
                           fill=MUTED, size=11))
    # The bar, on top of everything.
    x_bar = _x(bar, low_end, high_end)
    parts.append(f'<line x1="{x_bar:.1f}" y1="{TOP - 14}" x2="{x_bar:.1f}" y2="{height - 28}" '
                 f'stroke="{ACCENT}" stroke-width="2" stroke-dasharray="6 4"/>')
    parts.append(_text(x_bar, TOP - 18, f"bar {show(bar)}", anchor="middle", fill=ACCENT,
                       weight="700", size=11))
    title = "Criterion means with their range, against the bar"
    desc = f"Bar {show(bar)}. " + "; ".join(described) + "."
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="chart-title '
           f'chart-desc" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">'
           f'<title id="chart-title">{escape(title)}</title>'
           f'<desc id="chart-desc">{escape(desc)}</desc>{"".join(parts)}</svg>')
    return Markup(svg)  # noqa: S704 - every text in it went through escape()
