"""django-allauth's pages that people meet, in tiex's words (GOV.UK style), not the library's."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import PASSWORD, UserFactory, association, give_totp, member_of

pytestmark = pytest.mark.django_db

# What the library's defaults say, never seen on a tiex page.
LIBRARY_WORDING = (
    "Confirm Access",
    "Please reauthenticate",
    "Request Code",
    "Recipient",
    "New Password",
    "Current Password",
    "be too similar to your other personal information",
    "Your password must contain at least",
    "Incorrect code.",
    "Email Addresses",
    "Make Primary",
    "Re-send Verification",
    "signup",
    "Account Inactive",
)


def _html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert 'class="govuk-template' in html and "govuk-heading-l" in html
    for words in LIBRARY_WORDING:
        assert words not in html, words
    return html


def _signed_in(email: str = "pat@example.org") -> Client:
    UserFactory(email=email)
    client = Client()
    client.post("/account/login/", {"login": email, "password": PASSWORD})
    return client


def test_making_new_recovery_codes_asks_for_the_password_in_plain_words() -> None:
    client = Client()
    client.force_login(UserFactory())  # no sign-in in this session: it must ask again
    response = client.get("/account/2fa/recovery-codes/generate/")
    assert response["Location"].startswith("/account/reauthenticate/")
    html = _html(client.get(response["Location"]))
    assert "Enter your password again" in html and "Your password" in html
    response = client.post(response["Location"], {"password": "wrong"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Confirm Access" not in html


def test_the_two_factor_re_check_page_speaks_plainly() -> None:
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    client = Client()
    client.force_login(editor)
    html = _html(client.get("/account/2fa/reauthenticate/"))
    assert "Enter the code from your authenticator app" in html


def test_changing_the_password_uses_our_labels_and_rule() -> None:
    client = _signed_in()
    html = _html(client.get("/account/password/change/"))
    assert "Current password" in html and "New password" in html and "Type the new password again" in html
    assert "At least 12 characters" in html


def test_the_reset_link_page_uses_our_labels_and_rule(client: Client) -> None:
    UserFactory(email="pat@example.org")
    client.post("/account/password/reset/", {"email": "pat@example.org"})
    link = re.search(r"https?://\S+(/account/password/reset/key/\S+)", mail.outbox[0].body)
    assert link
    response = client.get(link.group(1), follow=True)
    html = _html(response)
    assert "New password" in html and "Type the new password again" in html and "At least 12 characters" in html


def test_a_wrong_two_factor_code_says_what_to_do() -> None:
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    client = Client()
    client.post("/account/login/", {"login": editor.email, "password": PASSWORD})
    response = client.post("/account/2fa/authenticate/", {"code": "000000"})
    html = response.content.decode()
    assert "Incorrect code." not in html
    assert "enter the 6-digit code your authenticator app shows now" in html


def test_the_email_page_shows_the_address_and_how_to_change_it() -> None:
    client = _signed_in("pat@example.org")
    html = _html(client.get("/account/email/"))
    assert "Your e-mail address" in html and "pat@example.org" in html
    assert "Make Primary" not in html and "Remove" not in html


def test_the_confirm_email_pages_do_not_talk_of_signing_up(client: Client) -> None:
    html = _html(client.get("/account/confirm-email/"))
    assert "Check your e-mail" in html
    html = _html(client.get("/account/confirm-email/not-a-key/"))
    assert "The link is not valid" in html


def test_the_inactive_account_page(client: Client) -> None:
    html = _html(client.get("/account/inactive/"))
    assert "Your account is switched off" in html
