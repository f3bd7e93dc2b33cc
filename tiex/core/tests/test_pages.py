from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from tiex.core.datasets import manifest
from tiex.core.services import dataset_record_import


@pytest.mark.django_db
def test_home_page_names_the_service_and_links_to_councils(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Sector-led improvement for councils \N{EN DASH} tiex</title>" in html
    assert 'href="/councils/"' in html
    assert 'class="govuk-skip-link"' in html


def test_navigation_lists_only_sections_that_exist_in_service_order(monkeypatch) -> None:
    from tiex.core import context_processors

    reversible = {"councils:directory": "/councils/", "development:index": "/councillor-development/"}
    sections = {url_name for _label, url_name in context_processors.NAVIGATION}
    real_reverse = context_processors.reverse

    def fake_reverse(name: str) -> str:
        if name not in sections:
            return real_reverse(name)
        if name not in reversible:
            raise context_processors.NoReverseMatch(name)
        return reversible[name]

    monkeypatch.setattr(context_processors, "reverse", fake_reverse)
    context_processors._shell.cache_clear()  # the shell's links are reversed once per URL configuration
    try:
        items = context_processors.navigation_items("/councils/E10000016/")
    finally:
        context_processors._shell.cache_clear()
    assert [(item["text"], item["current"]) for item in items] == [("Programmes", False), ("Councils", True)]


@pytest.mark.django_db
def test_header_marks_the_current_section(client: Client) -> None:
    html = client.get("/councils/").content.decode()
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert 'aria-current="true"' in nav
    assert "Councils" in nav


@pytest.mark.django_db
def test_pages_are_unbranded(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "govuk-crest" not in html
    assert "GDS Transport" not in html
    assert "GOV.UK" not in html


@pytest.mark.django_db
def test_data_sources_page_lists_every_dataset_with_licence_and_attribution(client: Client) -> None:
    html = client.get(reverse("core:data_sources")).content.decode()
    for spec in manifest().values():
        assert escape(spec.title) in html
        assert escape(spec.licence) in html
        assert escape(spec.attribution) in html
        assert f'id="{spec.slug}"' in html
    assert "Not imported yet" in html


@pytest.mark.django_db
def test_data_sources_page_shows_the_last_import(client: Client) -> None:
    spec = manifest()["councils"]
    dataset_record_import(spec=spec, source="councils.csv", row_count=470)
    html = client.get(reverse("core:data_sources")).content.decode()
    assert "(470 rows)" in html


@pytest.mark.django_db
def test_data_sources_page_shows_what_the_last_import_did_with_every_row(client: Client) -> None:
    spec = manifest()["councils"]
    report = {
        "rows": 1030,
        "created": 855,
        "updated": 0,
        "unchanged": 0,
        "skipped": 175,
        "notes": ["168 rows name no document; skipped.", "7 rows repeat a council's document."],
    }
    dataset_record_import(spec=spec, source="councils.csv", row_count=1030, report=report)
    html = client.get(reverse("core:data_sources")).content.decode()
    section = html.split('id="councils"', 1)[1].split("<h2", 1)[0]
    assert '<dt class="govuk-summary-list__key">Result of last import</dt>' in section
    assert "1,030 rows read: 855 created, 0 updated, 0 unchanged, 175 skipped." in section
    assert "<li>168 rows name no document; skipped.</li>" in section
    assert f"<li>{escape(report['notes'][1])}</li>" in section
    assert "(1030 rows)" not in section  # the report says it instead
    # Datasets not imported yet have no result row.
    assert html.count("Result of last import") == 1
    assert "Warnings:" not in section


@pytest.mark.django_db
def test_data_sources_page_lists_the_import_warnings_with_what_tiex_shows_instead(client: Client) -> None:
    spec = manifest()["councils"]
    report = {
        "rows": 2,
        "created": 2,
        "warnings": [
            {
                "line": 7,
                "field": "region",
                "message": "Derbyshire is given as West Midlands; its county and districts are in East Midlands",
                "action": "East Midlands",
            },
        ],
    }
    dataset_record_import(spec=spec, source="councils.csv", row_count=2, report=report)
    html = client.get(reverse("core:data_sources")).content.decode()
    section = html.split('id="councils"', 1)[1].split("<h2", 1)[0]
    assert "1 row needs a second look" in section
    assert "Warnings: 1 row corrected or shown without a value" in section
    assert "Line 7, region: Derbyshire is given as West Midlands" in section
    assert "<strong>What tiex shows:</strong> East Midlands" in section


@pytest.mark.django_db
def test_data_sources_page_costs_the_same_however_many_imports_are_recorded(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for slug, spec in manifest().items():
        dataset_record_import(
            spec=spec, source=f"{slug}.csv", row_count=2, report={"rows": 2, "created": 2, "notes": ["a note"]}
        )
    # The data version and the datasets; shown again until the next import, the data version alone.
    with django_assert_num_queries(2):
        html = client.get(reverse("core:data_sources")).content.decode()
    assert html.count("2 rows read: 2 created, 0 updated, 0 unchanged.") == len(manifest())
    with django_assert_num_queries(1):
        again = client.get(reverse("core:data_sources")).content.decode()
    assert again.split("<main", 1)[1] == html.split("<main", 1)[1]
    slug, spec = next(iter(manifest().items()))
    dataset_record_import(spec=spec, source=f"{slug}.csv", row_count=3, report={"rows": 3, "created": 3})
    assert "3 rows read: 3 created" in client.get(reverse("core:data_sources")).content.decode()


@pytest.mark.django_db
def test_accessibility_statement_exists_and_is_linked_from_the_footer(client: Client) -> None:
    home = client.get("/").content.decode()
    assert 'href="/accessibility/"' in home
    assert 'href="/data/"' in home
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_gets_a_friendly_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "govuk-template" in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_gets_a_friendly_500() -> None:
    from tiex.core import views

    response = views.error_500(Client().get("/").wsgi_request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_403_page_offers_sign_in_to_anonymous_users(rf) -> None:
    from django.contrib.auth.models import AnonymousUser

    from tiex.core import views

    request = rf.get("/private/")
    request.user = AnonymousUser()
    request.csp_nonce = "x"
    response = views.error_403(request)
    assert response.status_code == 403
    assert "Sign in" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_api_path_answers_in_json(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing/abc")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _page_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


# Words that promise what does not exist; the home page must not use them.
NOT_YET = ("coming soon",)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_link_on_the_home_page_and_in_its_header_and_footer_leads_to_a_page(
    client: Client, django_user_model, signed_in: bool
) -> None:
    if signed_in:
        client.force_login(django_user_model.objects.create_user(email="someone@example.org", password="x" * 16))
    html = client.get("/").content.decode()
    hrefs = _page_links(html)
    internal = sorted({href.split("#", 1)[0] for href in hrefs if href.startswith("/")} - {""})
    assert {
        "/exchange/",
        "/councils/",
        "/assessments/",
        "/shared-services/",
        "/peer-challenges/coverage/",
        "/councillor-development/",
        "/events/",
        "/board/performance/",
        "/data/",
        "/api/v1/docs",
        "/accessibility/",
    } <= set(internal)
    assert not [href for href in hrefs if not href.startswith(("/", "#"))], "links off the site"
    for href in internal:
        status = client.get(href).status_code
        assert status in {200, 302}, f"{href} answers {status}"
    text = html.lower()
    assert not [words for words in NOT_YET if words in text]


@pytest.mark.django_db
@override_settings(ACCESSIBILITY_CONTACT="access@council.example", ACCESSIBILITY_CHECKED_ON="2027-01-05")
def test_the_accessibility_statement_names_its_contact_and_the_date_of_the_last_check(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert '<a class="govuk-link" href="mailto:access@council.example">access@council.example</a>' in html
    assert "last checked for accessibility on 5 January 2027" in html


@pytest.mark.django_db
@override_settings(ACCESSIBILITY_CONTACT="https://council.example/accessibility-help")
def test_the_accessibility_contact_may_be_a_web_address(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert 'href="https://council.example/accessibility-help"' in html


@pytest.mark.django_db
@override_settings(ACCESSIBILITY_CONTACT="")
def test_without_a_contact_the_statement_says_so_rather_than_inventing_one(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert "has not yet published an address" in html
    assert "mailto:" not in html


@pytest.mark.django_db
def test_the_accessibility_statement_claims_only_what_the_tests_show(client: Client) -> None:
    html = client.get("/accessibility/").content.decode()
    assert "axe-core" in html and "Chromium" in html and "JavaScript switched off" in html
    assert "keyboard alone" in html
    # What the tests do not show is said, not claimed.
    assert "We have not tested tiex with screen readers" in html
    assert "listen to the site using a screen reader" not in html
    assert "We know of no failures" not in html


@pytest.mark.django_db
def test_the_home_page_links_every_section_of_the_header(client: Client) -> None:
    from django.urls import reverse

    from tiex.core import context_processors

    html = client.get("/").content.decode()
    main = html.split('id="main-content"', 1)[1]
    for label, url_name in context_processors.NAVIGATION:
        assert f'href="{reverse(url_name)}"' in main, label
