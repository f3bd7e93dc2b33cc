"""The TopoJSON decoder (pure)."""

from __future__ import annotations

import pytest

from tiex.councils.topojson import Decoder, TopologyError, decode_arcs, iter_objects, round_geometry

# Two unit squares side by side, sharing arc 0 (x = 1); quantized with a transform.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [-1, 50]},
    "arcs": [
        [[4, 0], [0, 4]],  # (1, 50) -> (1, 51)
        [[4, 4], [-4, 0], [0, -4], [4, 0]],  # (1, 51) -> (-1, 51) -> (-1, 50) -> (1, 50)
        [[4, 0], [4, 0], [0, 4], [-4, 0]],  # (1, 50) -> (3, 50) -> (3, 51) -> (1, 51)
    ],
    "objects": {
        "areas": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"areacd": "W"}},
                {"type": "Polygon", "arcs": [[2, -1]], "properties": {"areacd": "E"}},
                {"type": "MultiPolygon", "arcs": [[[0, 1]], [[2, -1]]]},
                {"type": "LineString", "arcs": [0]},
                {"type": "Point", "coordinates": [2, 2]},
                {"type": None},
            ],
        },
        "one": {"type": "Polygon", "arcs": [[1, 2]]},
    },
}
WEST = [[1.0, 50.0], [1.0, 51.0], [-1.0, 51.0], [-1.0, 50.0], [1.0, 50.0]]
EAST = [[1.0, 50.0], [3.0, 50.0], [3.0, 51.0], [1.0, 51.0], [1.0, 50.0]]


def geometries():
    return [obj for _, _, obj in iter_objects(TOPOLOGY)]


def test_arcs_are_delta_decoded_and_transformed():
    arcs = decode_arcs(TOPOLOGY)

    assert arcs[0] == [(1.0, 50.0), (1.0, 51.0)]
    assert arcs[1] == [(1.0, 51.0), (-1.0, 51.0), (-1.0, 50.0), (1.0, 50.0)]


def test_arcs_without_a_transform_are_absolute():
    assert decode_arcs({"arcs": [[[1.5, 2], [3, 4]]]}) == [[(1.5, 2.0), (3.0, 4.0)]]


def test_polygon_rings_join_arcs_dropping_the_repeated_point():
    decoder = Decoder(TOPOLOGY)

    assert decoder.geometry(geometries()[0]) == {"type": "Polygon", "coordinates": [WEST]}


def test_negative_index_walks_an_arc_backwards():
    decoder = Decoder(TOPOLOGY)

    assert decoder.geometry(geometries()[1]) == {"type": "Polygon", "coordinates": [EAST]}


def test_multipolygon_linestring_point_and_null():
    decoder = Decoder(TOPOLOGY)
    multi, line, point, null = geometries()[2:6]

    assert decoder.geometry(multi) == {"type": "MultiPolygon", "coordinates": [[WEST], [EAST]]}
    assert decoder.geometry(line) == {"type": "LineString", "coordinates": [[1.0, 50.0], [1.0, 51.0]]}
    assert decoder.geometry(point) == {"type": "Point", "coordinates": [0.0, 50.5]}  # transformed, not delta
    assert decoder.geometry(null) is None


def test_iter_objects_names_layer_and_index():
    found = [(name, index) for name, index, _ in iter_objects(TOPOLOGY)]

    assert found[:2] == [("areas", 0), ("areas", 1)]
    assert found[-1] == ("one", 0)


def test_rounding_drops_repeated_positions_and_collapsed_rings():
    topology = {
        "type": "Topology",
        "arcs": [
            [[0.000001, 0], [0.000002, 0], [1, 0], [1, 1], [0, 1], [0.000001, 0]],
            [[5, 5], [5.000001, 5], [5, 5.000001], [5, 5]],  # a sliver that rounds to one point
        ],
        "objects": {},
    }
    decoder = Decoder(topology, precision=4)

    ring = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    assert decoder.geometry({"type": "Polygon", "arcs": [[0]]}) == {"type": "Polygon", "coordinates": [ring]}
    assert decoder.geometry({"type": "Polygon", "arcs": [[0], [1]]}) == {"type": "Polygon", "coordinates": [ring]}
    assert decoder.geometry({"type": "Polygon", "arcs": [[1]]}) is None


def test_bad_arc_index_and_unknown_type_are_topology_errors():
    decoder = Decoder(TOPOLOGY)

    with pytest.raises(TopologyError, match="out of range"):
        decoder.geometry({"type": "Polygon", "arcs": [[7]]})
    with pytest.raises(TopologyError, match="unknown geometry type"):
        decoder.geometry({"type": "Circle"})
    with pytest.raises(TopologyError):
        Decoder({"type": "FeatureCollection"})


def test_round_geometry_for_geojson_input():
    polygon = {"type": "Polygon", "coordinates": [[[0.123456, 1], [0.123457, 1], [2, 1], [0.123456, 1]]]}

    assert round_geometry(polygon, 5) == {
        "type": "Polygon",
        "coordinates": [[[0.12346, 1.0], [2.0, 1.0], [0.12346, 1.0]]],
    }
