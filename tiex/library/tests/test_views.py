"""The Exchange's pages: search, downloads, feed and resource pages; the page, downloads and API agree."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.test import Client

from tiex.councils.models import CouncilType
from tiex.library import search
from tiex.library.exporters import DOWNLOAD_COLUMNS
from tiex.library.services import OutcomeData
from tiex.library.tests.factories import CouncilFactory, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(exchange):  # type: ignore[no-untyped-def]
    district = CouncilFactory(name="Ashford", region="South East")
    london = CouncilFactory(name="Hackney", region="London", type=CouncilType.LONDON_BOROUGH)
    return {
        "food": make_resource(
            "Food waste collections",
            summary="Weekly caddies for every home.",
            themes=("income-and-spend",),
            service_areas=("waste",),
            councils=(district,),
            date=datetime.date(2024, 3, 1),
            outcomes=(OutcomeData(kind="saving", amount=Decimal(340000), period="per-year", status="expected"),),
            contact_name="Elaine Ward",
            contact_email="elaine@example.org",
        ),
        "fleet": make_resource(
            "Electric refuse fleet",
            body="Waste lorries replaced.",
            themes=("leadership-of-place",),
            service_areas=("waste", "climate"),
            councils=(london,),
            date=datetime.date(2023, 9, 1),
        ),
        "cyber": make_resource("Cyber security baseline", resource_type="toolkit", themes=("digital-and-technology",)),
    }


def _result_slugs(html: str) -> list[str]:
    return re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="/exchange/([^/]+)/"', html
    )


def test_the_exchange_lists_published_resources(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/exchange/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 resources" in html
    assert set(_result_slugs(html)) == {page.slug for page in pages.values()}
    assert 'type="application/atom+xml"' in html


def test_a_search_with_a_theme_narrows_and_is_a_shareable_url(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    everything = client.get("/exchange/", {"q": "waste"}).content.decode()
    assert _result_slugs(everything) == [pages["food"].slug, pages["fleet"].slug]
    narrowed = client.get("/exchange/?q=waste&theme=income-and-spend").content.decode()
    assert _result_slugs(narrowed) == [pages["food"].slug]
    assert "1 resource<" in narrowed
    # The checkbox for the chosen theme is ticked, and the applied filter can be removed.
    assert re.search(r'name="theme" type="checkbox" value="income-and-spend" checked', narrowed)
    assert 'href="/exchange/?q=waste">Remove' in narrowed
    assert "/exchange/resources.csv?q=waste&amp;theme=income-and-spend" in narrowed


def test_bad_filters_get_a_400_with_a_message(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/exchange/", {"theme": "not-a-theme", "year": "twenty"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Unknown theme" in html and "A year is four digits" in html


def test_a_search_that_runs_out_of_time_says_so(client: Client, pages, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def too_slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise search.SearchTimeout(search.SearchTimeout.message)

    monkeypatch.setattr(search, "match_scores", too_slow)
    monkeypatch.setattr(search, "fts5_rowids", too_slow)
    response = client.get("/exchange/", {"q": "waste"})
    assert response.status_code == 503
    assert "took too long" in response.content.decode()
    api = client.get("/api/v1/resources", {"q": "waste"})
    assert api.status_code == 503
    assert "took too long" in api.json()["detail"]


def test_a_page_past_the_end_is_not_found(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/exchange/", {"page": "9"}).status_code == 404
    assert client.get("/exchange/", {"page": "x"}).status_code == 404


def test_downloads_and_the_api_agree_with_the_page(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    query = {"q": "waste", "service_area": "waste"}
    page_slugs = _result_slugs(client.get("/exchange/", query).content.decode())
    rows = list(
        csv.DictReader(io.StringIO(client.get("/exchange/resources.csv", query).getvalue().decode("utf-8-sig")))
    )
    as_json = client.get("/exchange/resources.json", query)
    assert as_json.streaming and as_json["Content-Disposition"] == 'attachment; filename="resources.json"'
    json_items = json.loads(as_json.getvalue())["items"]
    api = client.get("/api/v1/resources", query).json()
    assert page_slugs == [row["slug"] for row in rows] == [item["slug"] for item in json_items]
    assert [item["slug"] for item in api["items"]] == page_slugs
    assert api["count"] == len(page_slugs) == 2
    for mine, theirs in zip(json_items, api["items"], strict=True):
        assert {k: v for k, v in mine.items() if v != theirs[k]} == {}


def test_the_csv_download_has_the_import_columns(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/exchange/resources.csv", {"q": "food"})
    assert response["Content-Disposition"] == 'attachment; filename="resources.csv"'
    assert response.streaming
    reader = csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")))
    assert reader.fieldnames is not None
    # Every column the editors' import reads, in order, with labels beside the codes.
    assert [name for name in reader.fieldnames if name in DOWNLOAD_COLUMNS] == DOWNLOAD_COLUMNS
    row = next(reader)
    assert row["themes"] == "income-and-spend"
    assert row["savings"] == "340000 per-year expected"
    assert row["councils"] == pages["food"].councils.get().gss_code


def test_the_csv_download_gives_labels_beside_codes_and_says_what_is_demo(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    make_resource("Demo waste toolkit", resource_type="toolkit", is_demo=True, themes=("income-and-spend",))
    response = client.get("/exchange/resources.csv", {"q": "waste", "sort": "title"})
    reader = csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")))
    names = list(reader.fieldnames or [])
    for code, label in (
        ("type", "type_name"),
        ("themes", "theme_names"),
        ("service_areas", "service_area_names"),
        ("councils", "council_names"),
        ("replicated_by", "replicated_by_names"),
        ("evidence_level", "evidence_level_name"),
    ):
        assert names.index(label) == names.index(code) + 1
    assert sorted(names[-3:]) == ["collection", "collection_name", "demo"]  # demo is also a column of the import format
    rows = {row["slug"]: row for row in reader}
    food = rows["food-waste-collections"]
    assert (food["type"], food["type_name"]) == ("case-study", "Case study")
    assert food["theme_names"] == "Managing income and spend"
    assert food["service_area_names"] == "Waste and recycling"
    assert food["council_names"] == "Ashford"
    assert food["evidence_level_name"] == "Described"
    assert (food["collection"], food["collection_name"]) == ("exchange", "The Exchange's own resources")
    assert food["demo"] == "false"
    assert rows["demo-waste-toolkit"]["demo"] == "true"
    assert rows["demo-waste-toolkit"]["type_name"] == "Toolkit"
    fleet = rows["electric-refuse-fleet"]
    assert fleet["service_area_names"] == "Waste and recycling; Climate and environment"


def test_downloads_refuse_bad_filters(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/exchange/resources.csv", {"evidence": "rumour"}).status_code == 400
    assert client.get("/exchange/resources.json", {"sort": "random"}).status_code == 400


def test_the_atom_feed_lists_new_resources(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/exchange/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [entry.findtext("atom:title", namespaces=namespace) for entry in tree.findall("atom:entry", namespace)]
    assert set(titles) == {page.title for page in pages.values()}


def test_a_resource_has_a_readable_stable_url(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    page = pages["food"]
    assert page.url == "/exchange/food-waste-collections/"
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Food waste collections" in html
    assert "£340,000" in html and "Per year" in html and "Expected" in html
    assert "mailto:elaine@example.org" in html
    assert "Similar resources" in html and pages["fleet"].slug in html


def test_wagtail_urls_redirect_to_the_stable_url(client: Client, pages) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/pages/exchange/food-waste-collections/")
    assert response.status_code == 302
    assert response["Location"] == "/exchange/food-waste-collections/"
    assert client.get("/pages/exchange/")["Location"] == "/exchange/"


def test_a_resource_past_its_review_date_says_it_may_be_out_of_date(client: Client, exchange) -> None:  # type: ignore[no-untyped-def]
    old = make_resource("Old advice", review_date=datetime.date(2020, 1, 1))
    assert "This may be out of date" in client.get(old.url).content.decode()
    current = make_resource("Current advice", review_date=datetime.date(2999, 1, 1))
    assert "This may be out of date" not in client.get(current.url).content.decode()


def test_demo_resources_say_so(client: Client, exchange) -> None:  # type: ignore[no-untyped-def]
    page = make_resource("Demo thing", is_demo=True)
    assert "Demo content." in client.get(page.url).content.decode()


def test_a_draft_is_not_found_by_the_public(client: Client, exchange) -> None:  # type: ignore[no-untyped-def]
    draft = make_resource("Secret draft", publish=False)
    assert client.get(f"/exchange/{draft.slug}/").status_code == 404
    assert client.get("/exchange/nothing-here/").status_code == 404


def test_a_published_resource_page_is_rendered_once_until_the_library_changes(  # type: ignore[no-untyped-def]
    client: Client, pages, django_assert_max_num_queries
) -> None:
    from tiex.library import services

    page = pages["food"]
    first = client.get(page.url)
    assert first.status_code == 200
    with django_assert_max_num_queries(2):  # the library's state and the session-free page shell
        again = client.get(page.url)
    assert again.content.decode().count("Food waste collections") == first.content.decode().count(
        "Food waste collections"
    )
    data = services.ResourceData(title="Food waste rounds", summary=page.summary)
    services.resource_update(actor=None, page=page, data=data, publish=True)
    assert "Food waste rounds" in client.get(page.url).content.decode()


def test_a_draft_is_never_kept_for_others(client: Client, exchange) -> None:  # type: ignore[no-untyped-def]
    from tiex.library.tests.factories import editor

    draft = make_resource("Secret plan", publish=False)
    client.force_login(editor())
    assert client.get(f"/exchange/{draft.slug}/").status_code == 200
    client.logout()
    assert client.get(f"/exchange/{draft.slug}/").status_code == 404


def test_the_search_page_is_rendered_once_until_the_library_changes(  # type: ignore[no-untyped-def]
    client: Client, pages, django_assert_max_num_queries
) -> None:
    from tiex.accounts.tests.factories import UserFactory

    first = client.get("/exchange/", {"q": "waste"}).content.decode()
    with django_assert_max_num_queries(1):  # the library's state
        again = client.get("/exchange/", {"q": "waste"}).content.decode()
    assert _result_slugs(again) == _result_slugs(first)
    make_resource("Waste amnesty days")
    assert "waste-amnesty-days" in _result_slugs(client.get("/exchange/", {"q": "waste"}).content.decode())
    # What depends on the visitor is not kept with the results.
    assert "Your submissions" not in again
    client.force_login(UserFactory())
    assert "Your submissions" in client.get("/exchange/", {"q": "waste"}).content.decode()


def test_the_feed_sends_summaries_as_text_never_as_html(client: Client, exchange) -> None:  # type: ignore[no-untyped-def]
    payload = "<img src=x onerror=alert(1)>"
    make_resource("A submitted case study", summary=payload)
    response = client.get("/exchange/feed/")
    body = response.content.decode()
    assert payload not in body  # never markup a reader would render
    assert 'type="html"' not in body
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    summary = tree.find("atom:entry/atom:summary", namespace)
    assert summary is not None
    assert summary.get("type") == "text"
    assert summary.text == payload  # the words as written, escaped in the XML


def test_the_feed_marks_demo_content_as_demo(client: Client, exchange) -> None:  # type: ignore[no-untyped-def]
    demo = make_resource("Shared legal service", summary="Two councils share one legal team.")
    type(demo).objects.filter(pk=demo.pk).update(is_demo=True)
    make_resource("Real case study", summary="What a council did.")
    tree = ElementTree.fromstring(client.get("/exchange/feed/").content)  # noqa: S314 - our own feed
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entries = {
        entry.findtext("atom:title", namespaces=namespace): entry.findtext("atom:summary", namespaces=namespace)
        for entry in tree.findall("atom:entry", namespace)
    }
    assert "Demo: Shared legal service" in entries
    assert "not a real council's work" in entries["Demo: Shared legal service"]
    assert entries["Real case study"] == "What a council did."
