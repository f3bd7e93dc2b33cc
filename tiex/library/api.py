"""The Exchange API, mounted at /api/v1/resources (see docs/library.md).

The list uses the same parameters and the same ``resource_search`` selector as the
/exchange/ page and its downloads, so the three always agree. Only published
resources are listed; one resource by id is also shown to those who may see its draft.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.responses import NinjaJSONEncoder

from tiex.councils.models import CouncilType
from tiex.library import listing, search, selectors
from tiex.library.choices import EvidenceLevel, ResourceType
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
from tiex.library.listing import ResourceSummary

router = Router()

MAX_LIMIT = 100
MAX_OFFSET = 100_000
MAX_ID = 2**63 - 1
TYPE_NAMES = dict(ResourceType.choices)
EVIDENCE_NAMES = dict(EvidenceLevel.choices)


def absolute(context: Any, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class Links:
    """Addresses of resources and councils, absolute when there is a request: each address is
    a prefix and the slug or code (``reverse`` and ``build_absolute_uri`` run once per kind, not
    once per item and council, which was a third of a search's cost in the API)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        base = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self._resource = base + reverse("library:resource", args=["slug"])[: -len("slug/")]
        self._council = base + reverse("councils:detail", args=["CODE"])[: -len("CODE/")]

    def resource(self, slug: str) -> str:
        return f"{self._resource}{quote(slug, safe=SAFE)}/"

    def council(self, code: str) -> str:
        return f"{self._council}{quote(code, safe=SAFE)}/"


SAFE = "!$&'()*+,;=~:@"  # what reverse() leaves unquoted in a path segment (RFC 3986 sub-delims and more)


def _council_dict(council: listing.CouncilRef, links: Links) -> dict[str, Any]:
    return {"code": council.code, "name": council.name, "url": links.council(council.code)}


def resource_dict(item: ResourceSummary, links: Links) -> dict[str, Any]:
    """One resource as ``ResourceOut`` describes it, without pydantic (tests check the two agree)."""
    contact = None
    if item.contact_name or item.contact_email:
        contact = {"name": item.contact_name, "role": item.contact_role, "email": item.contact_email}
    return {
        "id": item.pk,
        "slug": item.slug,
        "url": links.resource(item.slug),
        "title": item.title,
        "type": item.resource_type,
        "type_name": TYPE_NAMES.get(item.resource_type, item.resource_type),
        "summary": item.summary,
        "themes": [{"slug": term.slug, "name": term.name} for term in item.themes],
        "service_areas": [{"slug": term.slug, "name": term.name} for term in item.service_areas],
        "councils": [_council_dict(council, links) for council in item.councils],
        "replicated_by": [_council_dict(council, links) for council in item.replicated_by],
        "date": item.date,
        "review_date": item.review_date,
        "possibly_out_of_date": item.is_possibly_out_of_date,
        "evidence_level": item.evidence_level,
        "evidence_level_name": EVIDENCE_NAMES.get(item.evidence_level, item.evidence_level),
        "outcomes": [
            {
                "kind": o.kind,
                "description": o.description,
                "amount": o.amount,
                "period": o.period,
                "status": o.status,
            }
            for o in item.outcomes
        ],
        "total_savings_per_year": item.total_savings_per_year,
        "contact": contact,
        "external_url": item.external_url,
        "licence": item.licence,
        "attribution": item.attribution,
        "is_demo": item.is_demo,
        "collection": item.collection,
        "published": bool(item.live),
        "first_published_at": item.first_published_at,
        "last_published_at": item.last_published_at,
    }


def facet_dicts(facets: list[selectors.Facet]) -> list[dict[str, Any]]:
    return [
        {
            "param": facet.param,
            "label": facet.label,
            "values": [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in facet.values
            ],
        }
        for facet in facets
    ]


JSON = "application/json; charset=utf-8"


def encode(data: Any) -> str:
    """JSON as django-ninja encodes its answers."""
    return json.dumps(data, cls=NinjaJSONEncoder)


def json_response(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(encode(data), status=status, content_type=JSON)


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
    collection: str = Field(
        description="exchange (the Exchange's own resources), climate-plans or peer-challenge-reports"
    )
    published: bool
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None

    @staticmethod
    def resolve_url(obj: ResourceSummary, context: Any) -> str:
        return absolute(context, reverse("library:resource", args=[obj.slug]))

    @staticmethod
    def resolve_type(obj: ResourceSummary) -> str:
        return obj.resource_type

    @staticmethod
    def resolve_type_name(obj: ResourceSummary) -> str:
        return TYPE_NAMES.get(obj.resource_type, obj.resource_type)

    @staticmethod
    def resolve_possibly_out_of_date(obj: ResourceSummary) -> bool:
        return obj.is_possibly_out_of_date

    @staticmethod
    def resolve_evidence_level_name(obj: ResourceSummary) -> str:
        return EVIDENCE_NAMES.get(obj.evidence_level, obj.evidence_level)

    @staticmethod
    def resolve_contact(obj: ResourceSummary) -> dict[str, str] | None:
        if not (obj.contact_name or obj.contact_email):
            return None
        return {"name": obj.contact_name, "role": obj.contact_role, "email": obj.contact_email}

    @staticmethod
    def resolve_collection(obj: ResourceSummary) -> str:
        return obj.collection

    @staticmethod
    def resolve_published(obj: ResourceSummary) -> bool:
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
CollectionParam = Literal["exchange", "climate-plans", "peer-challenge-reports", "all"]


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
    collection: CollectionParam | None = Field(
        None,
        description=(
            "Which collection to search: exchange (the Exchange's own resources, the default), "
            "climate-plans (the council climate plans collection), peer-challenge-reports (councils' "
            "published peer challenge reports, action plans and progress review reports) or all (every one)"
        ),
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
    params.update(
        {"q": [query.q], "council": [query.council], "sort": [query.sort or ""], "collection": [query.collection or ""]}
    )
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
    # The same question to the same host gets the same answer until the library changes, so the
    # encoded answer is kept under the library's state (as the search page is).
    body = selectors.kept(
        "api-list", *list_key_parts(request.get_host(), query), build=lambda: _list_body(request, query)
    )
    return HttpResponse(body, content_type=JSON)


def list_key_parts(host: str, query: ResourceListQuery) -> tuple[object, ...]:
    """What a search's kept answer depends on besides the library: the host asked, the parameters."""
    return host, sorted(query.model_dump(mode="json").items())


def _list_body(request: HttpRequest, query: ResourceListQuery) -> str:
    answer: dict[str, Any] = {"count": 0, "limit": query.limit, "offset": query.offset, "items": [], "facets": []}
    vocab = selectors.vocabulary()
    filters = filters_from_query(query, vocab)
    try:
        result = selectors.resource_search(
            filters, limit=query.limit, offset=query.offset, with_facets=query.facets, vocab=vocab
        )
    except FilterErrors:  # an unknown council: nothing involves it
        return encode(answer)
    except search.SearchTimeout as exc:
        raise HttpError(503, str(exc)) from None
    # Built as plain values and encoded directly: validating 20 items through pydantic cost more
    # than the search. ResourceListOut still documents the answer, and the tests (schemathesis
    # among them) check every answer against it.
    links = Links(request)
    answer.update(
        count=result.count,
        items=[resource_dict(item, links) for item in result.items],
        facets=facet_dicts(result.facets),
    )
    return encode(answer)


@router.get(
    "/{int:resource_id}",
    response={200: ResourceDetailOut, 404: ErrorOut, 422: ErrorOut},
    url_name="resource_detail",
    summary="One resource",
)
def resource_detail(request: HttpRequest, resource_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Any:
    """One resource by id: published, or its latest draft for those who may see drafts."""
    # A published resource is the same for everyone who asks the same host until the library
    # changes, so its answer is kept under the library's state; drafts are never kept.

    def build() -> tuple[bool, dict[str, Any]]:
        page = selectors.resource_get_for_user(user=request.user, pk=resource_id)
        if page is None:
            raise HttpError(404, "No resource has that id.")
        detail = ResourceDetailOut.from_orm(listing.detail_of(page), context={"request": request})
        return page.live, detail.model_dump()

    _live, data = selectors.kept("resource-json", request.get_host(), resource_id, build=build, keep=lambda v: v[0])
    return json_response(data)
