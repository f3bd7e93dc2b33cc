"""The downloads (CSV, JSON, GeoJSON) and the API: exactly the filtered set, with the totals,
the licence and the completeness note; the same filters narrow the page, the API and the
downloads alike."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse

from tiex.core.csv import render_csv
from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships import downloads, selectors
from tiex.partnerships.filters import PartnershipFilters
from tiex.partnerships.services_state import state_bump
from tiex.partnerships.tests.factories import (
    OtherPartnerFactory,
    PartnershipCouncilFactory,
    PartnershipFactory,
    SavingsFactory,
    ServiceCategoryFactory,
)
from tiex.partnerships.tests.worlds import build_world

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.fixture
def two_regions():
    north = CouncilFactory(name="Northam", gss_code="E07000801", region="North West", latitude=53.5, longitude=-2.5)
    south = CouncilFactory(name="Southam", gss_code="E07000802", region="South East", latitude=51.0, longitude=0.5)
    nowhere = CouncilFactory(name="Nowhere", gss_code="E07000803", region="North West")  # no centroid
    legal = PartnershipFactory(
        reference="SSP-1", name="Northern legal", councils=[north, nowhere], lead_council=north, start_year=2014
    )
    SavingsFactory(partnership=legal, financial_year=None, amount_gbp=500_000)
    SavingsFactory(partnership=legal, financial_year=2018, amount_gbp=100_000)
    OtherPartnerFactory(partnership=legal, name="Police", kind="police")
    waste = PartnershipFactory(reference="SSP-2", name="Southern waste", councils=[south], is_demo=True)
    SavingsFactory(partnership=waste, financial_year=2018, amount_gbp=40_000, status="expected")
    return {"legal": legal, "waste": waste}


def test_a_region_filter_narrows_page_api_and_all_three_downloads_alike(client, two_regions):
    query = "?region=North+West"
    page = client.get("/shared-services/" + query)
    api = client.get("/api/v1/partnerships" + query).json()
    as_csv = csv_rows(client.get("/shared-services/download.csv" + query))
    as_json = json.loads(client.get("/shared-services/download.json" + query).getvalue())
    as_geojson = json.loads(client.get("/shared-services/download.geojson" + query).getvalue())

    assert [p.name for p in page.context["items"]] == ["Northern legal"]
    assert [item["name"] for item in api["items"]] == ["Northern legal"]
    assert [row["name"] for row in as_csv] == ["Northern legal"]
    assert [item["name"] for item in as_json["items"]] == ["Northern legal"]
    assert [f["properties"]["name"] for f in as_geojson["features"]] == ["Northern legal"]
    # The same totals everywhere.
    assert page.context["totals"].cumulative_savings_gbp == 600_000
    assert api["totals"] == as_json["totals"] == as_geojson["totals"]
    assert api["totals"]["cumulative_savings_gbp"] == 600_000 and api["totals"]["partnerships"] == 1
    # And without the filter, both.
    assert len(client.get("/api/v1/partnerships").json()["items"]) == 2
    assert len(csv_rows(client.get("/shared-services/download.csv"))) == 2


def test_the_csv_download(client, two_regions):
    response = client.get("/shared-services/download.csv")
    assert response["Content-Disposition"] == 'attachment; filename="shared-services.csv"'
    rows = csv_rows(response)
    assert list(rows[0]) == list(downloads.CSV_COLUMNS)
    legal = rows[0]
    assert legal["reference"] == "SSP-1"
    assert legal["councils"] == "E07000801;E07000803"
    assert legal["council_names"] == "Northam;Nowhere"
    assert legal["lead_council"] == "E07000801"
    assert legal["other_partners"] == "Police"
    assert (legal["savings_year"], legal["savings_in_year_gbp"], legal["savings_to_date_gbp"]) == (
        "2018",
        "100000",
        "600000",
    )
    assert legal["licence"] == downloads.LICENCE and legal["completeness"].startswith("Not complete")
    assert rows[1]["is_demo"] == "true"


def test_each_csv_row_lists_only_its_own_councils_categories_partners_and_tags_in_order(client):
    """The rows are built from plain values grouped by partnership (selectors.partnership_table):
    each row's lists are its own, in the order the page shows them, and a filtered download
    carries only the matching partnerships."""
    waste, legal = ServiceCategoryFactory(label="Waste"), ServiceCategoryFactory(label="Legal")
    zeta = CouncilFactory(name="Zeta", gss_code="E07000901")
    alpha = CouncilFactory(name="Alpha", gss_code=None, la_code="ALP")
    mid = CouncilFactory(name="Midtown", gss_code="E07000903")
    both = PartnershipFactory(
        reference="SSP-B",
        name="Both",
        councils=[zeta, alpha],
        lead_council=None,
        categories=[waste, legal],
        benefit_tags=["resilience", "capacity"],
        description="=SUM(A1)",
    )
    OtherPartnerFactory(partnership=both, name="Police", kind="police")
    OtherPartnerFactory(partnership=both, name="Fire", kind="fire")
    PartnershipFactory(reference="SSP-A", name="Another", councils=[mid], lead_council=mid, categories=[waste])

    rows = csv_rows(client.get("/shared-services/download.csv"))

    assert [row["reference"] for row in rows] == ["SSP-A", "SSP-B"]  # by name
    another, both_row = rows
    assert (another["councils"], another["lead_council"], another["categories"]) == ("E07000903", "E07000903", "Waste")
    assert (another["other_partners"], another["benefit_tags"]) == ("", "")
    assert another["savings_in_year_gbp"] == another["savings_to_date_gbp"] == ""  # no savings rows
    assert both_row["councils"] == "ALP;E07000901" and both_row["council_names"] == "Alpha;Zeta"
    assert both_row["lead_council"] == ""
    assert both_row["categories"] == "Legal;Waste"
    assert both_row["other_partners"] == "Fire;Police"
    assert both_row["benefit_tags"] == "capacity;resilience"
    assert both_row["description"] == "'=SUM(A1)"  # neutralised
    assert both_row["url"] == f"http://testserver/shared-services/{both.pk}/"
    narrowed = csv_rows(client.get("/shared-services/download.csv?q=Both"))
    assert [(row["reference"], row["categories"]) for row in narrowed] == [("SSP-B", "Legal;Waste")]


def test_the_geojson_download_is_the_map_format(client, two_regions):
    response = client.get("/shared-services/download.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = json.loads(response.getvalue())
    assert data["type"] == "FeatureCollection"
    assert data["licence"] == downloads.LICENCE and data["attribution"] and data["completeness"]
    assert data["totals"]["financial_year"] == 2018 and data["totals"]["savings_in_year_gbp"] == 140_000
    feature = data["features"][0]
    legal = two_regions["legal"]
    assert feature["geometry"] == {"type": "MultiPoint", "coordinates": [[-2.5, 53.5]]}  # Nowhere has no centroid
    assert feature["properties"] == {
        "id": legal.pk,
        "reference": "SSP-1",
        "name": "Northern legal",
        "kind": "shared_service",
        "kind_label": "Shared service",
        "status": "operational",
        "status_label": "Operational",
        "url": f"http://testserver/shared-services/{legal.pk}/",
        "councils": [
            {"gss": "E07000801", "name": "Northam", "current": True},
            {"gss": "E07000803", "name": "Nowhere", "current": True},
        ],
        "savings_in_year_gbp": 100_000,
        "savings_to_date_gbp": 600_000,
        "is_demo": False,
    }


def test_the_json_download_is_the_api_items_with_totals_and_notes(client, two_regions):
    data = json.loads(client.get("/shared-services/download.json?kind=shared_service").getvalue())
    api = client.get("/api/v1/partnerships?kind=shared_service").json()
    assert data["items"] == api["items"] and data["count"] == 2
    assert data["completeness"] == downloads.COMPLETENESS


def test_downloads_refuse_bad_filters_with_what_was_wrong(client):
    for path in ("download.csv", "download.json", "download.geojson"):
        response = client.get(f"/shared-services/{path}?status=sleeping")
        assert response.status_code == 400
        assert response.json()["detail"][0]["loc"] == ["query", "status"]


@pytest.mark.parametrize("kept", [False, True])
@pytest.mark.parametrize("scale", [1, 10])
def test_the_api_list_and_csv_take_at_most_8_queries(client, django_assert_max_num_queries, scale, kept):
    world = build_world(scale)
    if kept:  # a write has recorded a state: the CSV download writes every row once and keeps them
        state_bump()
    query = f"?region=North+West&category={world['top_category']}"
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/partnerships" + query).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/shared-services/download.csv" + query).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/shared-services/download.geojson").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/shared-services/download.json").status_code == 200


def test_the_api_list_pages_and_gives_the_totals(client):
    build_world(1)
    first = client.get("/api/v1/partnerships?limit=5").json()
    second = client.get("/api/v1/partnerships?limit=5&offset=5").json()
    assert (first["count"], first["limit"], first["offset"], len(first["items"])) == (12, 5, 0, 5)
    assert {item["id"] for item in first["items"]}.isdisjoint({item["id"] for item in second["items"]})
    assert first["totals"]["partnerships"] == 12
    assert first["totals"]["councils"] == 6
    assert first["licence"] == downloads.LICENCE
    item = first["items"][0]
    assert set(item) >= {"id", "reference", "name", "councils", "categories", "savings_to_date_gbp", "is_demo"}
    assert item["councils"][0].keys() == {"gss", "name", "current", "url"}


def test_the_api_refuses_bad_filters_with_422(client):
    council = CouncilFactory(region="North West")
    PartnershipFactory(councils=[council])
    for query in ("kind=nope", "year=1800", "year=x", "council=E9-9", "limit=0", "kind=a&kind=b", "q=%00"):
        response = client.get(f"/api/v1/partnerships?{query}")
        assert response.status_code == 422, query
        assert "detail" in response.json()
    # Values outside the documented enumerations are refused, naming the parameter.
    for query, name in (
        ("region=Atlantis", "region"),
        ("status=dormant", "status"),
        ("evidence=hearsay", "evidence"),
        ("council_type=XYZ", "council_type"),
    ):
        response = client.get(f"/api/v1/partnerships?{query}")
        assert response.status_code == 422, query
        assert [error["loc"] for error in response.json()["detail"]] == [["query", name]], query
    # A region, category or GSS code the schema allows but no partnership has matches nothing
    # (the schema documents what a client may send; the data of the day does not refuse it).
    for query in ("region=Wales", "category=5", "council=E99999999"):
        assert client.get(f"/api/v1/partnerships?{query}").json()["count"] == 0, query
    assert client.get("/api/v1/partnerships?region=North+West").json()["count"] == 1
    assert client.get(f"/api/v1/partnerships?council={council.gss_code.lower()}").json()["count"] == 1


def test_the_api_detail_names_each_council_by_gss_code(client, two_regions):
    former = CouncilFactory(name="Old District", gss_code="E07000804", former=True)
    legal = two_regions["legal"]
    PartnershipCouncilFactory(partnership=legal, council=former)
    data = client.get(f"/api/v1/partnerships/{legal.pk}").json()
    assert [(c["gss"], c["name"], c["current"]) for c in data["councils"]] == [
        ("E07000801", "Northam", True),
        ("E07000803", "Nowhere", True),
        ("E07000804", "Old District", False),
    ]
    assert data["lead_council"]["gss"] == "E07000801"
    assert [(s["financial_year_label"], s["amount_gbp"]) for s in data["savings"]] == [
        ("Earlier years", 500_000),
        ("2018/19", 100_000),
    ]
    assert data["savings_to_date_gbp"] == 600_000
    assert data["other_partners"] == [{"name": "Police", "kind": "police"}]
    assert client.get("/api/v1/partnerships/999999").status_code == 404
    assert client.get("/api/v1/partnerships/0").status_code == 422


def test_the_csv_rows_kept_under_the_state_are_the_rows_written_afresh(client, two_regions, django_assert_num_queries):
    """Once a write has recorded a state (services_state.state_bump), each partnership's row is
    written once and kept (csv_lines.py): the downloads are byte for byte those written afresh,
    a later download reads only the year, the state and the matching ids, and the next write
    shows at once."""
    afresh = {query: client.get("/shared-services/download.csv" + query).getvalue() for query in ("", "?q=legal")}
    state_bump()
    for query, body in afresh.items():
        assert client.get("/shared-services/download.csv" + query).getvalue() == body
    with django_assert_num_queries(3):  # the default year, the state, the ids
        assert client.get("/shared-services/download.csv").getvalue() == afresh[""]

    legal = two_regions["legal"]
    legal.name = "Northern legal, renamed"
    legal.save()
    legal.savings.filter(financial_year=2018).update(amount_gbp=100_001)
    state_bump()  # as the services, the import and the admin do with every write
    rows = csv_rows(client.get("/shared-services/download.csv"))
    assert rows[0]["name"] == "Northern legal, renamed"
    assert rows[0]["savings_in_year_gbp"] == "100001"


def test_a_url_that_needs_quoting_is_quoted_in_kept_rows(two_regions) -> None:
    state_bump()
    table = selectors.partnership_table(PartnershipFilters(), 2018)
    odd = downloads.Links()
    odd._partnership = "http://example.test/a,b/"  # an address with a comma needs quotes
    text = downloads.csv_rows(table, 2018, odd).text
    first = next(csv.reader(io.StringIO(text)))
    assert first[20] == f"http://example.test/a,b/{two_regions['legal'].pk}/"
    assert text == render_csv(["x"], list(csv.reader(io.StringIO(text)))).split("\r\n", 1)[1]


@pytest.mark.parametrize("name", ["download.csv", "download.json", "download.geojson"])
def test_each_download_is_streamed_as_it_is_written(client, two_regions, name):
    response = client.get(f"/shared-services/{name}")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == f'attachment; filename="shared-services.{name.split(".")[1]}"'
