"""What every page needs: the service name and the header navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

SERVICE_NAME = "tiex"

# (label, URL name or path, path prefix that marks the section as current)
NAVIGATION = [
    ("Exchange", "/exchange/", "/exchange/"),
    ("Self-assessment", "/self-assessment/", "/self-assessment/"),
    ("Shared services", "/shared-services/", "/shared-services/"),
    ("Peer challenges", "/peer-challenges/", "/peer-challenges/"),
    ("Programmes", "/programmes/", "/programmes/"),
    ("Councils", "councils:directory", "/councils/"),
]


def _href(target: str) -> str | None:
    if target.startswith("/"):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return None


def site(request: HttpRequest) -> dict:
    path = request.path
    items = []
    for label, target, prefix in NAVIGATION:
        href = _href(target)
        items.append({"text": label, "href": href, "current": path.startswith(prefix)})
    return {"service_name": SERVICE_NAME, "navigation": items}
