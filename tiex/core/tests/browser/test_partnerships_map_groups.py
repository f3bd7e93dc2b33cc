"""The Shared Services Map's targets and regions, in Chromium, by keyboard.

Many partnerships close together, framed with one far away: at the map's zoom their markers
would overlap, so they share one group marker that shows their number (WCAG 2.2 SC 2.5.8:
every target at least 24 by 24 px, none overlapping another; axe's target-size rule passes
unfiltered). Enter on the group zooms in and keeps the focus on the map; at the closest
zoom a group still together lists its partnerships in the panel. The "Choose a
region" control on the map lists the regions as links: by keyboard, a region's link has a
visible focus and opens the same address the filter form gives (?region=...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe
from tiex.core.tests.browser.test_partnerships_map import serve_geojson_until_the_download_exists

pytestmark = pytest.mark.browser

CLOSE_TOGETHER = 30


def seed() -> None:
    from tiex.councils.selectors import page_cache
    from tiex.councils.tests.factories import CouncilFactory, square
    from tiex.partnerships.tests.factories import PartnershipFactory

    page_cache().clear()
    town = CouncilFactory(name="Clusterham", boundary=square(0.4, 51.8, 0.4), latitude=52.0, longitude=0.6)
    for number in range(CLOSE_TOGETHER):
        neighbour = CouncilFactory(
            name=f"Clusterham Parish {number}", latitude=52.0 + number * 0.0005, longitude=0.6 + number * 0.0005
        )
        PartnershipFactory(name=f"Clusterham partnership {number:02d}", councils=[town, neighbour])
    far = CouncilFactory(
        name="Farfell", region="North West", boundary=square(-3.2, 54.3, 0.4), latitude=54.5, longitude=-3.0
    )
    PartnershipFactory(name="Farfell shared legal", councils=[far])


def targets(page: Any) -> list[dict[str, float]]:
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('[data-ssm-id], [data-ssm-group]')].map((target) => {
                 const box = target.getBoundingClientRect();
                 return {left: box.left, top: box.top, right: box.right, bottom: box.bottom,
                         width: box.width, height: box.height};
               })"""
        )
    )


def overlapping(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], start=i + 1)
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]


def focused_label(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''"))


def open_map(open_browser: Callable[..., BrowserSession], path: str = "/shared-services/") -> BrowserSession:
    session = open_browser()
    serve_geojson_until_the_download_exists(session)
    session.page.goto(session.url(path))
    drawn = f"[data-ssm-map][data-ssm-drawn='{CLOSE_TOGETHER + 1}'][data-ssm-boundaries='true']"
    session.page.locator(drawn).wait_for()
    return session


def test_close_partnerships_share_one_target_that_zooms_in_by_keyboard(
    open_browser: Callable[..., BrowserSession], axe_source: str, transactional_db: Any
) -> None:
    seed()
    session = open_map(open_browser)
    page = session.page

    group = page.locator("[data-ssm-group]")
    assert group.count() == 1
    label = group.get_attribute("aria-label") or ""
    assert re.fullmatch(rf"{CLOSE_TOGETHER} partnerships near Clusterham; zoom in", label), label
    assert group.inner_text() == str(CLOSE_TOGETHER)
    assert page.get_by_role("button", name="Farfell shared legal: show its councils and savings").count() == 1
    boxes = targets(page)
    assert len(boxes) == 2
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes), boxes
    assert not overlapping(boxes)
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    # Keyboard: Tab to the group, Enter zooms in; the focus stays on the map, on the target that
    # now shows the first of the group's partnerships.
    page.locator(".leaflet-container").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused_label(page) == label:
            break
    else:
        pytest.fail(f"Tab never reached the group {label!r}")
    before = page.evaluate("() => document.querySelector('[data-ssm-group]').getBoundingClientRect().width")
    assert before >= 32
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('[data-ssm-id], [data-ssm-group]').length > 2")
    assert page.evaluate("() => Boolean(document.activeElement.closest('.leaflet-marker-pane'))")
    boxes = targets(page)
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes), boxes
    assert not overlapping(boxes)
    # Every group left lists how many partnerships it stands for; every partnership is reachable.
    shown = page.evaluate(
        """() => [...document.querySelectorAll('[data-ssm-id], [data-ssm-group]')]
             .reduce((sum, target) => sum + (target.dataset.ssmId ? 1 : Number(target.dataset.ssmGroup)), 0)"""
    )
    assert shown == CLOSE_TOGETHER + 1
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    # At the closest zoom, partnerships still too close to tell apart are listed in the panel.
    for _ in range(10):
        label = focused_label(page)
        if not label.endswith("; zoom in"):
            break
        page.keyboard.press("Enter")
    assert re.fullmatch(r"\d+ partnerships near Clusterham; list them", label), label
    page.keyboard.press("Enter")
    panel = page.locator("#ssm-map-panel")
    assert panel.get_by_role("heading", name=re.compile(r"^\d+ partnerships near Clusterham$")).is_visible()
    show = panel.get_by_role("button", name="Show Clusterham partnership 00 on map")
    show.focus()
    page.keyboard.press("Enter")
    assert panel.get_by_role("heading", name="Clusterham partnership 00").is_visible()
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    # Back on the map, on the target that shows the group's first partnership at this zoom.
    assert re.fullmatch(r"\d+ partnerships near Clusterham; (zoom in|list them)", focused_label(page))


def test_a_keyboard_user_chooses_a_region_on_the_map(
    open_browser: Callable[..., BrowserSession], axe_source: str, transactional_db: Any
) -> None:
    seed()
    session = open_map(open_browser, "/shared-services/?kind=shared_service&page=1")
    page = session.page

    # The map's controls come before its markers: Tab from the map reaches "Choose a region".
    page.locator(".leaflet-container").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent") == "Choose a region":
            break
    else:
        pytest.fail("Tab never reached 'Choose a region' on the map")
    toggle = page.get_by_role("button", name="Choose a region")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    regions = page.locator("#ssm-map-regions a")
    assert regions.all_inner_texts() == ["North West", "South East"]
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "South East"
    # A visible focus: GOV.UK's yellow focus state, and the region's areas are shaded on the map.
    focus_background = page.evaluate("() => getComputedStyle(document.activeElement).backgroundColor")
    assert focus_background == "rgb(255, 221, 0)", focus_background
    assert page.locator(".leaflet-container path[fill='#d2e2f1']").count() == 1

    with page.expect_navigation():
        page.keyboard.press("Enter")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"kind": ["shared_service"], "region": ["South East"]}  # the page number dropped
    assert page.locator("#filter-region").input_value() == "South East"
    assert page.locator("#filter-kind").input_value() == "shared_service"
    page.locator("[data-ssm-map][data-ssm-boundaries='true']").wait_for()
    current = page.locator("#ssm-map-regions a[aria-current='true']")
    assert current.count() == 1 and current.inner_text() == "South East"
    assert page.locator("#ssm-map-regions a", has_text="All regions").count() == 1
