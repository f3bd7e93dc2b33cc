"""What every page needs: the service name, the header navigation and the shell's links."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

SERVICE_NAME = "tiex"

# The service's sections in header order: (label, URL name of the section's
# front page). A section appears once its app is installed and routed, so the
# header never links to a page that does not exist.
NAVIGATION = [
    ("Exchange", "library:index"),
    ("Self-assessment", "assessments:index"),
    ("Shared services", "partnerships:index"),
    ("Peer challenges", "peer_challenges:coverage"),
    ("Programmes", "development:index"),  # councillor development (tiex/development)
    ("Events", "events:list"),
    ("Councils", "councils:directory"),
]

# Links in the header and footer of every page: name in templates -> URL name.
SHELL_LINKS = {
    "home": "core:home",
    "account": "accounts:profile",
    "sign_in": "account_login",
    "data_sources": "core:data_sources",
    "accessibility": "core:accessibility",
    "api": "api:openapi-view",
}


@functools.lru_cache(maxsize=16)
def _shell(prefix: str, urlconf: str) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """The sections that exist and the shell's links, reversed once per URL configuration and
    script prefix (about a quarter of the time of a simple page went on reversing them)."""
    sections = []
    for label, url_name in NAVIGATION:
        try:
            sections.append((label, reverse(url_name)))
        except NoReverseMatch:
            continue
    return tuple(sections), {name: reverse(url_name) for name, url_name in SHELL_LINKS.items()}


# Files every page loads: name in templates -> path under STATIC_URL.
SHELL_ASSETS = {"favicon": "tiex/favicon.svg", "css": "build/tiex.css", "js": "tiex/tiex.js"}


@functools.lru_cache(maxsize=16)
def _assets(static_url: str, storages: str) -> dict[str, str]:
    """The shell's static file addresses, looked up once per static configuration: with the
    manifest storage each ``{% static %}`` costs a hashed-name lookup and URL quoting, about
    a sixth of the time of a simple page for the three every page loads."""
    return {name: static(path) for name, path in SHELL_ASSETS.items()}


def _current_shell() -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    return _shell(get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))


def navigation_items(path: str) -> list[dict[str, object]]:
    sections, _links = _current_shell()
    return [{"text": label, "href": href, "current": path.startswith(href) and href != "/"} for label, href in sections]


def site(request: HttpRequest) -> dict[str, object]:
    _sections, links = _current_shell()
    return {
        "service_name": SERVICE_NAME,
        "navigation": navigation_items(request.path),
        "shell_links": links,
        "shell_assets": _assets(settings.STATIC_URL or "", repr(settings.STORAGES.get("staticfiles"))),
    }
