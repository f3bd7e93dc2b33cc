"""Resources as lists show them: search results, the API's items, the feed, similar resources,
a council's resources.

A list item is a plain value (``ResourceSummary``) read with four small queries for any
number of resources (the pages' own fields; their themes and service areas; their
councils involved and replicating; their outcomes), each compiled once (``_ByIds``),
without building Wagtail page objects or Django's prefetch machinery, which cost
several times as much for the 20 results of a search. ``summary_of`` turns a page
object (a draft revision included) into the same value, so the API's list and detail
and the JSON download share one shape.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, IntegerField, QuerySet, Value
from django.utils import timezone

from tiex.library.choices import OutcomeKind, collection_of
from tiex.library.models import ResourceOutcome, ResourcePage, ServiceArea, Theme


@dataclass(frozen=True, slots=True)
class Term:
    """A theme or a service area."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class CouncilRef:
    pk: int
    code: str  # the GSS code, or the mySociety code for the few without one (as in URLs)
    name: str


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    description: str
    amount: Decimal | None
    period: str
    status: str


@dataclass(slots=True)
class ResourceSummary:
    pk: int
    slug: str
    title: str
    resource_type: str
    summary: str
    date: datetime.date | None
    review_date: datetime.date | None
    evidence_level: str
    is_demo: bool
    live: bool
    contact_name: str
    contact_role: str
    contact_email: str
    external_url: str
    licence: str
    attribution: str
    source_dataset: str
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None
    themes: list[Term] = field(default_factory=list)
    service_areas: list[Term] = field(default_factory=list)
    councils: list[CouncilRef] = field(default_factory=list)
    replicated_by: list[CouncilRef] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.pk

    @property
    def collection(self) -> str:
        return collection_of(self.source_dataset)

    @property
    def is_possibly_out_of_date(self) -> bool:
        return self.review_date is not None and self.review_date <= timezone.localdate()

    @property
    def total_savings_per_year(self) -> Decimal | None:
        amounts = [o.amount for o in self.outcomes if o.kind == OutcomeKind.SAVING and o.period == "per-year"]
        return sum((amount for amount in amounts if amount is not None), Decimal(0)) if amounts else None


# The page fields a summary holds, in the order of ResourceSummary's first fields.
FIELDS = (
    "pk",
    "slug",
    "title",
    "resource_type",
    "summary",
    "date",
    "review_date",
    "evidence_level",
    "is_demo",
    "live",
    "contact_name",
    "contact_role",
    "contact_email",
    "external_url",
    "licence",
    "attribution",
    "source_dataset",
    "first_published_at",
    "last_published_at",
)


class _ByIds:
    """A ``values_list`` query over a list of ids, built and compiled by Django once per number
    of ids and then run with the ids as parameters. Building and compiling a queryset costs
    about as much as SQLite takes to answer these small queries, and a list of results runs
    four of them. Rows go through the same converters Django applies (dates, decimals)."""

    SENTINEL = -(2**52)  # ids no row has, to find where the ids go among the compiled parameters
    KEEP = 128  # compiled forms kept (one per number of ids)

    def __init__(self, build: Callable[[list[int]], QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: dict[tuple[str, int], tuple[str, list[Any], list[int | None], Any, list[Any]]] = {}

    def rows(self, ids: list[int]) -> list[Sequence[Any]]:
        if not ids:
            return []
        connection = connections[DEFAULT_DB_ALIAS]
        key = (connection.vendor, len(ids))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= self.KEEP:
                self._compiled.clear()
            compiled = self._compiled[key] = self._compile(len(ids))
        sql, params, slots, compiler, converters = compiled
        args = [param if slot is None else ids[slot] for param, slot in zip(params, slots, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            rows = cursor.fetchall()
        return list(compiler.apply_converters(rows, converters)) if converters else rows

    def _compile(self, n: int) -> tuple[str, list[Any], list[int | None], Any, list[Any]]:
        sentinels = list(range(self.SENTINEL, self.SENTINEL + n))
        queryset = self._build(sentinels)
        compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        slots = [
            param - self.SENTINEL if isinstance(param, int) and 0 <= param - self.SENTINEL < n else None
            for param in params
        ]
        if sum(slot is not None for slot in slots) % n:
            raise RuntimeError("every id must be a parameter of its own")  # pragma: no cover - a wrong build
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select[: compiler.col_count]])
        return sql, list(params), slots, compiler, converters


_PAGES = _ByIds(lambda ids: ResourcePage.objects.filter(pk__in=ids).values_list(*FIELDS))


def _terms_query(ids: list[int]) -> QuerySet[Any]:
    themes = ResourcePage.themes.through.objects.filter(resourcepage_id__in=ids).values_list(
        "resourcepage_id", "theme__slug", "theme__name", "theme__group", "theme__sort_order"
    )
    areas = (
        ResourcePage.service_areas.through.objects.filter(resourcepage_id__in=ids)
        .annotate(group=Value("", output_field=CharField()))
        .values_list("resourcepage_id", "servicearea__slug", "servicearea__name", "group", "servicearea__sort_order")
    )
    return themes.annotate(is_area=Value(0, output_field=IntegerField())).union(
        areas.annotate(is_area=Value(1, output_field=IntegerField())), all=True
    )


def _councils_query(ids: list[int]) -> QuerySet[Any]:
    fields = ("resourcepage_id", "council_id", "council__gss_code", "council__la_code", "council__name")
    involved = ResourcePage.councils.through.objects.filter(resourcepage_id__in=ids).values_list(*fields)
    replicated = ResourcePage.replicated_by.through.objects.filter(resourcepage_id__in=ids).values_list(*fields)
    return involved.annotate(replicated=Value(0, output_field=IntegerField())).union(
        replicated.annotate(replicated=Value(1, output_field=IntegerField())), all=True
    )


_TERMS = _ByIds(_terms_query)
_COUNCILS = _ByIds(_councils_query)
_OUTCOMES = _ByIds(
    lambda ids: (
        ResourceOutcome.objects.filter(page_id__in=ids)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "kind", "description", "amount", "period", "status")
    )
)


def load(resources: Sequence[int] | QuerySet[ResourcePage]) -> list[ResourceSummary]:
    """Summaries of these resources: ids (in the order given; ids that do not exist are left
    out), or a queryset of resources (in its order, as sliced)."""
    if isinstance(resources, QuerySet):
        rows = list(resources.values_list(*FIELDS))
        ids = [row[0] for row in rows]
    else:
        ids = list(dict.fromkeys(resources))
        rows = _PAGES.rows(ids)
    found = {row[0]: ResourceSummary(*row) for row in rows}
    if not found:
        return []
    keys = list(found)
    # Themes by group (descending, as Theme's ordering), then each by sort order and name.
    terms = sorted(sorted(_TERMS.rows(keys), key=lambda row: (row[4], row[2])), key=lambda row: row[3], reverse=True)
    for page_id, slug, name, _group, _order, is_area in terms:
        item = found[page_id]
        (item.service_areas if is_area else item.themes).append(Term(slug, name))
    for page_id, council_id, gss, la_code, name, is_replication in sorted(
        _COUNCILS.rows(keys), key=lambda row: (row[4], row[1])
    ):
        ref = CouncilRef(pk=council_id, code=gss or la_code, name=name)
        (found[page_id].replicated_by if is_replication else found[page_id].councils).append(ref)
    for page_id, *values in _OUTCOMES.rows(keys):
        found[page_id].outcomes.append(Outcome(*values))
    return [found[pk] for pk in ids if pk in found]


@dataclass(slots=True)
class ResourceDetail(ResourceSummary):
    """A summary with what only a resource's own page (and the API's detail) shows."""

    body: str = ""
    evidence_note: str = ""
    attachments: list[Any] = field(default_factory=list)  # ResourceAttachment objects


def detail_of(page: ResourcePage) -> ResourceDetail:
    """The detail of a page object: a published page, or a draft revision as a page."""
    item = ResourceDetail(*(getattr(page, name) for name in FIELDS))
    _fill_from_page(item, page)
    item.body = page.body
    item.evidence_note = page.evidence_note
    item.attachments = list(page.attachments.all())
    return item


def summary_of(page: ResourcePage) -> ResourceSummary:
    """The summary of a page object: a published page, or a draft revision as a page."""
    item = ResourceSummary(*(getattr(page, name) for name in FIELDS))
    _fill_from_page(item, page)
    return item


def _fill_from_page(item: ResourceSummary, page: ResourcePage) -> None:
    themes = sorted(sorted(page.themes.all(), key=_area_order), key=lambda theme: theme.group, reverse=True)
    item.themes = [Term(theme.slug, theme.name) for theme in themes]
    item.service_areas = [Term(area.slug, area.name) for area in sorted(page.service_areas.all(), key=_area_order)]
    item.councils = [_council(council) for council in sorted(page.councils.all(), key=_by_name)]
    item.replicated_by = [_council(council) for council in sorted(page.replicated_by.all(), key=_by_name)]
    item.outcomes = [Outcome(o.kind, o.description, o.amount, o.period, o.status) for o in page.outcomes.all()]


def _area_order(term: Theme | ServiceArea) -> tuple[Any, ...]:
    return (term.sort_order, term.name)


def _by_name(council: Any) -> tuple[str, int]:
    return (council.name, council.pk)


def _council(council: Any) -> CouncilRef:
    return CouncilRef(pk=council.pk, code=council.code, name=council.name)
