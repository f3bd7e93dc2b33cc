"""Absolute links to the service, for e-mails and anything else read away from the site.

The public address is ``settings.BASE_URL`` when the operator set TIEX_BASE_URL. When they
did not, a link made while answering a request uses the address that request came to (so
`make run PORT=8101` sends e-mails that link to port 8101), found from the request passed
in or else the one allauth's middleware keeps for the current thread; a link made outside
any request (the scheduler, a management command) uses ``settings.BASE_URL``, which
`tiex serve` sets from the address it serves on (TIEX_DEFAULT_BASE_URL).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def _current_request() -> HttpRequest | None:
    from allauth.core import context

    return getattr(context, "request", None)


def base_url(request: HttpRequest | None = None) -> str:
    """The service's address without a trailing slash, e.g. ``https://tiex.example.org``."""
    if getattr(settings, "BASE_URL_FIXED", False):
        return str(settings.BASE_URL)
    request = request if request is not None else _current_request()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return str(settings.BASE_URL)


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (starting with "/") on the service's address."""
    return base_url(request) + path
