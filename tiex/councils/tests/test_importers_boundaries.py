"""The boundaries importer: ONSvisual TopoJSON and GeoJSON FeatureCollections."""

from __future__ import annotations

import json

import pytest

from tiex.core.datasets import dataset_spec
from tiex.core.importing import ImportFailed
from tiex.councils.importers import import_boundaries
from tiex.councils.models import Council
from tiex.councils.tests.import_helpers import DATA, load, load_councils, snapshot

pytestmark = pytest.mark.django_db

WEST = [[1.0, 50.0], [1.0, 51.0], [0.0, 51.0], [0.0, 50.0], [1.0, 50.0]]
EAST = [[1.0, 50.0], [2.0, 50.0], [2.0, 51.0], [1.0, 51.0], [1.0, 50.0]]
BOTH = [[1.0, 51.0], [0.0, 51.0], [0.0, 50.0], [1.0, 50.0], [2.0, 50.0], [2.0, 51.0], [1.0, 51.0]]


def boundary(la_code):
    return Council.objects.get(la_code=la_code).boundary


def test_topojson_sets_boundaries_valid_in_2025():
    load_councils()

    report = load("boundaries", "boundaries.topo.json")

    assert boundary("MAI") == {"type": "Polygon", "coordinates": [WEST]}
    assert boundary("BNS") == {"type": "Polygon", "coordinates": [EAST]}  # E08000038 in ltla beats utla
    west_from_arc_1 = [[1.0, 51.0], [0.0, 51.0], [0.0, 50.0], [1.0, 50.0], [1.0, 51.0]]
    assert boundary("SHF") == {"type": "MultiPolygon", "coordinates": [[west_from_arc_1], [EAST]]}
    assert boundary("KEN") == {"type": "Polygon", "coordinates": [BOTH]}
    assert boundary("ALL") is None  # abolished in 2023: its feature ends in 2022
    assert Council.objects.get(la_code="KEN").boundary_year == 2025
    # 9 features: 4 used; Barnsley's 2024 code and Allerdale out of year; a region; 2 duplicates in utla/cty.
    assert (report.rows, report.updated, report.unchanged, report.skipped) == (9, 4, 0, 5)
    assert "2 features not valid in 2025, 1 for areas that are not councils" in report.notes[0]


def test_an_earlier_year_matches_former_codes():
    load_councils()

    report = import_boundaries(DATA / "boundaries.topo.json", dataset=dataset_spec("boundaries"), year=2020)

    assert boundary("BNS") == {"type": "Polygon", "coordinates": [EAST]}  # via its former code E08000016
    assert boundary("ALL") == {"type": "Polygon", "coordinates": [WEST]}
    assert boundary("SHF") is None  # its only feature starts in 2025
    assert Council.objects.get(la_code="ALL").boundary_year == 2020
    assert report.updated == 4


def test_geojson_feature_collection_with_ons_property_names():
    load_councils()

    report = load("boundaries", "boundaries.geojson")

    ring = [[0.41235, 51.1], [0.7, 51.1], [0.7, 51.3], [0.41235, 51.3], [0.41235, 51.1]]  # rounded to 5 dp
    assert boundary("MAI") == {"type": "Polygon", "coordinates": [ring]}
    assert boundary("ALL") is None
    assert (report.rows, report.updated, report.skipped) == (3, 1, 2)


def test_reimport_changes_nothing():
    load_councils()
    load("boundaries", "boundaries.topo.json")
    before = snapshot(with_datasets=False)

    report = load("boundaries", "boundaries.topo.json")

    assert (report.updated, report.unchanged) == (0, 4)
    assert snapshot(with_datasets=False) == before


def test_dry_run_changes_nothing():
    load_councils()
    before = snapshot()

    assert load("boundaries", "boundaries.topo.json", dry_run=True).updated == 4
    assert snapshot() == before


def test_bad_topology_changes_nothing_and_names_the_feature(tmp_path):
    load_councils()
    before = snapshot()
    topology = json.loads((DATA / "boundaries.topo.json").read_text())
    topology["objects"]["ltla"]["geometries"][0]["properties"]["start"] = "20x5"
    del topology["objects"]["utla"]["geometries"][1]["properties"]["areacd"]
    path = tmp_path / "bad.topo.json"
    path.write_text(json.dumps(topology))

    with pytest.raises(ImportFailed) as failed:
        load("boundaries", path)

    assert {(e.line, e.field) for e in failed.value.errors} == {
        (None, "objects.ltla.geometries[0].properties.start"),
        (None, "objects.utla.geometries[1].properties.areacd"),
    }
    assert snapshot() == before


def test_bad_arc_index_fails(tmp_path):
    load_councils()
    topology = json.loads((DATA / "boundaries.topo.json").read_text())
    topology["objects"]["ltla"]["geometries"][0]["arcs"] = [[0, 9]]
    path = tmp_path / "bad.topo.json"
    path.write_text(json.dumps(topology))

    with pytest.raises(ImportFailed) as failed:
        load("boundaries", path)

    assert failed.value.errors[0].field == "objects.ltla.geometries[0]"
    assert "out of range" in failed.value.errors[0].message
    assert boundary("MAI") is None


def test_invalid_json_reports_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"type": "Topology",\n "arcs": [\n oops]}')

    with pytest.raises(ImportFailed) as failed:
        load("boundaries", path)

    assert failed.value.errors[0].line == 3
