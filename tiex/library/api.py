"""The Exchange API, mounted at /api/v1/resources (see docs/library.md).

The list uses the same parameters and the same ``resource_search`` selector as the
/exchange/ page and its downloads, so the three always agree. Only published
resources are listed; one resource by id is also shown to those who may see its draft.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from tiex.councils.models import CouncilType
from tiex.library import search, selectors
from tiex.library.choices import EvidenceLevel, OutcomeKind, ResourceType
from tiex.library.filters import (
    FACET_PARAMS,
    MAX_VALUES_PER_FACET,
    YEAR_MAX,
    YEAR_MIN,
    FilterErrors,
    ResourceFilters,
    Vocabulary,
    parse_filters,
)
from tiex.library.models import ResourcePage

router = Router()

MAX_LIMIT = 100
MAX_OFFSET = 100_000
MAX_ID = 2**63 - 1
TYPE_NAMES = dict(ResourceType.choices)
EVIDENCE_NAMES = dict(EvidenceLevel.choices)


def absolute(context: Any, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


# --- Schemas -------------------------------------------------------------------


class TermOut(Schema):
    slug: str
    name: str


class CouncilRefOut(Schema):
    code: str = Field(description="GSS code, or the mySociety code for the few councils without one")
    name: str
    url: str = Field(description="The council's profile page")

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return absolute(context, reverse("councils:detail", args=[obj.code]))


class OutcomeOut(Schema):
    kind: str = Field(description="saving or benefit")
    description: str
    amount: Decimal | None = Field(None, description="Savings only, in pounds")
    period: str = Field(description="one-off, per-year or total (savings only)")
    status: str = Field(description="achieved or expected")


class ContactOut(Schema):
    name: str
    role: str
    email: str


class ResourceOut(Schema):
    id: int
    slug: str
    url: str = Field(description="The resource's page")
    title: str
    type: str = Field(description="case-study, guidance, toolkit, training, report or external")
    type_name: str
    summary: str
    themes: list[TermOut]
    service_areas: list[TermOut]
    councils: list[CouncilRefOut] = Field(description="Councils involved")
    replicated_by: list[CouncilRefOut] = Field(description="Councils that adopted the approach")
    date: datetime.date | None
    review_date: datetime.date | None
    possibly_out_of_date: bool
    evidence_level: str
    evidence_level_name: str
    outcomes: list[OutcomeOut]
    total_savings_per_year: Decimal | None = Field(description="Sum of savings per year (achieved and expected)")
    contact: ContactOut | None
    external_url: str
    licence: str
    attribution: str
    is_demo: bool = Field(description="Demo content written to show how the Exchange works")
    published: bool
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None

    @staticmethod
    def resolve_url(obj: ResourcePage, context: Any) -> str:
        return absolute(context, reverse("library:resource", args=[obj.slug]))

    @staticmethod
    def resolve_type(obj: ResourcePage) -> str:
        return obj.resource_type

    @staticmethod
    def resolve_type_name(obj: ResourcePage) -> str:
        return TYPE_NAMES.get(obj.resource_type, obj.resource_type)

    @staticmethod
    def resolve_themes(obj: ResourcePage) -> list[Any]:
        return list(obj.themes.all())

    @staticmethod
    def resolve_service_areas(obj: ResourcePage) -> list[Any]:
        return list(obj.service_areas.all())

    @staticmethod
    def resolve_councils(obj: ResourcePage) -> list[Any]:
        return list(obj.councils.all())

    @staticmethod
    def resolve_replicated_by(obj: ResourcePage) -> list[Any]:
        return list(obj.replicated_by.all())

    @staticmethod
    def resolve_possibly_out_of_date(obj: ResourcePage) -> bool:
        return obj.is_possibly_out_of_date

    @staticmethod
    def resolve_evidence_level_name(obj: ResourcePage) -> str:
        return EVIDENCE_NAMES.get(obj.evidence_level, obj.evidence_level)

    @staticmethod
    def resolve_outcomes(obj: ResourcePage) -> list[Any]:
        return list(obj.outcomes.all())

    @staticmethod
    def resolve_total_savings_per_year(obj: ResourcePage) -> Decimal | None:
        amounts = [o.amount for o in obj.outcomes.all() if o.kind == OutcomeKind.SAVING and o.period == "per-year"]
        return sum(amounts, Decimal(0)) if amounts else None

    @staticmethod
    def resolve_contact(obj: ResourcePage) -> dict[str, str] | None:
        if not (obj.contact_name or obj.contact_email):
            return None
        return {"name": obj.contact_name, "role": obj.contact_role, "email": obj.contact_email}

    @staticmethod
    def resolve_published(obj: ResourcePage) -> bool:
        return bool(obj.live)


class AttachmentOut(Schema):
    title: str
    url: str

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return obj.title or obj.document.title

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return absolute(context, obj.document.url)


class ResourceDetailOut(ResourceOut):
    body: str = Field(description="Rich text as HTML (sanitised)")
    evidence_note: str
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: ResourcePage) -> list[Any]:
        return list(obj.attachments.all())


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    param: str = Field(description="The query parameter that filters by this facet")
    label: str
    values: list[FacetValueOut]


class ResourceListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ResourceOut]
    facets: list[FacetOut] = Field(description="Counts for each facet value, given the other filters")


class ErrorOut(Schema):
    detail: Any


SLUG_PATTERN = r"^[a-z0-9-]*$"
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"  # no control characters
# Empty, or letters, digits and hyphens with at least one letter or digit (as the filter checks).
CODE_PATTERN = r"^(|[A-Za-z0-9-]*[A-Za-z0-9][A-Za-z0-9-]*)$"
Slug = Annotated[str, Field(max_length=60, pattern=SLUG_PATTERN)]
Region = Annotated[str, Field(max_length=60, pattern=TEXT_PATTERN)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Sort = Literal["relevance", "newest", "oldest", "title"]


class ResourceListQuery(Schema):
    q: str = Field(
        "",
        max_length=search.MAX_QUERY_LENGTH,
        pattern=TEXT_PATTERN,
        description=f"Words to search for; the first {search.MAX_TERMS} words are used",
    )
    type: list[ResourceType] = Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description="Resource type; repeat for several"
    )
    theme: list[Slug] = Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description="Theme slug; repeat for several"
    )
    service_area: list[Slug] = Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description="Service area slug; repeat for several"
    )
    region: list[Region] = Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description="Region of a council involved"
    )
    council_type: list[CouncilType] = Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description="Type code of a council involved"
    )
    evidence: list[EvidenceLevel] = Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description="Evidence level; repeat for several"
    )
    year: list[Year] = Field(
        default_factory=list, max_length=MAX_VALUES_PER_FACET, description="Year of the resource's date"
    )
    council: str = Field(
        "", max_length=12, pattern=CODE_PATTERN, description="GSS or mySociety code of a council involved"
    )
    sort: Sort | None = Field(None, description="Default: relevance with q, otherwise newest")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    facets: bool = Field(True, description="Include facet counts")


def _validation_error(errors: dict[str, str]) -> ValidationError:
    return ValidationError(
        [{"type": "value_error", "loc": ["query", name], "msg": message} for name, message in errors.items()]
    )


def filters_from_query(query: ResourceListQuery, vocab: Vocabulary | None = None) -> ResourceFilters:
    """The same filters as the page, except that an unknown theme, service area or region finds nothing."""
    params: dict[str, list[str]] = {
        name: [str(getattr(value, "value", value)) for value in getattr(query, name)] for name in FACET_PARAMS
    }
    params.update({"q": [query.q], "council": [query.council], "sort": [query.sort or ""]})
    try:
        return parse_filters(params, vocab or selectors.vocabulary(), strict=False)
    except FilterErrors as exc:
        raise _validation_error(exc.errors) from None


# --- Endpoints -----------------------------------------------------------------


@router.get(
    "",
    response={200: ResourceListOut, 422: ErrorOut, 503: ErrorOut},
    url_name="resource_list",
    summary="Search resources",
)
def resource_list(request: HttpRequest, query: Query[ResourceListQuery]) -> Any:
    """Published resources matching the search and filters, with facet counts. The same parameters as /exchange/."""
    vocab = selectors.vocabulary()
    filters = filters_from_query(query, vocab)
    try:
        result = selectors.resource_search(
            filters, limit=query.limit, offset=query.offset, with_facets=query.facets, vocab=vocab
        )
    except FilterErrors:  # an unknown council: nothing involves it
        return {"count": 0, "limit": query.limit, "offset": query.offset, "items": [], "facets": []}
    except search.SearchTimeout as exc:
        raise HttpError(503, str(exc)) from None
    return {
        "count": result.count,
        "limit": query.limit,
        "offset": query.offset,
        "items": result.items,
        "facets": result.facets,
    }


@router.get(
    "/{int:resource_id}",
    response={200: ResourceDetailOut, 404: ErrorOut, 422: ErrorOut},
    url_name="resource_detail",
    summary="One resource",
)
def resource_detail(request: HttpRequest, resource_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Any:
    """One resource by id: published, or its latest draft for those who may see drafts."""
    page = selectors.resource_get_for_user(user=request.user, pk=resource_id)
    if page is None:
        raise HttpError(404, "No resource has that id.")
    return page
