"""The Shared Services Map API, mounted at /api/v1/partnerships (see docs/api.md).

The list takes the same filters as the /shared-services/ page and its downloads, parsed by
the same ``parse_filters`` and answered by the same selectors, so the three always agree.
Partnerships are public data: everyone sees all of them, demo partnerships marked.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from tiex.councils.api import Region
from tiex.councils.models import CouncilType
from tiex.partnerships import downloads, savings, selectors
from tiex.partnerships.filters import MAX_QUERY_LENGTH, FilterErrors, parse_filters
from tiex.partnerships.models import (
    FIRST_YEAR,
    LAST_YEAR,
    PartnershipKind,
    PartnershipStatus,
    SavingsEvidence,
    financial_year_label,
)

router = Router()

MAX_LIMIT = 100
MAX_OFFSET = 100_000
MAX_ID = 10**18 - 1
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"  # no control characters


# --- Schemas -------------------------------------------------------------------


class PartnershipCouncilOut(Schema):
    gss: str = Field(description="GSS code, or the mySociety code for the few councils without one")
    name: str
    current: bool = Field(description="False for a council since abolished or merged")
    url: str = Field(description="The council's profile page")


class PartnershipCategoryOut(Schema):
    identifier: int = Field(description="esd function identifier")
    label: str
    level: int = Field(description="1 or 2")


class PartnershipTotalsOut(Schema):
    financial_year: int = Field(description="The financial year's starting year: 2018 is 2018/19")
    partnerships: int = Field(description="Partnerships running in the year (started, not ended)")
    councils: int = Field(description="Distinct councils in those partnerships")
    savings_in_year_gbp: int = Field(description="Their savings in the year, achieved and expected, in pounds")
    cumulative_savings_gbp: int = Field(description="Their savings up to and including the year, in pounds")
    achieved_evidenced_gbp: int = Field(description="The part of the cumulative savings achieved and evidenced")
    share_achieved_evidenced: float | None = Field(description="That part as a share from 0 to 1; null without savings")


class PartnershipOut(Schema):
    id: int
    reference: str = Field(description="The partnership's unique reference (the import's key)")
    name: str
    url: str = Field(description="The partnership's page")
    kind: PartnershipKind
    kind_label: str
    status: PartnershipStatus
    status_label: str
    start_year: int | None
    end_year: int | None
    councils: list[PartnershipCouncilOut] = Field(description="Councils taking part, current or former, by name")
    lead_council: PartnershipCouncilOut | None
    categories: list[PartnershipCategoryOut] = Field(description="What is shared: esd functions at level 1 or 2")
    savings_in_year_gbp: int | None = Field(description="Savings in the totals' year; null without a figure")
    savings_to_date_gbp: int | None = Field(
        description="Savings up to and including the totals' year, earlier years included; null without a figure"
    )
    no_savings_reason: str = Field(description="Why there is no savings figure, where there is none")
    is_demo: bool = Field(description="Made up by `tiex demo` to show how the map works")


class PartnershipListOut(Schema):
    count: int
    limit: int
    offset: int
    totals: PartnershipTotalsOut = Field(description="The headline totals of the filtered partnerships")
    licence: str
    licence_url: str
    attribution: str
    completeness: str = Field(description="What the data leaves out")
    items: list[PartnershipOut]


class PartnershipOtherPartnerOut(Schema):
    name: str
    kind: str = Field(description="fire, police, health, housing or other")


class PartnershipServiceOut(Schema):
    identifier: int = Field(description="esd service identifier")
    label: str


class PartnershipSavingsOut(Schema):
    financial_year: int | None = Field(description="Starting year (2018 is 2018/19); null: earlier years")
    financial_year_label: str
    amount_gbp: int
    status: str = Field(description="achieved or expected")
    evidence: SavingsEvidence
    confirmed_by: str = Field(description="Who confirmed the figure, where recorded")
    confirmed_at: datetime.datetime | None


class PartnershipDetailOut(Schema):
    id: int
    reference: str
    name: str
    url: str
    description: str
    kind: PartnershipKind
    kind_label: str
    status: PartnershipStatus
    status_label: str
    start_year: int | None
    end_year: int | None
    councils: list[PartnershipCouncilOut]
    lead_council: PartnershipCouncilOut | None
    other_partners: list[PartnershipOtherPartnerOut]
    categories: list[PartnershipCategoryOut]
    services: list[PartnershipServiceOut]
    savings: list[PartnershipSavingsOut] = Field(description="By financial year, earlier years first")
    savings_to_date_gbp: int | None = Field(description="The sum of the savings rows; null without any")
    no_savings_reason: str
    benefits: str
    benefit_tags: list[str] = Field(description="resilience, service_quality, capacity, customer_access")
    contact_email: str
    is_demo: bool
    licence: str
    attribution: str


class PartnershipErrorOut(Schema):
    detail: Any


class PartnershipListQuery(Schema):
    q: str = Field(
        "", max_length=MAX_QUERY_LENGTH, pattern=TEXT_PATTERN, description="Words in the name or description"
    )
    region: Region = Field(Region.ANY, description="Region of a council taking part")
    category: int | None = Field(
        None, ge=1, le=999_999_999, description="esd function identifier; a level 1 function includes its level 2"
    )
    kind: PartnershipKind | None = None
    status: PartnershipStatus | None = None
    council_type: CouncilType | None = Field(None, description="Type code of a council taking part")
    council: str = Field(
        "",
        max_length=12,
        pattern=r"^[A-Za-z0-9]*$",
        description="GSS code of a council taking part (its predecessors' partnerships included)",
    )
    evidence: SavingsEvidence | None = Field(None, description="Any savings figure resting on this evidence")
    year: int | None = Field(
        None,
        ge=FIRST_YEAR,
        le=LAST_YEAR,
        description="Financial year (2018 is 2018/19): only partnerships running then; the totals' year. "
        "Default: the latest year with savings",
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def filters_from_query(query: PartnershipListQuery) -> Any:
    """The page's filters from validated parameters. A region that is not one of England's regions
    or the other nations is refused with a 422 by the schema (an enumeration), as an unknown kind,
    status or evidence is. A well-formed esd category or GSS code the database does not hold
    matches nothing, as in the Exchange's API: the schema documents every value a client may send,
    and a value it allows is never refused for the data of the day."""
    params: dict[str, list[str]] = {}
    for name in ("q", "region", "category", "kind", "status", "council_type", "council", "evidence", "year"):
        value = getattr(query, name)
        if value not in (None, ""):
            params[name] = [str(getattr(value, "value", value))]
    vocab = selectors.vocabulary()
    try:
        return parse_filters(params, vocab, strict=False)
    except FilterErrors as exc:
        errors = dict(exc.errors)
        raise ValidationError(
            [{"type": "value_error", "loc": ["query", name], "msg": message} for name, message in errors.items()]
        ) from None


# --- Endpoints -----------------------------------------------------------------


@router.get(
    "",
    response={200: PartnershipListOut, 422: PartnershipErrorOut},
    url_name="partnership_list",
    summary="List partnerships, with the totals",
)
def partnership_list(request: HttpRequest, query: Query[PartnershipListQuery]) -> Any:
    """Partnerships matching the filters, by name, with the headline totals of all that match.
    The same filters as the /shared-services/ page and its downloads."""
    filters = filters_from_query(query)
    overview = selectors.partnership_overview(filters, with_growth=False)
    result = selectors.partnership_search(
        filters,
        offset=query.offset,
        limit=query.limit,
        year=overview.year,
        count=overview.count,
        extra=("categories",),
    )
    links = downloads.Links(request)
    return {
        "count": result.count,
        "limit": query.limit,
        "offset": query.offset,
        "totals": downloads.totals_dict(overview.totals),
        **downloads.notes(),
        "items": [downloads.partnership_dict(item, links) for item in result.items],
    }


@router.get(
    "/{int:partnership_id}",
    response={200: PartnershipDetailOut, 404: PartnershipErrorOut, 422: PartnershipErrorOut},
    url_name="partnership_detail",
    summary="One partnership",
)
def partnership_detail(request: HttpRequest, partnership_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Any:
    """One partnership with its councils (GSS code and name), partners, what it shares and its savings by year."""
    partnership = selectors.partnership_detail(partnership_id)
    if partnership is None:
        raise HttpError(404, "No partnership has that id.")
    links = downloads.Links(request)
    rows = list(partnership.savings.all())
    lead = partnership.lead_council
    return {
        "id": partnership.pk,
        "reference": partnership.reference,
        "name": partnership.name,
        "url": links.partnership(partnership.pk),
        "description": partnership.description,
        "kind": partnership.kind,
        "kind_label": partnership.get_kind_display(),
        "status": partnership.status,
        "status_label": partnership.get_status_display(),
        "start_year": partnership.start_year,
        "end_year": partnership.end_year,
        "councils": [downloads.council_dict(m.council, links) for m in partnership.memberships.all()],
        "lead_council": downloads.council_dict(lead, links) if lead is not None else None,
        "other_partners": [{"name": o.name, "kind": o.kind} for o in partnership.other_partners.all()],
        "categories": [
            {"identifier": c.identifier, "label": c.label, "level": c.level} for c in partnership.categories.all()
        ],
        "services": [{"identifier": s.identifier, "label": s.label} for s in partnership.services.all()],
        "savings": [
            {
                "financial_year": row.financial_year,
                "financial_year_label": financial_year_label(row.financial_year),
                "amount_gbp": row.amount_gbp,
                "status": row.status,
                "evidence": row.evidence,
                "confirmed_by": row.confirmed_by_name
                or (row.confirmed_by.get_full_name() if row.confirmed_by is not None else ""),
                "confirmed_at": row.confirmed_at,
            }
            for row in rows
        ],
        "savings_to_date_gbp": savings.cumulative(rows) if rows else None,
        "no_savings_reason": partnership.no_savings_reason,
        "benefits": partnership.benefits,
        "benefit_tags": [tag.tag for tag in partnership.benefit_tags.all()],
        "contact_email": partnership.contact_email,
        "is_demo": partnership.is_demo,
        "licence": downloads.LICENCE,
        "attribution": downloads.ATTRIBUTION,
    }
