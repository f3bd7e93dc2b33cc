"""The councillor development API, mounted at /api/v1/programmes (see docs/development.md).

The list and the programme's page read through the same selectors as /councillor-development/,
so they always agree: live programmes only, each programme's upcoming cohorts with places left.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from tiex.development import navigator, selectors
from tiex.development.choices import Audience, Format
from tiex.development.models import Cohort, ProgrammePage

router = Router()


class DevelopmentCohortOut(Schema):
    id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    venue: str
    places: int
    places_left: int = Field(description="Places not held by a booking; 0: the waiting list is open")
    party: str = Field(description="Party code for a cohort run for one political group, else ''")
    bookings_open: bool


class DevelopmentProgrammeOut(Schema):
    slug: str
    title: str
    summary: str
    url: str
    audiences: list[Audience]
    min_years_service: int | None = Field(description="At least this many years as a councillor")
    max_years_service: int | None = Field(description="At most this many years as a councillor")
    max_years_in_post: int | None = Field(description="At most this many years in their current role")
    council_types: list[str] = Field(description="Council type codes; empty: any council")
    topics: list[str]
    portfolios: list[str]
    format: Format
    length: str
    time_commitment_hours: int
    cost: Decimal = Field(description="Pounds; 0 when free")
    nomination_required: bool = Field(description="Places are confirmed on nomination by the political group office")
    by_political_group: bool
    rules: list[str] = Field(description="Who may take part, in words")
    next_cohort_starts_on: datetime.date | None
    is_demo: bool


class DevelopmentProgrammeDetailOut(DevelopmentProgrammeOut):
    cohorts: list[DevelopmentCohortOut] = Field(description="Upcoming cohorts, soonest first")
    application_url: str


class DevelopmentProgrammeListOut(Schema):
    count: int
    items: list[DevelopmentProgrammeOut]


class DevelopmentErrorOut(Schema):
    detail: Any


class DevelopmentProgrammeQuery(Schema):
    audience: Audience | None = Field(None, description="Only programmes for this audience")
    format: Format | None = Field(None, description="Only programmes of this format")


def _cohort(cohort: Cohort) -> dict[str, Any]:
    return {
        "id": cohort.pk,
        "title": cohort.title,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "venue": cohort.venue,
        "places": cohort.places,
        "places_left": cohort.places_left,
        "party": cohort.party,
        "bookings_open": cohort.bookings_open,
    }


def programme_dict(request: HttpRequest, page: ProgrammePage, *, detail: bool = False) -> dict[str, Any]:
    upcoming: list[Cohort] = getattr(page, "upcoming", [])
    found: dict[str, Any] = {
        "slug": page.slug,
        "title": page.title,
        "summary": page.summary,
        "url": request.build_absolute_uri(reverse("development:programme", args=[page.slug])),
        "audiences": list(page.audiences or []),
        "min_years_service": page.min_years_service,
        "max_years_service": page.max_years_service,
        "max_years_in_post": page.max_years_in_post,
        "council_types": list(page.council_types or []),
        "topics": list(page.topics or []),
        "portfolios": list(page.portfolios or []),
        "format": page.format,
        "length": page.length,
        "time_commitment_hours": page.time_commitment_hours,
        "cost": page.cost,
        "nomination_required": page.nomination_required,
        "by_political_group": page.by_political_group,
        "rules": navigator.rules(selectors.facts_of(page)),
        "next_cohort_starts_on": upcoming[0].starts_on if upcoming else None,
        "is_demo": page.is_demo,
    }
    if detail:
        found["cohorts"] = [_cohort(cohort) for cohort in upcoming]
        found["application_url"] = page.application_url
    return found


@router.get(
    "",
    response={200: DevelopmentProgrammeListOut, 422: DevelopmentErrorOut},
    url_name="programme_list",
    summary="Councillor development programmes",
)
def programme_list(request: HttpRequest, query: Query[DevelopmentProgrammeQuery]) -> Any:
    """Every published programme by title, with who it is for, format, cost and eligibility rules."""
    items = [
        programme_dict(request, page)
        for page in selectors.programme_list()
        if (query.audience is None or query.audience in (page.audiences or []))
        and (query.format is None or page.format == query.format)
    ]
    return {"count": len(items), "items": items}


@router.get(
    "/{slug}",
    response={200: DevelopmentProgrammeDetailOut, 404: DevelopmentErrorOut, 422: DevelopmentErrorOut},
    url_name="programme_detail",
    summary="One programme, with its upcoming cohorts and places left",
)
def programme_detail(
    request: HttpRequest, slug: Annotated[str, Path(max_length=255, pattern=r"^[-a-zA-Z0-9_]+$")]
) -> Any:
    page = selectors.programme_get(slug=slug)
    if page is None:
        raise HttpError(404, "No programme has that slug")
    return programme_dict(request, page, detail=True)
