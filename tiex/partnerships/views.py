"""The Shared Services Map's pages. Adapters only: a selector in, a template out."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiex.partnerships import savings, selectors


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every partnership by name (the map comes later)."""
    partnerships = list(selectors.partnership_list())
    return render(request, "partnerships/partnership_index.html", {"partnerships": partnerships})


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
