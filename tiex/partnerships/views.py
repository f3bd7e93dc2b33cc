"""The Shared Services Map's pages and downloads. Adapters only: parse the filters, call the
selectors (the same ones the API uses), render."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.text import compress_string
from django.views.decorators.http import require_safe

from tiex.accounts.permissions import can
from tiex.core.csv import csv_response
from tiex.core.json_download import json_download
from tiex.core.pagination import page_links
from tiex.core.selectors import data_version
from tiex.councils import selectors as councils
from tiex.partnerships import charts, downloads, map_selectors, savings, selectors
from tiex.partnerships.filter_form import active_filters, filter_form, index_href
from tiex.partnerships.filters import FilterErrors, PartnershipFilters, parse_filters
from tiex.partnerships.models import financial_year_label
from tiex.partnerships.permissions import PARTNERSHIP_CURATE

PAGE_SIZE = 25
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding
# The boundaries file's address carries the councils' data version (?v=), so a browser
# may keep it for a year; without the current version, for an hour.
BOUNDARIES_MAX_AGE = 365 * 24 * 60 * 60
BOUNDARIES_UNVERSIONED_MAX_AGE = 60 * 60
MAX_PAGE_DIGITS = 6


def _page(request: HttpRequest) -> int:
    """The ``page`` parameter: a whole number from 1 (else FilterErrors); beyond the last page is a 404."""
    raw = request.GET.get("page", "").strip() or "1"
    if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS and int(raw) >= 1):
        raise FilterErrors({"page": "Choose a page from the list of pages, as a whole number from 1"})
    return int(raw)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The map page: filters, headline totals, the growth chart with its table, the list, the map and downloads."""
    version = data_version()  # keys the kept vocabulary and map drawing
    vocab = selectors.vocabulary(version=version)
    context: dict[str, Any] = {}
    errors: dict[str, str] = {}
    try:
        filters = parse_filters(dict(request.GET.lists()), vocab)
    except FilterErrors as exc:
        errors.update(exc.errors)
    try:
        number = _page(request)
    except FilterErrors as exc:
        errors.update(exc.errors)
    if errors:
        context["errors"] = [{"text": message, "href": f"#filter-{name}"} for name, message in errors.items()]
        context["form"] = filter_form(None, vocab, request.GET, errors)
        return render(request, "partnerships/partnership_index.html", context, status=400)
    overview = selectors.partnership_overview(filters)
    page_count = max(1, -(-overview.count // PAGE_SIZE))
    if number > page_count:
        raise Http404("Page not found")
    result = selectors.partnership_search(
        filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, year=overview.year, count=overview.count
    )
    pairs = filters.as_query()
    query = urlencode(pairs)
    suffix = "?" + query if query else ""

    def href(page: int) -> str:
        return index_href([*pairs, ("page", str(page))] if page > 1 else pairs)

    growth = overview.growth
    context.update(
        {
            "filters": filters,
            "form": filter_form(filters, vocab, request.GET),
            "active_filters": active_filters(filters, vocab),
            "overview": overview,
            "totals": overview.totals,
            "year_label": financial_year_label(overview.year),
            "items": result.items,
            "count": overview.count,
            "page_number": number,
            "page_count": page_count,
            "pagination": page_links(number, page_count, href),
            "growth": growth,
            "growth_chart": mark_safe(  # noqa: S308 - built from escaped text by charts.growth_bars
                charts.growth_bars(
                    [(financial_year_label(t.year), t.cumulative_savings_gbp, t.partnerships) for t in growth]
                )
            ),
            "filter_query": query,
            "map": map_selectors.map_context(
                selectors.partnership_filter(filters), query=query, count=overview.count, version=version
            ),
            "geojson_href": reverse("partnerships:download_geojson") + suffix,
            "csv_href": reverse("partnerships:download_csv") + suffix,
            "json_href": reverse("partnerships:download_json") + suffix,
            "api_href": reverse("api:partnership_list") + suffix,
            "share_href": request.build_absolute_uri(index_href(pairs)),
            "licence": downloads.LICENCE,
            "licence_url": downloads.LICENCE_URL,
            "completeness": downloads.COMPLETENESS,
            "counted_only": filters.year is not None,
            "is_staff": request.user.is_authenticated and can(request.user, PARTNERSHIP_CURATE),
        }
    )
    return render(request, "partnerships/partnership_index.html", context)


def _download(request: HttpRequest) -> tuple[PartnershipFilters, int] | JsonResponse:
    """The filters of a download and the year its savings are for, or a 400 saying what was wrong."""
    try:
        filters = parse_filters(dict(request.GET.lists()), selectors.vocabulary())
    except FilterErrors as exc:
        detail = [{"loc": ["query", name], "msg": message} for name, message in exc.errors.items()]
        return JsonResponse({"detail": detail}, status=400)
    return filters, selectors.effective_year(filters)


@require_safe
def download_csv(request: HttpRequest) -> StreamingHttpResponse | JsonResponse:
    """The filtered partnerships, one row each (every one, not a page)."""
    parsed = _download(request)
    if isinstance(parsed, JsonResponse):
        return parsed
    filters, year = parsed
    table = selectors.partnership_table(filters, year)
    links = downloads.Links(request)
    return csv_response("shared-services.csv", downloads.CSV_COLUMNS, downloads.csv_rows(table, year, links))


@require_safe
def download_json(request: HttpRequest) -> StreamingHttpResponse | JsonResponse:
    """The filtered partnerships as the API lists them, all of them, with the totals and notes."""
    parsed = _download(request)
    if isinstance(parsed, JsonResponse):
        return parsed
    filters, _ = parsed
    overview = selectors.partnership_overview(filters, with_growth=False)
    result = selectors.partnership_search(filters, year=overview.year, extra=("categories",))
    links = downloads.Links(request)
    data = {
        **downloads.notes(),
        "totals": downloads.totals_dict(overview.totals),
        "count": len(result.items),
        "items": (downloads.partnership_dict(item, links) for item in result.items),
    }
    return json_download(data, "items", filename="shared-services.json", content_type="application/json; charset=utf-8")


@require_safe
def download_geojson(request: HttpRequest) -> StreamingHttpResponse | JsonResponse:
    """The filtered partnerships as GeoJSON (the map's data): docs/partnerships.md gives the format."""
    parsed = _download(request)
    if isinstance(parsed, JsonResponse):
        return parsed
    filters, _ = parsed
    overview = selectors.partnership_overview(filters, with_growth=False)
    result = selectors.partnership_search(filters, year=overview.year)
    data = downloads.geojson(result.items, overview.totals, downloads.Links(request))
    return json_download(
        data, "features", filename="shared-services.geojson", content_type="application/geo+json; charset=utf-8"
    )


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
    partnership = selectors.partnership_detail(pk)
    if partnership is None:
        raise Http404("No partnership has that number")
    rows = list(partnership.savings.all())
    running = 0
    savings_rows = []
    for row in rows:  # earlier years first, then by year: the running total is the cumulative
        running += row.amount_gbp
        savings_rows.append({"row": row, "cumulative": running})
    memberships = list(partnership.memberships.all())
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "councils": [
                {
                    "council": m.council,
                    "successors": list(m.council.successors.all()) if not m.council.is_current else [],
                }
                for m in memberships
            ],
            "lead_is_member": any(m.council_id == partnership.lead_council_id for m in memberships),
            "savings_rows": savings_rows,
            "savings_to_date": savings.cumulative(rows),
        },
    )
