"""The Exchange's contribution journey in a real browser, with JavaScript off throughout.

A member of one council signs in, shares a case study through the public form (after
first sending it empty and reading the errors), and sees it in review. While it is a
draft, a member of another council gets "Page not found" at its address, and nobody
finds it by searching. An editor then publishes it (in-process, through the same
service the editors' workflow uses; the Wagtail admin needs MFA and is tested
elsewhere). After that anyone finds it by search, a theme filter narrows the results
to it, its page opens at its readable address, and the member sees it as published.
Each page of the form's journey is checked with axe-core (WCAG 2.2 AA, zero violations).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils.text import slugify

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe_without_javascript, sign_in

pytestmark = pytest.mark.browser

WORD = "Kestrelgate"  # in no seeded resource: a search for it finds only this case study
TITLE = f"{WORD} bulky waste bookings online"
SLUG = slugify(TITLE)
SUMMARY = "Residents book bulky waste collections online; missed collections fell by a third."
BODY = "## What we did\nAn online booking form replaced phone calls.\n\n- Built with residents\n- Live in 8 weeks"
THEME = "Digital and technology"
SERVICE_AREA = "Waste and recycling"
SUBMITTER_EMAIL = "alex.submitter@leicestershire.example.org"
OUTSIDER_EMAIL = "robin.outsider@rutland.example.org"


# --- Helpers ---------------------------------------------------------------------------


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    violations = run_axe_without_javascript(session.page, axe_source)
    assert not violations, f"{what} ({session.page.url}) has accessibility violations:\n" + describe_violations(
        violations
    )


def assert_page_was_clean(session: BrowserSession) -> None:
    assert not session.problems.csp_violations, f"the Content Security Policy was broken: {session.problems}"
    assert not session.problems.offsite_requests, f"requests left the site: {session.problems.offsite_requests}"


def search_results(page: Any) -> list[str]:
    """The titles listed as search results (the headings of the result list)."""
    return [text.strip() for text in page.locator("main ul[aria-labelledby=results-count] h3").all_inner_texts()]


def results_count(page: Any) -> str:
    return page.locator("#results-count").inner_text().strip()


def submission_row(page: Any) -> Any:
    """The row of "Your submissions" for this case study."""
    return page.locator("main table tbody tr").filter(has=page.get_by_role("link", name=TITLE, exact=True))


def assert_not_found_by_search(session: BrowserSession) -> None:
    page = session.page
    response = page.goto(session.url(f"/exchange/?q={WORD}"))
    assert response is not None and response.status == 200
    assert results_count(page) == "0 resources"
    assert page.locator(f"main a[href='/exchange/{SLUG}/']").count() == 0
    assert TITLE not in page.locator("main").inner_text()


# --- Data ------------------------------------------------------------------------------


def make_people() -> tuple[Any, Any]:
    """A member of Leicestershire (who submits) and a member of Rutland (who must not see the draft)."""
    from tiex.library.tests.factories import CouncilFactory, council_member

    submitter = council_member(CouncilFactory(name="Leicestershire"), email=SUBMITTER_EMAIL, full_name="Alex Submitter")
    outsider = council_member(CouncilFactory(name="Rutland"), email=OUTSIDER_EMAIL, full_name="Robin Outsider")
    return submitter, outsider


def editor_publishes(pk: int) -> Any:
    """An editor approves the submission through the moderation workflow, which publishes it."""
    from tiex.library import services
    from tiex.library.models import ResourcePage
    from tiex.library.tests.factories import editor

    page = services.submission_approve(user=editor(), page=ResourcePage.objects.get(pk=pk), comment="Thank you")
    assert page.live
    return page


# --- The journey -----------------------------------------------------------------------


def test_a_council_member_shares_a_case_study_and_it_is_published(
    open_browser: Callable[..., BrowserSession],
    seed: Callable[[str], None],
    axe_source: str,
) -> None:
    from playwright.sync_api import expect  # after the chromium fixture has checked Playwright is installed

    seed("exchange")  # the page tree, themes and service areas, and three published resources
    make_people()

    # 1. A member of Leicestershire signs in and shares a case study.
    submitter = open_browser(javascript=False)
    page = submitter.page
    sign_in(submitter, SUBMITTER_EMAIL)
    page.goto(submitter.url("/exchange/"))
    with page.expect_navigation():
        page.get_by_role("link", name="Share a case study from your council").click()
    assert page.url == submitter.url("/exchange/submit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Share a case study")
    expect(page.locator("main")).to_contain_text("Council: Leicestershire")
    assert_accessible(submitter, "the case study form", axe_source)

    # Sent empty, the form says what is missing, and keeps to the GOV.UK error pattern.
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Send for review").click()
    assert sent.value is not None and sent.value.status == 400
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    for message in ("Enter a title", "Enter a summary", "Describe what you did", "Enter the year"):
        expect(summary.get_by_role("link", name=message)).to_have_count(1)
    expect(page.locator("#id_title-error")).to_contain_text("Enter a title")
    assert_accessible(submitter, "the case study form with errors", axe_source)

    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("The case study", exact=True).fill(BODY)
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill("2025")
    page.locator("#id_themes").get_by_label(THEME, exact=True).check()
    page.locator("#id_service_areas").get_by_label(SERVICE_AREA, exact=True).check()
    page.locator("#id_evidence_level").get_by_label("Compared", exact=True).check()
    page.get_by_label("Contact name", exact=True).fill("Alex Submitter")
    page.get_by_label("Contact e-mail address", exact=True).fill(SUBMITTER_EMAIL)
    page.get_by_label("I have permission to share this").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Send for review").click()
    assert sent.value is not None and sent.value.status == 200

    # The confirmation: the submission's own page, in review.
    found = re.fullmatch(re.escape(submitter.url("/exchange/submissions/")) + r"(\d+)/", page.url)
    assert found, f"not sent to the submission's page: {page.url}"
    pk = int(found.group(1))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your case study has been sent to the editors for review"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".govuk-summary-list")).to_contain_text("In review")
    expect(page.get_by_role("heading", name="What we did")).to_have_count(1)  # "## " became a heading
    expect(page.locator("main")).to_contain_text("Evidence: Compared")
    assert_accessible(submitter, "the submission's confirmation page", axe_source)

    with page.expect_navigation():
        page.get_by_role("link", name="Your submissions").click()
    assert page.url == submitter.url("/exchange/submissions/")
    expect(submission_row(page)).to_have_count(1)
    expect(submission_row(page).locator(".govuk-tag")).to_have_text("In review")
    assert_accessible(submitter, "your submissions, one in review", axe_source)
    assert [m.subject for m in mail.outbox if m.to == [SUBMITTER_EMAIL]] == [
        f"We have received your case study: {TITLE}"
    ]

    # 2. While it is a draft, another council's member cannot open it, and nobody finds it.
    outsider = open_browser(javascript=False)
    sign_in(outsider, OUTSIDER_EMAIL)
    for path in (f"/exchange/{SLUG}/", f"/exchange/submissions/{pk}/"):
        response = outsider.page.goto(outsider.url(path))
        assert response is not None and response.status == 404, f"{path} answered {response and response.status}"
        expect(outsider.page.get_by_role("heading", level=1)).to_have_text("Page not found")
        assert TITLE not in outsider.page.content()
    outsider.page.goto(outsider.url("/exchange/submissions/"))
    expect(outsider.page.locator("main")).to_contain_text("You have not sent any case studies yet.")
    expect(outsider.page.locator("main")).not_to_contain_text(TITLE)
    anonymous = open_browser(javascript=False)
    for session in (anonymous, outsider, submitter):
        assert_not_found_by_search(session)

    # 3. An editor publishes it.
    published = editor_publishes(pk)
    assert published.slug == SLUG
    assert [m.subject for m in mail.outbox if m.to == [SUBMITTER_EMAIL]][-1] == (
        f"Your case study is published: {TITLE}"
    )

    # 4. Anyone finds it; a theme filter narrows the results to it; it opens at its readable address.
    page = anonymous.page
    page.goto(anonymous.url(f"/exchange/?q={WORD}"))
    assert results_count(page) == "1 resource"
    assert search_results(page) == [TITLE]

    page.goto(anonymous.url("/exchange/"))
    page.get_by_label("Search the Exchange").fill("waste")
    with page.expect_navigation():
        page.get_by_role("button", name="Search", exact=True).click()
    everything_about_waste = search_results(page)
    assert TITLE in everything_about_waste and len(everything_about_waste) > 1, everything_about_waste
    assert results_count(page) == f"{len(everything_about_waste)} resources"
    # Without JavaScript the filters start collapsed: open the theme's.
    page.locator("details", has=page.locator("#filter-theme")).locator("summary").click()
    theme = page.locator("#filter-theme").get_by_label(re.compile(rf"^{re.escape(THEME)}\b"))
    expect(theme).to_have_count(1)
    assert re.search(r"\(1\)$", theme.evaluate("(input) => input.labels[0].textContent.trim()")), (
        "the theme's count should say one resource matches"
    )
    theme.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "q=waste" in page.url and "theme=digital-and-technology" in page.url, page.url
    assert results_count(page) == "1 resource"
    assert search_results(page) == [TITLE]
    expect(page.locator("main ul[aria-label='Search and filters applied']")).to_contain_text(f"Theme: {THEME}")
    assert_accessible(anonymous, "a search narrowed by a theme", axe_source)

    with page.expect_navigation() as opened:
        page.get_by_role("link", name=TITLE, exact=True).click()
    assert opened.value is not None and opened.value.status == 200
    assert page.url == anonymous.url(f"/exchange/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    for text in (SUMMARY, "Leicestershire", THEME, SERVICE_AREA):
        expect(page.locator("main")).to_contain_text(text)
    expect(page.locator("main")).not_to_contain_text("This is not published")

    # The member sees it as published, with a link to it in the Exchange.
    page = submitter.page
    page.goto(submitter.url("/exchange/submissions/"))
    expect(submission_row(page).locator(".govuk-tag")).to_have_text("Published")
    assert_accessible(submitter, "your submissions, one published", axe_source)
    with page.expect_navigation():
        submission_row(page).get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Published")
    with page.expect_navigation():
        page.get_by_role("link", name="See it in the Exchange").click()
    assert page.url == submitter.url(f"/exchange/{SLUG}/")

    for session in (submitter, outsider, anonymous):
        assert_page_was_clean(session)


def test_axe_finds_problems_with_javascript_off(open_browser: Callable[..., BrowserSession], axe_source: str) -> None:
    """The journey's accessibility check itself: with scripts off it still runs, and still finds faults."""
    session = open_browser(javascript=False)
    page = session.page
    page.set_content('<html><body><main><img src="data:,"><a href="#"></a></main></body></html>')
    found = {violation["id"] for violation in run_axe_without_javascript(page, axe_source)}
    assert {"html-has-lang", "image-alt", "link-name"} <= found
    assert page.evaluate("() => window.setTimeout.name") == "setTimeout", "the page's timers were not put back"
