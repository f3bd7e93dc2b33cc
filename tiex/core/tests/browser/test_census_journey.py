"""The councillors' census in a real browser, from the front door: a council's super-user signs in, finds
the census from the home page and issues response links; a councillor opens one (signed out, JavaScript
off), sends the questionnaire with a question missed (the errors, nothing lost), then sends it; the link
then refuses a second use. The public reads the published results and the trends. axe-core passes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tiex.core.tests.browser.conftest import (
    SUPER_USER_EMAIL,
    BrowserSession,
    describe_violations,
    run_axe,
    run_axe_without_javascript,
    sign_in,
)

ANSWERS = {
    "age": "45-54",
    "gender": "female",
    "ethnicity": "white",
    "disability": "no",
    "party": "lab",
    "service": "1-4",
    "stand-again": "undecided",
}


@pytest.mark.browser
def test_a_super_user_issues_links_and_a_councillor_answers(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None], django_user_model: object
) -> None:
    from tiex.core.tests.browser.conftest import get_super_user

    seed("census")
    get_super_user(django_user_model)
    issuer = open_browser()
    page = issuer.page
    page.goto(issuer.url("/"))
    sign_in(issuer, SUPER_USER_EMAIL)
    page.goto(issuer.url("/"))
    page.get_by_role("link", name="Councillors' census").click()
    page.get_by_role("link", name="Send census links to Testshire's councillors").click()
    assert page.locator("h1").inner_text() == "Census links for Testshire"
    page.get_by_label("How many links?").fill("2")
    page.get_by_role("button", name="Issue links").click()
    # The click returns once the next page starts loading: wait for its links before reading them.
    expect(page.locator("#census-links code")).to_have_count(2)
    links = page.locator("#census-links code").all_inner_texts()
    assert len(links) == 2 and all("/census/respond/" in link for link in links)
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    councillor = open_browser(javascript=False)
    answer = councillor.page
    answer.goto(links[0])
    assert answer.locator("h1").inner_text() == "Councillors' census 2026"
    violations = run_axe_without_javascript(answer, axe_source)
    assert not violations, describe_violations(violations)
    for name, value in ANSWERS.items():
        answer.check(f"input[name='{name}'][value='{value}']")
    answer.check("input[name='positions'][value='cabinet']")
    answer.check("input[name='motivations'][value='serve-community']")
    answer.get_by_role("button", name="Send my answers").click()  # hours and resources left out
    summary = answer.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select all that apply")
    assert "Enter in a typical week, how many hours" in summary.inner_text()
    assert "Select all that apply" in summary.inner_text()
    assert answer.locator("input[name='party'][value='lab']").is_checked()  # nothing lost
    assert answer.locator("input[name='positions'][value='cabinet']").is_checked()
    violations = run_axe_without_javascript(answer, axe_source)
    assert not violations, describe_violations(violations)
    answer.get_by_role("link", name="Enter in a typical week, how many hours").click()
    answer.locator("input[name='hours']").fill("18")
    answer.check("input[name='resources'][value='training']")
    answer.get_by_role("button", name="Send my answers").click()
    expect(answer.locator("h1")).to_have_text("Your answers are in")
    answer.goto(links[0])
    assert answer.locator("h1").inner_text() == "This census link cannot be used"

    page.reload()  # the super-user's page now counts one link used (never whose)
    used = page.locator(".govuk-summary-list__row", has_text="Links used").locator("dd")
    assert used.inner_text() == "1"


@pytest.mark.browser
def test_the_public_reads_results_and_trends_without_javascript(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    seed("census")
    session = open_browser(javascript=False)
    page = session.page
    page.goto(session.url("/census/"))
    page.get_by_role("link", name="The 2025 census").click()
    expect(page.locator("h1")).to_have_text("Councillors' census 2025")
    assert "Hours a week on council business" in page.locator("main").inner_text()
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)
    page.goto(session.url("/census/history/"))
    assert "2004-2010" in page.locator("main").inner_text()
    violations = run_axe_without_javascript(page, axe_source)
    assert not violations, describe_violations(violations)
