"""Reads about the Exchange: search with facets, one resource, similar resources, submissions.

The /exchange/ page, its CSV and JSON downloads and GET /api/v1/resources all call
``resource_search`` with the same ``ResourceFilters``, so they always agree. Searches
and listings show published resources only; drafts are seen one at a time, by their
submitter, their council's super-users and editors (``resource_get_for_user``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from tiex.accounts.permissions import can
from tiex.accounts.roles import Role
from tiex.accounts.selectors import roles_of
from tiex.core.page_cache import page_cache as cache
from tiex.councils.models import Council, CouncilType
from tiex.councils.selectors import council_lookup, council_regions
from tiex.library import facet_index, listing, search
from tiex.library.choices import (
    ALL_COLLECTIONS,
    COLLECTION_OF_DATASET,
    DEFAULT_COLLECTION,
    EVIDENCE_RANK,
    collection_of,
    datasets_of,
)
from tiex.library.filters import COLLECTIONS, FACETS, FilterErrors, ResourceFilters, Vocabulary
from tiex.library.models import ResourcePage, ServiceArea, Theme
from tiex.library.permissions import RESOURCE_VIEW_COUNCIL_SUBMISSIONS, RESOURCE_VIEW_DRAFTS

T = TypeVar("T")

MAX_DOWNLOAD = 20_000
SEARCH_CACHE_SECONDS = 600
SEARCH_ANSWER_VERSION = 2  # 2: facet counts include the collections
SIMILAR_LIMIT = 5
COUNCIL_LIST_LIMIT = 10

ThemeLink = ResourcePage.themes.through
ServiceAreaLink = ResourcePage.service_areas.through
CouncilLink = ResourcePage.councils.through
ReplicatedLink = ResourcePage.replicated_by.through


# --- The vocabulary of the facets ----------------------------------------------


def vocabulary() -> Vocabulary:
    """The facets' values and labels (kept per process until the library or the taxonomy changes)."""
    return _per_state("vocabulary", library_state(), _read_vocabulary)


def _read_vocabulary() -> Vocabulary:
    return Vocabulary(
        themes=dict(Theme.objects.order_by("-group", "sort_order", "name").values_list("slug", "name")),
        service_areas=dict(ServiceArea.objects.order_by("sort_order", "name").values_list("slug", "name")),
        regions={region: region for region in council_regions()},
        council_types=dict(CouncilType.choices),
    )


_held: dict[str, tuple[str, Any]] = {}


def _per_state(name: str, state: str, read: Any) -> Any:
    """``read()``, kept in this process while the library's state is ``state``."""
    held = _held.get(name)
    if held is None or held[0] != state:
        held = (state, read())
        _held[name] = held
    return held[1]


# --- Search ---------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    values: list[FacetValue]
    choose_one: bool = False  # the collection: one value (radios), not any number (checkboxes)

    @property
    def selected_count(self) -> int:
        return sum(1 for value in self.values if value.selected)


@dataclass
class SearchResult:
    filters: ResourceFilters
    count: int
    items: list[Any]  # listing.ResourceSummary; ResourcePage for downloads (full=True)
    facets: list[Facet] = field(default_factory=list)
    council: Council | None = None


def published_resources() -> QuerySet[ResourcePage]:
    return ResourcePage.objects.live()


def _links(model: Any, **lookup: Any) -> QuerySet[Any]:
    return model.objects.filter(**lookup).values("resourcepage_id")


def _for_council(queryset: QuerySet[ResourcePage], council: Council) -> QuerySet[ResourcePage]:
    return queryset.filter(
        Q(pk__in=_links(CouncilLink, council=council)) | Q(pk__in=_links(ReplicatedLink, council=council))
    )


def _ordered(queryset: QuerySet[ResourcePage], sort: str) -> QuerySet[ResourcePage]:
    if sort == "relevance":
        return queryset.order_by("-relevance", F("date").desc(nulls_last=True), "-pk")
    if sort == "oldest":
        return queryset.order_by(F("date").asc(nulls_last=True), "pk")
    if sort == "title":
        return queryset.order_by("title", "pk")
    return queryset.order_by(F("date").desc(nulls_last=True), "-first_published_at", "-pk")


def _list_shape(queryset: QuerySet[ResourcePage], *, full: bool = False) -> QuerySet[ResourcePage]:
    """What a result row (and an API item) shows; ``full`` adds the body, for downloads."""
    councils = Council.objects.only("pk", "name", "gss_code", "la_code", "region", "type").order_by("name")
    if not full:
        queryset = queryset.defer("body", "evidence_note")
    return queryset.prefetch_related(
        Prefetch("councils", queryset=councils),
        Prefetch("replicated_by", queryset=councils),
        Prefetch("themes", queryset=Theme.objects.order_by("-group", "sort_order")),
        Prefetch("service_areas", queryset=ServiceArea.objects.order_by("sort_order")),
        "outcomes",
    )


def _facet(param: str, label: str, counts: dict[str, int], filters: ResourceFilters, vocab: Vocabulary) -> Facet:
    selected = set(filters.values(param))
    if param == "year":
        labels = {value: value for value in sorted(set(counts) | selected, reverse=True)}
    else:
        known = vocab.for_param(param) or {}
        labels = {value: text for value, text in known.items() if counts.get(value) or value in selected}
    values = [
        FacetValue(value=value, label=text, count=counts.get(value, 0), selected=value in selected)
        for value, text in labels.items()
    ]
    if param in ("region", "council_type"):
        values.sort(key=lambda item: (-item.count, item.label))
    elif param == "evidence":
        values.sort(key=lambda item: EVIDENCE_RANK.get(item.value, 0))
    return Facet(param=param, label=label, values=values)


def _collection_facet(counts: dict[str, int], filters: ResourceFilters) -> Facet:
    """The collections, each with its count given the other filters, and both together; one is chosen."""
    chosen = filters.effective_collection
    total = sum(counts.values())
    values = [
        FacetValue(
            value=value,
            label=label,
            count=total if value == ALL_COLLECTIONS else counts.get(value, 0),
            selected=value == chosen,
        )
        for value, label in COLLECTIONS.items()
    ]
    return Facet(param="collection", label="Collection", values=values, choose_one=True)


def in_collection(queryset: QuerySet[ResourcePage], collection: str) -> QuerySet[ResourcePage]:
    """The resources of ``queryset`` in a collection (``choices.Collection``; "all" keeps every one)."""
    if collection == ALL_COLLECTIONS:
        return queryset
    if collection == DEFAULT_COLLECTION:
        return queryset.exclude(source_dataset__in=list(COLLECTION_OF_DATASET))
    return queryset.filter(source_dataset__in=datasets_of(collection))


def _council_for(filters: ResourceFilters) -> Council | None:
    if not filters.council:
        return None
    found = council_lookup(filters.council)
    if found is None:
        raise FilterErrors({"council": f"No council has the code {filters.council!r}."})
    return found.council


def _search(
    filters: ResourceFilters,
    council: Council | None,
    index: facet_index.FacetIndex,
    *,
    limit: int,
    offset: int,
    with_facets: bool,
) -> tuple[int, list[int], dict[str, dict[str, int]]]:
    """(count, ids of one page of results in order, facet counts): the work of a search.

    Everything but the full-text match is done on the facet index (bit sets over the
    published resources, ``tiex.library.facet_index``). Facets whose own filter is not
    in use are counted over the matching set; a facet with values chosen is counted
    without its own filter, so its other values stay offered.
    """
    base = index.all
    terms = filters.terms if filters.q else []
    if terms:
        base = index.text_mask(terms)
    if council is not None:
        base &= index.councils.get(council.pk, 0)
    chosen = {param: filters.values(param) for param, _label in FACETS if filters.values(param)}
    restriction = {param: index.any_of(param, values) for param, values in chosen.items()}
    counts: dict[str, dict[str, int]] = {}
    if with_facets:
        # Each collection is counted with every other filter, so the page can offer the others.
        others = base
        for mask in restriction.values():
            others &= mask
        counts["collection"] = index.counts("collection", others)
    base &= index.collection(filters.effective_collection)
    matching = base
    for mask in restriction.values():
        matching &= mask
    if with_facets:
        for param, _label in FACETS:
            if param not in chosen:
                counts[param] = index.counts(param, matching)
                continue
            without = base
            for other, mask in restriction.items():
                if other != param:
                    without &= mask
            counts[param] = index.counts(param, without)
    count = matching.bit_count()
    ids: list[int] = []
    if count:
        sort = filters.effective_sort
        if sort == "relevance" and terms:
            ids = index.relevance_page(terms, matching, offset, limit)
        else:
            ids = index.page(matching, "newest" if sort == "relevance" else sort, offset, limit)
    return count, ids, counts


def library_state() -> str:
    """A token that changes whenever anything a search shows may have changed, read in one query:
    any page saved, published, unpublished, moved or deleted (each leaves a page-history entry or
    a new page id), a theme or service area edited in the admin (a model-history entry), the
    search index rebuilt (SQLite), or a dataset imported (councils' names and regions)."""
    return state_of(library_marks())


def library_marks() -> facet_index.Marks:
    """The newest row of each thing that changes the library (``library_state``), in one query."""
    with_index = search.uses_fts5()
    sql, params = _state_sql(with_index)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        page_log, page, model_log, imported, *entry = cursor.fetchone()
    return facet_index.Marks(
        page_log=page_log or 0,
        page=page or 0,
        model_log=model_log or 0,
        imported=str(imported),
        index_entry=(entry[0] or 0) if with_index else 0,
    )


def state_of(marks: facet_index.Marks) -> str:
    values = ":".join(str(value) for value in marks)
    return hashlib.sha256(values.encode()).hexdigest()[:24]


@functools.cache
def _state_sql(with_index: bool) -> tuple[str, tuple[Any, ...]]:
    from wagtail.models import ModelLogEntry, PageLogEntry
    from wagtail.search.models import IndexEntry

    from tiex.core.models import Dataset

    queries = [
        PageLogEntry.objects.order_by("-pk").values("pk")[:1],
        Page.objects.order_by("-pk").values("pk")[:1],
        ModelLogEntry.objects.order_by("-pk").values("pk")[:1],
        Dataset.objects.filter(last_imported_at__isnull=False)
        .order_by("-last_imported_at")
        .values("last_imported_at")[:1],
    ]
    if with_index:
        queries.append(IndexEntry.objects.order_by("-pk").values("pk")[:1])
    compiled = [query.query.get_compiler(using="default").as_sql() for query in queries]
    sql = "SELECT " + ", ".join(f"({part})" for part, _params in compiled)
    return sql, tuple(param for _part, params in compiled for param in params)


def kept_key(name: str, *parts: object, state: str | None = None) -> str:
    """The cache key of ``name`` for ``parts`` in this state of the library (read when not given):
    anything that changes what the Exchange shows makes a new state, so a key never goes stale."""
    text = repr((state or library_state(), parts))
    return f"library:{name}:" + hashlib.sha256(text.encode()).hexdigest()


def kept(name: str, *parts: object, build: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """``build()``, kept in the cache under ``kept_key(name, *parts)`` until the library changes
    (``SEARCH_CACHE_SECONDS`` at most) when ``keep`` (if given) says so. For what every visitor
    is shown alike: a search's answer, a page's content, an API answer."""
    key = kept_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        if keep is None or keep(value):
            cache.set(key, value, SEARCH_CACHE_SECONDS)
    return value


def _cache_key(state: str, filters: ResourceFilters, *parts: object) -> str:
    """The key of a search's answer (count, ids, facet counts) in this state of the library. The
    answer's shape has a version, so an answer cached by an older release is never read."""
    return kept_key("search", SEARCH_ANSWER_VERSION, filters.as_query(), *parts, state=state)


def resource_search(
    filters: ResourceFilters,
    *,
    limit: int = 20,
    offset: int = 0,
    with_facets: bool = True,
    vocab: Vocabulary | None = None,
    full: bool = False,
) -> SearchResult:
    """Published resources matching the filters, one page of them, and facet counts.

    The answer is cached until the library changes (``SEARCH_CACHE_SECONDS`` at most), so a
    page, its downloads and the same search in the API cost one search. Raises
    ``FilterErrors`` for an unknown council and ``search.SearchTimeout`` when the search
    runs out of time.
    """
    council = _council_for(filters)
    marks = library_marks()
    key = _cache_key(state_of(marks), filters, limit, offset, with_facets)
    cached = cache.get(key)
    if cached is None:
        # Brought up to date after a change to a few pages, built after others; outside the time limit.
        index = facet_index.get(marks)
        with search.time_limit():
            cached = _search(filters, council, index, limit=limit, offset=offset, with_facets=with_facets)
        cache.set(key, cached, SEARCH_CACHE_SECONDS)
    count, ids, counts = cached
    # The items are read now, published ones only: a resource withdrawn since the answer was made
    # (by a change the library's state missed) is left out, never shown.
    items: list[Any]
    if full:
        pages = ResourcePage.objects.filter(pk__in=ids, live=True)
        found = {page.pk: page for page in _list_shape(pages, full=True)}
        items = [found[pk] for pk in ids if pk in found]
    else:
        items = [item for item in listing.load(ids) if item.live]
    facets: list[Facet] = []
    if with_facets:
        vocab = vocab or vocabulary()
        facets = [_collection_facet(counts["collection"], filters)]
        facets += [_facet(param, label, counts[param], filters, vocab) for param, label in FACETS]
    return SearchResult(filters=filters, count=count, items=items, facets=facets, council=council)


def resource_search_all(filters: ResourceFilters) -> SearchResult:
    """Every match (up to MAX_DOWNLOAD), for the CSV and JSON downloads."""
    return resource_search(filters, limit=MAX_DOWNLOAD, with_facets=False, full=True)


def resource_feed_items(limit: int = 50) -> list[listing.ResourceSummary]:
    """The Exchange's own newest published resources, newest first (the Atom feed)."""
    queryset = in_collection(published_resources(), DEFAULT_COLLECTION).order_by("-first_published_at", "-pk")
    return listing.load(queryset[:limit])


# --- One resource ----------------------------------------------------------------


def may_see_draft(user: Any, page: ResourcePage) -> bool:
    """The submitter, their council's super-users and editors may see a resource before it is published."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if page.owner_id == user.pk and page.submitted_by_council_id is not None:
        return True
    if page.submitted_by_council_id is not None and can(
        user, RESOURCE_VIEW_COUNCIL_SUBMISSIONS, page.submitted_by_council
    ):
        return True
    return can(user, RESOURCE_VIEW_DRAFTS, page)


def _detail_queryset() -> QuerySet[ResourcePage]:
    councils = Council.objects.only("pk", "name", "gss_code", "la_code", "region", "type").order_by("name")
    return ResourcePage.objects.select_related("submitted_by_council").prefetch_related(
        Prefetch("councils", queryset=councils),
        Prefetch("replicated_by", queryset=councils),
        Prefetch("themes", queryset=Theme.objects.order_by("-group", "sort_order")),
        Prefetch("service_areas", queryset=ServiceArea.objects.order_by("sort_order")),
        "outcomes",
        "attachments__document",
    )


def resource_get_for_user(*, user: Any, slug: str | None = None, pk: int | None = None) -> ResourcePage | None:
    """One resource as this user may see it: the published version, or the latest draft for those
    who may see drafts. None when it does not exist or they may not see it (callers answer 404)."""
    queryset = _detail_queryset()
    page = queryset.filter(slug=slug).first() if slug is not None else queryset.filter(pk=pk).first()
    if page is None:
        return None
    if page.live:
        return page
    if not may_see_draft(user, page):
        return None
    return draft_of(page)


def draft_of(page: ResourcePage) -> ResourcePage:
    """The latest revision of a page as a page object (what its submitter last sent)."""
    latest = page.get_latest_revision_as_object()
    return latest


def similar_resources(page: ResourcePage, limit: int = SIMILAR_LIMIT) -> list[listing.ResourceSummary]:
    """Published resources sharing service areas, themes and councils with this one, then by search."""
    theme_ids = [theme.pk for theme in page.themes.all()]
    area_ids = [area.pk for area in page.service_areas.all()]
    council_ids = [council.pk for council in page.councils.all()]

    def shared(model: Any, field_name: str, ids: list[int]) -> Any:
        rows = (
            model.objects.filter(resourcepage_id=OuterRef("pk"), **{f"{field_name}__in": ids})
            .order_by()
            .values("resourcepage_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    found: list[int] = []
    collection = collection_of(page.source_dataset)  # similar resources come from the same collection
    base = in_collection(published_resources(), collection).exclude(pk=page.pk)
    if theme_ids or area_ids or council_ids:
        related = base.filter(
            Q(pk__in=_links(ThemeLink, theme_id__in=theme_ids))
            | Q(pk__in=_links(ServiceAreaLink, servicearea_id__in=area_ids))
            | Q(pk__in=_links(CouncilLink, council_id__in=council_ids))
        ).annotate(
            score=2 * shared(ServiceAreaLink, "servicearea_id", area_ids)
            + 2 * shared(ThemeLink, "theme_id", theme_ids)
            + shared(CouncilLink, "council_id", council_ids)
        )
        ordered = related.order_by("-score", F("date").desc(nulls_last=True), "-pk")
        found = list(ordered.values_list("pk", flat=True)[:limit])
    if len(found) < limit:
        terms = [term for term in search.parse_terms(page.title) if len(term) > 3][: search.MAX_TERMS]
        if terms:
            try:
                with search.time_limit():
                    matches = search.restrict_to_matches(base, terms, operator="or")
                    more = matches.exclude(pk__in=found).order_by("-relevance")
                    found += list(more.values_list("pk", flat=True)[: limit - len(found)])
            except search.SearchTimeout:
                pass
    return listing.load(found)


# --- Council profiles ---------------------------------------------------------------


@dataclass(frozen=True)
class CouncilResources:
    council: Council
    items: list[listing.ResourceSummary]
    count: int
    search_href: str


def resources_for_council(council: Council, limit: int = COUNCIL_LIST_LIMIT) -> CouncilResources:
    """Published resources a council took part in or replicated, newest first (for its profile)."""
    queryset = _for_council(published_resources(), council)
    items = listing.load(_ordered(queryset, "newest")[:limit])
    count = len(items) if len(items) < limit else queryset.count()
    return CouncilResources(
        council=council,
        items=items,
        count=count,
        # Every collection: a council's profile lists its climate plans as well as case studies.
        search_href=reverse("library:index") + f"?collection={ALL_COLLECTIONS}&council={council.code}",
    )


# --- Submissions --------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionStatus:
    code: str
    label: str
    colour: str  # GOV.UK tag modifier


PUBLISHED = SubmissionStatus("published", "Published", "green")
IN_REVIEW = SubmissionStatus("in-review", "In review", "blue")
CHANGES_REQUESTED = SubmissionStatus("changes-requested", "Changes requested", "orange")
DRAFT = SubmissionStatus("draft", "Draft", "grey")
WITHDRAWN = SubmissionStatus("withdrawn", "Not published", "grey")


@dataclass
class Submission:
    page: ResourcePage
    status: SubmissionStatus
    workflow_state: WorkflowState | None
    is_own: bool

    @property
    def comment(self) -> str:
        """The editor's comment when they asked for changes."""
        if self.status is not CHANGES_REQUESTED or self.workflow_state is None:
            return ""
        task_state = self.workflow_state.current_task_state
        return task_state.specific.get_comment() if task_state else ""


def submission_status(page: ResourcePage, workflow_state: WorkflowState | None) -> SubmissionStatus:
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_REVIEW
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    if page.live:
        return PUBLISHED
    if page.first_published_at is not None:
        return WITHDRAWN
    return DRAFT


def _latest_workflow_states(pages: list[ResourcePage]) -> dict[int, WorkflowState]:
    if not pages:
        return {}
    page_type = ContentType.objects.get_for_model(Page)
    states = (
        WorkflowState.objects.filter(base_content_type=page_type, object_id__in=[str(page.pk) for page in pages])
        .select_related("current_task_state")
        .order_by("created_at", "pk")
    )
    return {int(state.object_id): state for state in states}


def _super_user_councils(user: Any) -> list[int]:
    roles = roles_of(user)
    return [council_id for council_id, role in roles.council_roles.items() if role == Role.SUPER_USER]


def submissions_for_user(user: Any) -> list[Submission]:
    """The user's own submissions, and every submission of councils where they are a super-user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    councils = Council.objects.filter(pk__in=_super_user_councils(user))
    allowed = [council.pk for council in councils if can(user, RESOURCE_VIEW_COUNCIL_SUBMISSIONS, council)]
    pages = list(
        ResourcePage.objects.filter(submitted_by_council__isnull=False)
        .filter(Q(owner=user) | Q(submitted_by_council_id__in=allowed))
        .select_related("submitted_by_council", "owner")
        .order_by("-latest_revision_created_at", "-pk")
    )
    states = _latest_workflow_states(pages)
    return [
        Submission(
            page=page,
            status=submission_status(page, states.get(page.pk)),
            workflow_state=states.get(page.pk),
            is_own=page.owner_id == user.pk,
        )
        for page in pages
    ]


def submission_get_for_user(*, user: Any, pk: int) -> Submission | None:
    """One submission, if this user may see it (else None: callers answer 404, never 403)."""
    page = ResourcePage.objects.select_related("submitted_by_council", "owner").filter(pk=pk).first()
    if page is None or page.submitted_by_council_id is None or not may_see_draft(user, page):
        return None
    state = _latest_workflow_states([page]).get(page.pk)
    return Submission(
        page=page, status=submission_status(page, state), workflow_state=state, is_own=page.owner_id == user.pk
    )


def submitting_councils(user: Any) -> list[Council]:
    """The councils this user may submit case studies for."""
    from tiex.library.permissions import RESOURCE_SUBMIT

    roles = roles_of(user)
    councils = Council.objects.filter(pk__in=list(roles.council_roles)).order_by("name")
    return [council for council in councils if can(user, RESOURCE_SUBMIT, council)]


# --- Export --------------------------------------------------------------------------


def resources_for_export(*, include_drafts: bool = False) -> Iterator[ResourcePage]:
    """Every resource (published only, unless asked) with what the CSV export needs."""
    queryset = _detail_queryset().order_by("pk")
    if not include_drafts:
        queryset = queryset.filter(live=True)
    yield from queryset.iterator(chunk_size=500)
