"""The board's performance page in a real browser: the public reads a year's summary and the meaning of
each status without JavaScript; a member of staff records a quarterly update through the GOV.UK form
(an error first, then the update) and finds it on the deliverable's history. axe-core passes throughout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tiex.core.tests.browser.conftest import (
    BrowserSession,
    describe_violations,
    run_axe,
    run_axe_without_javascript,
)


@pytest.mark.browser
def test_the_public_reads_the_years_performance(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    seed("board")
    session = open_browser(javascript=False)
    page = session.page
    page.goto(session.url("/board/performance/"))
    assert page.locator("h2#summary").inner_text() == "1 of 3 targets fully achieved"
    meanings = page.locator(".govuk-inset-text").inner_text()
    assert "means complete" in meanings and "means in progress" in meanings and "means at risk or missed" in meanings
    assert page.get_by_role("link", name="CSV").count() == 1
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)
    page.get_by_role("link", name="3. Peer challenges delivered").click()
    close = page.locator(".govuk-summary-list__row", has_text="Value at the close").locator("dd")
    assert close.inner_text().startswith("12, recorded ")
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)


@pytest.mark.browser
def test_staff_record_a_quarterly_update(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    seed("board")
    session = open_browser(role="editor")
    page = session.page
    page.goto(session.url("/board/performance/2018/2/"))
    page.get_by_role("link", name="Record the Q1 update").click()
    assert page.locator("h1").inner_text() == "2. National workforce strategy"
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    page.get_by_label("Evidence links (optional)").fill("not a link")
    page.get_by_role("button", name="Save the update").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose the status: green, amber or red" in summary.inner_text()
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    page.get_by_label("Amber: in progress").check()
    page.get_by_label("Commentary").fill("Drafting with councils; publication planned for Q4.")
    page.get_by_label("Evidence links (optional)").fill("https://www.local.gov.uk/workforce")
    page.get_by_role("button", name="Save the update").click()
    # Wait for the redirected page to load: reading the DOM as soon as the URL changes can catch a
    # document still being parsed (CI once saw it end before the success banner).
    page.wait_for_url(session.url("/board/performance/2018/2/"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The Q1 update of deliverable 2 is saved.")
    history = page.locator("main").inner_text()
    assert "Drafting with councils; publication planned for Q4." in history
    assert page.get_by_role("link", name="https://www.local.gov.uk/workforce").count() == 1
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)
