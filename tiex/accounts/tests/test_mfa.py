"""Two-factor authentication is required for editors and admins, and the staff admin is theirs alone."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import (
    PASSWORD,
    CouncilOrganisationFactory,
    UserFactory,
    association,
    give_totp,
    member_of,
)

pytestmark = pytest.mark.django_db

ACTIVATE = "/account/2fa/totp/activate/"


@pytest.fixture
def editor() -> object:
    return member_of(association(), Role.EDITOR)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_editors_and_admins_without_totp_are_sent_to_set_it_up(client: Client, role: str) -> None:
    client.force_login(member_of(association(), role))
    for path in ("/account/profile/", "/", "/councils/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ACTIVATE


def test_django_superusers_without_membership_need_totp_too(client: Client) -> None:
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/account/profile/")["Location"] == ACTIVATE


@pytest.mark.parametrize(
    "path", ["/account/logout/", "/account/2fa/", "/account/reauthenticate/", "/healthz", "/static/tiex/favicon.svg"]
)
def test_sign_out_mfa_pages_static_and_health_stay_open(client: Client, editor: object, path: str) -> None:
    client.force_login(editor)
    response = client.get(path)
    response.close()  # static files are streamed from an open file
    assert response.status_code in (200, 404), path  # static may be unbuilt; it must not redirect
    assert response.get("Location") != ACTIVATE


def test_posts_are_redirected_too(client: Client, editor: object) -> None:
    client.force_login(editor)
    response = client.post("/account/profile/", {"full_name": "X"})
    assert response["Location"] == ACTIVATE


def test_council_members_are_not_asked_for_totp(client: Client) -> None:
    client.force_login(member_of(CouncilOrganisationFactory(), Role.SUPER_USER))
    assert client.get("/account/profile/").status_code == 200


def test_an_editor_with_totp_passes(client: Client, editor: object) -> None:
    give_totp(editor)  # type: ignore[arg-type]
    client.force_login(editor)
    assert client.get("/account/profile/").status_code == 200


def test_setting_up_totp_end_to_end(client: Client, editor: object) -> None:
    client.force_login(editor)
    response = client.get("/account/profile/", follow=True)
    # The set-up page first asks for the password again (allauth's re-authentication).
    assert response.redirect_chain[0] == (ACTIVATE, 302)
    html = response.content.decode()
    assert "Your role needs two-factor authentication" in html
    if response.request["PATH_INFO"] == "/account/reauthenticate/":
        assert 'class="govuk-input' in html
        response = client.post(f"/account/reauthenticate/?next={ACTIVATE}", {"password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.request["PATH_INFO"] == ACTIVATE
    assert 'class="govuk-heading-l"' in html
    assert 'class="govuk-input' in html
    assert 'class="govuk-button"' in html
    assert "style=" not in html
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(ACTIVATE, {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()  # type: ignore[misc]
    assert client.get("/account/profile/").status_code == 200


def test_an_admins_first_sign_in_sets_up_totp_without_a_second_password_and_continues(client: Client) -> None:
    admin = member_of(association(), Role.ADMIN)
    response = client.get("/admin/pages/")
    assert response["Location"] == "/account/login/?next=/admin/pages/"
    response = client.post("/account/login/?next=/admin/pages/", {"login": admin.email, "password": PASSWORD})
    assert response["Location"] == "/admin/pages/"
    response = client.get("/admin/pages/")
    assert response["Location"] == ACTIVATE
    response = client.get(ACTIVATE)
    assert response.status_code == 200, "asked for the password again straight after signing in"
    html = response.content.decode()
    assert "Set up two-factor authentication" in html and "Activate Authenticator App" not in html
    assert 'class="govuk-button"' in html and "Turn on two-factor authentication" in html
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in html  # shown for those who cannot scan the QR code
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(ACTIVATE, {"code": code})
    assert response["Location"] == "/account/2fa/recovery-codes/"
    html = client.get("/account/2fa/recovery-codes/").content.decode()
    assert "Your recovery codes" in html
    assert re.search(r'<a href="/admin/pages/" role="button"[^>]*class="govuk-button"[^>]*>Continue</a>', html), html
    assert client.get("/admin/pages/").status_code == 200
    # The overview and the other MFA pages speak GOV.UK, not the library's defaults.
    html = client.get("/account/2fa/").content.decode()
    assert '<h1 class="govuk-heading-l">Two-factor authentication</h1>' in html
    assert "govuk-summary-list" in html and "10 of 10 unused" in html and "Two-Factor" not in html
    # Once set up, changing or removing it asks for the password again, as allauth does.
    assert client.get("/account/2fa/totp/deactivate/")["Location"].startswith("/account/reauthenticate/")
    client.post("/account/reauthenticate/", {"password": PASSWORD})
    html = client.get("/account/2fa/recovery-codes/generate/").content.decode()
    assert "Make new recovery codes" in html and "govuk-button--warning" in html
    html = client.get("/account/2fa/totp/deactivate/").content.decode()
    assert "Remove your authenticator app" in html and "Deactivate" not in html


@pytest.mark.django_db(transaction=True)  # allauth adds its messages when the set-up commits
def test_the_first_set_up_shows_one_accurate_banner(client: Client) -> None:
    admin = member_of(association(), Role.ADMIN)
    client.post("/account/login/", {"login": admin.email, "password": PASSWORD})
    client.get(ACTIVATE)
    code = format_hotp_value(hotp_value(client.session[SECRET_SESSION_KEY], int(time.time()) // 30))
    assert client.post(ACTIVATE, {"code": code})["Location"] == "/account/2fa/recovery-codes/"
    html = client.get("/account/2fa/recovery-codes/").content.decode()
    # There were no old codes to replace: one banner, saying what happened.
    assert html.count("govuk-notification-banner__heading") == 1, html
    assert "Two-factor authentication is set up" in html
    assert "old ones no longer work" not in html and "You have new recovery codes" not in html


def test_a_stale_session_is_still_asked_for_the_password(client: Client, editor: object) -> None:
    client.force_login(editor)  # no record of a sign-in in this session
    response = client.get(ACTIVATE)
    assert response["Location"].startswith("/account/reauthenticate/")


def test_a_wrong_code_shows_a_govuk_error(client: Client, editor: object) -> None:
    client.force_login(editor)
    client.post(f"/account/reauthenticate/?next={ACTIVATE}", {"password": PASSWORD})
    client.get(ACTIVATE)
    response = client.post(ACTIVATE, {"code": "000000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "govuk-error-message" in html
    assert "govuk-input--error" in html


def test_signing_in_with_totp_asks_for_the_code(client: Client, editor: object) -> None:
    give_totp(editor)  # type: ignore[arg-type]
    response = client.post("/account/login/", {"login": editor.email, "password": PASSWORD})  # type: ignore[attr-defined]
    assert response["Location"] == "/account/2fa/authenticate/"
    html = client.get("/account/2fa/authenticate/").content.decode()
    assert 'class="govuk-input' in html


# --- The Wagtail admin --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_editors_and_admins_with_totp_reach_the_wagtail_admin(client: Client, role: str) -> None:
    user = member_of(association(), role)
    give_totp(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_council_people_are_refused_the_wagtail_admin(client: Client) -> None:
    client.force_login(member_of(CouncilOrganisationFactory(), Role.SUPER_USER))
    assert client.get("/admin/").status_code == 403


def test_anonymous_visitors_are_sent_to_our_sign_in(client: Client) -> None:
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/admin/pages/")


def test_wagtails_own_sign_in_page_redirects_to_ours(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/account/login/?next=/admin/pages/"
    response = client.post("/admin/login/", {"username": "x@example.org", "password": "x"})
    assert response["Location"] == "/account/login/?next=/admin/"
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/account/login/?next=/admin/"


def test_an_admin_signs_in_with_password_and_code_and_reaches_the_wagtail_admin(client: Client) -> None:
    admin = member_of(association(), Role.ADMIN)
    authenticator = give_totp(admin)
    response = client.post("/account/login/?next=/admin/", {"login": admin.email, "password": PASSWORD})
    assert response["Location"] == "/account/2fa/authenticate/"
    from allauth.mfa.utils import decrypt

    secret = decrypt(authenticator.data["secret"])
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/account/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
