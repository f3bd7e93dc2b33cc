"""Reads of what is public about peer challenges: the API's list and detail.

A challenge is public once its on-site visit has taken place (its stage is "visit" or later)
and it was not cancelled: before that, an enquiry is between the council and the association.
Of a public challenge, everyone may see its council, kind, visit dates, the stages it has
completed from the visit on (their dates only: owners and notes stay private) and its
published documents. Position statements, draft reports, the timetable, feedback and the
team (peers' personal details) are never public.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from tiex.councils import selectors as councils
from tiex.peer_challenges.models import STAGE_ORDER, Challenge, ChallengeKind, Document, Stage, StageStep

PUBLIC_STAGES = tuple(stage for stage in Stage.values if STAGE_ORDER[stage] >= STAGE_ORDER[Stage.VISIT])


@dataclass(frozen=True)
class PublicFilters:
    council_id: int | None = None
    kind: str = ""
    stage: str = ""
    year: int | None = None  # financial year of the visit (2018 is 2018/19)
    region: str = ""


class UnknownValues(ValueError):
    """Filter values the database does not know, as {parameter: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


def public_filters(
    *,
    council: str = "",
    kind: str = "",
    stage: str = "",
    year: int | None = None,
    region: str = "",
    strict: bool = True,
) -> PublicFilters:
    """Validated filters: an unknown council code, kind or region raises UnknownValues. With
    ``strict`` False (the API, whose schema bounds each value's form), a well-formed council
    code, kind or region that the data does not hold is kept and matches nothing."""
    errors: dict[str, str] = {}
    council_id = None
    if council:
        found = councils.council_lookup(council)
        if found is not None:
            council_id = found.council.pk
        elif strict:
            errors["council"] = f"No council has the code {council[:20]!r}"
        else:
            council_id = 0  # no council has it: matches nothing
    if strict and kind and not ChallengeKind.objects.filter(slug=kind).exists():
        errors["kind"] = f"No kind of peer challenge is called {kind[:40]!r}"
    if stage and stage not in PUBLIC_STAGES:
        errors["stage"] = f"Choose a public stage: {', '.join(PUBLIC_STAGES)}"
    if strict and region and region not in councils.council_regions():
        errors["region"] = f"No council is in a region called {region[:60]!r}"
    if errors:
        raise UnknownValues(errors)
    return PublicFilters(council_id=council_id, kind=kind, stage=stage, year=year, region=region)


def _public() -> QuerySet[Challenge]:
    published = Document.objects.filter(published_at__isnull=False).order_by("published_at", "pk")
    return (
        Challenge.objects.filter(stage__in=PUBLIC_STAGES, cancelled_at__isnull=True)
        .select_related("council", "kind")
        .prefetch_related(Prefetch("documents", queryset=published, to_attr="published_documents"))
    )


def public_challenges(filters: PublicFilters) -> QuerySet[Challenge]:
    """Public challenges matching the filters, latest visit first (documents prefetched on page)."""
    queryset = _public()
    if filters.council_id is not None:
        queryset = queryset.filter(council_id=filters.council_id)
    if filters.kind:
        queryset = queryset.filter(kind__slug=filters.kind)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    if filters.year is not None:
        queryset = queryset.filter(
            visit_start__gte=f"{filters.year}-04-01", visit_start__lte=f"{filters.year + 1}-03-31"
        )
    if filters.region:
        queryset = queryset.filter(council__region=filters.region)
    return queryset.order_by("-visit_start", "reference")


def public_challenge(pk: int) -> Challenge | None:
    """One public challenge with its published documents and its public completed steps, or None."""
    steps = StageStep.objects.filter(stage__in=PUBLIC_STAGES, completed_date__isnull=False).order_by(
        "completed_date", "pk"
    )
    return _public().prefetch_related(Prefetch("steps", queryset=steps, to_attr="public_steps")).filter(pk=pk).first()
