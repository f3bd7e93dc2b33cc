"""The council climate plans are a collection of their own: the Exchange's own resources lead by default,
and the page, the downloads, the API, the feed and the facet index agree on the rule."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.test import Client

from tiex.core.importing import run_import
from tiex.library import selectors, services
from tiex.library.filters import ResourceFilters
from tiex.library.importers import CLIMATE_DATASET
from tiex.library.tests.factories import CouncilFactory, make_resource

pytestmark = pytest.mark.django_db

DATA = Path(__file__).with_name("data")


def _plan(title: str, council, *, date: datetime.date | None = None, key: str = ""):  # type: ignore[no-untyped-def]
    data = services.ResourceData(
        title=title,
        summary="Climate strategy published by the council.",
        resource_type="external",
        themes=("understanding-of-place",),
        service_areas=("climate",),
        councils=(council.pk,),
        date=date,
        external_url="https://example.gov.uk/plan.pdf",
    )
    return services.resource_create(actor=None, data=data, source_dataset=CLIMATE_DATASET, source_key=key or title)


@pytest.fixture
def library(exchange):  # type: ignore[no-untyped-def]
    council = CouncilFactory(name="Ashford", region="South East")
    own = {
        "food": make_resource(
            "Food waste collections",
            themes=("income-and-spend",),
            service_areas=("waste",),
            councils=(council,),
            date=datetime.date(2023, 3, 1),
        ),
        "toolkit": make_resource(
            "Waste contracts toolkit", resource_type="toolkit", themes=("procurement-and-commissioning",)
        ),
    }
    plans = {
        "strategy": _plan("Waste and climate strategy", council, date=datetime.date(2025, 1, 1)),
        "action": _plan("Climate action plan", council, date=datetime.date(2024, 1, 1)),
        "undated": _plan("Net zero route map", council),
    }
    return {"own": own, "plans": plans, "council": council}


def _slugs(html: str) -> list[str]:
    return re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="/exchange/([^/]+)/"', html
    )


def _facet(result: selectors.SearchResult, param: str) -> dict[str, int]:
    return {value.value: value.count for facet in result.facets if facet.param == param for value in facet.values}


def test_the_default_view_and_its_facets_are_the_exchanges_own_resources(library) -> None:  # type: ignore[no-untyped-def]
    result = selectors.resource_search(ResourceFilters())
    assert {item.slug for item in result.items} == {page.slug for page in library["own"].values()}
    assert result.count == 2
    assert result.items[0].slug == "food-waste-collections"  # newer plans do not lead
    assert _facet(result, "type") == {"case-study": 1, "toolkit": 1}
    assert _facet(result, "service_area") == {"waste": 1}  # not the plans' "climate"
    assert _facet(result, "year") == {"2023": 1}
    assert _facet(result, "collection") == {"exchange": 2, "climate-plans": 3, "peer-challenge-reports": 0, "all": 5}
    [collection] = [facet for facet in result.facets if facet.param == "collection"]
    assert collection.choose_one and [value.value for value in collection.values if value.selected] == ["exchange"]


def test_a_search_can_ask_for_the_plans_or_for_both(library) -> None:  # type: ignore[no-untyped-def]
    plans = library["plans"]
    only = selectors.resource_search(ResourceFilters(collection="climate-plans"))
    assert [item.slug for item in only.items] == [plans[key].slug for key in ("strategy", "action", "undated")]
    assert _facet(only, "service_area") == {"climate": 3}
    both = selectors.resource_search(ResourceFilters(q="waste", collection="all"))
    assert both.count == 3
    # Words in the default collection: the plans are counted for the "also match" offer, not listed.
    own = selectors.resource_search(ResourceFilters(q="waste"))
    assert own.count == 2 and _facet(own, "collection")["climate-plans"] == 1
    # Other filters count the collections too.
    narrowed = selectors.resource_search(ResourceFilters(q="waste", themes=("income-and-spend",)))
    assert _facet(narrowed, "collection") == {"exchange": 1, "climate-plans": 0, "peer-challenge-reports": 0, "all": 1}


def test_the_page_states_the_rule_and_offers_the_plans(client: Client, library) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/exchange/", {"q": "waste"}).content.decode()
    assert set(_slugs(html)) == {"food-waste-collections", "waste-contracts-toolkit"}
    assert "Searches show the Exchange's own resources unless you choose another collection." in html
    assert "1 council climate plan also matches" in html
    assert 'href="/exchange/?q=waste&amp;collection=all"' in html
    assert 'href="/exchange/?q=waste&amp;collection=climate-plans"' in html
    assert 'href="/exchange/?collection=climate-plans"' in html  # the intro links the collection
    assert 'type="radio" value="exchange" checked' in html
    both = client.get("/exchange/", {"q": "waste", "collection": "all"}).content.decode()
    assert len(_slugs(both)) == 3
    assert "Council climate plan</strong>" in both  # each plan is tagged in a mixed list
    assert "Collection: All collections" in both and "also match" not in both
    assert client.get("/exchange/", {"collection": "everything"}).status_code == 400
    # The collection has a landing of its own, clearly named.
    landing = client.get("/exchange/", {"collection": "climate-plans"}).content.decode()
    assert "<title>Council climate plans \u2013 Exchange" in landing
    assert '<h1 class="govuk-heading-l">Council climate plans</h1>' in landing
    assert "Back to the Exchange&#x27;s own" in landing or "Back to the Exchange's own" in landing


def test_the_page_downloads_and_api_agree_for_each_collection(client: Client, library) -> None:  # type: ignore[no-untyped-def]
    for query in ({}, {"collection": "climate-plans"}, {"q": "waste", "collection": "all"}):
        page = _slugs(client.get("/exchange/", query).content.decode())
        rows = list(csv.DictReader(io.StringIO(client.get("/exchange/resources.csv", query).getvalue().decode())))
        json_items = json.loads(client.get("/exchange/resources.json", query).getvalue())["items"]
        api = client.get("/api/v1/resources", query).json()
        assert page == [row["slug"] for row in rows] == [item["slug"] for item in json_items]
        assert [item["slug"] for item in api["items"]] == page and api["count"] == len(page)
    api = client.get("/api/v1/resources", {"collection": "climate-plans"}).json()
    assert {item["collection"] for item in api["items"]} == {"climate-plans"}
    assert client.get("/api/v1/resources", {"collection": "everything"}).status_code == 422


def test_the_collection_parameter_is_in_the_openapi_schema(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/resources"]["get"]
    [parameter] = [p for p in operation["parameters"] if p["name"] == "collection"]
    assert "climate-plans" in str(parameter["schema"]) and "all" in str(parameter["schema"])
    assert "exchange" in parameter.get("description", "") + str(parameter["schema"])


def test_the_feed_and_similar_resources_keep_to_their_collection(client: Client, library) -> None:  # type: ignore[no-untyped-def]
    feed = client.get("/exchange/feed/").content.decode()
    assert "Food waste collections" in feed and "Climate action plan" not in feed
    similar = selectors.similar_resources(library["plans"]["action"])
    assert similar and {item.collection for item in similar} == {"climate-plans"}


def test_a_councils_profile_link_finds_its_plans_too(client: Client, library) -> None:  # type: ignore[no-untyped-def]
    found = selectors.resources_for_council(library["council"])
    assert found.count == 4
    html = client.get(found.search_href).content.decode()
    assert re.search(r'id="results-count">4 resources', html)


# --- The climate plans importer: dates --------------------------------------------------------


@pytest.fixture
def councils(exchange):  # type: ignore[no-untyped-def]
    return (
        CouncilFactory(la_code="AAA", gss_code="E07900001", name="Alpha"),
        CouncilFactory(la_code="BBB", gss_code="E07900002", name="Beta"),
    )


def test_dates_in_the_future_are_warned_about_and_never_shown(client: Client, councils) -> None:  # type: ignore[no-untyped-def]
    report = run_import(CLIMATE_DATASET, str(DATA / "climate_plans_dates.csv"))
    warnings = {(warning.line, warning.field): warning for warning in report.warnings}
    # A retrieval date in 2029 (as Mole Valley's row in the real register) is not used.
    assert warnings[(2, "date_retrieved")].action == "not used"
    assert "29/03/2029 is after today" in warnings[(2, "date_retrieved")].message
    # A plan whose period starts after today is shown without a date.
    assert warnings[(3, "time_period")].action == "shown without a date"
    assert (4, "time_period") not in warnings
    assert warnings[(5, "date_retrieved")].message == "'sometime' is not a date"
    plans = {page.title: page for page in selectors.published_resources()}
    assert plans["Climate Change Strategy"].date is None  # no period given: no date, never 2029
    assert plans["Climate Plan 2098-2099"].date is None
    assert plans["Carbon Plan"].date == datetime.date(2020, 1, 1)  # time_period "2020-2030"
    assert plans["Carbon Plan"].summary == "Action plan published by Alpha, for 2020 to 2030."
    newest = selectors.resource_search(ResourceFilters(collection="climate-plans"))
    assert newest.items[0].title == "Carbon Plan"
    # The warnings are listed on /data/ with what tiex shows instead.
    data_page = client.get("/data/").content.decode()
    assert "29/03/2029 is after today" in data_page and "shown without a date" in data_page


def test_a_type_missing_from_the_mapping_is_a_warning(councils, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "plans.csv"
    text = (DATA / "climate_plans_dates.csv").read_text().replace("Action plan", "Heat network zoning plan")
    source.write_text(text)
    report = run_import(CLIMATE_DATASET, str(source))
    [warning] = [w for w in report.warnings if w.field == "type"]
    assert "'Heat network zoning plan' is not in climate_plans.toml" in warning.message
    assert warning.action == "no theme"


def test_a_plan_is_not_graded_as_evidence_but_a_case_study_is(client: Client, library) -> None:  # type: ignore[no-untyped-def]
    plan = client.get(library["plans"]["strategy"].url).content.decode()
    assert "About this plan" in plan and "does not grade its evidence" in plan
    assert "without measured results" not in plan and "How the Exchange grades evidence" not in plan
    case_study = client.get(library["own"]["food"].url).content.decode()
    assert "How the Exchange grades evidence" in case_study and "About this plan" not in case_study
