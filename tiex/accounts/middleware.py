"""Placeholder: MFA enforcement for association staff (see tiex.accounts)."""

from __future__ import annotations

from typing import Callable

from django.http import HttpRequest, HttpResponseBase


class RequireMFAForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)
