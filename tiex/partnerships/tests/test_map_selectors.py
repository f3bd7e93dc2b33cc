"""The map's reads: counts per area, the map context and the boundaries file."""

from __future__ import annotations

import gzip
import json

import pytest

from tiex.councils.selectors import page_cache
from tiex.councils.tests.factories import CouncilFactory, square
from tiex.partnerships.map_selectors import map_context
from tiex.partnerships.models import Partnership
from tiex.partnerships.selectors import partnership_list
from tiex.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_council_cache() -> None:
    # What is derived from council data is cached under the data version, which only an
    # import changes; these tests make councils without importing them.
    page_cache().clear()


@pytest.fixture
def vale() -> dict[str, object]:
    county = CouncilFactory(name="Valeshire", county_council=True, boundary=square(-1.0, 52.0, 0.8), region="East")
    west = CouncilFactory(name="West Vale", county=county, boundary=square(-1.0, 52.0, 0.4), region="East")
    east = CouncilFactory(name="East Vale", county=county, boundary=square(-0.6, 52.0, 0.4), region="East")
    former = CouncilFactory(name="Old Vale", former=True, latitude=52.3, longitude=-0.5)
    former.successors.add(east)
    lonely = CouncilFactory(name="Isle Council", latitude=50.7, longitude=-1.3)  # no boundary of its own
    lonely.boundary = None
    lonely.type = "WPA"  # not an English lower-tier area: placed by its centroid
    lonely.save()
    return {"county": county, "west": west, "east": east, "former": former, "lonely": lonely}


def test_a_partnership_counts_once_in_every_area_of_its_councils(vale, django_assert_max_num_queries) -> None:
    PartnershipFactory(name="Both districts", councils=[vale["west"], vale["east"]])
    PartnershipFactory(name="The county", councils=[vale["county"]])
    PartnershipFactory(name="Former and west", councils=[vale["former"], vale["west"]])
    PartnershipFactory(name="The isle", councils=[vale["lonely"]])
    PartnershipFactory(name="Nobody")

    map_context(Partnership.objects.all())  # warms the cache of council data
    with django_assert_max_num_queries(2):
        context = map_context(Partnership.objects.all(), query="region=East", count=5)

    assert context.static is not None
    counts = {area.name: area.count for area in context.static.areas}
    assert counts == {"West Vale": 3, "East Vale": 3}
    assert [(dot.name, dot.count) for dot in context.static.dots] == [("Isle Council", 1)]
    assert context.partnership_count == 5
    assert context.area_count == 2
    assert context.data_url == "/shared-services/download.geojson?region=East"
    assert context.boundaries_url.startswith("/shared-services/boundaries.json?v=")


def test_prefetched_partnerships_and_ids_give_the_same_map(vale, django_assert_num_queries) -> None:
    PartnershipFactory(name="Both districts", councils=[vale["west"], vale["east"]])
    only = PartnershipFactory(name="The county", councils=[vale["county"]])
    fetched = list(partnership_list())
    map_context(fetched)
    with django_assert_num_queries(1):  # the data version only: the memberships came prefetched
        from_list = map_context(fetched)
    assert from_list.partnership_count == 2
    by_id = map_context([only.pk])
    assert {area.name: area.count for area in by_id.static.areas} == {"West Vale": 1, "East Vale": 1}
    assert by_id.partnership_count == 1


def test_the_boundaries_file_has_the_areas_and_what_other_councils_cover(client, vale) -> None:
    response = client.get(map_context([]).boundaries_url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    document = json.loads(gzip.decompress(response.content))
    names = {feature["properties"]["name"]: feature["properties"] for feature in document["features"]}
    assert set(names) == {"West Vale", "East Vale"}
    assert names["West Vale"]["region"] == "East"
    covers = document["covers"]
    assert sorted(covers[vale["county"].code]) == sorted([vale["west"].code, vale["east"].code])
    assert covers[vale["former"].code] == [vale["east"].code]

    unversioned = client.get("/shared-services/boundaries.json")
    assert "max-age=3600" in unversioned["Cache-Control"] and "immutable" not in unversioned["Cache-Control"]
    assert json.loads(unversioned.content) == document


def test_the_page_shows_the_static_map_and_its_text_summary(client, vale) -> None:
    PartnershipFactory(name="Both districts", councils=[vale["west"], vale["east"]])
    text = client.get("/shared-services/").content.decode()
    assert "Map of 1 partnership; the same partnerships are listed below." in text
    assert "<title>West Vale: 1 partnership</title>" in text
    assert "2 council areas are part of at least one of these partnerships" in text
    assert 'data-data-url="/shared-services/download.geojson"' in text
