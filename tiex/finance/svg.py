"""The profile's finance chart as plain numbers for a server-rendered SVG (no ORM, no request).

For each financial year, two bars side by side: usable reserves at 31 March (earmarked
below, unallocated stacked on top) and net revenue expenditure, on one scale in £ million,
with labelled gridlines. Like the control chart (tiex/councils/svg.py) it is drawn at its
natural size and scrolls in its own region on a narrow screen; the key is HTML, and the
table beside it gives every figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

EARMARKED = "#1d70b8"  # GOV.UK blue
UNALLOCATED = "#5694ca"  # light blue
SPENDING = "#505a5f"  # dark grey
SLOT = 120
LEFT, RIGHT, TOP = 64, 8, 12
PLOT_HEIGHT = 200


@dataclass(frozen=True)
class ChartInput:
    financial_year: str
    earmarked: Decimal | None
    unallocated: Decimal | None
    net_revenue_expenditure: Decimal | None


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Slot:
    financial_year: str
    bars: list[Bar]
    label_x: float
    missing: bool


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class FinanceChart:
    view_box: str
    width: int
    height: int
    slots: list[Slot]
    gridlines: list[Gridline]
    baseline_y: float
    plot_left: float
    plot_right: float
    year_y: float
    legend: list[tuple[str, str]]


def _step(top: float) -> float:
    """A round gridline step giving four or five lines up to ``top`` (£ million)."""
    if top <= 0:
        return 1.0
    rough = top / 4
    power = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * power >= rough:
            return multiple * power
    return 10 * power


def _millions(value: Decimal | None) -> float:
    return max(float(value or 0) / 1000, 0.0)


def finance_chart(years: Iterable[ChartInput]) -> FinanceChart | None:
    """The chart for these years (earliest first); None when no year has a figure to draw."""
    items = sorted(years, key=lambda item: item.financial_year)
    drawable = [item for item in items if item.net_revenue_expenditure is not None or item.earmarked is not None]
    if not drawable:
        return None
    tallest = max(
        max(_millions(item.earmarked) + _millions(item.unallocated), _millions(item.net_revenue_expenditure))
        for item in items
    )
    step = _step(tallest)
    top_value = step * max(1, math.ceil(tallest / step))
    width = LEFT + RIGHT + SLOT * len(items)
    baseline = TOP + PLOT_HEIGHT

    def y_of(value: float) -> float:
        return round(baseline - PLOT_HEIGHT * value / top_value, 1)

    slots = []
    bar_width = 36.0
    for index, item in enumerate(items):
        start = LEFT + SLOT * index + (SLOT - 2 * bar_width - 8) / 2
        bars = []
        earmarked, unallocated = _millions(item.earmarked), _millions(item.unallocated)
        if item.earmarked is not None or item.unallocated is not None:
            bars.append(
                Bar(round(start, 1), y_of(earmarked), bar_width, round(baseline - y_of(earmarked), 1), EARMARKED)
            )
            top = earmarked + unallocated
            bars.append(Bar(round(start, 1), y_of(top), bar_width, round(y_of(earmarked) - y_of(top), 1), UNALLOCATED))
        if item.net_revenue_expenditure is not None:
            spend = _millions(item.net_revenue_expenditure)
            bars.append(
                Bar(round(start + bar_width + 8, 1), y_of(spend), bar_width, round(baseline - y_of(spend), 1), SPENDING)
            )
        slots.append(
            Slot(
                financial_year=item.financial_year,
                bars=bars,
                label_x=round(LEFT + SLOT * index + SLOT / 2, 1),
                missing=not bars,
            )
        )
    gridlines = []
    value = 0.0
    while value <= top_value + 1e-9:
        gridlines.append(Gridline(y=y_of(value), label=f"£{value:,.0f}m" if step >= 1 else f"£{value:,.1f}m"))
        value += step
    height = baseline + 28
    return FinanceChart(
        view_box=f"0 0 {width} {height}",
        width=width,
        height=height,
        slots=slots,
        gridlines=gridlines,
        baseline_y=baseline,
        plot_left=LEFT,
        plot_right=width - RIGHT,
        year_y=baseline + 20,
        legend=[
            ("Earmarked reserves at 31 March", EARMARKED),
            ("Unallocated reserves at 31 March", UNALLOCATED),
            ("Net revenue expenditure", SPENDING),
        ],
    )
