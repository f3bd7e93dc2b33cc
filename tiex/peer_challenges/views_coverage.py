"""The coverage page, its CSV download and the yearly figures. Adapters only: parse the filters,
call the selectors (the same ones the API uses), render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tiex.core.csv import csv_response
from tiex.core.pagination import page_links
from tiex.finance.coverage import add_finance
from tiex.peer_challenges import coverage as cov
from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges import selectors_coverage as selectors
from tiex.peer_challenges import selectors_figures
from tiex.peer_challenges.selectors import may_manage

PAGE_SIZE = 100
CSV_COLUMNS = (
    "gss_code",
    "name",
    "type",
    "region",
    "control",
    "control_year",
    "last_control_change",
    "last_corporate_peer_challenge",
    "financial_year",
    "corporate_peer_challenges",
    "none_since_year",
    "never",
)


def _href(pairs: list[tuple[str, str]]) -> str:
    return reverse("peer_challenges:coverage") + ("?" + urlencode(pairs) if pairs else "")


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page", "").strip() or "1"
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) >= 1):
        raise cov.FilterErrors({"page": "Choose a page from the list of pages, as a whole number from 1"})
    return int(raw)


def _form(choices: cov.Choices, request: HttpRequest, errors: dict[str, str]) -> dict[str, Any]:
    """The filter form: each select's options with the chosen one (the request's values as given)."""

    def select(name: str, options: list[tuple[str, str]], hint: str = "", blank: str = "Any") -> dict[str, Any]:
        chosen = request.GET.get(name, "")
        return {
            "name": name,
            "label": cov.LABELS[name],
            "hint": hint,
            "blank": blank,
            "error": errors.get(name, ""),
            "options": [{"value": v, "label": label, "selected": v == chosen} for v, label in options],
        }

    return {
        "errors": errors,
        "selects": [
            select("region", [(r, r) for r in choices.regions]),
            select("type", list(choices.types.items())),
            select("control", list(choices.controls.items()), "At the latest elections on record"),
            select("show", list(cov.SHOW.items())[1:], blank=cov.SHOW["all"]),
        ],
        "since": request.GET.get("since", ""),
        "changed_control_since": request.GET.get("changed_control_since", ""),
    }


def _active(filters: cov.CoverageFilters, choices: cov.Choices) -> list[dict[str, str]]:
    active = []
    for name, value in filters.as_query():
        text = {"type": choices.types, "control": choices.controls, "show": cov.SHOW}.get(name, {}).get(value, value)
        active.append({"label": f"{cov.LABELS[name]}: {text}", "href": _href(filters.without(name).as_query())})
    return active


@require_safe
def coverage(request: HttpRequest) -> HttpResponse:
    """Every council with its last corporate peer challenge: filters, counts, target list, map, table."""
    errors: dict[str, str] = {}
    found = None
    try:
        found = selectors.coverage(dict(request.GET.lists()))
    except cov.FilterErrors as exc:
        errors.update(exc.errors)
    try:
        number = _page(request)
    except cov.FilterErrors as exc:
        errors.update(exc.errors)
    if found is None or errors:
        choices = found.choices if found else selectors.choices(selectors.coverage_councils())
        failed: dict[str, Any] = {
            "errors": [{"text": message, "href": f"#filter-{name}"} for name, message in errors.items()],
            "form": _form(choices, request, errors),
            "may_manage": may_manage(request.user),
        }
        return render(request, "peer_challenges/coverage_index.html", failed, status=400)
    result = found.result
    page_count = max(1, -(-len(result.rows) // PAGE_SIZE))
    if number > page_count:
        raise Http404("Page not found")
    pairs = result.filters.as_query()
    suffix = "?" + urlencode(pairs) if pairs else ""
    context: dict[str, Any] = {
        "result": result,
        "since_label": fy.label(result.filters.since),
        "form": _form(found.choices, request, {}),
        "active_filters": _active(result.filters, found.choices),
        "rows": [_row(row, result.filters.since) for row in result.rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]],
        "target_rows": [_row(row, result.filters.since) for row in result.target],
        "page_number": number,
        "page_count": page_count,
        "pagination": page_links(number, page_count, lambda page: _href([*pairs, ("page", str(page))])),
        "map": selectors.coverage_map(result),
        "target_href": _href(cov.CoverageFilters(**{**_plain(result.filters), "show": "target"}).as_query()),
        "csv_href": reverse("peer_challenges:coverage_csv") + suffix,
        "api_href": reverse("api:peer_challenge_coverage") + suffix,
        "share_href": request.build_absolute_uri(_href(pairs)),
        "may_manage": may_manage(request.user),
    }
    # Council finances (tiex/finance): a financial indicator beside each council's last challenge.
    add_finance(context["rows"])
    return render(request, "peer_challenges/coverage_index.html", context)


def _plain(filters: cov.CoverageFilters) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in cov.PARAMS}


def _row(row: cov.CouncilCoverage, since: int) -> dict[str, Any]:
    return {
        "council": row,
        "type_name": selectors.TYPE_NAMES.get(row.type, row.type),
        "control_name": selectors.CONTROL_NAMES.get(row.control, row.control or "Not known"),
        "status": cov.status(row, since),
        "year_label": fy.label(fy.financial_year(row.last_challenge)) if row.last_challenge else "",
    }


@require_safe
def coverage_csv(request: HttpRequest) -> HttpResponseBase:
    """Exactly the councils the page lists for the same filters (every page of them)."""
    try:
        result = selectors.coverage(dict(request.GET.lists())).result
    except cov.FilterErrors as exc:
        detail = [{"loc": ["query", name], "msg": message} for name, message in exc.errors.items()]
        return JsonResponse({"detail": detail}, status=400)
    since = result.filters.since
    rows = (
        (
            row.code,
            row.name,
            row.type,
            row.region,
            row.control,
            row.control_year,
            row.last_control_change,
            row.last_challenge.isoformat() if row.last_challenge else "",
            fy.label(fy.financial_year(row.last_challenge)) if row.last_challenge else "",
            row.challenges,
            row.none_since(since),
            row.last_challenge is None,
        )
        for row in result.rows
    )
    header = [column.replace("none_since_year", f"none_since_{since}") for column in CSV_COLUMNS]
    return csv_response("peer-challenge-coverage.csv", header, rows)


@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    """The yearly figures: challenges by kind and region, peer days, progress reviews, publication, feedback."""
    return render(request, "peer_challenges/figures.html", {"figures": selectors_figures.yearly_figures()})
