"""The growth chart: cumulative savings by financial year as server-rendered SVG bars (pure).

Plain data in, SVG text out. The chart is decorative for screen readers (``aria-hidden``):
the same figures are in the table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tiex.partnerships.money import gbp_short

BAR_GAP = 12
MAX_BAR_WIDTH = 56
PLOT_HEIGHT = 180
TOP = 22  # room for the value above the tallest bar
BOTTOM = 40  # room for the year and partnership count below the axis
WIDTH = 600
FILL = "#1d70b8"  # GOV.UK blue
AXIS = "#0b0c0c"


def growth_bars(points: Sequence[tuple[str, int, int]]) -> str:
    """Bars for each (financial year label, cumulative savings in pounds, partnerships), oldest first."""
    if not points:
        return ""
    top = max(value for _, value, _ in points) or 1
    slot = WIDTH / len(points)
    bar = min(MAX_BAR_WIDTH, slot - BAR_GAP)
    height = TOP + PLOT_HEIGHT + BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tiex-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-hidden="true" focusable="false">',
        f'<line x1="0" y1="{TOP + PLOT_HEIGHT}" x2="{WIDTH}" y2="{TOP + PLOT_HEIGHT}" stroke="{AXIS}"/>',
    ]
    base = TOP + PLOT_HEIGHT
    for index, (label, value, count) in enumerate(points):
        centre = slot * index + slot / 2
        bar_height = PLOT_HEIGHT * value / top
        y = TOP + PLOT_HEIGHT - bar_height
        parts.append(
            f'<rect x="{centre - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bar_height:.1f}" fill="{FILL}"/>'
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{y - 6:.1f}" font-size="13" text-anchor="middle">'
            f"{escape(gbp_short(value))}</text>"
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{base + 16}" font-size="13" text-anchor="middle">{escape(label)}</text>'
        )
        parts.append(f'<text x="{centre:.1f}" y="{base + 32}" font-size="11" text-anchor="middle">{count:,}</text>')
    parts.append("</svg>")
    return "".join(parts)
