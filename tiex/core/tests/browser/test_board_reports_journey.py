"""The board's reports in a real browser: a member of staff drafts a chair's report for 2018/19 from live
data, edits a paragraph and publishes it; the public opens it from the list without JavaScript, with
every figure linking to its page. axe-core passes throughout."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tiex.core.tests.browser.conftest import (
    BrowserSession,
    describe_violations,
    run_axe,
    run_axe_without_javascript,
)

TITLE = "Chair's report to the board, May 2019"
OWN_WORDS = "The chair thanks the councils that took part."


@pytest.mark.browser
def test_staff_draft_edit_and_publish_a_chairs_report_and_the_public_reads_it(
    open_browser: Callable[..., BrowserSession], axe_source: str, seed: Callable[[str], None]
) -> None:
    seed("board")
    session = open_browser(role="editor")
    page = session.page
    page.goto(session.url("/board/reports/"))
    page.get_by_role("link", name="Draft a report").click()
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    with page.expect_navigation():
        page.get_by_role("button", name="Draft the report").click()
    assert (
        "Choose the chair's report or the monitoring and performance report"
        in page.locator(".govuk-error-summary").inner_text()
    )
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    page.get_by_label("Chair's report").check()
    page.get_by_label("Financial year").select_option("2018")
    page.get_by_label("Title (optional)").fill(TITLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Draft the report").click()
    assert page.locator("h1").inner_text() == TITLE
    assert "The report is being drafted" in page.content()
    main = page.locator("main")
    # The tests' task backend drafts at once: the draft is there, its figures cited with links.
    assert "1 of 3 targets" in main.inner_text()
    assert page.locator("a.govuk-link[href='/board/performance/?year=2018']").first.inner_text() == "1"
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)

    page.get_by_role("link", name="Edit the report").click()
    text = page.get_by_label("Text of section 1")
    text.fill(OWN_WORDS + "\n\n" + text.input_value())
    violations = run_axe(page, axe_source)
    assert not violations, describe_violations(violations)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the report").click()
    assert "The report is saved." in page.content() and OWN_WORDS in main.inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Publish the report").click()
    assert "The report is published." in page.content()
    assert page.get_by_role("link", name="Edit the report").count() == 0
    report_url = page.url

    public = open_browser(javascript=False).page
    public.goto(session.url("/board/reports/"))
    public.get_by_role("link", name=TITLE).click()
    assert public.url == report_url
    body = public.locator("main").inner_text()
    assert OWN_WORDS in body and "Published" in body and "Figures' fingerprint" in body
    assert public.get_by_role("button", name="Publish the report").count() == 0
    violations = run_axe_without_javascript(public, axe_source)
    assert not violations, describe_violations(violations)


@pytest.mark.browser
def test_a_report_prints_on_a4_without_the_site_chrome_or_the_staff_buttons(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None]
) -> None:
    from tiex.board.tests.browser_seed import DRAFT_REPORT_PK
    from tiex.core.tests.browser.test_report_print import A4_POINTS, pdf_pages

    seed("board")
    session = open_browser(role="editor", javascript=False)
    page = session.page
    page.goto(session.url(f"/board/reports/{DRAFT_REPORT_PK}/"))
    assert page.get_by_role("button", name="Publish the report").is_visible()
    page.emulate_media(media="print")
    for chrome in (".govuk-service-navigation", ".govuk-footer", ".govuk-breadcrumbs", ".tiex-no-print"):
        assert page.locator(chrome).count() >= 1, f"{chrome} is not on the page at all"
        assert not page.locator(chrome).first.is_visible(), f"{chrome} shows in print"
    assert not page.get_by_role("button", name="Publish the report").is_visible()
    text = page.locator("main").inner_text()
    for expected in ("Monitoring and performance report: 2018/19", "Performance against the targets", "The figures"):
        assert expected in text, f"{expected!r} is missing from the printed report"
    pages = pdf_pages(page.pdf(format="A4", prefer_css_page_size=True))
    assert 1 <= len(pages) <= 6, f"{len(pages)} pages"
    for width, height in pages:
        assert (round(width), round(height)) == A4_POINTS
