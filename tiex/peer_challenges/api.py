"""The peer challenges API, mounted at /api/v1/peer-challenges (see docs/api.md).

Only what is public (selectors_public.py): challenges from their on-site visit on, their
completed public stages and published documents; never peers or private documents. The
coverage operation goes through the same selector and filters as /peer-challenges/coverage/
and its CSV download, so the three always agree.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from tiex.councils.api import Region
from tiex.councils.models import Control, CouncilType
from tiex.peer_challenges import coverage as cov
from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges import selectors_coverage, selectors_public
from tiex.peer_challenges.models import Challenge, DocumentKind, Stage

router = Router()

MAX_LIMIT = 100
MAX_OFFSET = 100_000
MAX_ID = 10**18 - 1
TEXT = r"^[^\x00-\x1f\x7f]*$"
# The stages a public challenge can be at (selectors_public.PUBLIC_STAGES), as the schema's enumeration
# (tests/test_api_schema.py keeps the two in step).
PublicStage = Literal[
    "", "visit", "feedback", "report", "report-published", "action-plan", "progress-review", "progress-review-published"
]
STAGE_LABELS = dict(Stage.choices)
DOCUMENT_LABELS = dict(DocumentKind.choices)


# --- Schemas -------------------------------------------------------------------


class PeerChallengeCouncilOut(Schema):
    code: str = Field(description="GSS code, or the mySociety code for the few councils without one")
    name: str
    url: str = Field(description="The council's profile page")


class PeerChallengeDocumentOut(Schema):
    kind: str
    kind_label: str
    title: str
    url: str = Field(description="The file on this site, or the council's own link")
    published_at: datetime.datetime


class PeerChallengeStepOut(Schema):
    stage: str
    stage_label: str
    completed_date: datetime.date


class PeerChallengeOut(Schema):
    id: int
    reference: str
    council: PeerChallengeCouncilOut
    kind: str = Field(description="The kind's slug: corporate, finance ...")
    kind_name: str
    stage: str = Field(description="The furthest stage reached (public from the on-site visit on)")
    stage_label: str
    visit_start: datetime.date | None
    visit_end: datetime.date | None
    financial_year: int | None = Field(description="Of the visit: 2018 is 2018/19")
    financial_year_label: str
    documents: list[PeerChallengeDocumentOut] = Field(description="Published documents only")
    is_demo: bool = Field(description="Made up by `tiex demo`")


class PeerChallengeDetailOut(PeerChallengeOut):
    steps: list[PeerChallengeStepOut] = Field(description="Public stages completed, with their dates")


class PeerChallengeListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PeerChallengeOut]


class PeerChallengeCoverageItemOut(Schema):
    code: str
    name: str
    type: str
    region: str
    control: str = Field(description="Party code of the latest control on record, 'noc', or '' when not known")
    last_control_change: int | None = Field(description="The latest year on record in which control changed")
    last_challenge: datetime.date | None = Field(
        description="Last day of the latest corporate peer challenge's visit; null: never had one"
    )
    corporate_peer_challenges: int
    none_since: bool = Field(description="No corporate peer challenge since 1 April of `since`")
    on_target_list: bool


class PeerChallengeCoverageOut(Schema):
    since: int
    changed_control_since: int | None
    target_changed_since: int | None = Field(description="The change-of-control year the target list used")
    count: int = Field(description="Councils listed in items")
    matching: int = Field(description="Councils matching region, type, control and change of control")
    without_count: int = Field(description="Of those matching, councils with none since `since`")
    never_count: int
    target_count: int
    items: list[PeerChallengeCoverageItemOut]


class ErrorOut(Schema):
    detail: Any


class ChallengeListQuery(Schema):
    council: str = Field("", max_length=12, pattern=r"^[A-Za-z0-9]*$", description="GSS code of the council")
    kind: str = Field("", max_length=40, pattern=r"^[a-z0-9-]*$", description="Kind slug: corporate, finance ...")
    stage: PublicStage = Field("", description="The furthest stage reached: visit or a later stage")
    year: int | None = Field(None, ge=cov.FIRST_YEAR, le=cov.LAST_YEAR, description="Financial year of the visit")
    region: Region = Field(Region.ANY, description="The council's region")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CoverageQuery(Schema):
    since: int | None = Field(
        None, ge=cov.FIRST_YEAR, le=cov.LAST_YEAR, description="A financial year's starting year; default 2012"
    )
    changed_control_since: int | None = Field(
        None, ge=cov.FIRST_YEAR, le=cov.LAST_YEAR, description="Only councils whose control changed since"
    )
    region: Region = Field(Region.ANY, description="The council's region")
    type: CouncilType | None = Field(None, description="Council type code")
    control: Control | None = Field(None, description="Party code of the latest control, or 'noc'")
    show: Literal["", "all", "without", "target"] = Field(
        "", description="all (default), without (none since `since`) or target (the target list)"
    )


def _invalid(errors: dict[str, str]) -> ValidationError:
    return ValidationError([{"type": "value_error", "loc": ["query", k], "msg": v} for k, v in errors.items()])


def _challenge(request: HttpRequest, challenge: Challenge) -> dict[str, Any]:
    council = challenge.council
    year = fy.financial_year(challenge.visit_start) if challenge.visit_start else None
    return {
        "id": challenge.pk,
        "reference": challenge.reference,
        "council": {
            "code": council.code,
            "name": council.name,
            "url": request.build_absolute_uri(reverse("councils:detail", args=[council.code])),
        },
        "kind": challenge.kind.slug,
        "kind_name": challenge.kind.name,
        "stage": challenge.stage,
        "stage_label": STAGE_LABELS.get(challenge.stage, challenge.stage),
        "visit_start": challenge.visit_start,
        "visit_end": challenge.visit_end,
        "financial_year": year,
        "financial_year_label": fy.label(year) if year is not None else "",
        "documents": [
            {
                "kind": document.kind,
                "kind_label": DOCUMENT_LABELS.get(document.kind, document.kind),
                "title": document.title,
                "url": request.build_absolute_uri(document.file.url) if document.file else document.url,
                "published_at": document.published_at,
            }
            for document in getattr(challenge, "published_documents", [])
        ],
        "is_demo": challenge.is_demo,
    }


# --- Endpoints -----------------------------------------------------------------


@router.get(
    "/coverage",
    response={200: PeerChallengeCoverageOut, 422: ErrorOut},
    url_name="peer_challenge_coverage",
    summary="Councils with their last corporate peer challenge",
)
def peer_challenge_coverage(request: HttpRequest, query: Query[CoverageQuery]) -> Any:
    """Every current English principal council matching the filters with the date of its last corporate
    peer challenge (null: never), the count with none since `since`, and the target list's size.
    The same filters as /peer-challenges/coverage/ and its CSV download."""
    params = {name: [str(getattr(value, "value", value))] for name, value in query.dict().items() if value}
    try:
        result = selectors_coverage.coverage(params, strict=False).result
    except cov.FilterErrors as exc:
        raise _invalid(exc.errors) from None
    target = {row.id for row in result.target}
    since = result.filters.since
    return {
        "since": since,
        "changed_control_since": result.filters.changed_control_since,
        "target_changed_since": result.target_changed_since,
        "count": len(result.rows),
        "matching": result.matching,
        "without_count": result.without,
        "never_count": result.never,
        "target_count": len(result.target),
        "items": [
            {
                "code": row.code,
                "name": row.name,
                "type": row.type,
                "region": row.region,
                "control": row.control,
                "last_control_change": row.last_control_change,
                "last_challenge": row.last_challenge,
                "corporate_peer_challenges": row.challenges,
                "none_since": row.none_since(since),
                "on_target_list": row.id in target,
            }
            for row in result.rows
        ],
    }


@router.get(
    "",
    response={200: PeerChallengeListOut, 422: ErrorOut},
    url_name="peer_challenge_list",
    summary="List peer challenges",
)
def peer_challenge_list(request: HttpRequest, query: Query[ChallengeListQuery]) -> Any:
    """Public peer challenges (from their on-site visit on), latest visit first, with their published documents."""
    try:
        filters = selectors_public.public_filters(
            council=query.council,
            kind=query.kind,
            stage=query.stage,
            year=query.year,
            region=query.region,
            strict=False,
        )
    except selectors_public.UnknownValues as exc:
        raise _invalid(exc.errors) from None
    challenges = selectors_public.public_challenges(filters)
    count = challenges.count()
    page = list(challenges[query.offset : query.offset + query.limit])
    return {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "items": [_challenge(request, challenge) for challenge in page],
    }


@router.get(
    "/{int:challenge_id}",
    response={200: PeerChallengeDetailOut, 404: ErrorOut, 422: ErrorOut},
    url_name="peer_challenge_detail",
    summary="One peer challenge",
)
def peer_challenge_detail(request: HttpRequest, challenge_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Any:
    """One public peer challenge: its public stages with their dates and its published documents."""
    challenge = selectors_public.public_challenge(challenge_id)
    if challenge is None:
        raise HttpError(404, "No public peer challenge has that id.")
    return {
        **_challenge(request, challenge),
        "steps": [
            {"stage": step.stage, "stage_label": STAGE_LABELS[step.stage], "completed_date": step.completed_date}
            for step in getattr(challenge, "public_steps", [])
        ],
    }
