"""Where someone goes once their two-factor set-up is done (kept by RequireMFAForStaffMiddleware)."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import reverse

from tiex.accounts.middleware import after_mfa_setup_url

register = template.Library()


@register.simple_tag
def after_mfa_url(request: HttpRequest) -> str:
    return after_mfa_setup_url(request) or reverse("accounts:profile")
