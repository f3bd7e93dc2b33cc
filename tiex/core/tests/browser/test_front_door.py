"""Journeys from the front door, in a real browser (Chromium), with axe on every page landed on.

Each journey starts where the person starts: the link in the e-mail the test captured from
django.core.mail.outbox (the live server sends e-mail to the locmem backend), or the sign-in
page. Nobody is signed in by the test except the staff who send the invitations.

(a) an admin adds a council and invites an officer; the officer opens the e-mail's link, sets
    a password, lands signed in and shares a case study; (b) an editor publishes it and it is
    found by search; (c) a super-user invites a colleague from the members page and the
    colleague accepts from the e-mail; (d) an admin's first sign-in, with two-factor set-up,
    ends on the page they first asked for; (e) a password reset from the "Forgot your password"
    link, through the e-mail's link, to signing in with the new password.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tiex.core.tests.browser.conftest import BrowserSession, describe_violations, run_axe

pytestmark = pytest.mark.browser

NEW_PASSWORD = "kestrel lantern harbour 42"
OFFICER_EMAIL = "olive.officer@leicestershire.example.org"
COLLEAGUE_EMAIL = "colin.colleague@testshire.example.org"
WORD = "Wrenfold"  # in no seeded resource: a search for it finds only the officer's case study
TITLE = f"{WORD} library self-service kiosks"


# --- Helpers ---------------------------------------------------------------------------


def assert_accessible(session: BrowserSession, what: str, axe_source: str) -> None:
    violations = run_axe(session.page, axe_source)
    assert not violations, f"{what} ({session.page.url}) has accessibility violations:\n" + describe_violations(
        violations
    )


def assert_page_was_clean(session: BrowserSession) -> None:
    assert not session.problems.csp_violations, f"the Content Security Policy was broken: {session.problems}"
    assert not session.problems.offsite_requests, f"requests left the site: {session.problems.offsite_requests}"


def e_mail_to(address: str) -> Any:
    messages = [message for message in mail.outbox if message.to == [address]]
    assert messages, f"no e-mail was sent to {address}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    return messages[-1]


def link_in(message: Any, path_prefix: str) -> str:
    """The e-mail's link to ``path_prefix``."""
    for link in re.findall(r"https?://\S+", message.body):
        if urlsplit(link).path.startswith(path_prefix):
            return str(link)
    raise AssertionError(f"no link to {path_prefix} in the e-mail:\n{message.body}")


def open_as(open_browser: Callable[..., BrowserSession], user: Any) -> BrowserSession:
    """A browser signed in as ``user`` (staff who send invitations; never the person on the journey)."""
    session = open_browser()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    session.page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": session.base_url}])
    return session


def go(page: Any, action: Callable[[], Any]) -> Any:
    """Do ``action`` (a click) and return the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        action()
    return navigation.value


def accept_invitation_as_a_new_person(
    session: BrowserSession, message: Any, name: str, organisation: str, axe_source: str
) -> None:
    """Open the invitation e-mail's link, set a password, land signed in."""
    from playwright.sync_api import expect

    page = session.page
    link = link_in(message, "/account/invitations/")
    assert link.startswith(session.base_url), f"the e-mail links to {link}, not to the site at {session.base_url}"
    response = page.goto(link)
    assert response is not None and response.status == 200
    # The token leaves the address bar at once; the form's page is an ordinary one.
    assert page.url == session.url("/account/invitations/accept/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join {organisation}")
    assert_accessible(session, "the invitation's page", axe_source)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    response = go(page, lambda: page.get_by_role("button", name="Create account and join").click())
    assert response is not None and response.status == 200, f"accepting answered {response and response.status}"
    assert page.url == session.url("/account/profile/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Welcome to tiex")
    expect(page.locator("main")).to_contain_text(organisation)
    assert_accessible(session, "the profile after accepting", axe_source)


# --- (a) + (b): an officer is invited, shares a case study; an editor publishes it ----------


def test_an_invited_officer_shares_a_case_study_and_an_editor_publishes_it(
    open_browser: Callable[..., BrowserSession], seed: Callable[[str], None], axe_source: str
) -> None:
    from playwright.sync_api import expect

    from tiex.accounts.roles import Role
    from tiex.accounts.services import organisation_get_association
    from tiex.accounts.tests.factories import give_totp, member_of
    from tiex.councils.tests.factories import CouncilFactory

    seed("exchange")
    CouncilFactory(name="Leicestershire")
    admin = member_of(organisation_get_association(), Role.ADMIN, email="ada.admin@association.example.org")
    give_totp(admin)

    # Staff add the council and invite its officer, on the pages a person uses.
    staff = open_as(open_browser, admin)
    page = staff.page
    page.goto(staff.url("/account/organisations/"))
    page.get_by_label("Council").select_option(label="Leicestershire")
    go(page, lambda: page.get_by_role("button", name="Add council").click())
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Leicestershire has been added")
    page.get_by_label("E-mail address").fill(OFFICER_EMAIL)
    page.get_by_label(re.compile(r"^Member")).check()
    go(page, lambda: page.get_by_role("button", name="Send invitation").click())
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(OFFICER_EMAIL)

    # The officer starts from the e-mail.
    officer = open_browser()
    accept_invitation_as_a_new_person(officer, e_mail_to(OFFICER_EMAIL), "Olive Officer", "Leicestershire", axe_source)

    page = officer.page
    page.goto(officer.url("/exchange/"))
    go(page, lambda: page.get_by_role("link", name="Share a case study from your council").click())
    expect(page.locator("main")).to_contain_text("Council: Leicestershire")
    assert_accessible(officer, "the case study form", axe_source)
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill("Kiosks let residents borrow and return books at any hour.")
    page.get_by_label("The case study", exact=True).fill("## What we did\nSelf-service kiosks in four branches.")
    page.get_by_label("Month", exact=True).fill("4")
    page.get_by_label("Year", exact=True).fill("2025")
    page.locator("#id_themes").get_by_label("Digital and technology", exact=True).check()
    page.locator("#id_service_areas").get_by_label("Waste and recycling", exact=True).check()
    page.locator("#id_evidence_level").get_by_label("Compared", exact=True).check()
    page.get_by_label("Contact name", exact=True).fill("Olive Officer")
    page.get_by_label("Contact e-mail address", exact=True).fill(OFFICER_EMAIL)
    page.get_by_label("I have permission to share this").check()
    response = go(page, lambda: page.get_by_role("button", name="Send for review").click())
    assert response is not None and response.status == 200
    found = re.fullmatch(re.escape(officer.url("/exchange/submissions/")) + r"(\d+)/", page.url)
    assert found, f"not sent to the submission's page: {page.url}"
    expect(page.locator(".govuk-summary-list")).to_contain_text("In review")
    assert_accessible(officer, "the submission's page", axe_source)
    received = e_mail_to(OFFICER_EMAIL)
    assert received.subject == f"We have received your case study: {TITLE}"
    assert link_in(received, "/exchange/submissions/").startswith(officer.base_url)

    # (b) An editor publishes it through the moderation workflow; then anyone finds it.
    from tiex.library import services
    from tiex.library.models import ResourcePage
    from tiex.library.tests.factories import editor

    published = services.submission_approve(
        user=editor(), page=ResourcePage.objects.get(pk=int(found.group(1))), comment="Thank you"
    )
    assert published.live
    assert e_mail_to(OFFICER_EMAIL).subject == f"Your case study is published: {TITLE}"
    visitor = open_browser()
    page = visitor.page
    page.goto(visitor.url("/exchange/"))
    page.get_by_label("Search the Exchange").fill(WORD)
    go(page, lambda: page.get_by_role("button", name="Search", exact=True).click())
    expect(page.locator("#results-count")).to_have_text("1 resource")
    go(page, lambda: page.get_by_role("link", name=TITLE, exact=True).click())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(visitor, "the published case study", axe_source)

    for session in (staff, officer, visitor):
        assert_page_was_clean(session)


# --- (c): a super-user invites a colleague from the members page --------------------------


def test_a_super_user_invites_a_colleague_who_accepts_from_the_e_mail(
    open_browser: Callable[..., BrowserSession], axe_source: str
) -> None:
    from playwright.sync_api import expect

    from tiex.core.a11y_routes import ORG_SLUG

    super_user = open_browser(role="super_user")
    page = super_user.page
    page.goto(super_user.url(f"/account/organisations/{ORG_SLUG}/members/"))
    assert_accessible(super_user, "the members page", axe_source)
    page.get_by_label("E-mail address").fill(COLLEAGUE_EMAIL)
    page.get_by_label(re.compile(r"^Member")).check()
    go(page, lambda: page.get_by_role("button", name="Send invitation").click())
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(COLLEAGUE_EMAIL)
    assert_accessible(super_user, "the members page after inviting", axe_source)

    message = e_mail_to(COLLEAGUE_EMAIL)
    assert message.subject == "Your invitation to Testshire District Council on tiex"
    colleague = open_browser()
    accept_invitation_as_a_new_person(colleague, message, "Colin Colleague", "Testshire District Council", axe_source)

    page = super_user.page
    page.reload()
    expect(page.locator("main table").first).to_contain_text(COLLEAGUE_EMAIL)
    for session in (super_user, colleague):
        assert_page_was_clean(session)


# --- (d): an admin's first sign-in, with two-factor set-up ------------------------------------

ADMIN_EMAIL = "ada.first@association.example.org"
ADMIN_PASSWORD = "first admin passphrase 7"


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (RFC 6238, via allauth's helpers)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def test_an_admins_first_sign_in_sets_up_two_factor_and_ends_where_they_were_going(
    open_browser: Callable[..., BrowserSession], axe_source: str
) -> None:
    from playwright.sync_api import expect

    from tiex.accounts.services import user_create_admin
    from tiex.library.tests.browser_seed import ensure_page_tree

    ensure_page_tree()  # the staff admin's dashboard needs Wagtail's root page (flushed by earlier tests)
    user_create_admin(email=ADMIN_EMAIL, password=ADMIN_PASSWORD)  # what `tiex createadmin` does
    session = open_browser()
    page = session.page
    page.goto(session.url("/admin/"))
    assert page.url == session.url("/account/login/?next=/admin/")
    assert_accessible(session, "the sign-in page", axe_source)
    page.locator("main [name=login]").fill(ADMIN_EMAIL)
    page.locator("main [name=password]").fill(ADMIN_PASSWORD)
    go(page, lambda: page.get_by_role("button", name="Sign in", exact=True).click())

    # Straight to the set-up: no second request for the password.
    assert page.url == session.url("/account/2fa/totp/activate/"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("region", name="Important")).to_contain_text("Your role needs two-factor authentication")
    assert_accessible(session, "the two-factor set-up page", axe_source)
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(totp_now(secret))
    go(page, lambda: page.get_by_role("button", name="Turn on two-factor authentication").click())

    assert page.url == session.url("/account/2fa/recovery-codes/"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").locator("li")).to_have_count(10)
    assert_accessible(session, "the recovery codes page", axe_source)
    response = go(page, lambda: page.get_by_role("button", name="Continue").click())
    assert response is not None and response.status == 200
    assert page.url == session.url("/admin/"), f"not back where they were going: {page.url}"
    assert_page_was_clean(session)


# --- (e): a password reset from the "forgotten password" link -----------------------------------

RESET_EMAIL = "rhys.reset@testshire.example.org"


def test_a_password_reset_from_the_sign_in_page_to_signing_in_again(
    open_browser: Callable[..., BrowserSession], axe_source: str
) -> None:
    from playwright.sync_api import expect

    from tiex.accounts.services import user_create

    user_create(email=RESET_EMAIL, password="an old forgotten passphrase", full_name="Rhys Reset")
    session = open_browser()
    page = session.page
    page.goto(session.url("/account/login/"))
    go(page, lambda: page.get_by_role("link", name="I have forgotten my password").click())
    assert_accessible(session, "the reset page", axe_source)
    page.locator("main [name=email]").fill(RESET_EMAIL)
    go(page, lambda: page.get_by_role("button", name="Send the link").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    expect(page.locator("main")).not_to_contain_text("sign up")
    assert_accessible(session, "the check-your-e-mail page", axe_source)

    message = e_mail_to(RESET_EMAIL)
    assert message.subject == "Choose a new password for tiex"
    link = link_in(message, "/account/password/reset/key/")
    assert link.startswith(session.base_url), f"the e-mail links to {link}, not to the site at {session.base_url}"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("password")
    assert_accessible(session, "the choose-a-new-password page", axe_source)
    page.locator("main [name=password1]").fill(NEW_PASSWORD)
    page.locator("main [name=password2]").fill(NEW_PASSWORD)
    go(page, lambda: page.get_by_role("button", name="Change password").click())
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_accessible(session, "the password-changed page", axe_source)

    go(page, lambda: page.get_by_role("link", name="Sign in with your new password").click())
    page.locator("main [name=login]").fill(RESET_EMAIL)
    page.locator("main [name=password]").fill(NEW_PASSWORD)
    go(page, lambda: page.get_by_role("button", name="Sign in", exact=True).click())
    assert page.url == session.url("/account/profile/")
    expect(page.locator("main")).to_contain_text(RESET_EMAIL)
    assert_accessible(session, "the profile after signing in", axe_source)
    assert_page_was_clean(session)
