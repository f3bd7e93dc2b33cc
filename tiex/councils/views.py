"""Council pages: the directory (with CSV and JSON downloads) and council profiles."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from tiex.core.csv import csv_streaming_lines
from tiex.core.pagination import page_links, page_number
from tiex.councils import climate, comparators, councillors, download_rows, selectors
from tiex.councils.api import CouncilDownloadOut
from tiex.councils.forms import CouncilFilterForm
from tiex.councils.models import ComparatorKind, Control, Council, CouncilType
from tiex.councils.svg import ChartYear, boundary_svg, control_chart
from tiex.development import views_bookings as development_views
from tiex.finance import profile as finance_profile
from tiex.finance.directory import FINANCE_CSV_COLUMNS, active_finance_filters, finance_cell, flatten_finance
from tiex.library import views as library_views
from tiex.partnerships import selectors_profile as partnership_profile
from tiex.peer_challenges import views_documents as peer_challenge_documents

PAGE_SIZE = 50
PROFILE_COMPARATORS_SHOWN = 10  # same-type and same-region councils named on a profile; the directory lists all
MAX_PAGE = 10_000
# The CSV download's columns: every field of a download row, each name beside its code
# (type_name beside type, county_name beside county_code ...) and the raw identifiers last.
CSV_COLUMNS = [
    "code",
    "gss_code",
    "la_code",
    "name",
    "official_name",
    "type",
    "type_name",
    "powers",
    "powers_name",
    "is_principal",
    "is_current",
    "nation",
    "region",
    "county_code",
    "county_name",
    "combined_authority_code",
    "combined_authority_name",
    "control",
    "control_name",
    "control_year",
    "start_date",
    "end_date",
    "population_2020",
    "area_km2",
    "latitude",
    "longitude",
    "url",
    "ocd_id",
    "gov_uk_slug",
    # Financial indicators (tiex/finance), flattened from the item's "finance".
    *FINANCE_CSV_COLUMNS,
]
CSV_URL_INDEX = CSV_COLUMNS.index("url")
TYPE_NAMES = dict(CouncilType.choices)
CONTROL_NAMES = dict(Control.choices)


def _filter_form(request: HttpRequest) -> CouncilFilterForm:
    regions, years = selectors.filter_choices()
    return CouncilFilterForm(request.GET, regions=regions, years=years)


def _query(pairs: list[tuple[str, str]]) -> str:
    return urlencode(pairs)


def _active_filters(filters: selectors.CouncilFilters) -> list[dict[str, str]]:
    """Each applied filter as a label and a link to the same list without it."""
    base = filters.as_query()

    def without(name: str, value: str | None = None, replace: tuple[str, str] | None = None) -> str:
        pairs = [(key, val) for key, val in base if not (key == name and (value is None or val == value))]
        if replace:
            pairs.append(replace)
        return "?" + _query(pairs)

    active = []
    if filters.q:
        active.append({"label": f"Search: {filters.q}", "href": without("q")})
    if filters.nation:
        active.append({"label": f"Nation: {filters.nation}", "href": without("nation")})
    for code in filters.types:
        active.append({"label": f"Type: {TYPE_NAMES.get(code, code)}", "href": without("type", code)})
    if filters.region:
        active.append({"label": f"Region: {filters.region}", "href": without("region")})
    if filters.principal:
        active.append(
            {"label": "Principal councils only", "href": without("principal", replace=("principal", "false"))}
        )
    if filters.control:
        label = CONTROL_NAMES.get(filters.control, filters.control)
        active.append({"label": f"Controlled by: {label}", "href": without("control")})
    if filters.changed_control_since is not None:
        active.append(
            {
                "label": f"Changed control since {filters.changed_control_since}",
                "href": without("changed_control_since"),
            }
        )
    if filters.include_former:
        active.append({"label": "Including former councils", "href": without("include_former")})
    active += [{"label": label, "href": without(name)} for label, name in active_finance_filters(filters)]
    return active


def _pagination(page: Page, query: list[tuple[str, str]]) -> dict[str, Any] | None:
    return page_links(
        page.number, page.paginator.num_pages, lambda number: "?" + _query([*query, ("page", str(number))])
    )


# The query parameters the directory page reads; no other can change it.
DIRECTORY_PARAMETERS = (*CouncilFilterForm.base_fields, "page")


def _profile_paths() -> Callable[[str], str]:
    """Council code -> profile path, with one reverse() for a whole list rather than one per link.

    Codes are letters, digits and hyphens (CODE_PATTERN), which a path carries as they are.
    """
    marker = "E00000000"
    before, after = reverse("councils:detail", args=[marker]).split(marker)
    return lambda code: f"{before}{code}{after}"


def _directory_rows(councils: Any) -> list[dict[str, Any]]:
    """What each row of the directory shows, ready to print."""
    path = _profile_paths()
    rows = []
    for council in councils:
        code = council["gss_code"] or council["la_code"]
        description = TYPE_NAMES.get(council["type"], council["type"])
        if council["region"]:
            description += f", {council['region']}"
        control = "Not known"
        if council["control"]:
            control = CONTROL_NAMES.get(council["control"], council["control"])
            if council["control_year"]:
                control += f" ({council['control_year']})"
        rows.append(
            {
                "href": path(code),
                "name": council["name"],
                "former": not council["is_current"],
                "description": description,
                "control": control,
                "finance": finance_cell(council),
            }
        )
    return rows


def _directory_page(request: HttpRequest) -> tuple[dict[str, Any], int]:
    """The directory's title and rendered content for this query, and its status (200 or 400)."""
    form = _filter_form(request)
    valid = form.is_valid()
    context: dict[str, Any] = {
        "form": form,
        "principal_value": "true" if form.cleaned_data.get("principal", selectors.DEFAULT_PRINCIPAL) else "false",
        "include_former_checked": bool(form.cleaned_data.get("include_former")),
        "year_choices": form.year_choices(),
    }
    if not valid:
        content = render_to_string("councils/_directory_content.html", context)
        return {"title": "Error: Councils", "content": content}, 400
    filters = form.to_filters()
    paginator = Paginator(selectors.council_list_rows(filters), PAGE_SIZE)
    number = page_number(request, MAX_PAGE)
    if number > 1 and number > paginator.num_pages:
        raise Http404("Page not found")
    page = paginator.page(number) if paginator.count else None
    query = filters.as_query()
    title = "Councils"
    pages_label = ""
    if page and paginator.num_pages > 1:
        title += f" (page {page.number} of {paginator.num_pages})"
        pages_label = f", page {page.number} of {paginator.num_pages}"
    context.update(
        {
            "filters": filters,
            "count": paginator.count,
            "rows": _directory_rows(page.object_list if page else []),
            "pages_label": pages_label,
            "pagination": _pagination(page, query) if page else None,
            "active_filters": _active_filters(filters),
            "csv_href": reverse("councils:download_csv") + "?" + _query(query),
            "json_href": reverse("councils:download_json") + "?" + _query(query),
            "api_href": reverse("api:council_list") + "?" + _query(query),
        }
    )
    return {"title": title, "content": render_to_string("councils/_directory_content.html", context)}, 200


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    # The page depends only on the council data and its own parameters (as given: the form
    # shows them back), so a page once shown is cached until the next import.
    key = selectors.cache_key("directory", [(name, request.GET.getlist(name)) for name in DIRECTORY_PARAMETERS])
    page = selectors.page_cache().get(key)
    if page is None:
        page, status = _directory_page(request)
        if status != 200:
            return render(request, "councils/council_directory.html", page, status=status)
        selectors.page_cache().set(key, page, selectors.CACHE_SECONDS)
    return render(request, "councils/council_directory.html", page)


def _download_filters(request: HttpRequest) -> selectors.CouncilFilters | dict[str, Any]:
    if not request.GET:  # the form's answer for no parameters, without building the form
        return selectors.CouncilFilters()
    form = _filter_form(request)
    if not form.is_valid():
        return {
            "detail": [
                {"loc": ["query", name], "msg": " ".join(str(error) for error in errors)}
                for name, errors in form.errors.items()
            ]
        }
    return form.to_filters()


def _csv_cells(request: HttpRequest, ids: Sequence[int]) -> Iterator[tuple[int, list[Any]]]:
    """The download rows of councils ``ids``: the JSON download's items, flattened (any order)."""
    for pk, item in _json_items(request, ids):
        flat = flatten_finance(item)
        yield pk, [flat[column] for column in CSV_COLUMNS]


@require_safe
def download_csv(request: HttpRequest) -> HttpResponseBase:
    """Streamed; each council's row is written once per state of the data (tiex/councils/download_rows.py)."""
    filters = _download_filters(request)
    if isinstance(filters, dict):
        return JsonResponse(filters, status=400)
    ids = list(selectors.council_list(filters).values_list("pk", flat=True))
    lines = download_rows.lines(
        token=_generation(),
        ids=ids,
        base=request.build_absolute_uri("/")[:-1],
        url_index=CSV_URL_INDEX,
        rows=lambda missing: _csv_cells(request, missing),
    )
    return csv_streaming_lines("councils.csv", CSV_COLUMNS, lines)


def _json_items(request: HttpRequest, ids: Sequence[int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON download's items of councils ``ids`` (any order)."""
    councils = selectors.council_list(selectors.CouncilFilters(include_former=True, principal=None)).filter(pk__in=ids)
    context = {"request": request}
    for council in councils:
        yield council.pk, CouncilDownloadOut.from_orm(council, context=context).model_dump(mode="json")


def _generation() -> str:
    """The kept download rows' generation (tiex/councils/download_rows.py), under the data version."""
    cache = selectors.page_cache()
    key = selectors.cache_key("download-rows-generation")
    return download_rows.generation(
        lambda: cache.get(key), lambda value: cache.add(key, value, selectors.CACHE_SECONDS)
    )


@require_safe
def download_json(request: HttpRequest) -> HttpResponseBase:
    """Streamed, the same text JsonResponse writes; each council's item is written once per state of the data."""
    filters = _download_filters(request)
    if isinstance(filters, dict):
        return JsonResponse(filters, status=400)
    ids = list(selectors.council_list(filters).values_list("pk", flat=True))
    items = download_rows.json_items(
        token=_generation(),
        ids=ids,
        base=request.build_absolute_uri("/")[:-1],
        items=lambda missing: _json_items(request, missing),
    )

    def body() -> Iterator[str]:
        yield f'{{"count": {len(ids)}, "items": ['
        yield from items
        yield "]}"

    response = StreamingHttpResponse(body(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="councils.json"'
    return response


def _comparator_groups(detail: selectors.CouncilDetail) -> list[dict[str, Any]]:
    """The profile's comparator groups with each link ready to print."""
    path = _profile_paths()
    directory = reverse("councils:directory")
    groups = []
    for group in comparators.comparator_groups(detail, shown=PROFILE_COMPARATORS_SHOWN):
        items = [
            {
                "href": path(item.council.code),
                "name": item.council.name,
                "former": not item.council.is_current,
                "measure": item.measure,
            }
            for item in group.comparators
        ]
        more = group.directory_filters
        groups.append(
            {
                "group": group,
                "items": items,
                "more_href": f"{directory}?{_query(more.as_query())}" if more else "",
            }
        )
    return groups


def _sharing(detail: selectors.CouncilDetail, groups: list[dict[str, Any]]) -> partnership_profile.CouncilSharing:
    """The council's partnerships and what its similar councils (statistical neighbours, same type) share."""
    similar = {row.la_code for row in detail.same_type}
    for entry in groups:
        if entry["group"].kind == ComparatorKind.DFE_STATISTICAL_NEIGHBOURS:
            similar |= {item.council.la_code for item in entry["group"].comparators}
    return partnership_profile.council_sharing(
        council_pk=detail.council.pk,
        predecessors={row.la_code: row.name for row in detail.predecessors},
        similar=similar,
    )


def _profile_page(council: Council) -> dict[str, Any]:
    """The profile's title, breadcrumbs and rendered content: council and partnership data only, cached until
    the next import or change of a partnership."""
    detail = selectors.council_detail(council, peers=True)
    history = detail.history
    chart = control_chart(
        [
            ChartYear(
                year=row.year,
                seats=[(count.party, count.seats) for count in row.seats],
                control=row.control,
                changed=row.control_changed,
            )
            for row in history.rows
        ],
        party_names=dict(history.party_names),
    )
    latest = history.rows[-1] if history.rows else None
    groups = _comparator_groups(detail)
    context = {
        "council": council,
        "detail": detail,
        "former_codes": detail.former_codes,
        "map": boundary_svg(council.boundary) if council.boundary else None,
        "history": history,
        "chart": chart,
        "latest_control": latest,
        "changes": [row for row in history.rows if row.control_changed],
        "comparator_groups": groups,
        "sharing": _sharing(detail, groups),
        "climate": climate.climate_commitments(council),
        "climate_sources": climate.climate_sources(),
        "councillors": councillors.council_councillors(council.pk, [row.la_code for row in detail.predecessors]),
        # Finances (tiex/finance): the council's outturn returns beside its comparator groups.
        "finances": finance_profile.section_html(
            council=council, groups=finance_profile.profile_groups(detail, [entry["group"] for entry in groups])
        ),
        "type_name": TYPE_NAMES.get(council.type, council.type),
        "control_name": CONTROL_NAMES.get(council.control, council.control) if council.control else "",
    }
    return {
        "title": council.name,
        "council": {"pk": council.pk, "name": council.name, "gss_code": council.gss_code, "la_code": council.la_code},
        "breadcrumbs": [("Home", reverse("core:home")), ("Councils", reverse("councils:directory"))],
        "content": render_to_string("councils/_council_profile.html", context),
    }


@require_safe
def detail(request: HttpRequest, code: str) -> HttpResponse:
    # Its shared-services section changes with the partnerships: their state's version covers
    # the councils' imports and the partnerships' writes alike, read in one query.
    key = selectors.cache_key("profile", code, version=partnership_profile.sharing_state())
    page = selectors.page_cache().get(key)
    if page is None:
        found = selectors.council_lookup(code, with_boundary=True)
        if found is None:
            raise Http404("No council has that code")
        if not found.is_canonical:
            target = reverse("councils:detail", args=[found.council.code])
            query = QueryDict(request.META.get("QUERY_STRING", ""))
            if query:
                target += "?" + query.urlencode()
            return HttpResponsePermanentRedirect(target)
        page = _profile_page(found.council)
        selectors.page_cache().set(key, page, selectors.CACHE_SECONDS)
    # The Exchange changes between imports: its section is kept under the library's own state.
    council = selectors.council_stub(page["council"])
    context = {
        **page,
        "council_resources": library_views.council_resources_html(council),
        # Its peer challenges and their stage, and its published reports and plans (public data):
        # outside the cached page, so a publication shows at once; one query for both sections.
        **peer_challenge_documents.council_profile_sections(council_pk=council.pk),
        # Alumni of the development programmes who agreed to be listed (one query, for each request).
        "development_alumni": development_views.council_alumni_html(council.pk),
    }
    return render(request, "councils/council_detail.html", context)
