"""The uptake map: England's council areas shaded by their region's bookings per 1,000 councillors (pure).

The outlines are the Shared Services Map's projected lower-tier areas (districts, unitaries,
London and metropolitan boroughs tile England); each takes its region's fill, so the regions
show as blocks. Bands split the range up to the highest regional rate into four equal steps;
a region whose count is suppressed (public page) is drawn in grey as "not published". Colour
is never the only carrier: every area has a ``<title>`` with its region and rate, the legend
gives each band's range in words, and the table beside the map has the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tiex.development.uptake import Row

BAND_FILLS = ("#ffffff", "#d2e2f1", "#8eb8dc", "#4c8cc8", "#1d70b8")
HIDDEN_FILL = "#b1b4b6"
NO_DATA_FILL = "#f3f2f1"


@dataclass(frozen=True)
class Outline:
    gss: str
    name: str
    path: str


@dataclass(frozen=True)
class MapArea:
    gss: str
    name: str
    path: str
    fill: str
    label: str


@dataclass(frozen=True)
class LegendItem:
    fill: str
    label: str


@dataclass(frozen=True)
class UptakeMap:
    view_box: str
    areas: tuple[MapArea, ...]
    legend: tuple[LegendItem, ...]


def _step(highest: float) -> float:
    """A round band width: a quarter of the highest rate, rounded up to 1, 2 or 5 times a power of ten."""
    if highest <= 0:
        return 1.0
    raw = highest / (len(BAND_FILLS) - 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def bands(rows: Iterable[Row]) -> tuple[float, tuple[LegendItem, ...]]:
    rates = [row.bookings_per_1000 for row in rows if row.bookings_per_1000 is not None]
    step = _step(max(rates, default=0.0))
    legend = [LegendItem(BAND_FILLS[0], "No bookings")]
    for band in range(1, len(BAND_FILLS)):
        low, high = (band - 1) * step, band * step
        legend.append(
            LegendItem(BAND_FILLS[band], f"More than {low:g} and up to {high:g} bookings per 1,000 councillors")
        )
    legend.append(LegendItem(HIDDEN_FILL, "Fewer than 5 bookings, or withheld: not published"))
    legend.append(LegendItem(NO_DATA_FILL, "No councillor count for the region"))
    return step, tuple(legend)


def fill_for(row: Row | None, step: float) -> str:
    if row is None or row.councillors is None:
        return NO_DATA_FILL
    if row.bookings.suppressed or row.bookings_per_1000 is None:
        return HIDDEN_FILL
    if row.bookings.value == 0:
        return BAND_FILLS[0]
    band = min(len(BAND_FILLS) - 1, max(1, math.ceil(row.bookings_per_1000 / step)))
    return BAND_FILLS[band]


def label_for(region: str, row: Row | None) -> str:
    if row is None:
        return f"{region or 'No region'}: no figures"
    if row.bookings.suppressed or row.bookings_per_1000 is None:
        return f"{region}: {row.bookings.text} bookings"
    return f"{region}: {row.bookings.text} bookings, {row.bookings_per_1000:g} per 1,000 councillors"


def uptake_map(
    view_box: str, outlines: Iterable[Outline], region_of: Mapping[str, str], rows: Iterable[Row]
) -> UptakeMap:
    """Each outline (by GSS code) filled by its region's row of the regional table."""
    rows = list(rows)
    by_region = {row.key: row for row in rows}
    step, legend = bands(rows)
    areas = []
    for outline in outlines:
        region = region_of.get(outline.gss, "")
        row = by_region.get(region)
        areas.append(
            MapArea(
                outline.gss,
                outline.name,
                outline.path,
                fill_for(row, step),
                f"{outline.name}, {label_for(region, row)}",
            )
        )
    return UptakeMap(view_box, tuple(areas), legend)
