"""Every e-mail the accounts send: tiex's own wording, and links to the address people use.

With TIEX_BASE_URL unset, an e-mail sent while answering a request links to the host and
port that request came to (`make run PORT=8101` gives links to port 8101); one sent outside
a request links to settings.BASE_URL (which `tiex serve` sets to where it serves); with
TIEX_BASE_URL set, that address wins everywhere.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from tiex.accounts import services
from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import CouncilOrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

SERVED = "127.0.0.1:8101"


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST=SERVED)
    if user is not None:
        client.force_login(user)
    return client


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def _assert_ours(message: mail.EmailMessage) -> None:
    """Our voice, not the library's: no "Hello from example.com!", no "[site] " subject prefix."""
    assert "Hello from" not in message.body and "Thank you for using" not in message.body
    assert "example.com" not in message.body
    assert not message.subject.startswith("[")
    assert "tiex" in message.subject
    assert message.body.startswith("Hello")


def test_an_invitation_sent_from_the_members_page_links_to_the_served_address() -> None:
    organisation = CouncilOrganisationFactory(name="Borsetshire")
    inviter = member_of(organisation, Role.SUPER_USER, full_name="Sam Super")
    response = _client(inviter).post(
        f"/account/organisations/{organisation.slug}/members/", {"email": "new@example.org", "role": Role.MEMBER}
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Your invitation to Borsetshire on tiex"
    assert "Sam Super" in message.body and "to be a member of Borsetshire on tiex" in message.body
    link, home = _links(message.body)
    assert re.fullmatch(rf"http://{re.escape(SERVED)}/account/invitations/[\w-]+/", link), link
    assert home == f"http://{SERVED}"


@override_settings(BASE_URL="http://127.0.0.1:8102")
def test_an_invitation_sent_outside_a_request_links_to_the_base_url() -> None:
    services.invitation_create(
        actor=None, email="new@example.org", organisation=CouncilOrganisationFactory(), role=Role.MEMBER
    )
    assert _links(mail.outbox[0].body)[0].startswith("http://127.0.0.1:8102/account/invitations/")


@override_settings(BASE_URL_FIXED=True, BASE_URL="https://tiex.example.org")
def test_a_configured_base_url_wins_over_the_request() -> None:
    organisation = CouncilOrganisationFactory()
    inviter = member_of(organisation, Role.SUPER_USER)
    _client(inviter).post(
        f"/account/organisations/{organisation.slug}/members/", {"email": "new@example.org", "role": Role.MEMBER}
    )
    assert _links(mail.outbox[0].body)[0].startswith("https://tiex.example.org/account/invitations/")
    _client().post("/account/password/reset/", {"email": inviter.email})
    assert _links(mail.outbox[1].body)[0].startswith("https://tiex.example.org/account/password/reset/key/")


def test_the_password_reset_e_mail_is_ours_and_links_to_the_served_address() -> None:
    UserFactory(email="alice@example.org")
    response = _client().post("/account/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    _assert_ours(message)
    assert message.subject == "Choose a new password for tiex"
    assert "reset the password of the tiex account for alice@example.org" in message.body
    assert "If you did not ask for this, you can ignore this e-mail" in message.body
    link, home = _links(message.body)
    assert link.startswith(f"http://{SERVED}/account/password/reset/key/"), link
    assert home == f"http://{SERVED}"


def test_a_reset_for_an_unknown_address_explains_invitations_and_never_offers_sign_up() -> None:
    client = _client()
    response = client.post("/account/password/reset/", {"email": "stranger@example.org"})
    assert response["Location"] == "/account/password/reset/done/"
    [message] = mail.outbox
    _assert_ours(message)
    assert message.subject == "Your request to reset a tiex password"
    assert "there is no tiex account with this address" in message.body
    assert "accounts are created by invitation" in message.body
    assert "super-user" in message.body and "association" in message.body
    assert "sign up" not in message.body.lower() and "/signup/" not in message.body
    assert _links(message.body) == [f"http://{SERVED}"]
    # The page after asking does not say whether the address has an account, nor offers sign-up.
    html = client.get("/account/password/reset/done/").content.decode()
    assert "If the address you entered has a tiex account, an e-mail" in html
    assert "accounts are created by invitation" in html
    assert "/account/signup/" not in html
