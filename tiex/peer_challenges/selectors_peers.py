"""Reads about the pool of peers: the staff list with its filters, a peer's page, choices for forms.

Peers' personal details (name, e-mail, party, availability) are for association staff
only: every view that calls these checks ``peer_challenge.manage`` first, and nothing here
is used by the public API.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from tiex.councils.models import Council, CouncilType
from tiex.peer_challenges.models import Feedback, Peer, Skill, TeamMember

PAGE_SIZE = 50


@dataclass(frozen=True)
class PeerFilters:
    """What the pool list is narrowed by (blank is no filter)."""

    q: str = ""
    kind: str = ""
    party: str = ""
    council_type: str = ""
    region: str = ""
    skill: str = ""
    available: str = ""  # "yes", "no" or ""
    accredited: str = ""  # "yes", "no" or ""

    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def _with_totals(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    return queryset.annotate(
        challenge_count=Count("placements", distinct=True),
        peer_days=Coalesce(
            Sum("placements__days"), Value(Decimal(0)), output_field=DecimalField(max_digits=6, decimal_places=1)
        ),
    )


def peer_list(filters: PeerFilters) -> QuerySet[Peer]:
    """The pool, narrowed by ``filters``, by name, with each peer's challenges and peer days given."""
    queryset = Peer.objects.select_related("council")
    if filters.q:
        queryset = queryset.filter(Q(full_name__icontains=filters.q) | Q(council__name__icontains=filters.q))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.party:
        queryset = queryset.filter(party=filters.party)
    if filters.council_type:
        queryset = queryset.filter(council__type=filters.council_type)
    if filters.region:
        queryset = queryset.filter(council__region=filters.region)
    if filters.skill:
        queryset = queryset.filter(skills__slug=filters.skill)
    if filters.available:
        queryset = queryset.filter(available=filters.available == "yes")
    if filters.accredited:
        queryset = queryset.filter(accredited_on__isnull=filters.accredited != "yes")
    queryset = _with_totals(queryset).prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))
    return queryset.order_by("full_name", "pk")


def peer_get(pk: int) -> Peer | None:
    return (
        _with_totals(Peer.objects.select_related("council", "user"))
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))
        .filter(pk=pk)
        .first()
    )


def peer_placements(peer: Peer) -> list[TeamMember]:
    """The challenges a peer has been on, latest visit first."""
    return list(
        TeamMember.objects.filter(peer=peer)
        .select_related("challenge__council", "challenge__kind")
        .order_by("-challenge__visit_start", "challenge__reference")
    )


def peer_feedback(peer: Peer) -> list[Feedback]:
    """The feedback the peer gave after their challenges."""
    return list(Feedback.objects.filter(peer=peer).select_related("challenge__council").order_by("-created_at"))


def skill_choices() -> list[tuple[str, str]]:
    return list(Skill.objects.order_by("name").values_list("slug", "name"))


def skill_names() -> dict[str, str]:
    return dict(skill_choices())


def skill_ids(slugs: list[str]) -> list[int]:
    return list(Skill.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def region_choices() -> list[str]:
    regions = Council.objects.filter(is_current=True).exclude(region="").values_list("region", flat=True)
    return sorted(set(regions))


def council_type_choices() -> list[tuple[str, str]]:
    return list(CouncilType.choices)


def council_choices() -> list[tuple[int, str]]:
    """Current councils, for the peer form's council list."""
    return list(Council.objects.filter(is_current=True).order_by("name", "pk").values_list("pk", "name"))


def council_exists(pk: int) -> bool:
    return Council.objects.filter(pk=pk).exists()


def peer_of_user(user: Any) -> Peer | None:
    """The pool entry of a signed-in person, if they are a peer."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Peer.objects.select_related("council").filter(user_id=user.pk).first()
