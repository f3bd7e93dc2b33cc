"""The static map's pure drawing (tiex/partnerships/maps.py)."""

from __future__ import annotations

from tiex.councils.tests.factories import square
from tiex.partnerships import maps


def test_the_basemap_projects_every_area_into_one_frame_keeping_their_places() -> None:
    base = maps.basemap(
        [
            maps.Area("E1", "West", square(-1.0, 52.0, 0.5)),
            maps.Area("E2", "East", square(-0.5, 52.0, 0.5)),
            maps.Area("E3", "Nowhere", None),
        ],
        width=200,
    )
    assert base is not None
    assert [outline.gss for outline in base.outlines] == ["E1", "E2"]
    assert base.width == 200
    # Two squares side by side, 1 by 0.5 degrees: east-west shrinks by the cosine of the latitude.
    assert 160 < base.height < 170
    west, east = base.outlines
    assert west.path.startswith("M4 ") and west.path.endswith("Z")
    assert "L196 161L196 4" in east.path  # its east edge at the frame's right padding
    assert base.project(-1.0, 52.5) == (4, 4)  # the north-west corner sits at the padding
    assert base.project(0.0, 52.0) == (196, base.height - 4)


def test_no_area_to_draw_means_no_basemap() -> None:
    assert maps.basemap([maps.Area("E1", "Empty", {"type": "Polygon", "coordinates": []})]) is None


def test_bands_cover_one_to_the_largest_count_in_at_most_five_steps() -> None:
    assert maps.bands([]) == [(0, 0)]
    assert maps.bands([1, 0]) == [(0, 0), (1, 1)]
    assert maps.bands([3, 1]) == [(0, 0), (1, 1), (2, 2), (3, None)]
    assert maps.bands([0, 41]) == [(0, 0), (1, 8), (9, 16), (17, 24), (25, 32), (33, None)]


def test_shading_fills_each_area_by_its_count_with_a_legend_in_words() -> None:
    base = maps.basemap(
        [maps.Area("E1", "West", square(-1.0, 52.0, 0.5)), maps.Area("E2", "East", square(-0.5, 52.0, 0.5))]
    )
    assert base is not None
    drawing = maps.shade(base, {"E1": 12}, [maps.Point("W1", "Old Vale", -0.75, 52.25, 3)])
    fills = {area.gss: (area.count, area.fill) for area in drawing.areas}
    assert fills == {"E1": (12, maps.BAND_FILLS[5]), "E2": (0, maps.BAND_FILLS[0])}
    assert [band.label for band in drawing.legend] == ["none", "1 to 2", "3 to 4", "5 to 7", "8 to 9", "10 or more"]
    (dot,) = drawing.dots
    assert (dot.name, dot.count, dot.fill) == ("Old Vale", 3, maps.BAND_FILLS[2])
    assert 0 < dot.x < base.width and 0 < dot.y < base.height
