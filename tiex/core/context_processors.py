"""What every page needs: the service name and the header navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

SERVICE_NAME = "tiex"

# The service's sections in header order: (label, URL name of the section's
# front page). A section appears once its app is installed and routed, so the
# header never links to a page that does not exist.
NAVIGATION = [
    ("Exchange", "library:index"),
    ("Self-assessment", "assessments:index"),
    ("Shared services", "partnerships:index"),
    ("Peer challenges", "peer_challenges:index"),
    ("Programmes", "programmes:index"),
    ("Councils", "councils:directory"),
]


def navigation_items(path: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for label, url_name in NAVIGATION:
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"text": label, "href": href, "current": path.startswith(href) and href != "/"})
    return items


def site(request: HttpRequest) -> dict[str, object]:
    return {"service_name": SERVICE_NAME, "navigation": navigation_items(request.path)}
