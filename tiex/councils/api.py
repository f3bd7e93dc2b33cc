"""The councils API, mounted at /api/v1/councils (see docs/api.md).

Handlers only parse input, call a selector and shape the answer; the list uses
the same ``council_list`` selector as the directory page and its downloads.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from pydantic import BaseModel, field_validator

from tiex.councils import climate, comparators, selectors
from tiex.councils.models import ComparatorKind, Control, Council, CouncilType, Nation, Powers
from tiex.councils.svg import reduce_geometry
from tiex.finance.api import FinanceIndicatorsOut
from tiex.finance.selectors import FinanceIndicator, FinanceSort, summary_of

router = Router()
RENDERER = JSONRenderer()  # the API's renderer (tiex/api/api.py sets none)

MAX_LIMIT = 500
FINANCE_BOUND = 100_000.0  # percent, as the directory's form allows
MAX_OFFSET = 100_000
YEAR_MIN = 1970
YEAR_MAX = 2100
BOUNDARY_PRECISION = 3  # decimal places of a degree: about 100 m, finer than the 200 m source
BOUNDARY_TOLERANCE = 0.0005  # Douglas-Peucker tolerance in degrees (about 50 m)
BOUNDARY_MAX_AGE = 24 * 60 * 60
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding
TYPE_NAMES = dict(CouncilType.choices)
CONTROL_NAMES = dict(Control.choices)
POWERS_NAMES = dict(Powers.choices)


def _profile_url(council: Any, context: Any) -> str:
    path = reverse("councils:detail", args=[council.code])
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


# --- Schemas -------------------------------------------------------------------


class CouncilRef(Schema):
    code: str = Field(description="GSS code, or the mySociety code for the few councils without one")
    gss_code: str | None
    la_code: str = Field(description="mySociety local authority code")
    name: str
    type: str
    is_current: bool
    url: str = Field(description="The council's profile page")

    @staticmethod
    def resolve_url(obj: Council, context: Any) -> str:
        return _profile_url(obj, context)


class CouncilOut(CouncilRef):
    official_name: str
    type_name: str
    powers: str
    region: str
    nation: str
    is_principal: bool
    control: str | None = Field(description="Party code of the latest control on record, 'noc' for no overall control")
    control_name: str | None
    control_year: int | None
    county_code: str | None
    county_name: str | None
    combined_authority_code: str | None
    combined_authority_name: str | None
    start_date: datetime.date | None
    end_date: datetime.date | None

    @staticmethod
    def resolve_type_name(obj: Council) -> str:
        return TYPE_NAMES.get(obj.type, obj.type)

    @staticmethod
    def resolve_control(obj: Council) -> str | None:
        return obj.control or None

    @staticmethod
    def resolve_control_name(obj: Council) -> str | None:
        return CONTROL_NAMES.get(obj.control, obj.control) if obj.control else None

    @staticmethod
    def resolve_county_code(obj: Council) -> str | None:
        return obj.county.code if obj.county else None

    @staticmethod
    def resolve_county_name(obj: Council) -> str | None:
        return obj.county.name if obj.county else None

    @staticmethod
    def resolve_combined_authority_code(obj: Council) -> str | None:
        return obj.combined_authority.code if obj.combined_authority else None

    @staticmethod
    def resolve_combined_authority_name(obj: Council) -> str | None:
        return obj.combined_authority.name if obj.combined_authority else None


class CouncilListItemOut(CouncilOut):
    """A list item: the council with its financial indicators (tiex/finance; null without returns)."""

    finance: FinanceIndicatorsOut | None = Field(description="Financial indicators (docs/finance.md)")

    @staticmethod
    def resolve_finance(obj: Council) -> Any:
        return summary_of(obj)


class CouncilDownloadOut(CouncilListItemOut):
    """A directory download's row: the list item with the tier's name, figures and raw identifiers."""

    powers_name: str
    population_2020: int | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None
    ocd_id: int | None = Field(description="Open Council Data id")
    gov_uk_slug: str

    @staticmethod
    def resolve_powers_name(obj: Council) -> str:
        return POWERS_NAMES.get(obj.powers, obj.powers)


class ControlYearOut(Schema):
    year: int
    control: str
    control_name: str
    control_changed: bool | None = Field(description="Differs from the year before; null for the first year on record")
    total_seats: int
    seats: dict[str, int] = Field(description="Seats by party code")
    majority_label: str = Field(description="The source's own description")


class NetZeroCommitmentOut(Schema):
    scope: str = Field(description='"Whole area", "Council operations", "No promise" ...')
    target_year: int | None
    wording: str
    source_url: str
    source_name: str


class ClimateDeclarationOut(Schema):
    made_declaration: bool | None
    declaration_text: str = Field(description="The source's own answer, as given")
    date_made: datetime.date | None = Field(
        description="The first day of the month or year if that is all the source gives"
    )
    date_precision: str = Field(description="How much of date_made the source gives: day, month or year")
    motion_url: str
    link_label: str = Field(description="The source's own label for motion_url, e.g. 'Link to pledges'")
    council_target_year: int | None
    area_target: str


class CouncilDetailOut(CouncilOut):
    powers_name: str
    alt_names: list[str]
    former_codes: list[str]
    ocd_id: int | None = Field(description="Open Council Data id")
    population_2020: int | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None
    gov_uk_slug: str
    boundary_year: int | None
    corrections: dict[str, str] = Field(
        description="What the import corrected or left out of the source, by field (e.g. region, start_date)"
    )
    county: CouncilRef | None
    combined_authority: CouncilRef | None
    districts: list[CouncilRef]
    constituent_councils: list[CouncilRef]
    successors: list[CouncilRef]
    predecessors: list[CouncilRef]
    control_history: list[ControlYearOut]
    net_zero_commitments: list[NetZeroCommitmentOut] = Field(
        description="mySociety / Climate Emergency UK (CC BY 4.0); whole area first"
    )
    climate_emergency_declaration: ClimateDeclarationOut | None = Field(
        description="mySociety / Climate Emergency UK (CC BY 4.0)"
    )


class CouncilListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CouncilListItemOut]


class SourceOut(Schema):
    slug: str
    title: str
    publisher: str
    licence: str
    licence_url: str
    attribution: str
    url: str = Field(description="Where the source is described on this site")


class ComparatorOut(Schema):
    council: CouncilRef
    rank: int | None
    note: str
    measure: str = Field(description="The measure the list is ordered by, for this council (e.g. '12 km')")
    distance_km: float | None = Field(description="Distance between the two councils' centroids")


class ComparatorsOut(Schema):
    council: CouncilRef
    kind: str
    kind_name: str
    label: str = Field(description="For similarity kinds: the cluster the council is in")
    label_description: str
    ordering: str = Field(description="How the list is ordered, in one sentence")
    withheld: str = Field(
        description="Why the label and list are left out (a cluster built on a region tiex corrected); empty otherwise"
    )
    source: SourceOut | None
    count: int
    items: list[ComparatorOut]


class ErrorOut(Schema):
    detail: Any


NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f]*$"


class Region(enum.StrEnum):
    """The regions councils are recorded in: England's nine ONS regions, and the other nations
    (as the council register records them). Empty means any region."""

    EAST_MIDLANDS = "East Midlands"
    EAST_OF_ENGLAND = "East of England"
    LONDON = "London"
    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"
    WEST_MIDLANDS = "West Midlands"
    YORKSHIRE_AND_THE_HUMBER = "Yorkshire and The Humber"
    WALES = "Wales"
    SCOTLAND = "Scotland"
    NORTHERN_IRELAND = "Northern Ireland"
    ANY = ""


class CouncilListQuery(BaseModel):
    q: str = Field(
        "",
        max_length=selectors.MAX_QUERY_LENGTH,
        pattern=NO_CONTROL_CHARACTERS,
        description="Name, former name or GSS/mySociety code",
    )
    nation: Nation | None = None
    type: list[CouncilType] = Field(default_factory=list, description="Council type code; repeat for several")
    region: Region = Field(Region.ANY, description="Region name as recorded, e.g. South East; empty for any")
    principal: bool = Field(
        selectors.DEFAULT_PRINCIPAL, description="Principal councils only (default); false for every type"
    )
    control: Control | None = Field(None, description="Party code of the latest control, or 'noc'")
    changed_control_since: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="A year, e.g. 2024")
    include_former: bool = Field(False, description="Include abolished councils")
    finance_indicator: FinanceIndicator | None = Field(
        None, description="Keep councils with this financial indicator (within finance_min and finance_max)"
    )
    finance_min: float | None = Field(
        None, ge=-FINANCE_BOUND, le=FINANCE_BOUND, allow_inf_nan=False, description="At least this, in percent"
    )
    finance_max: float | None = Field(
        None,
        ge=-FINANCE_BOUND,
        le=FINANCE_BOUND,
        allow_inf_nan=False,
        description="At most this, in percent: -25 with unallocated-change is 'fell by a quarter or more'",
    )
    finance_sort: FinanceSort = Field(FinanceSort.NAME, description="Order: by name, or by a financial indicator")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    @field_validator("q")
    @classmethod
    def no_control_characters(cls, value: str | None) -> str | None:
        if value is not None and any(ord(char) < 32 for char in value):
            raise ValueError("must not contain control characters")
        return value


def filters_from_query(query: CouncilListQuery) -> selectors.CouncilFilters:
    """Turn validated query parameters into directory filters (an unknown region is already a 422)."""
    region = query.region.value
    return selectors.CouncilFilters(
        q=" ".join(query.q.split()),
        nation=query.nation.value if query.nation else "",
        types=tuple(dict.fromkeys(item.value for item in query.type)),
        region=region,
        principal=query.principal,
        control=query.control.value if query.control else "",
        changed_control_since=query.changed_control_since,
        include_former=query.include_former,
        finance_indicator=query.finance_indicator.value if query.finance_indicator else "",
        finance_min=query.finance_min,
        finance_max=query.finance_max,
        finance_sort="" if query.finance_sort == FinanceSort.NAME else query.finance_sort.value,
    )


def _lookup(gss: str) -> Council:
    found = selectors.council_lookup(gss)
    if found is None:
        raise HttpError(404, f"No council has the code {gss[:20]!r}.")
    return found.council


def _cached_json(request: HttpRequest, parts: tuple[Any, ...], answer: Callable[[], BaseModel]) -> HttpResponse:
    """The JSON of ``answer()``, cached until the next import.

    Answers hold absolute URLs, so the key includes the scheme and host asked for. The
    bytes are those ninja's default renderer (the API's) would write for the same schema instance.
    """
    key = selectors.cache_key("api", request.build_absolute_uri("/"), *parts)
    body = selectors.page_cache().get(key)
    if body is None:
        body = RENDERER.render(request, answer().model_dump(), response_status=200)
        selectors.page_cache().set(key, body, selectors.CACHE_SECONDS)
    return HttpResponse(body, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")


def detail_data(detail: selectors.CouncilDetail) -> dict[str, Any]:
    """The detail fields that are not plain attributes of the council."""
    council, history = detail.council, detail.history
    commitments = climate.climate_commitments(council)
    return {
        "net_zero_commitments": commitments.commitments,
        "climate_emergency_declaration": commitments.declaration,
        "powers_name": council.get_powers_display() if council.powers else "",
        "alt_names": detail.alt_names,
        "former_codes": detail.former_codes,
        "districts": detail.districts,
        "constituent_councils": detail.constituent_councils,
        "successors": detail.successors,
        "predecessors": detail.predecessors,
        "control_history": [
            {
                "year": row.year,
                "control": row.control,
                "control_name": row.control_name,
                "control_changed": row.control_changed,
                "total_seats": row.total_seats,
                "seats": {count.party: count.seats for count in row.seats},
                "majority_label": row.majority_label,
            }
            for row in history.rows
        ],
    }


# --- Endpoints -----------------------------------------------------------------


@router.get("", response=CouncilListOut, url_name="council_list", summary="List councils")
def council_list(request: HttpRequest, query: Query[CouncilListQuery]) -> HttpResponse:
    """Councils matching the filters, by name. The same filters as the /councils/ page."""
    filters = filters_from_query(query)

    def answer() -> CouncilListOut:
        councils = selectors.council_list(filters)
        data = {
            "count": councils.count(),
            "limit": query.limit,
            "offset": query.offset,
            "items": list(councils[query.offset : query.offset + query.limit]),
        }
        return CouncilListOut.model_validate(data, context={"request": request})

    return _cached_json(request, ("list", filters, query.limit, query.offset), answer)


def boundaries_geojson(tier: str | None) -> bytes:
    """The boundaries FeatureCollection as compact JSON bytes (seconds of work: cache it)."""
    features = []
    for council in selectors.boundary_list(tier):
        geometry = reduce_geometry(council.boundary, precision=BOUNDARY_PRECISION, tolerance=BOUNDARY_TOLERANCE)
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"gss": council.code, "name": council.name, "type": council.type},
                "geometry": geometry,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()


@router.get("/boundaries.geojson", url_name="council_boundaries", summary="Boundaries of English principal councils")
def council_boundaries(request: HttpRequest, tier: Literal["upper", "lower"] | None = None) -> HttpResponse:
    """A GeoJSON FeatureCollection of current English principal councils (properties gss, name,
    type), simplified and rounded to 3 decimals. tier=lower: districts and unitaries (no overlaps);
    tier=upper: counties and unitaries."""
    key = selectors.cache_key("boundaries", tier)
    cached = selectors.page_cache().get(key)
    if cached is None:
        body = boundaries_geojson(tier)
        gzipped = compress_string(body)
        cached = (body, gzipped if len(gzipped) < len(body) else None)
        selectors.page_cache().set(key, cached, selectors.CACHE_SECONDS)
    body, gzipped = cached
    if gzipped is not None and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(gzipped, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=BOUNDARY_MAX_AGE)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@router.get(
    "/{gss}",
    response={200: CouncilDetailOut, 404: ErrorOut},
    url_name="council_detail",
    summary="One council",
)
def council_detail(request: HttpRequest, gss: str) -> HttpResponse:
    """One council by GSS code; a former GSS code or the mySociety code finds it too."""

    def answer() -> CouncilDetailOut:
        detail = selectors.council_detail(_lookup(gss))
        return CouncilDetailOut.from_orm(_Detail(detail.council, detail_data(detail)), context={"request": request})

    return _cached_json(request, ("detail", gss), answer)


@router.get(
    "/{gss}/comparators",
    response={200: ComparatorsOut, 404: ErrorOut},
    url_name="council_comparators",
    summary="Comparable councils of one kind",
)
def council_comparators(
    request: HttpRequest, gss: str, kind: ComparatorKind, limit: int | None = Query(None, ge=1, le=MAX_LIMIT)
) -> HttpResponse:
    """Councils comparable by one kind, best first, with the kind's source and licence."""

    def answer() -> ComparatorsOut:
        data = comparators_data(request, gss, kind, limit)
        return ComparatorsOut.model_validate(data, context={"request": request})

    return _cached_json(request, ("comparators", gss, kind.value, limit), answer)


def comparators_data(request: HttpRequest, gss: str, kind: ComparatorKind, limit: int | None) -> dict[str, Any]:
    council = _lookup(gss)
    group = comparators.comparator_group(council, kind, limit=limit)
    source = None
    if group.source is not None:
        spec = group.source
        source = {
            "slug": spec.slug,
            "title": spec.title,
            "publisher": spec.publisher,
            "licence": spec.licence,
            "licence_url": spec.licence_url,
            "attribution": spec.attribution,
            "url": request.build_absolute_uri(reverse("core:data_sources") + f"#{spec.slug}"),
        }
    return {
        "council": council,
        "kind": group.kind,
        "kind_name": group.kind_name,
        "label": group.label,
        "label_description": group.label_description,
        "ordering": group.ordering,
        "withheld": group.withheld,
        "source": source,
        "count": len(group.comparators),
        "items": [
            {
                "council": item.council,
                "rank": item.rank,
                "note": item.note,
                "measure": item.measure,
                "distance_km": round(item.distance_km, 1) if item.distance_km is not None else None,
            }
            for item in group.comparators
        ],
    }


class _Detail:
    """A council with its computed detail fields, readable by CouncilDetailOut."""

    def __init__(self, council: Council, extra: dict[str, Any]) -> None:
        self._council = council
        self._extra = extra

    def __getattr__(self, name: str) -> Any:
        if name in self._extra:
            return self._extra[name]
        return getattr(self._council, name)
