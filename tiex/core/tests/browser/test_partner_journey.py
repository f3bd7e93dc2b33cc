"""Finding a partner in a real browser, with JavaScript off throughout.

A member of Ipswich signs in at the front door, registers an interest in sharing legal
services (after first sending the form incomplete and reading the errors, with what they
typed kept), and lands on the interest's page, which suggests Mid Suffolk and Babergh (who
share legal services in a partnership) with the reasons. A super-user of Mid Suffolk signs
in, sees the interest under "Councils looking to share services", opens it and responds.
The Ipswich member is e-mailed with a link; following it shows the response. Each page is
checked with axe-core (WCAG 2.2 AA, zero violations).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe_without_javascript, sign_in

pytestmark = pytest.mark.browser

MEMBER_EMAIL = "sam.member@ipswich.example.org"
RESPONDER_EMAIL = "jo.super@midsuffolk.example.org"
LOOKING_FOR = "A partner to share our legal team from next April."


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    violations = run_axe_without_javascript(session.page, axe_source)
    assert not violations, f"{what} ({session.page.url}) has accessibility violations:\n" + describe_violations(
        violations
    )


def make_world() -> None:
    from tiex.accounts.roles import Role
    from tiex.accounts.tests.factories import CouncilOrganisationFactory, member_of
    from tiex.councils.tests.factories import CouncilFactory
    from tiex.partnerships.tests.factories import PartnershipFactory, ServiceCategoryFactory

    ipswich = CouncilFactory(name="Ipswich", latitude=52.0567, longitude=1.1482)
    mid = CouncilFactory(name="Mid Suffolk", latitude=52.2, longitude=1.1482)
    babergh = CouncilFactory(name="Babergh", latitude=52.0567, longitude=0.9)
    legal = ServiceCategoryFactory(label="Legal services")
    ServiceCategoryFactory(label="Waste management")
    PartnershipFactory(name="Anglia Legal", councils=[mid, babergh], categories=[legal])
    member_of(CouncilOrganisationFactory(council=ipswich), Role.MEMBER, email=MEMBER_EMAIL, full_name="Sam Member")
    member_of(CouncilOrganisationFactory(council=mid), Role.SUPER_USER, email=RESPONDER_EMAIL, full_name="Jo Super")


def test_a_member_finds_a_partner_and_another_council_responds(
    open_browser: Callable[..., BrowserSession], axe_source: str
) -> None:
    from playwright.sync_api import expect

    make_world()

    # 1. The Ipswich member signs in at the front door and registers an interest.
    member = open_browser(javascript=False)
    page = member.page
    sign_in(member, MEMBER_EMAIL)
    page.goto(member.url("/shared-services/interests/"))
    assert_accessible(member, "finding a partner, before any interest", axe_source)
    with page.expect_navigation():
        page.get_by_role("link", name="Register an interest in sharing a service").click()
    assert page.url == member.url("/shared-services/interests/new/")
    assert_accessible(member, "the interest form", axe_source)

    page.get_by_label("Which service would you like to share?").select_option(label="Legal services")
    page.get_by_label("What are you looking for?").fill(LOOKING_FOR)
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Register the interest").click()
    assert sent.value is not None and sent.value.status == 400
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary").get_by_role("link", name="Choose who can see it")).to_have_count(1)
    expect(page.get_by_label("What are you looking for?")).to_have_value(LOOKING_FOR)
    assert_accessible(member, "the interest form with errors", axe_source)

    page.get_by_label("Published: other councils signed in to tiex see it and may respond").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Register the interest").click()
    assert sent.value is not None and sent.value.status == 200
    found = re.fullmatch(re.escape(member.url("/shared-services/interests/")) + r"(\d+)/", page.url)
    assert found, f"not sent to the interest's page: {page.url}"
    interest_path = f"/shared-services/interests/{found.group(1)}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Looking to share Legal services")
    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").nth(0)).to_contain_text("Mid Suffolk")
    expect(table.locator("tbody tr").nth(0)).to_contain_text(
        "Shares legal services with Babergh in Anglia Legal; 16 km away"
    )
    expect(table.locator("tbody tr").nth(1)).to_contain_text("Babergh")
    assert_accessible(member, "the interest with suggested councils", axe_source)

    # 2. Mid Suffolk's super-user sees it among councils looking to share, and responds.
    responder = open_browser(javascript=False)
    page = responder.page
    sign_in(responder, RESPONDER_EMAIL)
    page.goto(responder.url("/shared-services/interests/"))
    listed = page.get_by_role("table").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(LOOKING_FOR)
    assert_accessible(responder, "councils looking to share services", axe_source)
    with page.expect_navigation():
        listed.get_by_role("link").click()
    assert page.url == responder.url(interest_path)
    expect(page.get_by_role("heading", name="Councils you might talk to")).to_have_count(0)
    page.get_by_label("Your message").fill("We share ours with Babergh; call Jo on 01234 567890.")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Send the response").click()
    assert sent.value is not None and sent.value.status == 200
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your response is sent to Ipswich.")
    assert_accessible(responder, "the interest after responding", axe_source)

    # 3. The e-mail reaches the Ipswich member, and its link shows the response.
    sent_mail = [message for message in mail.outbox if message.to == [MEMBER_EMAIL]]
    assert len(sent_mail) == 1
    assert sent_mail[0].subject == "Mid Suffolk replied to Ipswich's interest in sharing Legal services"
    link = re.search(r"https?://\S+", sent_mail[0].body)
    assert link is not None and link.group(0).endswith(interest_path)
    page = member.page
    page.goto(member.url(interest_path))
    expect(page.locator("#responses ~ .govuk-inset-text")).to_contain_text("call Jo on 01234 567890")
