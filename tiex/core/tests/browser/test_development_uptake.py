"""Councillor development uptake in a real browser, without JavaScript: the published page shows
the regional map and table with the small count suppressed, staff see the exact figures, and
axe-core passes on both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe_without_javascript


def _region_cells(page: Any, region: str) -> list[str]:
    table = page.locator("#uptake-region-caption").locator("xpath=..")
    return table.locator("tr", has=page.locator(f"th:text-is('{region}')")).locator("td").all_inner_texts()


@pytest.mark.browser
def test_regional_uptake_published_and_for_staff(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    from django.test import Client

    from tiex.councils.selectors import page_cache

    page_cache().clear()  # the map's boundaries are cached under the import version
    seed("development-uptake")
    Client().get("/councillor-development/uptake/published/")  # build the map's cached boundaries
    session = open_browser(javascript=False)
    page = session.page
    page.goto(session.url("/councillor-development/uptake/published/"))

    assert page.locator("h1").inner_text() == "Councillor development: uptake"
    assert page.locator("section[aria-labelledby='uptake-map-heading'] svg path").count() >= 3
    # North East: 2 bookings, "fewer than 5"; the South East's 9 is withheld with it.
    assert _region_cells(page, "North East")[:3] == ["fewer than 5", "0", "60"]
    assert _region_cells(page, "South East")[0] == "withheld"
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)

    staff = open_browser(javascript=False, role="editor")
    staff.page.goto(staff.url("/councillor-development/uptake/"))
    assert _region_cells(staff.page, "North East")[:4] == ["2", "0", "60", "33.3"]
    assert _region_cells(staff.page, "South East")[:4] == ["9", "3", "40", "225.0"]
    violations = run_axe_without_javascript(staff.page, axe_source)
    assert not violations, describe_violations(violations)
