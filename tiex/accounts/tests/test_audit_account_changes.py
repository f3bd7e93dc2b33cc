"""Adding a council organisation, password changes and resets, and setting up or removing
two-factor authentication each leave an event in the audit log (never a secret)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.test import Client

from tiex.accounts.models import Organisation
from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import PASSWORD, CouncilFactory, UserFactory, association, member_of
from tiex.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def _no_secrets(event: AuditEvent, *secrets: str) -> None:
    text = f"{event.before} {event.after} {event.object_repr}"
    for secret in secrets:
        assert secret not in text


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> None:
    response = client.post("/account/login/", {"login": email, "password": password}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302


def test_adding_a_council_organisation_is_audited_with_who_added_it(client: Client) -> None:
    from tiex.accounts.tests.factories import give_totp

    admin = member_of(association(), Role.ADMIN)
    give_totp(admin)
    council = CouncilFactory(name="Rutland")
    client.force_login(admin)
    response = client.post("/account/organisations/", {"council": str(council.pk)})
    assert response.status_code == 302
    organisation = Organisation.objects.get(council=council)
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.actor_id == admin.pk
    assert event.object_id == str(organisation.pk) and event.object_type == "accounts.organisation"
    assert event.after == {"council": council.code, "name": "Rutland"}


def test_changing_a_password_is_audited(client: Client) -> None:
    user = UserFactory(email="pat@example.org")
    _sign_in(client, "pat@example.org")
    response = client.post(
        "/account/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        REMOTE_ADDR="10.9.8.7",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.actor_id == user.pk and event.object_id == str(user.pk)
    assert event.ip_address == "10.9.8.7"
    _no_secrets(event, PASSWORD, NEW_PASSWORD)


def test_resetting_a_password_is_audited(client: Client) -> None:
    user = UserFactory(email="pat@example.org")
    client.post("/account/password/reset/", {"email": "pat@example.org"})
    link = re.search(r"https?://\S+(/account/password/reset/key/\S+)", mail.outbox[0].body)
    assert link
    response = client.get(link.group(1), follow=True)
    client.post(response.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    event = AuditEvent.objects.get(action="auth.password_reset")
    assert event.actor_id == user.pk and event.object_id == str(user.pk)
    _no_secrets(event, NEW_PASSWORD)


def test_setting_up_and_removing_two_factor_authentication_are_audited(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    user = UserFactory(email="pat@example.org")
    _sign_in(client, "pat@example.org")
    client.get("/account/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after the commit
        assert client.post("/account/2fa/totp/activate/", {"code": code}).status_code == 302
    added = AuditEvent.objects.filter(action="auth.mfa_add", actor_id=user.pk)
    assert sorted(e.after["type"] for e in added) == ["recovery_codes", "totp"]
    for event in added:
        _no_secrets(event, secret, code)

    client.post("/account/reauthenticate/", {"password": PASSWORD})  # removing asks for the password again
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/account/2fa/totp/deactivate/").status_code == 302
    removed = AuditEvent.objects.filter(action="auth.mfa_remove", actor_id=user.pk)
    assert sorted(e.after["type"] for e in removed) == ["recovery_codes", "totp"]
