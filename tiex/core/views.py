"""Site-wide pages: home, health, data sources, accessibility, errors."""

from __future__ import annotations

import datetime
import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tiex.core import selectors
from tiex.core.health import check_database
from tiex.core.page_cache import page_cache as cache
from tiex.core.sqlite import is_read_only_error

DATA_SOURCES_CACHE_SECONDS = 24 * 60 * 60


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers within a second, 503 with the reason otherwise (load balancers)."""
    health = check_database()
    if not health.ok:
        return JsonResponse({"status": "error", "database": health.database, "detail": health.detail}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def data_sources(request: HttpRequest) -> HttpResponse:
    """The datasets change only through imports, so the content is rendered once per data version."""
    key = f"core:data-sources:{selectors.data_version()}"
    content = cache.get(key)
    if content is None:
        content = render_to_string("core/_data_sources_content.html", {"datasets": selectors.dataset_list()})
        cache.set(key, content, DATA_SOURCES_CACHE_SECONDS)
    return render(request, "core/data_sources.html", {"content": content})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The statement; its contact and the date of the last check come from the settings."""
    contact = settings.ACCESSIBILITY_CONTACT.strip()
    contact_href = ""
    if "@" in contact and "/" not in contact:
        contact_href = f"mailto:{contact}"
    elif contact.startswith(("https://", "http://")):
        contact_href = contact
    context = {
        "contact": contact,
        "contact_href": contact_href,
        "checked_on": datetime.date.fromisoformat(settings.ACCESSIBILITY_CHECKED_ON),
    }
    return render(request, "core/accessibility.html", context)


API_PREFIX = "/api/"


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        # A path the API does not know (e.g. /api/v1/resources/abc) still answers in JSON.
        return JsonResponse({"detail": "Not Found"}, status=404)
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (settings.CSRF_FAILURE_VIEW): say why in plain words, with a way on."""
    return render(request, "403_csrf.html", {"page_path": request.path}, status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


READ_ONLY_DETAIL = "The database is read-only just now: nothing was saved. Reading still works."


def error_500(request: HttpRequest) -> HttpResponse:
    # A write to a read-only database (tiex/core/sqlite.py) is a 503 that says so.
    read_only = is_read_only_error(sys.exc_info()[1] or Exception())
    if request.path.startswith(API_PREFIX):
        if read_only:
            return JsonResponse({"detail": READ_ONLY_DETAIL}, status=503, headers={"Retry-After": "300"})
        return JsonResponse({"detail": "Internal server error"}, status=500)
    # Rendered without a request context: nothing here may touch the database.
    if read_only:
        response = render(request, "core/read_only.html", status=503)
        response["Retry-After"] = "300"
        return response
    return render(request, "500.html", status=500)
