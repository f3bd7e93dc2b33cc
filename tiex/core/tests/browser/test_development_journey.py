"""Councillor development in a real browser with JavaScript off: the navigator question by question to its
results (the Leaders' Programme for a leader of two years, not for one of five), then signing in and booking
a cohort place, to the confirmation. axe-core checks every page on the way."""

from __future__ import annotations

from typing import Any

import pytest

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe_without_javascript, sign_in

EMAIL = "lee.leader@aldershire.example.org"


def checked(session: BrowserSession, axe_source: str) -> None:
    violations = run_axe_without_javascript(session.page, axe_source)
    assert not violations, f"{session.page.url} has accessibility violations:\n" + describe_violations(violations)
    assert not session.problems.csp_violations, session.problems.csp_violations
    assert not session.problems.offsite_requests, session.problems.offsite_requests


def go(page: Any, action: Any) -> None:
    with page.expect_navigation():
        action()


def answer(session: BrowserSession, axe_source: str, fill: Any) -> None:
    checked(session, axe_source)
    fill(session.page)
    go(session.page, lambda: session.page.get_by_role("button", name="Continue").click())


@pytest.mark.browser
def test_navigator_then_booking_without_javascript(open_browser: Any, axe_source: str, transactional_db: Any) -> None:
    from django.core import mail

    from tiex.accounts.roles import Role
    from tiex.accounts.services import organisation_for_council
    from tiex.accounts.tests.factories import member_of
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.development.demo import load_demo
    from tiex.development.models import Booking
    from tiex.library.tests.browser_seed import ensure_page_tree

    ensure_page_tree()  # an earlier browser test may have flushed Wagtail's page tree
    load_demo(with_bookings=False)
    council = CouncilFactory(name="Aldershire")
    member_of(organisation_for_council(council=council), Role.MEMBER, email=EMAIL, full_name="Lee Leader")

    session = open_browser(javascript=False)
    page = session.page
    page.goto(session.url("/councillor-development/"))
    checked(session, axe_source)
    go(page, lambda: page.get_by_role("button", name="Find a programme").click())
    checked(session, axe_source)
    go(page, lambda: page.get_by_role("button", name="Start now").click())

    # Continuing without an answer shows the GOV.UK error summary.
    go(page, lambda: page.get_by_role("button", name="Continue").click())
    assert "Choose your role" in page.locator(".govuk-error-summary").inner_text()
    answer(session, axe_source, lambda p: p.get_by_label("Council leader or elected mayor").check())

    def experience(p: Any) -> None:
        p.get_by_label("Years as a councillor").fill("8")
        p.get_by_label("Years in your current role").fill("2")

    answer(session, axe_source, experience)
    answer(session, axe_source, lambda p: p.get_by_label("No portfolio").check())
    answer(session, axe_source, lambda p: p.get_by_label("Leading the council and its partners").check())
    answer(session, axe_source, lambda p: p.get_by_label("Residential").check())
    answer(session, axe_source, lambda p: p.get_by_label("A week or more, including time away").check())

    assert "/councillor-development/navigator/results/?" in page.url and "years_in_role=2" in page.url
    checked(session, axe_source)
    fits = page.locator("main ol").first
    assert fits.locator("h2").first.inner_text() == "Leaders' Programme"
    shared_result = page.url

    # Five years in post: changed from the results page, the Leaders' Programme is ruled out, with the reason.
    go(page, lambda: page.get_by_role("link", name="Change experience").click())
    page.get_by_label("Years in your current role").fill("5")
    go(page, lambda: page.get_by_role("button", name="Continue").click())
    assert "years_in_role=5" in page.url
    assert "Leaders' Programme" not in page.locator("main ol").first.inner_text()
    excluded = page.locator("#not-for-you + ul").inner_text()
    assert "Leaders' Programme" in excluded and "you have been in yours for 5 years" in excluded
    checked(session, axe_source)

    # Signed in, from the shared result to a place on the Leadership Academy.
    sign_in(session, EMAIL)
    page.goto(shared_result)
    go(page, lambda: page.get_by_role("link", name="Leadership Academy").first.click())
    checked(session, axe_source)
    go(page, lambda: page.get_by_role("link", name="Book a place on Autumn cohort").click())
    checked(session, axe_source)
    assert page.get_by_label("Council leader or elected mayor").is_checked()  # carried from the navigator
    page.get_by_label("Years as a councillor").fill("8")
    page.get_by_label("List me as an alumnus on my council's profile when I complete the programme").check()
    go(page, lambda: page.get_by_role("button", name="Book the place").click())
    assert page.locator(".govuk-panel__title").inner_text() == "Your place is confirmed"
    checked(session, axe_source)
    booking = Booking.objects.get(user__email=EMAIL)
    assert booking.status == "confirmed" and booking.alumni_consent and booking.council == council
    assert any(m.subject == "Your place is confirmed: Leadership Academy" for m in mail.outbox)
