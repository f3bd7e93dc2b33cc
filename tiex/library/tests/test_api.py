"""GET /api/v1/resources and /api/v1/resources/{id}."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tiex.library.tests.factories import CouncilFactory, editor, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(exchange):  # type: ignore[no-untyped-def]
    council = CouncilFactory(name="Ashford", region="South East")
    return [
        make_resource(
            "Food waste collections",
            body="<b>Weekly</b> caddies.",
            themes=("income-and-spend",),
            service_areas=("waste",),
            councils=(council,),
            date=datetime.date(2024, 3, 1),
        ),
        make_resource("Garden waste", themes=("digital-and-technology",), service_areas=("waste",)),
        make_resource("Cyber toolkit", resource_type="toolkit"),
    ]


def test_the_list_has_count_items_and_facets(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/resources", {"q": "waste", "limit": 1}).json()
    assert body["count"] == 2
    assert body["limit"] == 1 and body["offset"] == 0
    assert len(body["items"]) == 1
    facets = {facet["param"]: {v["value"]: v["count"] for v in facet["values"]} for facet in body["facets"]}
    assert facets["theme"] == {"income-and-spend": 1, "digital-and-technology": 1}
    assert facets["service_area"] == {"waste": 2}
    assert set(facets) == {"collection", "type", "theme", "service_area", "region", "council_type", "evidence", "year"}
    assert facets["collection"] == {"exchange": 2, "climate-plans": 0, "peer-challenge-reports": 0, "all": 2}


def test_every_facet_is_a_filter(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    def slugs(**params: str) -> list[str]:
        return [item["slug"] for item in client.get("/api/v1/resources", params).json()["items"]]

    assert slugs(theme="income-and-spend") == ["food-waste-collections"]
    assert slugs(type="toolkit") == ["cyber-toolkit"]
    assert slugs(region="South East") == ["food-waste-collections"]
    assert slugs(year="2024") == ["food-waste-collections"]
    assert slugs(council_type="NMD") == ["food-waste-collections"]
    assert slugs(evidence="described", sort="title") == ["cyber-toolkit", "food-waste-collections", "garden-waste"]


def test_facets_can_be_left_out(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/resources", {"facets": "false"}).json()["facets"] == []


def test_an_item_describes_the_resource(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    item = client.get("/api/v1/resources", {"theme": "income-and-spend"}).json()["items"][0]
    assert item["url"] == "http://testserver/exchange/food-waste-collections/"
    assert item["type"] == "case-study" and item["type_name"] == "Case study"
    assert item["themes"] == [{"slug": "income-and-spend", "name": "Managing income and spend"}]
    assert item["councils"][0]["name"] == "Ashford"
    assert item["published"] is True and item["is_demo"] is False


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"theme": "Not a slug!"}, "theme"),
        ({"type": "leaflet"}, "type"),
        ({"evidence": "rumour"}, "evidence"),
        ({"council_type": "XYZ"}, "council_type"),
        ({"year": "last year"}, "year"),
        ({"year": "1066"}, "year"),
        ({"sort": "random"}, "sort"),
        ({"council": "E0*"}, "council"),
        ({"q": "x" * 201}, "q"),
        ({"q": "tab\there"}, "q"),
        ({"limit": "1000"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_bad_parameters_get_a_422_with_a_message(client: Client, pages, params: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/resources", params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(field in error["loc"] and error["msg"] for error in detail)


@pytest.mark.parametrize(
    "params", [{"theme": "no-such-theme"}, {"service_area": "no-such-area"}, {"region": "Atlantis"}, {"council": "E99"}]
)
def test_well_formed_but_unknown_values_find_nothing(client: Client, pages, params: dict) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/resources", params).json()
    assert body["count"] == 0 and body["items"] == []


def test_one_resource_by_id(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/resources/{pages[0].pk}").json()
    assert body["slug"] == "food-waste-collections"
    assert "<b>Weekly</b>" in body["body"]
    assert body["attachments"] == []
    assert client.get("/api/v1/resources/999999").status_code == 404
    assert client.get("/api/v1/resources/6019900982925618839552").status_code == 422


def test_drafts_are_only_for_those_who_may_see_them(client: Client, exchange) -> None:  # type: ignore[no-untyped-def]
    draft = make_resource("Draft waste plan", publish=False)
    assert client.get(f"/api/v1/resources/{draft.pk}").status_code == 404
    assert client.get("/api/v1/resources", {"q": "draft"}).json()["count"] == 0
    client.force_login(editor())
    body = client.get(f"/api/v1/resources/{draft.pk}").json()
    assert body["published"] is False
    # Lists show published resources only, to everyone.
    assert client.get("/api/v1/resources", {"q": "draft"}).json()["count"] == 0


def test_the_api_is_documented(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/resources" in paths and "/api/v1/resources/{resource_id}" in paths


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["-", "--"])
def test_a_council_code_without_letters_or_digits_is_refused_by_the_schema_too(client, code: str) -> None:  # type: ignore[no-untyped-def]
    # The OpenAPI pattern and the filter agree (schemathesis found "-" allowed by one and refused by the other).
    import re

    from tiex.library.api import CODE_PATTERN

    assert re.fullmatch(CODE_PATTERN, code) is None
    assert client.get("/api/v1/resources", {"council": code}).status_code == 422


def test_items_built_without_pydantic_match_the_documented_schema(rf, pages) -> None:  # type: ignore[no-untyped-def]
    """The list's items are built as plain values for speed; they must be exactly what ResourceOut gives."""
    from decimal import Decimal

    from tiex.library import listing
    from tiex.library.api import Links, ResourceOut, resource_dict
    from tiex.library.models import ResourceOutcome

    ResourceOutcome.objects.create(page=pages[0], kind="saving", amount=Decimal(1200), period="per-year")
    pages[0].contact_name = "A. Officer"
    pages[0].save()
    request = rf.get("/api/v1/resources", HTTP_HOST="testserver")
    for item in listing.load([page.pk for page in pages]):
        built = resource_dict(item, Links(request))
        documented = ResourceOut.from_orm(item, context={"request": request}).model_dump()
        assert built == documented
    assert listing.load([pages[0].pk])[0].total_savings_per_year == Decimal(1200)


def test_addresses_in_items_are_those_reverse_gives(rf, pages) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from tiex.library.api import Links

    links = Links(rf.get("/", HTTP_HOST="testserver"))
    assert links.resource("food-waste") == "http://testserver" + reverse("library:resource", args=["food-waste"])
    assert links.council("E07000105") == "http://testserver" + reverse("councils:detail", args=["E07000105"])
    assert Links().resource("a_b") == reverse("library:resource", args=["a_b"])


def test_one_resource_is_kept_until_the_library_changes(client: Client, pages, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from tiex.library import services

    url = f"/api/v1/resources/{pages[0].pk}"
    assert client.get(url).json()["title"] == "Food waste collections"
    with django_assert_max_num_queries(1):  # the library's state
        assert client.get(url).json()["title"] == "Food waste collections"
    services.resource_update(
        actor=None, page=pages[0], data=services.ResourceData(title="Food waste rounds", summary="S."), publish=True
    )
    assert client.get(url).json()["title"] == "Food waste rounds"
    assert client.get(url, HTTP_HOST="localhost").json()["url"].startswith("http://localhost/")


def test_a_search_answer_is_kept_until_the_library_changes(  # type: ignore[no-untyped-def]
    client: Client, pages, django_assert_max_num_queries
) -> None:
    first = client.get("/api/v1/resources", {"q": "waste"}).json()
    with django_assert_max_num_queries(1):  # the library's state
        assert client.get("/api/v1/resources", {"q": "waste"}).json() == first
    make_resource("Waste amnesty days")
    assert client.get("/api/v1/resources", {"q": "waste"}).json()["count"] == first["count"] + 1
    # Other parameters, other answers.
    assert client.get("/api/v1/resources", {"q": "waste", "limit": 1}).json()["limit"] == 1


def test_an_id_too_large_for_the_database_is_refused_not_a_server_error(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/resources/99999999999999999999").status_code == 422
    assert client.get("/api/v1/resources/9223372036854775807").status_code == 404  # the largest id: no such row
