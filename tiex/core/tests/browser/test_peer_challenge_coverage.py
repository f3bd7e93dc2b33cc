"""Peer challenge coverage in a real browser, without JavaScript: a keyboard user chooses a region
and the target list with the filter form and applies them; the page's address carries the choice
(shareable), the table and the target list change, and axe-core passes before and after, with no
CSP violation and no request to another site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe_without_javascript


def _rows(page: Any) -> list[str]:
    return page.locator("#coverage-caption").locator("xpath=..").locator("tbody th").all_inner_texts()


@pytest.mark.browser
def test_a_keyboard_user_filters_coverage_to_the_target_list(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    from tiex.councils.selectors import page_cache

    page_cache().clear()  # the map's boundaries are cached under the import version
    seed("peer-challenges-coverage")
    from django.test import Client

    Client().get("/peer-challenges/coverage/")  # build the map's cached boundaries before the browser asks
    session = open_browser(javascript=False)
    page = session.page
    page.goto(session.url("/peer-challenges/coverage/"))
    assert _rows(page) == ["Coverham", "Financeford", "Mapwich", "Peerbury", "Tablehampton"]
    assert page.locator("svg.tiex-coverage-map path").count() >= 4
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)

    # The keyboard only: focus the region filter, choose with the arrow keys, tab on, submit.
    page.locator("#filter-region").focus()
    for _ in range(3):
        if page.locator("#filter-region").input_value() == "South East":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("#filter-region").input_value() == "South East"
    page.locator("#filter-show").focus()
    while page.locator("#filter-show").input_value() != "target":
        page.keyboard.press("ArrowDown")
    for _ in range(6):  # Tab past the two year fields to the button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Apply filters":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "region=South+East" in page.url and "show=target" in page.url
    assert _rows(page) == ["Coverham"]  # changed control in 2024 and never had a corporate peer challenge
    assert "Filters applied" in (page.locator("[aria-label='Filters applied']").get_attribute("aria-label") or "")
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)

    # The address is the state: opening it again gives the same table.
    again = open_browser(javascript=False).page
    again.goto(page.url)
    assert _rows(again) == ["Coverham"]
    assert not session.problems.offsite_requests and not session.problems.csp_violations
