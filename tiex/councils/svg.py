"""Pure drawing helpers: boundaries and control history as SVG, and geometry reduction.

No ORM and no request here: plain GeoJSON geometries and plain numbers in, plain
data out. Templates turn the results into markup (so text is always escaped).

Maps use a simple equirectangular projection with the longitude scaled by the
cosine of the middle latitude, which is close enough for a council-sized area.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

# --- Geometry ---------------------------------------------------------------


def _polygons(geometry: Any) -> list[list[Ring]]:
    """The polygons (each a list of rings) of a Polygon, MultiPolygon or GeometryCollection."""
    if not isinstance(geometry, dict):
        return []
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return [polygon for part in geometry.get("geometries") or [] for polygon in _polygons(part)]
    coordinates = geometry.get("coordinates")
    raw_polygons: list[Any]
    if kind == "Polygon":
        raw_polygons = [coordinates]
    elif kind == "MultiPolygon":
        raw_polygons = list(coordinates) if isinstance(coordinates, (list, tuple)) else []
    else:
        return []
    polygons: list[list[Ring]] = []
    for raw_polygon in raw_polygons:
        rings: list[Ring] = []
        for raw_ring in raw_polygon if isinstance(raw_polygon, (list, tuple)) else []:
            ring: Ring = []
            for position in raw_ring if isinstance(raw_ring, (list, tuple)) else []:
                try:
                    x, y = float(position[0]), float(position[1])
                except (TypeError, ValueError, IndexError, KeyError):
                    continue
                if math.isfinite(x) and math.isfinite(y):
                    ring.append((x, y))
            if len(ring) >= 3:
                rings.append(ring)
        if rings:
            polygons.append(rings)
    return polygons


def _perpendicular_distance(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker line simplification (iterative, keeps both ends)."""
    if tolerance <= 0 or len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, furthest = 0, -1.0
        for i in range(first + 1, last):
            distance = _perpendicular_distance(points[i], points[first], points[last])
            if distance > furthest:
                index, furthest = i, distance
        if furthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _reduce_ring(ring: Ring, precision: int, tolerance: float) -> list[list[float]] | None:
    closed = ring if ring[0] == ring[-1] else [*ring, ring[0]]
    if tolerance > 0 and len(closed) > 4:
        closed = simplify(closed, tolerance)
    reduced: list[list[float]] = []
    for x, y in closed:
        point = [round(x, precision), round(y, precision)]
        if not reduced or reduced[-1] != point:
            reduced.append(point)
    if reduced[0] != reduced[-1]:
        reduced.append(list(reduced[0]))
    # A ring needs at least three distinct corners (four positions, closed).
    if len(reduced) < 4:
        return None
    return reduced


def reduce_geometry(geometry: Any, precision: int = 3, tolerance: float = 0.0) -> dict[str, Any] | None:
    """A smaller copy of a (Multi)Polygon: optional Douglas-Peucker, coordinates rounded
    to ``precision`` decimals, consecutive duplicate positions dropped, degenerate rings
    and polygons left out. Returns a MultiPolygon, or None when nothing is left."""
    polygons: list[list[list[list[float]]]] = []
    for rings in _polygons(geometry):
        outer = _reduce_ring(rings[0], precision, tolerance)
        if outer is None:
            continue
        holes = [hole for hole in (_reduce_ring(ring, precision, tolerance) for ring in rings[1:]) if hole]
        polygons.append([outer, *holes])
    if not polygons:
        return None
    return {"type": "MultiPolygon", "coordinates": polygons}


# --- Boundary map -----------------------------------------------------------


@dataclass(frozen=True)
class BoundaryDrawing:
    view_box: str
    width: int
    height: int
    path: str


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def boundary_svg(geometry: Any, size: int = 400, padding: int = 8) -> BoundaryDrawing | None:
    """Project a GeoJSON (Multi)Polygon in WGS84 and fit it, centred, in a square viewBox
    of side ``size`` (square, so a page can scale it to its column without tall shapes
    growing too high).

    Returns the viewBox, the drawing's width and height, and one path (``fill-rule``
    should be ``evenodd`` so holes stay holes). None when the geometry has no area to draw.
    """
    polygons = _polygons(geometry)
    points = [point for rings in polygons for ring in rings for point in ring]
    if not points:
        return None
    min_lat = min(y for _, y in points)
    max_lat = max(y for _, y in points)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    projected = [[[(x * x_scale, -y) for x, y in ring] for ring in rings] for rings in polygons]
    xs = [x for rings in projected for ring in rings for x, _ in ring]
    ys = [y for rings in projected for ring in rings for _, y in ring]
    min_x, min_y = min(xs), min(ys)
    span_x, span_y = max(xs) - min_x, max(ys) - min_y
    span = max(span_x, span_y)
    if span <= 0:
        return None
    inner = size - 2 * padding
    scale = inner / span
    offset_x = padding + (inner - span_x * scale) / 2
    offset_y = padding + (inner - span_y * scale) / 2
    commands: list[str] = []
    for rings in projected:
        for ring in rings:
            parts: list[str] = []
            last = ""
            for x, y in ring:
                point = f"{_fmt((x - min_x) * scale + offset_x)} {_fmt((y - min_y) * scale + offset_y)}"
                if point != last:
                    parts.append(point)
                    last = point
            if len(parts) > 1 and parts[-1] == parts[0]:
                parts.pop()  # Z closes the ring
            if len(parts) >= 3:
                commands.append("M" + "L".join(parts) + "Z")
    if not commands:
        return None
    return BoundaryDrawing(view_box=f"0 0 {size} {size}", width=size, height=size, path="".join(commands))


# --- Control history chart ----------------------------------------------------

# Fill colours by party or control code. Each bar segment is also separated by a
# white gap, and the controlling party is written as text above every bar, so
# colour is never the only way to tell them apart (the table carries the data).
PARTY_COLOURS = {
    "con": "#0063ba",
    "lab": "#d4351c",
    "ld": "#f47738",
    "green": "#00703c",
    "ukip": "#6f2c91",
    "ref": "#12a1b3",
    "pc": "#005a30",
    "snp": "#ffdd00",
    "other": "#b1b4b6",
    "noc": "#505a5f",
}
DEFAULT_COLOUR = "#b1b4b6"
SHORT_LABELS = {
    "con": "Con",
    "lab": "Lab",
    "ld": "LD",
    "green": "Green",
    "ukip": "UKIP",
    "ref": "Reform",
    "pc": "PC",
    "snp": "SNP",
    "other": "Other",
    "noc": "NOC",
}


@dataclass(frozen=True)
class ChartYear:
    year: int
    seats: Sequence[tuple[str, int]]  # (party code, seats) in stacking order
    control: str
    changed: bool | None


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    party: str
    seats: int


@dataclass(frozen=True)
class ChartBar:
    year: int
    rects: list[Rect]
    label: str  # short controlling-party label written above the bar
    label_x: float
    label_y: float
    year_y: float
    changed: bool
    marker_y: float


@dataclass(frozen=True)
class LegendItem:
    """One party in the chart's key (shown as HTML beside the SVG, so it reflows and stays readable)."""

    party: str
    name: str
    fill: str


@dataclass(frozen=True)
class ControlChart:
    view_box: str
    width: int
    height: int
    bars: list[ChartBar]
    legend: list[LegendItem]
    baseline_y: float
    plot_left: float
    plot_right: float


# Room per year: wide enough for the longest label above a bar ("Reform") at 13 units.
# The chart is drawn at its natural size (one unit, one CSS pixel), never scaled down,
# so its text stays readable on any screen; wider than the screen, it scrolls in its own region.
CHART_SLOT = 56
CHART_MIN_WIDTH = 288


def control_chart(
    years: Iterable[ChartYear],
    party_names: dict[str, str],
    width: int | None = None,
    bar_area_height: int = 200,
) -> ControlChart | None:
    """A 100% stacked bar per year (share of seats by party), labelled with who controlled it.

    Years that changed control get a marker under the year. The width, unless given, is
    CHART_SLOT units per year (at least CHART_MIN_WIDTH). The legend is data only
    (party, name, colour), for the page to show as text. Returns None with no years.
    """
    years = sorted(years, key=lambda item: item.year)
    if not years:
        return None
    left, right, top = 8, 8, 28
    if width is None:
        width = max(CHART_MIN_WIDTH, left + right + CHART_SLOT * len(years))
    plot_width = width - left - right
    slot = plot_width / len(years)
    bar_width = min(48.0, slot * 0.7)
    baseline = top + bar_area_height
    bars: list[ChartBar] = []
    present: list[str] = []
    for index, item in enumerate(years):
        x = left + slot * index + (slot - bar_width) / 2
        total = sum(seats for _, seats in item.seats if seats > 0)
        rects: list[Rect] = []
        y = float(baseline)
        for party, seats in item.seats:
            if seats <= 0 or total <= 0:
                continue
            if party not in present:
                present.append(party)
            height = bar_area_height * seats / total
            y -= height
            rects.append(
                Rect(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    fill=PARTY_COLOURS.get(party, DEFAULT_COLOUR),
                    party=party,
                    seats=seats,
                )
            )
        centre = round(x + bar_width / 2, 1)
        bars.append(
            ChartBar(
                year=item.year,
                rects=rects,
                label=SHORT_LABELS.get(item.control, item.control.upper()),
                label_x=centre,
                label_y=top - 10,
                year_y=baseline + 18,
                changed=bool(item.changed),
                marker_y=baseline + 34,
            )
        )
    # The legend, in the order of party_names.
    order = {party: index for index, party in enumerate(party_names)}
    present.sort(key=lambda party: order.get(party, len(order)))
    legend = [
        LegendItem(party=party, name=party_names.get(party, party), fill=PARTY_COLOURS.get(party, DEFAULT_COLOUR))
        for party in present
    ]
    height = int(baseline + 42)
    return ControlChart(
        view_box=f"0 0 {width} {height}",
        width=width,
        height=height,
        bars=bars,
        legend=legend,
        baseline_y=baseline,
        plot_left=left,
        plot_right=width - right,
    )
