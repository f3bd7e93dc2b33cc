"""Decode TopoJSON into GeoJSON geometries (pure: plain data in, plain data out).

TopoJSON (https://github.com/topojson/topojson-specification) stores each shared
border once, as an *arc*; a polygon ring is a list of arc indexes, where ``~i``
(that is ``-i - 1``) means arc ``i`` walked backwards. A *quantized* topology
has a ``transform``: its arc positions are integers, each one a delta from the
previous position, and a real position is ``(x * scale_x + translate_x,
y * scale_y + translate_y)``. When arcs are joined into one ring, the first
position of every arc after the first repeats the last position of the one
before and is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

Position = list[float]

GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
)


class TopologyError(ValueError):
    """The topology is not valid TopoJSON (bad transform, arc index or geometry)."""


def _transform(topology: Mapping[str, Any]) -> tuple[float, float, float, float] | None:
    transform = topology.get("transform")
    if transform is None:
        return None
    try:
        (scale_x, scale_y), (translate_x, translate_y) = transform["scale"], transform["translate"]
        return float(scale_x), float(scale_y), float(translate_x), float(translate_y)
    except (KeyError, TypeError, ValueError) as exc:
        raise TopologyError(f"transform must have scale [x, y] and translate [x, y]: {exc}") from exc


def decode_arcs(topology: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc of the topology as absolute (x, y) positions."""
    arcs = topology.get("arcs")
    if not isinstance(arcs, list):
        raise TopologyError("a topology needs an 'arcs' list")
    transform = _transform(topology)
    decoded: list[list[tuple[float, float]]] = []
    try:
        if transform is None:
            for arc in arcs:
                decoded.append([(float(p[0]), float(p[1])) for p in arc])
        else:
            scale_x, scale_y, translate_x, translate_y = transform
            for arc in arcs:
                x = y = 0
                points = []
                for p in arc:
                    x += p[0]
                    y += p[1]
                    points.append((x * scale_x + translate_x, y * scale_y + translate_y))
                decoded.append(points)
    except (TypeError, IndexError, ValueError) as exc:
        raise TopologyError(f"arc {len(decoded)} is not a list of [x, y] positions") from exc
    return decoded


class Decoder:
    """Turns the geometry objects of one topology into GeoJSON geometries.

    ``precision`` rounds coordinates to that many decimal places (5 dp is about
    1 m, far finer than generalised boundaries); positions that become equal to
    the one before after rounding are dropped, and so are rings left with fewer
    than four positions.
    """

    def __init__(self, topology: Mapping[str, Any], *, precision: int | None = None):
        if topology.get("type") != "Topology":
            raise TopologyError("not a TopoJSON topology (type must be 'Topology')")
        self.arcs = decode_arcs(topology)
        self.transform = _transform(topology)
        self.precision = precision

    def _arc(self, index: int) -> list[tuple[float, float]]:
        if not isinstance(index, int) or not -len(self.arcs) <= index < len(self.arcs):
            raise TopologyError(f"arc index {index!r} is out of range (the topology has {len(self.arcs)} arcs)")
        return self.arcs[index] if index >= 0 else self.arcs[~index][::-1]

    def _round(self, points: Sequence[tuple[float, float]]) -> list[Position]:
        if self.precision is None:
            return [[x, y] for x, y in points]
        out: list[Position] = []
        for x, y in points:
            position = [round(x, self.precision), round(y, self.precision)]
            if not out or out[-1] != position:
                out.append(position)
        return out

    def _line(self, arc_indexes: Sequence[int]) -> list[Position]:
        points: list[tuple[float, float]] = []
        for index in arc_indexes:
            arc = self._arc(index)
            points.extend(arc[1:] if points else arc)
        return self._round(points)

    def _ring(self, arc_indexes: Sequence[int]) -> list[Position] | None:
        ring = self._line(arc_indexes)
        if ring and ring[0] != ring[-1]:
            ring.append(list(ring[0]))
        return ring if len(ring) >= 4 else None

    def _polygon(self, rings: Sequence[Sequence[int]]) -> list[list[Position]]:
        decoded = [self._ring(ring) for ring in rings]
        if not decoded or decoded[0] is None:
            return []  # the exterior ring vanished: so does the polygon
        return [ring for ring in decoded if ring is not None]

    def _point(self, position: Sequence[float]) -> Position:
        x, y = float(position[0]), float(position[1])
        if self.transform is not None:
            scale_x, scale_y, translate_x, translate_y = self.transform
            x, y = x * scale_x + translate_x, y * scale_y + translate_y
        return self._round([(x, y)])[0]

    def geometry(self, obj: Mapping[str, Any]) -> dict[str, Any] | None:
        """The GeoJSON geometry of one TopoJSON geometry object (None for a null or empty geometry)."""
        kind = obj.get("type")
        if kind is None:
            return None
        if kind not in GEOMETRY_TYPES:
            raise TopologyError(f"unknown geometry type {kind!r}")
        try:
            if kind == "GeometryCollection":
                parts = [self.geometry(child) for child in obj.get("geometries", [])]
                return {"type": kind, "geometries": [part for part in parts if part is not None]}
            if kind == "Point":
                return {"type": kind, "coordinates": self._point(obj["coordinates"])}
            if kind == "MultiPoint":
                return {"type": kind, "coordinates": [self._point(p) for p in obj["coordinates"]]}
            arcs = obj["arcs"]
            if kind == "LineString":
                return {"type": kind, "coordinates": self._line(arcs)}
            if kind == "MultiLineString":
                return {"type": kind, "coordinates": [self._line(line) for line in arcs]}
            if kind == "Polygon":
                polygon = self._polygon(arcs)
                return {"type": kind, "coordinates": polygon} if polygon else None
            polygons = [polygon for polygon in (self._polygon(p) for p in arcs) if polygon]
            return {"type": kind, "coordinates": polygons} if polygons else None
        except (KeyError, TypeError, IndexError) as exc:
            raise TopologyError(f"{kind} geometry is malformed: {exc!r}") from exc


def iter_objects(topology: Mapping[str, Any]) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
    """Yield (object name, index, geometry object) for every geometry in every named object."""
    objects = topology.get("objects")
    if not isinstance(objects, Mapping):
        raise TopologyError("a topology needs an 'objects' mapping")
    for name, obj in objects.items():
        if obj.get("type") == "GeometryCollection":
            for index, geometry in enumerate(obj.get("geometries", [])):
                yield name, index, geometry
        else:
            yield name, 0, obj


def round_geometry(geometry: Mapping[str, Any], precision: int) -> dict[str, Any]:
    """Round the coordinates of a GeoJSON geometry, dropping repeated positions (for GeoJSON input)."""
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": [round_geometry(g, precision) for g in geometry.get("geometries", [])]}

    def position(p: Sequence[float]) -> Position:
        return [round(float(p[0]), precision), round(float(p[1]), precision)]

    def line(points: Sequence[Sequence[float]]) -> list[Position]:
        out: list[Position] = []
        for p in points:
            rounded = position(p)
            if not out or out[-1] != rounded:
                out.append(rounded)
        return out

    coordinates = geometry.get("coordinates")
    if kind == "Point":
        return {"type": kind, "coordinates": position(coordinates)}  # type: ignore[arg-type]
    if kind in {"MultiPoint", "LineString"}:
        return {"type": kind, "coordinates": line(coordinates)}  # type: ignore[arg-type]
    if kind in {"MultiLineString", "Polygon"}:
        return {"type": kind, "coordinates": [line(part) for part in coordinates]}  # type: ignore[union-attr]
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [[line(r) for r in poly] for poly in coordinates]}  # type: ignore[union-attr]
    raise TopologyError(f"unknown geometry type {kind!r}")
