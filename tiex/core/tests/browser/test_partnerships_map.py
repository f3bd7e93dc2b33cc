"""The Shared Services Map in a real browser, with JavaScript on and off.

With JavaScript the Leaflet map draws the partnerships over the council boundaries; a
keyboard user tabs to a partnership's marker, opens it with Enter, reads its savings to
date in the panel while its councils' areas are highlighted (a county's partnership
highlights the county's districts), and Escape closes the panel and returns focus. The
list's "Show on map" button chooses a partnership too. Without JavaScript the static SVG
map and the text alternative are there. axe-core passes both ways, with no CSP violation
and no request to another site.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

import pytest

from tiex.core.tests.browser.conftest import (
    BrowserSession,
    describe_violations,
    run_axe,
    run_axe_without_javascript,
)

pytestmark = pytest.mark.browser

HIGHLIGHT = "#4c2c92"  # map.js HIGHLIGHT.fillColor


def seed() -> dict[str, Any]:
    from tiex.councils.selectors import page_cache
    from tiex.councils.tests.factories import CouncilFactory, square
    from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory

    page_cache().clear()  # the map's council data is cached under the import version

    county = CouncilFactory(
        name="Valeshire", county_council=True, gss_code="E10009401", boundary=square(-1.0, 52.0, 0.8)
    )
    west = CouncilFactory(
        name="West Vale",
        gss_code="E07009401",
        county=county,
        boundary=square(-1.0, 52.0, 0.4),
        latitude=52.2,
        longitude=-0.8,
    )
    east = CouncilFactory(
        name="East Vale",
        gss_code="E07009402",
        county=county,
        boundary=square(-0.6, 52.0, 0.4),
        latitude=52.2,
        longitude=-0.4,
    )
    former = CouncilFactory(name="Old Vale", gss_code="E07009403", former=True, latitude=52.3, longitude=-0.5)
    former.successors.add(east)
    county.latitude, county.longitude = 52.4, -0.6
    county.save()
    revenues = PartnershipFactory(name="Vale revenues and benefits", councils=[west, east])
    SavingsFactory(partnership=revenues, financial_year=None, amount_gbp=1_200_000)
    SavingsFactory(partnership=revenues, financial_year=2018, amount_gbp=300_000)
    PartnershipFactory(name="Valeshire county procurement", kind="co_procurement", councils=[county])
    PartnershipFactory(name="Old Vale legal team", councils=[former, west], is_demo=True)
    return {"revenues": revenues}


def serve_geojson_until_the_download_exists(session: BrowserSession) -> None:
    """Until /shared-services/download.geojson is served, answer it with the same data built here."""
    from tiex.partnerships.models import Partnership
    from tiex.partnerships.tests.geojson_stub import feature_collection

    body = json.dumps(feature_collection(Partnership.objects.order_by("name"), 2018))

    def handle(route: Any) -> None:
        response = route.fetch()
        if response.status == 404:
            route.fulfill(status=200, content_type="application/geo+json", body=body)
        else:
            route.fulfill(response=response)

    session.page.route("**/shared-services/download.geojson*", handle)


def highlighted(page: Any) -> int:
    return int(page.locator(f".leaflet-overlay-pane path[fill='{HIGHLIGHT}'], path[fill='{HIGHLIGHT}']").count())


def test_the_map_draws_and_a_keyboard_user_chooses_a_partnership(
    open_browser: Callable[..., BrowserSession], axe_source: str, transactional_db: Any
) -> None:
    seed()
    session = open_browser()
    serve_geojson_until_the_download_exists(session)
    page = session.page
    page.goto(session.url("/shared-services/"))
    page.locator("[data-ssm-map][data-ssm-boundaries='true']").wait_for()
    page.locator("[data-ssm-map][data-ssm-drawn='3']").wait_for()

    # The Leaflet map replaced the static one; the text alternative stays.
    assert page.locator("[data-ssm-static]").first.is_hidden()
    assert page.locator(".tiex-ssm-map__canvas").is_visible()
    assert page.get_by_text("Map of 3 partnerships; the same partnerships are listed below.").is_visible()
    assert page.locator(".leaflet-container").get_attribute("aria-describedby") == "ssm-map-summary"
    assert page.locator(".tiex-ssm-marker").count() == 3
    assert page.locator(".leaflet-overlay-pane path, .leaflet-areas-pane path").count() == 2  # the districts

    # Keyboard only: from the map, Tab passes its controls and reaches the partnerships' markers,
    # Enter opens one.
    page.locator(".leaflet-container").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''")
        if label.startswith("Vale revenues and benefits"):
            break
    else:
        pytest.fail("Tab never reached the marker of 'Vale revenues and benefits'")
    page.keyboard.press("Enter")
    panel = page.locator("#ssm-map-panel")
    panel.wait_for()
    assert panel.get_by_role("heading", name="Vale revenues and benefits").is_visible()
    assert "£1,500,000" in panel.inner_text()  # savings to date: 1,200,000 earlier + 300,000 in 2018/19
    assert "West Vale" in panel.inner_text() and "East Vale" in panel.inner_text()
    # The download gives full addresses (on this site): the partnership's own page.
    href = panel.get_by_role("link", name="View Vale revenues and benefits").get_attribute("href") or ""
    assert urljoin(page.url, href) == urljoin(page.url, f"/shared-services/{seed_pk(page)}/")
    assert highlighted(page) == 2
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert highlighted(page) == 0
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''").startswith(
        "Vale revenues and benefits"
    )

    # From the list: the county's partnership highlights the county's two districts. The control's
    # text keeps its words apart ("Show Valeshire ... on map", not "ShowValeshire ..."), and it is a
    # small link-style button under the name, at least 24 px high (WCAG 2.2 target size).
    show = page.get_by_role("button", name="Show Valeshire county procurement on map", exact=True)
    assert show.text_content() == "Show Valeshire county procurement on map"
    assert show.evaluate("(element) => element.getBoundingClientRect().height") >= 24
    show.click()
    assert panel.get_by_role("heading", name="Valeshire county procurement").is_visible()
    assert highlighted(page) == 2
    page.get_by_role("button", name="Close").click()
    assert panel.is_hidden()

    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)
    assert not session.problems.csp_violations, session.problems.csp_violations
    assert not session.problems.offsite_requests, session.problems.offsite_requests


def seed_pk(page: Any) -> int:
    from tiex.partnerships.models import Partnership

    return int(Partnership.objects.get(name="Vale revenues and benefits").pk)


def test_without_javascript_the_static_map_and_its_text_alternative_are_there(
    open_browser: Callable[..., BrowserSession], axe_source: str, transactional_db: Any
) -> None:
    seed()
    session = open_browser(javascript=False)
    page = session.page
    page.goto(session.url("/shared-services/"))
    figure = page.locator("figure[data-ssm-static]")
    assert figure.is_visible()
    assert page.locator(".tiex-ssm-map__canvas").is_hidden()
    svg = figure.locator("svg[role=img]")
    assert "shaded by how many of these partnerships" in (svg.locator("title").first.text_content() or "")
    # West Vale is in all three (itself twice, and the county's); East Vale in two (itself, the
    # county's) plus the former Old Vale's, whose successor it is.
    titles = figure.locator("path > title").all_text_contents()
    assert sorted(titles) == ["East Vale: 3 partnerships", "West Vale: 3 partnerships"]
    assert page.get_by_text("Map of 3 partnerships; the same partnerships are listed below.").is_visible()
    assert "2 council areas are part of at least one of these partnerships" in figure.inner_text()
    # The key says that a county's partnerships are counted in its districts' areas.
    assert "a district's count includes every partnership of its county council" in figure.inner_text()
    title = svg.locator("title").first.text_content() or ""
    assert "county council's partnerships counting in each of its districts" in title
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)
    assert not session.problems.offsite_requests, session.problems.offsite_requests
