"""What the councils importer checks as it loads: record dates, future dates, regions, centroids.

councils_checks.csv holds real rows of mySociety's file (Derbyshire with four of its districts,
Leeds, Kent with three of its districts), combined authorities and successors blanked, and two
made-up future dates (Dartford starts in 2098, Ashford ends in 2099).
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client

from tiex.core.importing import run_import
from tiex.core.models import Dataset
from tiex.councils.importers.checks import CENTROID_LIMIT_KM
from tiex.councils.models import Council
from tiex.councils.tests.import_helpers import edited_csv, load, snapshot

pytestmark = pytest.mark.django_db

SAMPLE = "councils_checks.csv"  # line 2 DBY, 3-6 its districts, 7 LDS, 8 KEN, 9 MAI, 10 DAR, 11 ASF


def warnings_for(report, field):  # type: ignore[no-untyped-def]
    return {warning.line: warning for warning in report.warnings if warning.field == field}


def test_a_county_region_that_disagrees_with_its_districts_is_corrected_and_said_so():
    report = load("councils", SAMPLE)

    derbyshire = Council.objects.get(la_code="DBY")
    assert derbyshire.region == "East Midlands"
    assert "Corrected from West Midlands" in derbyshire.corrections["region"]
    warning = warnings_for(report, "region")[2]
    assert "West Midlands disagrees with its districts, which are in East Midlands" in warning.message
    assert "shown as East Midlands" in warning.action
    assert Council.objects.get(la_code="AMB").corrections == {}


def test_a_district_that_disagrees_with_its_county_and_the_other_districts_is_corrected(tmp_path):
    path = edited_csv(tmp_path, SAMPLE, {(3, "region"): "North West", (2, "region"): "East Midlands"})
    report = load("councils", path)

    assert Council.objects.get(la_code="AMB").region == "East Midlands"
    assert list(warnings_for(report, "region")) == [3]


def test_without_a_majority_region_none_is_shown(tmp_path):
    edits = {(3, "region"): "North West", (4, "region"): "North West"}
    report = load("councils", edited_csv(tmp_path, SAMPLE, edits))

    assert Council.objects.get(la_code="DBY").region == ""
    assert "shown without a region" in warnings_for(report, "region")[2].action


def test_record_dates_are_not_shown_as_start_dates():
    report = load("councils", SAMPLE)

    leeds = Council.objects.get(la_code="LDS")
    assert leeds.start_date is None
    assert "8 June 2005" in leeds.corrections["start_date"]
    warning = warnings_for(report, "start-date")[7]
    assert "register was recorded" in warning.message
    assert warning.action == "shown without a start date"


def test_a_start_date_many_councils_share_is_a_record_date_unless_it_is_1_april(tmp_path):
    lines = range(2, 12)
    shared = {(line, "start-date"): "2010-09-09" for line in lines}
    for line in lines:
        shared[(line, "end-date")] = ""
    load("councils", edited_csv(tmp_path, SAMPLE, shared))
    assert not Council.objects.exclude(start_date=None).exists()

    april = {key: ("2010-04-01" if key[1] == "start-date" else "") for key in shared}
    load("councils", edited_csv(tmp_path / "april", SAMPLE, april))
    assert Council.objects.filter(start_date=datetime.date(2010, 4, 1)).count() == 10


def test_dates_in_the_future_are_left_out():
    report = load("councils", SAMPLE)

    assert Council.objects.get(la_code="DAR").start_date is None
    assert Council.objects.get(la_code="ASF").end_date is None
    assert "a date still to come" in Council.objects.get(la_code="ASF").corrections["end_date"]
    assert "2099-04-01 is in the future" in warnings_for(report, "end-date")[11].message
    assert "2098-04-01 is in the future" in warnings_for(report, "start-date")[10].message


def test_a_county_centroid_far_from_its_districts_is_replaced_by_their_middle():
    report = load("councils", SAMPLE)

    kent = Council.objects.get(la_code="KEN")
    assert kent.latitude == pytest.approx((51.2349979257 + 51.4314529107 + 51.125295091) / 3, abs=1e-5)
    assert "km from the middle of its districts" in warnings_for(report, "lat")[8].message
    # Derbyshire's own centroid is near its districts' middle and is kept.
    assert Council.objects.get(la_code="DBY").latitude == pytest.approx(53.0872378384)
    assert CENTROID_LIMIT_KM == 25.0


def test_checks_keep_a_reimport_unchanged_and_the_warnings_reach_the_data_page():
    load("councils", SAMPLE)
    before = snapshot(with_datasets=False)
    again = load("councils", SAMPLE)
    assert (again.created, again.updated) == (0, 0)
    assert snapshot(with_datasets=False) == before
    assert Dataset.objects.get(slug="councils").last_report["warnings"]
    page = Client().get("/data/").content.decode()
    assert "West Midlands disagrees with its districts" in page


def test_the_profile_states_the_correction_and_no_record_date():
    load("councils", SAMPLE)
    client = Client()
    derbyshire = client.get("/councils/E10000007/").content.decode()
    assert "East Midlands" in derbyshire
    assert "Corrected from West Midlands in the source" in derbyshire
    leeds = client.get("/councils/E08000035/").content.decode()
    assert "8 June 2005" not in leeds
    assert "Started" not in leeds


REAL = settings.DATA_DIR / "councils" / "uk_local_authorities_mysociety.csv"


@pytest.mark.skipif(not REAL.exists(), reason=f"the councils file is not in {settings.DATA_DIR}")
def test_the_real_file_regions_dates_and_centroids():
    report = run_import("councils")

    regions = {c.la_code: c.region for c in Council.objects.filter(la_code__in=["DBY", "LIN", "LDS", "BST"])}
    assert regions == {
        "DBY": "East Midlands",
        "LIN": "East Midlands",
        "LDS": "Yorkshire and The Humber",
        "BST": "South West",
    }
    assert {w.line for w in report.warnings if w.field == "region"} == {
        line for line, code in _lines().items() if code in {"DBY", "LIN"}
    }
    # No current county and district disagree on region any more.
    for district in Council.objects.current().exclude(county=None).select_related("county"):
        assert district.region == district.county.region, district.name
    assert not Council.objects.filter(start_date__year=2005).exists()
    assert Council.objects.get(la_code="LDS").start_date is None
    assert Council.objects.get(la_code="BST").start_date is None
    today = datetime.date.today()
    assert not Council.objects.filter(start_date__gt=today).exists()
    assert not Council.objects.filter(end_date__gt=today).exists()
    moved = {w.line for w in report.warnings if w.field == "lat"}
    assert {_lines()[line] for line in moved} >= {"KEN", "LAN", "GLS", "DEV"}


def _lines() -> dict[int, str]:
    import csv

    with REAL.open(newline="", encoding="utf-8-sig") as handle:
        return {index + 2: row["local-authority-code"] for index, row in enumerate(csv.DictReader(handle))}


REGIONS = settings.DATA_DIR / "boundaries" / "rgn_ctry_uk_bsc.geojson"


def _inside(lon: float, lat: float, geometry: dict) -> bool:  # type: ignore[type-arg]
    def in_ring(ring: list[list[float]]) -> bool:
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(in_ring(polygon[0]) and not any(in_ring(hole) for hole in polygon[1:]) for polygon in polygons)


@pytest.mark.skipif(not (REAL.exists() and REGIONS.exists()), reason=f"the files are not in {settings.DATA_DIR}")
def test_the_real_file_agrees_with_the_ons_region_boundaries():
    """After the checks, every current English council whose centroid lies in an ONS region is in that region.

    (Before them, Derbyshire and Lincolnshire were not, and eight counties' centroids lay in
    another region; coastal councils whose centroid falls in the sea are not in any.)
    """
    import json

    run_import("councils")
    regions = [
        (feature["properties"]["areanm"], feature["geometry"])
        for feature in json.loads(REGIONS.read_text())["features"]
        if feature["properties"]["areacd"].startswith("E12")
    ]
    disagree = []
    checked = 0
    for council in Council.objects.current().filter(nation="England").exclude(latitude=None).exclude(region=""):
        found = [name for name, geometry in regions if _inside(council.longitude, council.latitude, geometry)]
        if found:
            checked += 1
            if found[0] != council.region:
                disagree.append((council.name, council.region, found[0]))
    assert checked > 300
    assert disagree == []


COMPOSITE = "West Midlands; Emissions: Transport/Domestic; 4th IMD quintile; Urban with rural areas"


def test_a_cluster_built_on_the_uncorrected_region_is_not_shown_as_fact():
    """mySociety's composite cluster puts Derbyshire (corrected to the East Midlands) with West Midlands councils."""
    from tiex.councils.tests.factories import ClusterLabelFactory, CouncilFactory

    load("councils", SAMPLE)
    derbyshire = Council.objects.get(la_code="DBY")
    staffordshire = CouncilFactory(name="Staffordshire", county_council=True, region="West Midlands")
    CouncilFactory(name="Nottinghamshire", county_council=True, region="East Midlands")
    for council in (derbyshire, staffordshire):
        ClusterLabelFactory(council=council, kind="similarity-composite", label=COMPOSITE)
        ClusterLabelFactory(council=council, kind="similarity-emissions", label="Transport/Domestic")
    client = Client()

    page = client.get("/councils/E10000007/").content.decode()
    composite = page.split('id="comparators-similarity-composite"')[1].split("<h3")[0]
    assert "West Midlands; Emissions" not in page
    assert "Staffordshire" not in composite
    assert "the region its source gives, West Midlands, which tiex corrected to East Midlands" in composite
    # Lists that do not depend on the region are still shown.
    emissions = page.split('id="comparators-similarity-emissions"')[1].split("<h3")[0]
    assert "Staffordshire" in emissions
    # The same-region list uses the corrected region.
    same_region = page.split('id="comparators-same-region"')[1].split("<h3")[0]
    assert "Nottinghamshire" in same_region
    assert "Staffordshire" not in same_region

    api = client.get("/api/v1/councils/E10000007/comparators?kind=similarity-composite").json()
    assert (api["label"], api["count"], api["items"]) == ("", 0, [])
    assert "which tiex corrected to East Midlands" in api["withheld"]
    # A council whose region was not corrected keeps its cluster.
    other = client.get(f"/api/v1/councils/{staffordshire.gss_code}/comparators?kind=similarity-composite").json()
    assert (other["label"], other["withheld"]) == (COMPOSITE, "")


def test_every_warning_names_its_council_on_the_data_page():
    report = load("councils", SAMPLE)

    starts = {(w.field, w.line): w.message.split(": ", 1)[0] for w in report.warnings}
    assert starts == {
        ("region", 2): "Derbyshire County Council (E10000007, DBY)",
        ("start-date", 7): "Leeds City Council (E08000035, LDS)",
        ("lat", 8): "Kent County Council (E10000016, KEN)",
        ("start-date", 10): "Dartford Borough Council (E07000107, DAR)",
        ("end-date", 11): "Ashford Borough Council (E07000105, ASF)",
    }
    page = Client().get("/data/").content.decode()
    assert "Derbyshire County Council (E10000007, DBY): West Midlands disagrees with its districts" in page
