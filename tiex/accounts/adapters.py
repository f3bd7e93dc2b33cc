"""django-allauth hooks: invitation-only accounts, per-client throttling, OIDC matching.

See docs/decisions/0002-accounts-allauth.md for the reasons.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.shortcuts import render


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join by invitation only (tiex.accounts.views.invitation_accept).
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the "/key" part of the login_failed limit on the e-mail address
        # alone, so a stranger typing wrong passwords for alice@ would lock alice out
        # everywhere. Adding the client address keeps the limit per address + e-mail.
        base = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}|{base}"


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
