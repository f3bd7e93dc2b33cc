"""The sign-in page's fast paths: our view is allauth's (the same page, throttled, CSRF-checked),
allauth's settings are read once but follow a changed setting, and the kept header and footer
follow who is signed in and where they are."""

from __future__ import annotations

import re

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.views import LoginView
from allauth.core.context import request_context
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client, RequestFactory, override_settings
from django.urls import resolve

from tiex.accounts.tests.factories import PASSWORD, UserFactory
from tiex.accounts.views import SignInView

pytestmark = pytest.mark.django_db


def _page(view, request) -> str:  # type: ignore[no-untyped-def]
    for middleware in (SessionMiddleware, CsrfViewMiddleware, MessageMiddleware):
        middleware(lambda r: HttpResponse()).process_request(request)  # type: ignore[operator]
    request.user = AnonymousUser()
    request._dont_enforce_csrf_checks = True
    with request_context(request):  # as allauth's AccountMiddleware sets it
        response = view(request)
        response.render()
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/account/login/", None),
        ("get", "/account/login/?next=/councils/", None),
        ("post", "/account/login/", {"login": "nobody@example.org", "password": "wrong"}),
    ],
    ids=["blank", "next", "wrong password"],
)
def test_our_sign_in_view_draws_allauths_page(method: str, path: str, data: dict[str, str] | None) -> None:
    factory = RequestFactory()
    ours = _page(SignInView.as_view(), getattr(factory, method)(path, data or {}))
    theirs = _page(LoginView.as_view(), getattr(factory, method)(path, data or {}))
    assert ours == theirs and "Sign in" in ours


def test_the_sign_in_address_is_ours_and_still_checks_csrf() -> None:
    assert resolve("/account/login/").func.view_class is SignInView  # type: ignore[attr-defined]
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403


def test_sign_in_is_still_throttled() -> None:
    """As test_throttling: failed attempts from one address and e-mail are stopped."""
    UserFactory(email="dan@example.org")
    client = Client()
    pages = [
        client.post("/account/login/", {"login": "dan@example.org", "password": f"guess-{n}"}).content.decode()
        for n in range(6)
    ]
    assert "Too many failed login attempts" in pages[-1]


def test_allauths_settings_are_remembered_until_a_setting_changes() -> None:
    assert account_settings.PREVENT_ENUMERATION is settings.ACCOUNT_PREVENT_ENUMERATION
    with override_settings(ACCOUNT_PREVENT_ENUMERATION="strict"):
        assert account_settings.PREVENT_ENUMERATION == "strict"
    assert account_settings.PREVENT_ENUMERATION is settings.ACCOUNT_PREVENT_ENUMERATION
    assert account_settings.CONFIRM_EMAIL_ON_GET is False  # unset: allauth's default
    with override_settings(ACCOUNT_CONFIRM_EMAIL_ON_GET=True):
        assert account_settings.CONFIRM_EMAIL_ON_GET is True


def test_the_kept_header_follows_who_is_signed_in_and_the_section() -> None:
    anonymous = Client().get("/account/login/").content.decode()
    assert "Your account" not in anonymous and ">Sign in</a>" in anonymous
    client = Client()
    client.force_login(UserFactory())
    signed_in = client.get("/councils/").content.decode()
    assert "Your account" in signed_in
    assert re.search(r'href="/councils/" aria-current="true"', signed_in)
    assert 'aria-current="true"' not in client.get("/account/login/").content.decode()
