from __future__ import annotations

import re

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from tiex.accounts import services
from tiex.accounts.adapters import SocialAccountAdapter
from tiex.accounts.models import Invitation, Membership, Organisation, User
from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import (
    PASSWORD,
    CouncilFactory,
    CouncilOrganisationFactory,
    UserFactory,
    association,
    give_totp,
    member_of,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"

ENTRA = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "entra",
                "name": "Microsoft Entra ID",
                "client_id": "client-id",
                "secret": "secret",
                "settings": {
                    "server_url": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
                    "verified_email": ["example.org"],
                    "email_authentication": True,
                },
            }
        ],
        "OAUTH_PKCE_ENABLED": True,
    }
}


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _assert_govuk_page(html: str) -> None:
    assert 'class="govuk-template' in html
    assert "style=" not in html
    assert "<script>" not in html  # inline scripts need the CSP nonce


def _token_from_outbox() -> str:
    match = re.search(r"/account/invitations/([^/\s]+)/", mail.outbox[-1].body)
    assert match
    return match.group(1)


# --- Sign-in and the allauth pages ----------------------------------------------------------


def test_the_sign_in_page_uses_govuk_form_components(client: Client) -> None:
    html = _html(client.get("/account/login/"))
    _assert_govuk_page(html)
    assert '<label class="govuk-label" for="id_login">' in html
    assert 'class="govuk-input"' in html
    assert 'class="govuk-button"' in html
    assert "placeholder" not in html
    assert "sign up" not in html.lower()
    assert "Sign in with" not in html  # no OIDC provider configured


def test_a_failed_sign_in_shows_an_error_summary(client: Client) -> None:
    UserFactory(email="alice@example.org")
    response = client.post("/account/login/", {"login": "alice@example.org", "password": "wrong"})
    html = _html(response)
    assert "<title>Error: Sign in" in html
    assert "govuk-error-summary" in html
    assert "not correct" in html


def test_a_blank_sign_in_marks_each_field(client: Client) -> None:
    html = _html(client.post("/account/login/", {"login": "", "password": ""}))
    assert html.count("govuk-error-message") == 2
    assert 'href="#id_login"' in html
    assert "govuk-input--error" in html


def test_signing_in_and_out(client: Client) -> None:
    UserFactory(email="alice@example.org")
    response = client.post("/account/login/", {"login": "Alice@Example.org", "password": PASSWORD})
    assert response["Location"] == "/account/profile/"
    html = _html(client.get("/account/logout/"))
    _assert_govuk_page(html)
    assert "Are you sure you want to sign out" in html
    client.post("/account/logout/")
    assert client.get("/account/profile/")["Location"].startswith("/account/login/")


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_the_oidc_button_appears_when_a_provider_is_configured(client: Client) -> None:
    html = _html(client.get("/account/login/?next=/councils/"))
    assert "Sign in with Microsoft Entra ID" in html
    assert 'action="/account/oidc/entra/login/?process=login&amp;next=%2Fcouncils%2F"' in html


def test_there_is_no_open_sign_up(client: Client) -> None:
    html = _html(client.get("/account/signup/"))
    assert "Accounts are by invitation" in html
    client.post("/account/signup/", {"email": "x@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not User.objects.exists()


def test_password_reset_by_e_mail(client: Client) -> None:
    UserFactory(email="alice@example.org")
    html = _html(client.get("/account/password/reset/"))
    _assert_govuk_page(html)
    response = client.post("/account/password/reset/", {"email": "alice@example.org"})
    assert response["Location"] == "/account/password/reset/done/"
    assert "Check your e-mail" in _html(client.get(response["Location"]))
    link = re.search(r"http://\S+/account/password/reset/key/\S+", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    response = client.get(link.split("testserver", 1)[-1], follow=True)
    assert "Choose a new password" in _html(response)
    response = client.post(
        response.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password has been changed" in _html(response)
    assert User.objects.get(email="alice@example.org").check_password(NEW_PASSWORD)


def test_a_bad_reset_link_says_so(client: Client) -> None:
    html = _html(client.get("/account/password/reset/key/1-not-a-key/", follow=True))
    assert "The link has expired" in html


def test_password_change_shows_errors_the_govuk_way(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    _assert_govuk_page(_html(client.get("/account/password/change/")))
    html = _html(client.post("/account/password/change/", {"oldpassword": "wrong", "password1": "x", "password2": "y"}))
    assert "<title>Error: Change your password" in html
    assert "govuk-error-summary" in html
    response = client.post(
        "/account/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("path", ["/account/2fa/", "/account/reauthenticate/", "/account/email/", "/account/3rdparty/"])
def test_other_allauth_pages_render_inside_the_govuk_shell(client: Client, path: str) -> None:
    client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    html = _html(response)
    _assert_govuk_page(html)
    assert 'class="govuk-heading-l"' in html


def test_nobody_adds_a_second_e_mail_address(client: Client) -> None:
    user = UserFactory(email="alice@example.org")
    services.user_update_profile(user=user, full_name="Alice")
    from tiex.accounts.services import _record_verified_address

    _record_verified_address(user)
    client.force_login(user)
    for action in ("action_add", "action_remove", "action_primary", "action_send"):
        response = client.post("/account/email/", {action: "", "email": "mallory@example.org"})
        assert response.status_code == 405, action
    from allauth.account.models import EmailAddress

    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["alice@example.org"]


# --- Profile -------------------------------------------------------------------------------


def test_the_profile_shows_address_memberships_and_links(client: Client) -> None:
    org = CouncilOrganisationFactory(name="Borsetshire")
    user = member_of(org, Role.SUPER_USER, email="sam@example.org")
    client.force_login(user)
    html = _html(client.get("/account/profile/"))
    _assert_govuk_page(html)
    assert "sam@example.org" in html
    assert "Borsetshire" in html and "Super-user" in html
    assert f'href="/account/organisations/{org.slug}/members/"' in html
    assert 'href="/account/password/change/"' in html
    assert 'href="/account/2fa/totp/activate/"' in html


def test_plain_members_see_no_manage_link(client: Client) -> None:
    org = CouncilOrganisationFactory()
    client.force_login(member_of(org))
    assert "/members/" not in _html(client.get("/account/profile/"))


def test_the_name_can_be_changed(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post("/account/profile/", {"full_name": "  Nia Jones "})
    assert response["Location"] == "/account/profile/"
    user.refresh_from_db()
    assert user.full_name == "Nia Jones"
    assert "Your name has been saved" in _html(client.get("/account/profile/"))


def test_the_profile_needs_a_signed_in_person(client: Client) -> None:
    assert client.get("/account/profile/")["Location"] == "/account/login/?next=/account/profile/"


# --- Members pages ----------------------------------------------------------------------------


@pytest.fixture
def council_org():  # type: ignore[no-untyped-def]
    return CouncilOrganisationFactory(name="Borsetshire")


def test_only_those_allowed_see_the_members_page(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    url = f"/account/organisations/{council_org.slug}/members/"
    client.force_login(member_of(council_org))
    assert client.get(url).status_code == 403
    client.force_login(member_of(CouncilOrganisationFactory(), Role.SUPER_USER))
    assert client.get(url).status_code == 403
    client.force_login(member_of(council_org, Role.SUPER_USER))
    assert client.get(url).status_code == 200
    assert client.get("/account/organisations/no-such-thing/members/").status_code == 404


def test_a_super_user_invites_a_colleague(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    boss = member_of(council_org, Role.SUPER_USER)
    colleague = member_of(council_org, email="colleague@example.org")
    client.force_login(boss)
    url = f"/account/organisations/{council_org.slug}/members/"
    html = _html(client.get(url))
    _assert_govuk_page(html)
    assert "colleague@example.org" in html
    assert 'class="govuk-radios__input"' in html
    assert "Editor" not in html  # only council roles on offer
    response = client.post(url, {"email": "new@example.org", "role": Role.MEMBER})
    assert response["Location"] == url
    assert mail.outbox[0].to == ["new@example.org"]
    html = _html(client.get(url))
    assert "An invitation has been sent to new@example.org" in html
    assert "Withdraw" in html
    assert colleague.email in html


def test_the_invite_form_shows_errors(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_of(council_org, Role.SUPER_USER))
    url = f"/account/organisations/{council_org.slug}/members/"
    response = client.post(url, {"email": "not an address", "role": ""})
    assert response.status_code == 400
    html = _html(response)
    assert "<title>Error: Members of Borsetshire" in html
    assert "govuk-error-summary" in html
    assert 'href="#id_email"' in html and 'href="#id_role"' in html
    response = client.post(url, {"email": "x@example.org", "role": Role.ADMIN})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_changing_a_role_and_removing_a_member(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_of(council_org, Role.SUPER_USER))
    colleague = member_of(council_org)
    membership = colleague.memberships.get()
    base = f"/account/organisations/{council_org.slug}/members/{membership.pk}"
    _assert_govuk_page(_html(client.get(f"{base}/role/")))
    assert client.post(f"{base}/role/", {"role": Role.SUPER_USER}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.SUPER_USER
    assert "Remove" in _html(client.get(f"{base}/remove/"))
    assert client.post(f"{base}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_members_of_another_council_cannot_be_changed_through_this_one(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_of(council_org, Role.SUPER_USER))
    other = member_of(CouncilOrganisationFactory()).memberships.get()
    assert client.post(f"/account/organisations/{council_org.slug}/members/{other.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_withdrawing_an_invitation(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_of(council_org, Role.SUPER_USER))
    invitation = services.invitation_create(actor=None, email="x@example.org", organisation=council_org, role="member")
    url = f"/account/organisations/{council_org.slug}/invitations/{invitation.pk}/revoke/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_admins_add_a_council_and_manage_the_association(client: Client) -> None:
    admin = member_of(association(), Role.ADMIN)
    give_totp(admin)
    client.force_login(admin)
    council = CouncilFactory()
    html = _html(client.get("/account/organisations/"))
    assert council.name in html
    assert association().name in html
    response = client.post("/account/organisations/", {"council": str(council.pk)})
    organisation = Organisation.objects.get(council=council)
    assert response["Location"] == f"/account/organisations/{organisation.slug}/members/"
    html = _html(client.get(f"/account/organisations/{association().slug}/members/"))
    assert "Editor" in html and "Admin" in html


def test_super_users_cannot_add_organisations(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(member_of(council_org, Role.SUPER_USER))
    assert client.get("/account/organisations/").status_code == 200
    assert client.post("/account/organisations/", {"council": "1"}).status_code == 403
    client.force_login(member_of(council_org))
    assert client.get("/account/organisations/").status_code == 403


# --- Accepting an invitation ----------------------------------------------------------------


ACCEPT_URL = "/account/invitations/accept/"


def test_a_new_person_accepts_by_choosing_a_password(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    services.invitation_create(actor=None, email="new@example.org", organisation=council_org, role=Role.MEMBER)
    token = _token_from_outbox()
    response = client.get(f"/account/invitations/{token}/")
    # The link with the token is checked, kept in the session and left at once, never referred on.
    assert response.status_code == 302 and response["Location"] == ACCEPT_URL
    assert response["Referrer-Policy"] == "no-referrer"
    response = client.get(ACCEPT_URL)
    # The form's page keeps the ordinary policy, so browsers send a real Origin with the form.
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    html = _html(response)
    _assert_govuk_page(html)
    assert "Join Borsetshire" in html and token not in html
    assert f'action="{ACCEPT_URL}"' in html
    response = client.post(ACCEPT_URL, {"full_name": "Nia", "password1": "short", "password2": "short"})
    assert response.status_code == 400
    assert "govuk-error-summary" in _html(response)
    response = client.post(ACCEPT_URL, {"full_name": "Nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == "/account/profile/"
    html = _html(client.get("/account/profile/"))
    assert "new@example.org" in html and "Borsetshire" in html
    # Used once: the session no longer holds it.
    assert client.get(ACCEPT_URL).status_code == 404


def test_the_invitation_says_a_member_and_an_editor(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    services.invitation_create(actor=None, email="new@example.org", organisation=council_org, role=Role.SUPER_USER)
    assert "to be a super-user of Borsetshire on tiex" in mail.outbox[-1].body
    client.get(f"/account/invitations/{_token_from_outbox()}/")
    html = _html(client.get(ACCEPT_URL))
    assert "to be a super-user of Borsetshire." in html
    client.post(ACCEPT_URL, {"full_name": "Nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert "You are now a super-user of Borsetshire." in _html(client.get("/account/profile/"))
    services.invitation_create(actor=None, email="ed@example.org", organisation=association(), role=Role.EDITOR)
    assert "to be an editor of " in mail.outbox[-1].body
    services.invitation_create(actor=None, email="ad@example.org", organisation=association(), role=Role.ADMIN)
    assert "to be an admin of " in mail.outbox[-1].body


def test_accepting_passes_the_csrf_origin_check_a_browser_makes(council_org) -> None:  # type: ignore[no-untyped-def]
    """Chromium sends Origin: null from a page with Referrer-Policy: no-referrer; ours sends its own origin."""
    client = Client(enforce_csrf_checks=True)
    services.invitation_create(actor=None, email="new@example.org", organisation=council_org, role=Role.MEMBER)
    client.get(f"/account/invitations/{_token_from_outbox()}/")
    page = client.get(ACCEPT_URL)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _html(page))
    assert csrf
    data = {"csrfmiddlewaretoken": csrf.group(1), "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(ACCEPT_URL, data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"] == "/account/profile/"


def test_a_refused_form_gets_a_page_with_a_way_on(council_org) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"login": "a@example.org", "password": "x"}, HTTP_ORIGIN="null")
    assert response.status_code == 403
    html = _html(response)
    _assert_govuk_page(html)
    assert "Your session may have expired" in html
    assert "Go back, reload the page and try again" in html
    assert 'href="/account/login/"' in html and 'href="/"' in html


def test_a_known_person_is_asked_to_sign_in_then_accepts(client: Client, council_org) -> None:  # type: ignore[no-untyped-def]
    person = UserFactory(email="known@example.org")
    services.invitation_create(actor=None, email="known@example.org", organisation=council_org, role=Role.MEMBER)
    link = f"/account/invitations/{_token_from_outbox()}/"
    someone_else = Client()
    someone_else.force_login(UserFactory())
    someone_else.get(link)
    assert someone_else.get(ACCEPT_URL).status_code == 403
    assert client.get(link)["Location"] == ACCEPT_URL
    html = _html(client.get(ACCEPT_URL))
    assert "Sign in to accept" in html and f"?next={ACCEPT_URL}" in html
    client.post("/account/login/", {"login": "known@example.org", "password": PASSWORD})
    assert "Accept the invitation" in _html(client.get(ACCEPT_URL))  # the invitation outlived signing in
    assert client.post(ACCEPT_URL)["Location"] == "/account/profile/"
    assert person.memberships.get().organisation == council_org


def test_an_unknown_invitation_link_is_a_friendly_404(client: Client) -> None:
    response = client.get("/account/invitations/not-a-token/")
    assert response.status_code == 404
    assert "This invitation cannot be used" in _html(response)
    response = client.get(ACCEPT_URL)
    assert response.status_code == 404
    assert "Open the link in your invitation e-mail" in _html(response)


def test_an_invited_editor_is_sent_to_set_up_mfa(client: Client) -> None:
    services.invitation_create(actor=None, email="ed@example.org", organisation=association(), role=Role.EDITOR)
    client.get(f"/account/invitations/{_token_from_outbox()}/")
    client.post(ACCEPT_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.get("/account/profile/")["Location"] == "/account/2fa/totp/activate/"
    # They chose a password a moment ago: the set-up does not ask for it again.
    assert client.get("/account/2fa/totp/activate/").status_code == 200


# --- OpenID Connect: who gets in -------------------------------------------------------------


def _sociallogin(email: str, verified: bool = True) -> SocialLogin:
    from allauth.account.models import EmailAddress

    account = SocialAccount(provider="entra", uid="sub-123", extra_data={"id_token": {"email": email}})
    user = User(email=email)
    return SocialLogin(account=account, user=user, email_addresses=[EmailAddress(email=email, verified=verified)])


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/account/oidc/entra/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)  # type: ignore[arg-type,return-value]
    request.user = AnonymousUser()
    return request


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_oidc_strangers_are_turned_away() -> None:
    adapter = SocialAccountAdapter()
    with pytest.raises(ImmediateHttpResponse) as caught:
        adapter.pre_social_login(_request(), _sociallogin("stranger@example.org"))
    assert caught.value.response.status_code == 403
    assert "You need an invitation" in caught.value.response.content.decode()
    assert not adapter.is_open_for_signup(_request(), _sociallogin("stranger@example.org"))


@override_settings(SOCIALACCOUNT_PROVIDERS=ENTRA)
def test_oidc_sign_up_only_with_an_invitation_to_a_verified_address(council_org) -> None:  # type: ignore[no-untyped-def]
    services.invitation_create(actor=None, email="invited@example.org", organisation=council_org, role=Role.MEMBER)
    adapter = SocialAccountAdapter()
    assert not adapter.is_open_for_signup(_request(), _sociallogin("invited@example.org", verified=False))
    sociallogin = _sociallogin("invited@example.org")
    adapter.pre_social_login(_request(), sociallogin)  # no exception: let through
    assert adapter.is_open_for_signup(_request(), sociallogin)
    assert adapter.is_auto_signup_allowed(_request(), sociallogin)
    user = adapter.save_user(_request(), sociallogin)
    assert user.memberships.get().organisation == council_org
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    ("server_url", "problem"),
    [
        ("", "tiex.accounts.E001"),
        ("https://login.microsoftonline.com/common/v2.0", "tiex.accounts.W001"),
        ("https://login.microsoftonline.com/organizations/v2.0/", "tiex.accounts.W001"),
        (ENTRA["openid_connect"]["APPS"][0]["settings"]["server_url"], None),  # type: ignore[index]
    ],
)
def test_the_oidc_settings_are_checked(server_url: str, problem: str | None) -> None:
    from tiex.accounts.checks import check_oidc

    app = {**ENTRA["openid_connect"]["APPS"][0], "settings": {"server_url": server_url}}  # type: ignore[index]
    with override_settings(SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": [app]}}):
        assert [message.id for message in check_oidc()] == ([problem] if problem else [])
