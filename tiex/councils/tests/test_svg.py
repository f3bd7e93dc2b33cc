from __future__ import annotations

import itertools
import math
import re

from hypothesis import given
from hypothesis import strategies as st

from tiex.councils.svg import (
    CHART_MIN_WIDTH,
    CHART_SLOT,
    PARTY_COLOURS,
    ChartYear,
    boundary_svg,
    control_chart,
    reduce_geometry,
    simplify,
)
from tiex.councils.tests.factories import square


def numbers(path: str) -> list[float]:
    return [float(value) for value in re.findall(r"-?\d+(?:\.\d+)?", path)]


def test_boundary_svg_fits_a_square_in_the_viewbox() -> None:
    drawing = boundary_svg(square(lon=0.0, lat=0.0, size=1.0), size=100, padding=10)
    assert drawing is not None
    assert drawing.view_box == "0 0 100 100"
    assert drawing.path.startswith("M") and drawing.path.endswith("Z")
    # At the equator a degree square stays square: it fills the inner 80 units.
    assert drawing.path == "M10 90L90 90L90 10L10 10Z"


def test_boundary_svg_keeps_every_point_inside_the_viewbox_and_north_up() -> None:
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[0.5, 51.0], [1.5, 51.0], [1.5, 51.3], [0.5, 51.3], [0.5, 51.0]]],
            [[[1.0, 51.5], [1.2, 51.5], [1.1, 51.7], [1.0, 51.5]]],
        ],
    }
    drawing = boundary_svg(geometry, size=400)
    assert drawing is not None
    assert drawing.path.count("M") == 2
    values = numbers(drawing.path)
    assert all(0 <= value <= 400 for value in values)
    # The northern island is drawn above (smaller y than) the southern block.
    first_ring, second_ring = drawing.path.split("Z")[:2]
    assert max(numbers(second_ring)[1::2]) < min(numbers(first_ring)[1::2])


def test_boundary_svg_draws_holes_in_the_same_path() -> None:
    polygon = square(0, 50, 1)
    polygon["coordinates"].append([[0.25, 50.25], [0.75, 50.25], [0.75, 50.75], [0.25, 50.75], [0.25, 50.25]])
    drawing = boundary_svg(polygon)
    assert drawing is not None
    assert drawing.path.count("M") == 2


def test_boundary_svg_returns_none_for_nothing_to_draw() -> None:
    assert boundary_svg(None) is None
    assert boundary_svg({"type": "Point", "coordinates": [0, 0]}) is None
    assert boundary_svg({"type": "Polygon", "coordinates": [[[0, 0], [0, 0], [0, 0], [0, 0]]]}) is None
    assert boundary_svg({"type": "Polygon", "coordinates": [[["a", "b"], None, [1]]]}) is None
    assert boundary_svg({"type": "Polygon", "coordinates": "nonsense"}) is None
    assert boundary_svg({"type": "Polygon", "coordinates": [5, [7], [[{}], [1, None]]]}) is None
    assert boundary_svg({"type": "MultiPolygon", "coordinates": 3}) is None


def test_reduce_geometry_rounds_and_drops_consecutive_duplicates() -> None:
    geometry = {
        "type": "Polygon",
        "coordinates": [
            [[0.00001, 0.0], [0.00002, 0.0], [1.00049, 0.0], [1.0, 1.0], [0.0, 1.0], [0.00001, 0.0]],
        ],
    }
    assert reduce_geometry(geometry) == {
        "type": "MultiPolygon",
        "coordinates": [[[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]],
    }


def test_reduce_geometry_drops_rings_too_small_to_survive_rounding() -> None:
    tiny = square(0.1, 50.1, 0.0001)
    assert reduce_geometry(tiny) is None
    both = {"type": "MultiPolygon", "coordinates": [tiny["coordinates"], square(1, 50, 1)["coordinates"]]}
    reduced = reduce_geometry(both)
    assert reduced is not None
    assert len(reduced["coordinates"]) == 1


def test_reduce_geometry_with_tolerance_simplifies() -> None:
    wiggly = [[x / 100, 0.0001 * (x % 2)] for x in range(101)] + [[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    reduced = reduce_geometry({"type": "Polygon", "coordinates": [wiggly]}, precision=5, tolerance=0.001)
    assert reduced is not None
    assert len(reduced["coordinates"][0][0]) == 5


def test_simplify_keeps_ends_and_corners() -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (2.0, 2.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)]
    assert simplify(line, 0) == line


@given(
    st.lists(st.tuples(st.floats(-8, 2, allow_nan=False), st.floats(49, 61, allow_nan=False)), min_size=3, max_size=40)
)
def test_reduce_geometry_always_gives_closed_valid_rings(points: list[tuple[float, float]]) -> None:
    reduced = reduce_geometry({"type": "Polygon", "coordinates": [[list(point) for point in points]]})
    if reduced is None:
        return
    for polygon in reduced["coordinates"]:
        for ring in polygon:
            assert len(ring) >= 4
            assert ring[0] == ring[-1]
            assert all(a != b for a, b in itertools.pairwise(ring))
            assert all(math.isclose(value, round(value, 3)) for point in ring for value in point)


def test_control_chart_stacks_seats_and_labels_control() -> None:
    chart = control_chart(
        [
            ChartYear(year=2025, seats=[("ref", 60), ("con", 20), ("lab", 0)], control="ref", changed=True),
            ChartYear(year=2024, seats=[("con", 60), ("lab", 20)], control="con", changed=None),
        ],
        party_names={"con": "Conservative", "ref": "Reform UK"},
    )
    assert chart is not None
    assert chart.view_box == f"0 0 {CHART_MIN_WIDTH} {chart.height}"
    assert [bar.year for bar in chart.bars] == [2024, 2025]
    assert [bar.label for bar in chart.bars] == ["Con", "Reform"]
    assert [bar.changed for bar in chart.bars] == [False, True]
    reform_bar = chart.bars[1]
    assert [rect.party for rect in reform_bar.rects] == ["ref", "con"]
    # Shares of a 200-unit bar: 60 of 80 seats and 20 of 80.
    assert [rect.height for rect in reform_bar.rects] == [150.0, 50.0]
    assert reform_bar.rects[0].y + reform_bar.rects[0].height == chart.baseline_y
    assert [(item.party, item.name) for item in chart.legend] == [
        ("con", "Conservative"),
        ("ref", "Reform UK"),
        ("lab", "lab"),
    ]


def test_control_chart_legend_follows_party_names_order() -> None:
    chart = control_chart(
        [
            ChartYear(year=2020, seats=[("green", 2), ("other", 1)], control="noc", changed=False),
            ChartYear(year=2021, seats=[("con", 1), ("green", 2)], control="noc", changed=False),
        ],
        party_names={"con": "Conservative", "green": "Green Party", "other": "Others"},
    )
    assert chart is not None
    assert [item.name for item in chart.legend] == ["Conservative", "Green Party", "Others"]
    assert chart.bars[0].label == "NOC"


def test_control_chart_gives_each_year_room_and_keeps_the_legend_out_of_the_drawing() -> None:
    """Drawn at its natural size, the chart widens with the years (it scrolls on a narrow screen rather
    than shrinking its text); the legend is plain data for the page to show as text."""
    years = [
        ChartYear(year=2016 + i, seats=[("con", 30), ("lab", 20)], control="con", changed=False) for i in range(10)
    ]
    chart = control_chart(years, party_names={"con": "Conservative", "lab": "Labour"})
    assert chart is not None
    assert chart.width == 16 + 10 * CHART_SLOT
    assert chart.view_box == f"0 0 {chart.width} {chart.height}"
    assert chart.height == chart.baseline_y + 42  # no room kept for a legend inside the SVG
    assert [(item.party, item.name, item.fill) for item in chart.legend] == [
        ("con", "Conservative", PARTY_COLOURS["con"]),
        ("lab", "Labour", PARTY_COLOURS["lab"]),
    ]
    assert control_chart(years, party_names={}, width=640).view_box.startswith("0 0 640 ")  # type: ignore[union-attr]


def test_control_chart_without_years_is_none() -> None:
    assert control_chart([], party_names={}) is None
