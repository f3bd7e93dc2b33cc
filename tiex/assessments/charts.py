"""Server-rendered SVG bar chart of a result by theme (pure: plain data in, SVG text out).

The chart is decorative for screen readers (``aria-hidden``): the same figures are in
the table beside it, with a text summary above. It is drawn at its natural size (its width
and height attributes, which fit a half-width column on a desktop screen), so its text is
never scaled below 12 CSS pixels; templates put it in a scroll region for narrow screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR = 14
GAP = 4
GROUP_GAP = 18
LABEL_WIDTH = 200
CHART_WIDTH = 210
# The page's typeface where CSS does not reach (svg.tiex-chart sets GOV.UK's font); never a serif.
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# GOV.UK colours: blue for now, dark grey outline for the ambition.
FILLS = ("#1d70b8", "#ffffff")
STROKES = ("#1d70b8", "#0b0c0c")


def _wrap(text: str, limit: int = 28) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:2]


def theme_bars(themes: Sequence[tuple[str, Sequence[float | None]]], *, maximum: int, series: Sequence[str]) -> str:
    """Bars for each (theme title, [value per series]) on a 0..maximum axis."""
    per_group = len(series) * (BAR + GAP)
    height = len(themes) * (per_group + GROUP_GAP) + 30
    width = LABEL_WIDTH + CHART_WIDTH + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tiex-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{escape(FONT_FAMILY)}" fill="#0b0c0c" '
        f'role="img" aria-hidden="true" focusable="false">'
    ]
    for tick in range(maximum + 1):
        x = LABEL_WIDTH + CHART_WIDTH * tick / maximum
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 24}" stroke="#b1b4b6" stroke-width="1"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="12" text-anchor="middle">{tick}</text>')
    y = 0
    for title, values in themes:
        for number, line in enumerate(_wrap(title)):
            parts.append(f'<text x="0" y="{y + 12 + number * 14}" font-size="13">{escape(line)}</text>')
        for index, value in enumerate(values):
            if value is None:
                continue
            bar_width = CHART_WIDTH * value / maximum
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + index * (BAR + GAP)}" width="{bar_width:.1f}" height="{BAR}" '
                f'fill="{FILLS[index % 2]}" stroke="{STROKES[index % 2]}" stroke-width="2"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + bar_width + 6:.1f}" y="{y + index * (BAR + GAP) + 12}" font-size="12">'
                f"{value:g}</text>"
            )
        y += per_group + GROUP_GAP
    parts.append("</svg>")
    return "".join(parts)
