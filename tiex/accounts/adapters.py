"""django-allauth hooks: invitation-only accounts, per-client throttling, OIDC matching.

See docs/decisions/0002-accounts-allauth.md for the reasons.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from tiex.core.links import absolute_url, base_url


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join by invitation only (tiex.accounts.views.invitation_accept).
        return False

    def add_message(
        self, request: HttpRequest, level: int, message_template: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        # After accepting an invitation the page already welcomes the person: one banner, not two.
        if message_template == "account/messages/logged_in.txt" and getattr(request, "tiex_welcomed", False):
            return
        # Turning on the authenticator app makes the first recovery codes too: allauth would add
        # "you have new codes, the old ones no longer work" under the "set up" banner, though
        # there were no old ones. The "set up" message speaks of the codes instead.
        first_codes = _url_name(request) == "mfa_activate_totp"
        if message_template == "mfa/messages/recovery_codes_generated.txt" and first_codes:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # allauth asks for the password again before two-factor set-up even when it was typed
        # a moment ago. For setting it up and then seeing the recovery codes, a sign-in within
        # the re-authentication window counts as proof enough; removing or replacing still asks.
        required = bool(super().is_reauthentication_required(app=app, **kwargs))
        return required and not (app == "allauth.mfa" and _mfa_set_up_just_after_sign_in(self.request))

    def format_email_subject(self, subject: str) -> str:
        # Our subjects say "tiex" themselves; allauth would put "[127.0.0.1:8000] " in front.
        return str(subject).strip()

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # The sign-off links to the address the person is using (tiex/core/links.py).
        super().send_mail(template_prefix, email, {**context, "base_url": base_url(self.request)})

    def get_reset_password_from_key_url(self, key: str) -> str:
        # As allauth builds it, but on TIEX_BASE_URL when the operator set one.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)), self.request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the "/key" part of the login_failed limit on the e-mail address
        # alone, so a stranger typing wrong passwords for alice@ would lock alice out
        # everywhere. Adding the client address keeps the limit per address + e-mail.
        base = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}|{base}"


class MFAAdapter(DefaultMFAAdapter):
    # allauth's "Incorrect code." in our words (GOV.UK error messages say what to do).
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right: enter the 6-digit code your authenticator app shows now,"
        " or one of your recovery codes",
    }


# The steps of setting up two-factor authentication (not removing or replacing it).
MFA_SET_UP_VIEWS = frozenset({"mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes"})


def _url_name(request: HttpRequest | None) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match is not None else None


def _mfa_set_up_just_after_sign_in(request: HttpRequest | None) -> bool:
    from allauth.account import app_settings as account_settings
    from allauth.account.internal.flows.login import get_authentication_records

    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in MFA_SET_UP_VIEWS:
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    return time.time() - float(records[-1].get("at", 0)) < account_settings.REAUTHENTICATION_TIMEOUT


def _verified_emails(sociallogin: Any) -> list[str]:
    return [address.email.lower() for address in sociallogin.email_addresses if address.verified and address.email]


def _has_invitation(sociallogin: Any) -> bool:
    from tiex.accounts.selectors import invitation_list_pending

    return any(invitation_list_pending(email=email).exists() for email in _verified_emails(sociallogin))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """OpenID Connect sign-in finds people; it never creates strangers.

    A sign-in is let through when the identity is already connected to someone, or
    its verified address belongs to someone (allauth's email authentication, on for
    our provider), or an open invitation was sent to its verified address (then the
    account is created and the invitation accepted). Anyone else sees a page saying
    they need an invitation.
    """

    def list_apps(self, request: HttpRequest | None, provider: Any = None, client_id: Any = None) -> list[Any]:
        """The sign-in providers configured in settings (TIEX_OIDC_*), never from the database.

        tiex has no Django admin, so nobody can add a ``SocialApp`` row; allauth's own
        version still asks the database on every sign-in page to blend such rows in
        (a query on every view of the page; docs/decisions/0011-speed-budgets-as-ratios.md).
        """
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        if sociallogin.is_existing or _has_invitation(sociallogin):
            return
        response = render(request, "accounts/oidc_not_invited.html", {"provider": sociallogin.provider}, status=403)
        raise ImmediateHttpResponse(response)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return _has_invitation(sociallogin)

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        return _has_invitation(sociallogin)

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
        user.full_name = (name or "")[:150]
        user.email = (user.email or "").lower()
        return user

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        from tiex.accounts.services import invitation_accept_pending_for

        user = super().save_user(request, sociallogin, form)
        invitation_accept_pending_for(user=user)
        return user
