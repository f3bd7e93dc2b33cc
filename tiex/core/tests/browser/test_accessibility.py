"""Every page listed in tiex/core/a11y_routes.py, checked in Chromium with axe-core.

WCAG 2.0, 2.1 and 2.2 A and AA rules; zero violations allowed. Each page must also make
no request off the site and break no Content Security Policy rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tiex.core import a11y_routes
from tiex.core.a11y_routes import Visit
from tiex.core.tests.browser.conftest import SEED_FUNCTIONS, BrowserSession, describe_violations, run_axe

VISITS = a11y_routes.visits()


def test_every_seed_named_in_the_route_map_exists() -> None:
    assert set(SEED_FUNCTIONS) == set(a11y_routes.SEEDS)


def _submit_form(page: Any, fields: tuple[tuple[str, str], ...]) -> None:
    """Fill the named fields of the main form and submit it, bypassing browser-side validation."""
    form = page.locator("main form").filter(has=page.locator(f"[name='{fields[0][0]}']")).first
    for name, value in fields:
        form.locator(f"[name='{name}']").fill(value)
    form.evaluate("(f) => { f.noValidate = true; }")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit], button:not([type])").first.click()


def _wait_for_the_map(page: Any) -> None:
    """On a page with the Shared Services Map, let map.js draw the partnerships and the boundaries
    first, so axe checks the markers and the map's controls too (target size included)."""
    if page.locator("[data-ssm-map]").count():
        page.locator("[data-ssm-map][data-ssm-boundaries='true']").wait_for()


@pytest.mark.browser
@pytest.mark.parametrize(("key", "visit"), VISITS, ids=[visit.label for _, visit in VISITS])
def test_page_meets_wcag_aa(
    key: str,
    visit: Visit,
    open_browser: Callable[..., BrowserSession],
    seed: Callable[[str], None],
    axe_source: str,
) -> None:
    seed(visit.seed)
    session = open_browser(role=visit.role)
    page = session.page
    response = page.goto(session.url(visit.path))
    assert response is not None and response.status < 500, f"{visit.path} answered {response and response.status}"
    if visit.submit:
        _submit_form(page, visit.submit)
        assert page.locator(".govuk-error-summary, .govuk-error-message").count() > 0, (
            f"{visit.label}: submitting {dict(visit.submit)} showed no GOV.UK error summary or error message"
        )

    _wait_for_the_map(page)
    violations = run_axe(page, axe_source)

    assert not violations, f"{visit.label} ({key}) has accessibility violations:\n" + describe_violations(violations)
    assert not session.problems.csp_violations, f"{visit.label} broke the CSP: {session.problems.csp_violations}"
    assert not session.problems.offsite_requests, f"{visit.label} requested {session.problems.offsite_requests}"


@pytest.mark.browser
def test_the_checks_catch_what_they_look_for(open_browser: Callable[..., BrowserSession], axe_source: str) -> None:
    """The harness itself: axe reports violations, CSP breaches and off-site requests are seen."""
    session = open_browser()
    page = session.page
    page.goto(session.url("/"))
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline style</p>')")
    assert any("style" in message for message in session.problems.csp_violations), session.problems.csp_violations

    page.goto("about:blank")
    outcome = page.evaluate("fetch('https://example.org/tracker.js').then(() => 'loaded', () => 'blocked')")
    assert outcome == "blocked"
    assert session.problems.offsite_requests == ["https://example.org/tracker.js"]

    page.set_content('<html><body><main><img src="data:,"><a href="#"></a></main></body></html>')
    found = {violation["id"] for violation in run_axe(page, axe_source)}
    assert {"html-has-lang", "image-alt", "link-name"} <= found
