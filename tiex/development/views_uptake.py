"""Uptake of the development programmes (adapters only).

``/councillor-development/uptake/``: association staff (``development.manage_bookings``) see
exact figures; ``/councillor-development/uptake/published/``: everyone sees the same tables
with small counts suppressed (tiex.development.uptake, the rule in its docstring). Each page
has CSV and JSON downloads built from the same tables, streamed; the public ones suppressed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiex.accounts.permissions import require
from tiex.core.csv import BYTE_ORDER_MARK, written_lines
from tiex.core.json_download import json_download
from tiex.councils.councillors import councillor_totals
from tiex.development import selectors_uptake, uptake
from tiex.development.permissions import BOOKING_MANAGE


def _tables(*, published: bool) -> tuple[list[uptake.Table], int | None]:
    totals = councillor_totals()
    tables = selectors_uptake.uptake_tables(totals=totals)
    return (uptake.suppress(tables) if published else tables), totals.year


def _page(request: HttpRequest, *, published: bool) -> HttpResponse:
    tables, year = _tables(published=published)
    by_dimension = {table.dimension: table for table in tables}
    region = by_dimension["region"]
    context = {
        "published": published,
        "tables": tables,
        "region_table": region,
        "councillors_year": year,
        "map": selectors_uptake.region_map(region),
        "threshold": uptake.THRESHOLD,
    }
    return render(request, "development/uptake.html", context)


def _csv_stream(tables: list[uptake.Table]) -> Iterator[str]:
    yield BYTE_ORDER_MARK
    yield from written_lines([uptake.CSV_HEADER])
    for row in uptake.csv_rows(tables):
        yield from written_lines([row])


def _csv(tables: list[uptake.Table], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_stream(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(tables: list[uptake.Table], year: int | None, *, published: bool) -> StreamingHttpResponse:
    document = {
        "published": published,
        "suppression": f"counts from 1 to {uptake.THRESHOLD - 1} are 'fewer-than-5'; 'withheld' cells hide them"
        if published
        else "exact figures (association staff only)",
        "councillors_year": year,
        "councillors_source": "mySociety (CC BY 4.0)",
        **uptake.as_json(tables),
    }
    # Streamed a table at a time (tiex.core.json_download), as the C encoder writes it (no indent).
    return json_download(document, "tables", encode=json.dumps)


@require_safe
def uptake_published(request: HttpRequest) -> HttpResponse:
    return _page(request, published=True)


@require_safe
def uptake_published_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv(_tables(published=True)[0], "councillor-development-uptake.csv")


@require_safe
def uptake_published_json(request: HttpRequest) -> StreamingHttpResponse:
    tables, year = _tables(published=True)
    return _json(tables, year, published=True)


@login_required
@require_safe
def uptake_staff(request: HttpRequest) -> HttpResponse:
    require(request.user, BOOKING_MANAGE)
    return _page(request, published=False)


@login_required
@require_safe
def uptake_staff_csv(request: HttpRequest) -> StreamingHttpResponse:
    require(request.user, BOOKING_MANAGE)
    return _csv(_tables(published=False)[0], "councillor-development-uptake-exact.csv")


@login_required
@require_safe
def uptake_staff_json(request: HttpRequest) -> StreamingHttpResponse:
    require(request.user, BOOKING_MANAGE)
    tables, year = _tables(published=False)
    return _json(tables, year, published=False)
