"""The Exchange's pages: search (with CSV, JSON and Atom), resources, and council members' submissions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_http_methods, require_safe

from tiex.core.csv import csv_response
from tiex.core.json_download import json_download
from tiex.core.pagination import page_links, page_number
from tiex.library import downloads, listing, search, selectors, services
from tiex.library.api import JSON, Links, encode, resource_dict
from tiex.library.choices import (
    ALL_COLLECTIONS,
    DEFAULT_COLLECTION,
    EVIDENCE_DESCRIPTIONS,
    EVIDENCE_RANK,
    Collection,
    EvidenceLevel,
    ResourceType,
)
from tiex.library.filters import COLLECTIONS, FACET_LABELS, SORTS, FilterErrors, ResourceFilters, parse_filters
from tiex.library.forms import SubmissionForm, initial_from_page
from tiex.library.listing import ResourceSummary
from tiex.library.models import ResourcePage

PAGE_SIZE = 20
MAX_PAGE = 5_000
TYPE_NAMES = dict(ResourceType.choices)


# --- Search ---------------------------------------------------------------------


def _params(request: HttpRequest) -> dict[str, list[str]]:
    return {key: request.GET.getlist(key) for key in request.GET}


def _href(pairs: list[tuple[str, str]]) -> str:
    return reverse("library:index") + ("?" + urlencode(pairs) if pairs else "")


def _pagination(number: int, count: int, pairs: list[tuple[str, str]]) -> dict[str, Any] | None:
    def href(page: int) -> str:
        return _href([*pairs, ("page", str(page))] if page > 1 else pairs)

    return page_links(number, max(1, -(-count // PAGE_SIZE)), href)


def _active_filters(filters: ResourceFilters, result: selectors.SearchResult) -> list[dict[str, str]]:
    """Each applied filter with a link to the same search without it."""
    labels = {facet.param: {value.value: value.label for value in facet.values} for facet in result.facets}
    active = []
    if filters.q:
        active.append({"label": f"Search: {filters.q}", "href": _href(filters.without("q").as_query())})
    if filters.effective_collection != DEFAULT_COLLECTION:
        text = f"Collection: {COLLECTIONS[filters.effective_collection]}"
        active.append({"label": text, "href": _href(filters.without("collection").as_query())})
    for param, label in FACET_LABELS.items():
        for value in filters.values(param):
            text = labels.get(param, {}).get(value, value)
            active.append({"label": f"{label}: {text}", "href": _href(filters.without(param, value).as_query())})
    if result.council is not None:
        active.append(
            {"label": f"Council: {result.council.name}", "href": _href(filters.without("council").as_query())}
        )
    return active


def _other_collections(filters: ResourceFilters, result: selectors.SearchResult) -> dict[str, Any]:
    """How many council climate plans also match a search of the Exchange's own resources, with
    links to the same search including them and of them alone (the rule is in docs/library.md)."""
    if filters.effective_collection != DEFAULT_COLLECTION:
        return {}
    counts = {
        value.value: value.count for facet in result.facets if facet.param == "collection" for value in facet.values
    }
    plans = counts.get(Collection.CLIMATE_PLANS, 0)
    if not plans:
        return {}
    return {
        "plans_count": plans,
        "plans_include_href": _href(replace(filters, collection=ALL_COLLECTIONS).as_query()),
        "plans_only_href": _href(replace(filters, collection=Collection.CLIMATE_PLANS.value).as_query()),
    }


def _sort_links(filters: ResourceFilters) -> list[dict[str, Any]]:
    links = []
    for value, label in SORTS.items():
        if value == "relevance" and not filters.q:
            continue
        pairs = [pair for pair in filters.as_query() if pair[0] != "sort"] + [("sort", value)]
        links.append({"label": label, "href": _href(pairs), "current": filters.effective_sort == value})
    return links


def _error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    # Only the search box is a field to correct; other values come from an edited address.
    return [{"text": message, "href": "#filter-q" if name == "q" else ""} for name, message in errors.items()]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The search page. Its form, facets and results are the same for everyone asking the same host
    with the same parameters until the library changes, so they are rendered once per state of the
    library (a page of 20 results with seven facets is mostly template work); the title and the
    links for signed-in members are added for each visitor. Errors and timeouts are never kept."""
    params = sorted(request.GET.lists())
    parts = selectors.kept(
        "index-page", request.get_host(), params, build=lambda: _index_parts(request), keep=lambda p: p["status"] == 200
    )
    if parts["status"] != 200:
        return render(request, "library/resource_list.html", parts, status=parts["status"])
    return render(request, "library/resource_list.html", parts)


def _index_parts(request: HttpRequest) -> dict[str, Any]:
    """The search page's title, status and rendered body (see ``index``)."""
    vocab = selectors.vocabulary()
    feed_href = reverse("library:feed")
    context: dict[str, Any] = {"q": request.GET.get("q", ""), "feed_href": feed_href}
    status = 200
    try:
        filters = parse_filters(_params(request), vocab)
        number = page_number(request, MAX_PAGE)
        result = selectors.resource_search(filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, vocab=vocab)
    except FilterErrors as exc:
        context["errors"] = _error_list(exc.errors)
        status = 400
    except search.SearchTimeout as exc:
        context["timeout"] = str(exc)
        status = 503
    else:
        if number > 1 and not result.items:
            raise Http404("Page not found")
        pairs = filters.as_query()
        query = "?" + urlencode(pairs) if pairs else ""
        context.update(
            {
                "filters": filters,
                "result": result,
                "facets": result.facets,
                "count": result.count,
                "items": result.items,
                "page_number": number,
                "page_count": max(1, -(-result.count // PAGE_SIZE)),
                "pagination": _pagination(number, result.count, pairs),
                "active_filters": _active_filters(filters, result),
                **_other_collections(filters, result),
                "sort_links": _sort_links(filters) if result.count > 1 else [],
                "sort": filters.sort,
                "csv_href": reverse("library:download_csv") + query,
                "json_href": reverse("library:download_json") + query,
                "api_href": reverse("api:resource_list") + query,
                "share_href": request.build_absolute_uri(_href(pairs)),
                "ignored_words": search.ignored_words(filters.q),
                "max_terms": search.MAX_TERMS,
                "evidence_descriptions": EVIDENCE_DESCRIPTIONS,
            }
        )
    return {
        "status": status,
        "errors": context.get("errors"),
        "title_q": context["filters"].q if "filters" in context else "",
        "collection": context["filters"].effective_collection if "filters" in context else DEFAULT_COLLECTION,
        "page_number": context.get("page_number", 1),
        "page_count": context.get("page_count", 1),
        "feed_href": feed_href,
        "body": render_to_string("library/_search_body.html", context),
    }


def _download_result(request: HttpRequest) -> selectors.SearchResult | JsonResponse:
    try:
        filters = parse_filters(_params(request), selectors.vocabulary())
        return selectors.resource_search_all(filters)
    except FilterErrors as exc:
        detail = [{"loc": ["query", name], "msg": message} for name, message in exc.errors.items()]
        return JsonResponse({"detail": detail}, status=400)
    except search.SearchTimeout as exc:
        return JsonResponse({"detail": str(exc)}, status=503)


@require_safe
def download_csv(request: HttpRequest) -> StreamingHttpResponse | JsonResponse:
    result = _download_result(request)
    if isinstance(result, JsonResponse):
        return result
    return csv_response("resources.csv", downloads.columns(), downloads.rows(result.items, request))


@require_safe
def download_json(request: HttpRequest) -> StreamingHttpResponse | JsonResponse:
    result = _download_result(request)
    if isinstance(result, JsonResponse):
        return result
    # The API's items, encoded as the API encodes them, so the two are identical.
    links = Links(request)
    items = (resource_dict(listing.summary_of(page), links) for page in result.items)
    return json_download(
        {"count": result.count, "items": items}, "items", filename="resources.json", content_type=JSON, encode=encode
    )


class TextAtomFeed(Atom1Feed):
    """Atom with each entry's summary sent as text (``type="text"``, escaped), never as HTML:
    summaries are what submitters typed, and feed readers render ``type="html"`` content."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description") is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ResourceFeed(Feed):
    """Atom feed of the newest published resources."""

    feed_type = TextAtomFeed
    title = "New in the Exchange"
    subtitle = (
        "Case studies, guidance, toolkits, training and reports shared by councils "
        "(the Exchange's own collection; council climate plans are not included)."
    )

    def link(self) -> str:
        return reverse("library:index")

    def items(self) -> list[ResourceSummary]:
        return selectors.resource_feed_items()

    def item_title(self, item: ResourceSummary) -> str:
        # Demo content written by the project is marked as such wherever it appears, feeds too.
        return f"Demo: {item.title}" if item.is_demo else item.title

    def item_description(self, item: ResourceSummary) -> str:
        if item.is_demo:
            return f"{item.summary} (Demo content written by the tiex project, not a real council's work.)"
        return item.summary

    def item_link(self, item: ResourceSummary) -> str:
        return reverse("library:resource", args=[item.slug])

    def item_pubdate(self, item: ResourceSummary) -> Any:
        return item.first_published_at

    def item_updateddate(self, item: ResourceSummary) -> Any:
        return item.last_published_at

    def item_categories(self, item: ResourceSummary) -> list[str]:
        return [TYPE_NAMES.get(item.resource_type, item.resource_type)] + [t.name for t in item.themes]


# --- One resource -----------------------------------------------------------------


def render_resource(request: HttpRequest, page: ResourcePage, *, preview: bool = False) -> HttpResponse:
    """A resource's page (also Wagtail's preview of a page being edited, and drafts)."""
    return render(request, "library/resource_detail.html", _resource_parts(page, preview=preview))


def _resource_parts(page: ResourcePage, *, preview: bool = False) -> dict[str, Any]:
    """The page's title, breadcrumb and rendered content: nothing about the visitor."""
    outcomes = list(page.outcomes.all())
    type_name = TYPE_NAMES.get(page.resource_type, page.resource_type)
    context = {
        "page": page,
        "resource": page,
        "preview": preview,
        "is_draft": not page.live or preview,
        "type_name": type_name,
        "savings": [o for o in outcomes if o.kind == "saving"],
        "benefits": [o for o in outcomes if o.kind == "benefit"],
        "evidence_rank": EVIDENCE_RANK.get(page.evidence_level, 1),
        "evidence_levels": [
            {"value": level.value, "label": level.label, "description": EVIDENCE_DESCRIPTIONS[level.value]}
            for level in EvidenceLevel
        ],
        "evidence_description": EVIDENCE_DESCRIPTIONS.get(page.evidence_level, ""),
        "similar": selectors.similar_resources(page) if page.live and page.pk and not preview else [],
        "councils": list(page.councils.all()),
        "replicated_by": list(page.replicated_by.all()),
        "themes": list(page.themes.all()),
        "service_areas": list(page.service_areas.all()),
        "attachments": list(page.attachments.all()) if page.pk else [],
    }
    return {
        "title": page.title,
        "resource_type": page.resource_type,
        "type_name": type_name,
        "content": render_to_string("library/_resource_content.html", context),
    }


@require_safe
def resource(request: HttpRequest, slug: str) -> HttpResponse:
    """A published resource's page is the same for every visitor until the library changes, so
    its content is rendered once per state of the library (any change anywhere makes a new
    state); drafts, seen only by those allowed, are rendered each time and never kept."""

    def build() -> dict[str, Any]:
        page = selectors.resource_get_for_user(user=request.user, slug=slug)
        if page is None:
            raise Http404("No resource has that address")
        return {"live": page.live, **_resource_parts(page)}

    parts = selectors.kept("resource-page", slug, build=build, keep=lambda p: p["live"])
    return render(request, "library/resource_detail.html", parts)


def council_resources_html(council: Any) -> str:
    """The "In the Exchange" section of a council's profile: published resources only, the same for
    every visitor, so rendered once per state of the library."""

    def build() -> str:
        found = selectors.resources_for_council(council)
        return render_to_string("library/_council_resources.html", {"council_resources": found})

    return selectors.kept("council-resources", council.pk, build=build)


# --- Submissions ----------------------------------------------------------------------


def _submission_form_page(
    request: HttpRequest, form: SubmissionForm, *, title: str, action: str, status: int = 200
) -> HttpResponse:
    form.govuk_attrs()
    context = {"form": form, "title": title, "action": action, "evidence_descriptions": EVIDENCE_DESCRIPTIONS}
    return render(request, "library/submission_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    councils = selectors.submitting_councils(request.user)
    if not councils:
        return render(request, "library/submission_not_allowed.html", status=403)
    form = SubmissionForm(request.POST or None, councils=councils)
    title = "Share a case study"
    if request.method == "POST" and form.is_valid():
        try:
            page = services.submission_create(user=request.user, council=form.council_obj, data=form.to_data())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied:
            form.add_error("council", "You cannot submit case studies for that council.")
        else:
            messages.success(request, "Thank you. Your case study has been sent to the editors for review.")
            return redirect("library:submission", pk=page.pk)
    status = 400 if form.is_bound else 200
    return _submission_form_page(request, form, title=title, action=reverse("library:submit"), status=status)


@login_required
@require_safe
def submissions(request: HttpRequest) -> HttpResponse:
    rows = selectors.submissions_for_user(request.user)
    return render(
        request,
        "library/submission_list.html",
        {
            "own": [row for row in rows if row.is_own],
            "council": [row for row in rows if not row.is_own],
            "may_submit": bool(selectors.submitting_councils(request.user)),
        },
    )


@login_required
@require_safe
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.submission_get_for_user(user=request.user, pk=pk)
    if found is None:
        raise Http404("No submission with that number")
    latest = selectors.draft_of(found.page)
    context = {
        "submission": found,
        "page": latest,
        "may_edit": found.is_own and found.status is selectors.CHANGES_REQUESTED,
        "type_name": TYPE_NAMES.get(latest.resource_type, latest.resource_type),
    }
    return render(request, "library/submission_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def submission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.submission_get_for_user(user=request.user, pk=pk)
    if found is None or not found.is_own:
        raise Http404("No submission with that number")
    if found.status is not selectors.CHANGES_REQUESTED:
        messages.info(request, "You can change a submission only when an editor has asked for changes.")
        return redirect("library:submission", pk=pk)
    council = found.page.submitted_by_council
    latest = selectors.draft_of(found.page)
    form = SubmissionForm(
        request.POST or None, councils=[council], initial=initial_from_page(latest) if not request.POST else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_resubmit(user=request.user, page=found.page, data=form.to_data())
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, "Thank you. Your changes have been sent to the editors for review.")
            return redirect("library:submission", pk=pk)
    return _submission_form_page(
        request,
        form,
        title="Change your case study",
        action=reverse("library:submission_edit", args=[pk]),
        status=400 if form.is_bound else 200,
    )
