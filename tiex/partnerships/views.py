"""The Shared Services Map's pages. Adapters only: a selector in, a template out."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from django.views.decorators.http import require_safe

from tiex.core.selectors import data_version
from tiex.councils import selectors as councils
from tiex.partnerships import map_selectors, savings, selectors

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding
# The boundaries file's address carries the councils' data version (?v=), so a browser
# may keep it for a year; without the current version, for an hour.
BOUNDARIES_MAX_AGE = 365 * 24 * 60 * 60
BOUNDARIES_UNVERSIONED_MAX_AGE = 60 * 60


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every partnership by name (the map comes later)."""
    partnerships = list(selectors.partnership_list())
    context = {
        "partnerships": partnerships,
        "map": map_selectors.map_context(partnerships, query=request.GET.urlencode(), count=len(partnerships)),
        "filter_query": request.GET.urlencode(),
    }
    return render(request, "partnerships/partnership_index.html", context)


@require_safe
def boundaries(request: HttpRequest) -> HttpResponse:
    """The JavaScript map's base layer: current lower-tier council areas as GeoJSON
    (map_selectors.boundaries_json), gzipped when the browser accepts it, cached."""
    version = data_version()
    key = councils.cache_key("partnerships-boundaries", version=version)
    cached = councils.page_cache().get(key)
    if cached is None:
        body = map_selectors.boundaries_json(version)
        gzipped = compress_string(body)
        cached = (body, gzipped if len(gzipped) < len(body) else None)
        councils.page_cache().set(key, cached, councils.CACHE_SECONDS)
    body, gzipped = cached
    if gzipped is not None and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(gzipped, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type="application/geo+json")
    if request.GET.get("v") == version:
        patch_cache_control(response, public=True, max_age=BOUNDARIES_MAX_AGE, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=BOUNDARIES_UNVERSIONED_MAX_AGE)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.partnership_get(pk)
    if partnership is None:
        raise Http404("No partnership has that number")
    rows = list(partnership.savings.all())
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "savings_rows": rows,
            "savings_to_date": savings.cumulative(rows),
        },
    )
