"""Sign-in, sign-out and failed sign-in are recorded in the audit log; only admins can read it."""

from __future__ import annotations

import pytest
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import UserFactory, association, give_totp, member_of
from tiex.core.models import AuditEvent

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
def test_sign_in_and_sign_out_are_recorded(client: Client) -> None:
    user = UserFactory(email="alice@example.org", password=PASSWORD)
    client.post("/account/login/", {"login": "alice@example.org", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    client.post("/account/logout/")
    events = list(AuditEvent.objects.order_by("id").values_list("action", "actor_id", "ip_address"))
    assert ("auth.sign_in", user.pk, "10.1.2.3") in events
    assert events[-1][:2] == ("auth.sign_out", user.pk)


@pytest.mark.django_db
def test_a_failed_sign_in_records_the_address_typed_but_never_the_password(client: Client) -> None:
    UserFactory(email="alice@example.org", password=PASSWORD)
    client.post("/account/login/", {"login": "alice@example.org", "password": "wrong password!"})
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.actor_id is None
    assert event.actor_label == "alice@example.org"
    assert "wrong password" not in str(event.before) + str(event.after) + event.object_repr


@pytest.mark.django_db
def test_only_admins_can_browse_the_audit_log(client: Client) -> None:
    admin = member_of(association(), Role.ADMIN)
    editor = member_of(association(), Role.EDITOR)
    for user in (admin, editor):
        give_totp(user)
    client.force_login(admin)
    assert client.get("/admin/audit_log/").status_code == 200
    client.force_login(editor)
    response = client.get("/admin/audit_log/")
    # Wagtail sends staff without the permission back to the dashboard with a message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_an_admin_can_filter_the_audit_log_by_action(client: Client) -> None:
    admin = member_of(association(), Role.ADMIN)
    give_totp(admin)
    client.force_login(admin)
    UserFactory(email="bob@example.org", password=PASSWORD)
    Client().post("/account/login/", {"login": "bob@example.org", "password": "nope nope nope"})
    html = client.get("/admin/audit_log/", {"action": "auth.sign_in_failed"}).content.decode()
    assert "bob@example.org" in html
    assert "membership.set_role" not in html
