"""The Shared Services Map's annual refresh in a real browser, from the e-mailed link.

An editor opens the 2019/20 round on the staff page; the council's super-user, with
JavaScript off, follows the link in the e-mail the test captured, signs in, lands on the
pre-filled return, updates one partnership's savings, marks another ended and submits;
the editor then sees the return submitted. axe-core checks each page landed on.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tiex.core.tests.browser.conftest import (
    MEMBER_PASSWORD,
    BrowserSession,
    describe_violations,
    run_axe,
    run_axe_without_javascript,
)

pytestmark = pytest.mark.browser

SUPER_USER = "sam.super@northshire.example.org"


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    check = run_axe if session.javascript else run_axe_without_javascript
    violations = check(session.page, axe_source)
    assert not violations, f"{what} has accessibility violations:\n" + describe_violations(violations)


def go(page: Any, action: Any) -> Any:
    with page.expect_navigation() as navigation:
        action()
    return navigation.value


def test_a_super_user_completes_the_return_from_the_e_mailed_link(
    open_browser: Any, axe_source: str, transactional_db: Any
) -> None:
    from playwright.sync_api import expect

    from tiex.accounts.roles import Role
    from tiex.accounts.services import organisation_for_council
    from tiex.accounts.tests.factories import association, give_totp, member_of
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.partnerships.models import PartnershipStatus, Savings
    from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory

    northshire = CouncilFactory(name="Northshire", region="East Midlands")
    westshire = CouncilFactory(name="Westshire", region="East Midlands")
    member_of(organisation_for_council(council=northshire), Role.SUPER_USER, email=SUPER_USER)
    editor = member_of(association(), Role.EDITOR, email="ed.editor@example.org")
    give_totp(editor)
    legal = PartnershipFactory(name="Northshire and Westshire legal", lead_council=northshire, councils=[westshire])
    SavingsFactory(partnership=legal, financial_year=2018, amount_gbp=100_000)
    waste = PartnershipFactory(name="Northshire waste partnership", lead_council=northshire, start_year=2012)
    SavingsFactory(partnership=waste, financial_year=2018, amount_gbp=50_000)

    # The editor opens the round on the staff page.
    staff = open_browser()
    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    staff.page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": staff.base_url}])
    page = staff.page
    page.goto(staff.url("/shared-services/refresh/"))
    assert_accessible(staff, "the refresh rounds page", axe_source)
    page.get_by_label("Financial year").fill("2019")
    page.get_by_label("Returns are due by").fill("2099-06-30")
    go(page, lambda: page.get_by_role("button", name="Open the round and e-mail the councils").click())
    assert page.url == staff.url("/shared-services/refresh/2019/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 councils have a return")

    # The super-user follows the e-mail's link, with JavaScript off, and signs in.
    (message,) = [m for m in mail.outbox if m.to == [SUPER_USER]]
    link = re.search(r"https?://\S+/shared-services/refresh/returns/\d+/", message.body).group(0)  # type: ignore[union-attr]
    assert link.startswith(staff.base_url), f"the e-mail links to {link}, not the site at {staff.base_url}"
    person = open_browser(javascript=False)
    page = person.page
    page.goto(link)
    assert urlsplit(page.url).path == "/account/login/"
    page.locator("main [name=login]").fill(SUPER_USER)
    page.locator("main [name=password]").fill(MEMBER_PASSWORD)
    go(page, lambda: page.locator("main form button[type=submit]").first.click())
    assert page.url == link
    expect(page.get_by_role("heading", level=1)).to_have_text("Shared services return for 2019/20")
    assert page.locator(f"[name=p{legal.pk}-amount_gbp]").input_value() == "100,000"
    assert_accessible(person, "the pre-filled return", axe_source)

    # Update one partnership's savings, mark the other ended, submit.
    page.locator(f"#p{legal.pk}").get_by_label("Update the savings for 2019/20").check()
    page.locator(f"[name=p{legal.pk}-amount_gbp]").fill("150,000")
    page.locator(f"#p{legal.pk}").get_by_label("Achieved", exact=True).check()
    page.locator(f"[name=p{legal.pk}-evidence]").select_option("audited_accounts")
    page.locator(f"#p{waste.pk}").get_by_label("It has ended").check()
    page.locator(f"[name=p{waste.pk}-end_year]").fill("2019")
    go(page, lambda: page.get_by_role("button", name="Submit the return").click())
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Northshire's return is submitted")
    assert_accessible(person, "the submitted return", axe_source)
    assert Savings.objects.get(partnership=legal, financial_year=2019).amount_gbp == 150_000
    waste.refresh_from_db()
    assert waste.status == PartnershipStatus.ENDED

    # The editor sees it submitted; Westshire is still to come.
    page = staff.page
    page.goto(staff.url("/shared-services/refresh/2019/"))
    expect(page.locator("main")).to_contain_text("1 return submitted, 0 in progress, 1 not started")
    expect(page.locator("#missing-caption").locator("xpath=ancestor::div[1]")).to_contain_text("Westshire")
    assert_accessible(staff, "the round's page", axe_source)
    for session in (staff, person):
        assert not session.problems.csp_violations, session.problems
        assert not session.problems.offsite_requests, session.problems
