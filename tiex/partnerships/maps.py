"""The Shared Services Map's static drawing (pure: plain data in, plain data out).

Without JavaScript, /shared-services/ shows a server-rendered SVG map of the filtered
partnerships: every current lower-tier area of England (districts, unitaries, London
boroughs, metropolitan districts: they tile the country without overlaps) shaded by the
number of partnerships that involve it, and a dot for any council with a centroid but no
area. The JavaScript map (static/partnerships/map.js) replaces it when it loads.

Two steps, so the expensive one can be cached:

1. ``basemap(areas)``: simplify (``tiex.councils.svg.reduce_geometry``) and project every
   area's boundary once into one frame. Depends only on council data, so callers cache it
   under the councils' data version.
2. ``shade(base, counts, points)``: the filtered set's drawing: a fill band per area from
   its count, the legend, and the dots. Cheap; done on every request.

The projection is equirectangular with the longitude scaled by the cosine of the middle
latitude (as in tiex/councils/svg.py), y pointing down. Coordinates are whole units of a
frame ``FRAME_WIDTH`` wide: a unit is about 1 km, as fine as a static overview needs.
Colour is never the only carrier: every area has a ``<title>`` with its count, the legend
gives each band's range in words, and the page lists the partnerships as text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tiex.councils.svg import reduce_geometry

FRAME_WIDTH = 480
PADDING = 4
# Douglas-Peucker tolerance in degrees before projecting: about 1 km, one frame unit.
TOLERANCE = 0.01

# A sequential blue scale from GOV.UK's palette, lightest first. Band 0 (no partnership)
# is white; every band is told apart by the legend's ranges in text too.
BAND_FILLS = ("#ffffff", "#d2e2f1", "#8eb8dc", "#4c8cc8", "#1d70b8", "#003078")
STROKE = "#505a5f"


@dataclass(frozen=True)
class Area:
    """A council's area to draw: its GSS code, name and GeoJSON (Multi)Polygon in WGS84."""

    gss: str
    name: str
    geometry: Any


@dataclass(frozen=True)
class Point:
    """A council drawn as a dot (no area of its own on the map), with its partnership count."""

    gss: str
    name: str
    longitude: float
    latitude: float
    count: int


@dataclass(frozen=True)
class Outline:
    gss: str
    name: str
    path: str  # SVG path data in the frame (fill-rule evenodd keeps holes)


@dataclass(frozen=True)
class Basemap:
    """Every area projected into one frame, plus what is needed to project more points."""

    width: int
    height: int
    outlines: tuple[Outline, ...]
    min_x: float
    min_y: float
    scale: float
    x_scale: float

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def project(self, longitude: float, latitude: float) -> tuple[int, int]:
        x = (longitude * self.x_scale - self.min_x) * self.scale + PADDING
        y = (-latitude - self.min_y) * self.scale + PADDING
        return round(x), round(y)


@dataclass(frozen=True)
class ShadedArea:
    gss: str
    name: str
    path: str
    count: int
    fill: str


@dataclass(frozen=True)
class Dot:
    gss: str
    name: str
    x: int
    y: int
    count: int
    fill: str


@dataclass(frozen=True)
class LegendBand:
    label: str  # "none", "1", "2 to 3", "12 or more"
    fill: str


@dataclass(frozen=True)
class StaticMap:
    view_box: str
    width: int
    height: int
    areas: tuple[ShadedArea, ...]
    dots: tuple[Dot, ...]
    legend: tuple[LegendBand, ...]
    stroke: str = STROKE


def _rings(geometry: Any) -> list[list[list[float]]]:
    reduced = reduce_geometry(geometry, precision=4, tolerance=TOLERANCE)
    if reduced is None:
        return []
    return [ring for polygon in reduced["coordinates"] for ring in polygon]


def basemap(areas: Iterable[Area], width: int = FRAME_WIDTH) -> Basemap | None:
    """Simplify and project the areas into one frame ``width`` units wide (the height follows).

    Areas with no drawable geometry are left out. None when no area can be drawn.
    """
    shapes = [(area, _rings(area.geometry)) for area in areas]
    shapes = [(area, rings) for area, rings in shapes if rings]
    if not shapes:
        return None
    lats = [lat for _, rings in shapes for ring in rings for _, lat in ring]
    x_scale = math.cos(math.radians((min(lats) + max(lats)) / 2))
    xs = [lon * x_scale for _, rings in shapes for ring in rings for lon, _ in ring]
    min_x, max_x = min(xs), max(xs)
    min_y, max_y = -max(lats), -min(lats)
    span_x = max(max_x - min_x, 1e-9)
    scale = (width - 2 * PADDING) / span_x
    height = math.ceil((max_y - min_y) * scale) + 2 * PADDING
    frame = Basemap(width, height, (), min_x, min_y, scale, x_scale)
    outlines = []
    for area, rings in shapes:
        commands = []
        for ring in rings:
            points: list[tuple[int, int]] = []
            for lon, lat in ring:
                point = frame.project(lon, lat)
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) > 1 and points[-1] == points[0]:
                points.pop()
            if len(set(points)) >= 3:
                commands.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
        if commands:
            outlines.append(Outline(area.gss, area.name, "".join(commands)))
    return Basemap(width, height, tuple(outlines), min_x, min_y, scale, x_scale)


def bands(counts: Iterable[int], steps: int = len(BAND_FILLS) - 1) -> list[tuple[int, int | None]]:
    """Count ranges for the fills: (0, 0) first, then up to ``steps`` ranges covering 1 to the
    largest count, each (low, high), the last (low, None) for "or more"."""
    largest = max(counts, default=0)
    limits: list[tuple[int, int | None]] = [(0, 0)]
    if largest <= 0:
        return limits
    if largest <= steps:
        limits += [(n, n) for n in range(1, largest)]
        limits.append((largest, None) if largest > 1 else (1, 1))
        return limits
    # Even steps from 1 to the largest, rounded to whole numbers and never repeated.
    edges = sorted({1 + round((largest - 1) * i / steps) for i in range(steps)})
    for index, low in enumerate(edges):
        high = edges[index + 1] - 1 if index + 1 < len(edges) else None
        limits.append((low, high))
    return limits


def _band_label(low: int, high: int | None) -> str:
    if low == 0:
        return "none"
    if high is None:
        return f"{low} or more" if low > 1 else "1"
    return str(low) if low == high else f"{low} to {high}"


def _fill(count: int, limits: Sequence[tuple[int, int | None]]) -> str:
    for index, (low, high) in enumerate(limits):
        if count >= low and (high is None or count <= high):
            return BAND_FILLS[index]
    return BAND_FILLS[len(limits) - 1]


def shade(base: Basemap, counts: Mapping[str, int], points: Iterable[Point] = ()) -> StaticMap:
    """The static map of a filtered set: each area filled by its count of partnerships
    (``counts`` by GSS code; missing means none), each point a dot, and the legend."""
    points = list(points)
    limits = bands([*counts.values(), *(point.count for point in points)])
    areas = tuple(
        ShadedArea(
            outline.gss,
            outline.name,
            outline.path,
            counts.get(outline.gss, 0),
            _fill(counts.get(outline.gss, 0), limits),
        )
        for outline in base.outlines
    )
    dots = tuple(
        Dot(point.gss, point.name, *base.project(point.longitude, point.latitude), point.count, fill)
        for point in points
        for fill in (_fill(point.count, limits),)
        if point.count > 0
    )
    legend = tuple(LegendBand(_band_label(low, high), BAND_FILLS[index]) for index, (low, high) in enumerate(limits))
    return StaticMap(base.view_box, base.width, base.height, areas, dots, legend)
