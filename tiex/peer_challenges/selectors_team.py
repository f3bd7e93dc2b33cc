"""Reads for building a challenge's team, a peer's own challenges and the feedback figures.

``team_suggestions`` gathers what suggest.py ranks, in a fixed number of queries however
large the pool: the pool with councils, the peers' skills, every placement with its
council's type and size, the team so far, and the councils a peer must not come from
(the council's neighbours and county or districts: councils.comparators; its partners in
shared services: partnerships.selectors_profile).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from tiex.councils import comparators
from tiex.councils.models import Control, CouncilType, Party
from tiex.partnerships.selectors_profile import partner_councils
from tiex.peer_challenges import suggest
from tiex.peer_challenges.models import (
    STAGE_ORDER,
    Challenge,
    Feedback,
    FeedbackFrom,
    Peer,
    Stage,
    TeamMember,
    TeamRole,
)
from tiex.peer_challenges.selectors_peers import skill_names

ROLE_ORDER = {value: index for index, value in enumerate(TeamRole.values)}
PARTY_LABELS = dict(Party.choices)
CONTROL_LABELS = dict(Control.choices)


def challenge_by_reference(reference: str) -> Challenge | None:
    return Challenge.objects.select_related("council", "kind").filter(reference=reference).first()


def team_of(challenge: Challenge) -> list[TeamMember]:
    """The team, by role (manager, lead member peer, member peers, officer peers), then name."""
    members = TeamMember.objects.filter(challenge=challenge).select_related("peer__council")
    return sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 99), m.peer.full_name.lower(), m.pk))


def team_member_get(challenge: Challenge, pk: int) -> TeamMember | None:
    return TeamMember.objects.select_related("peer").filter(challenge=challenge, pk=pk).first()


def conflicts_for(council_id: int) -> suggest.Conflicts:
    """Councils a peer on this council's challenge must not come from, with why (three queries)."""
    reasons: dict[int, str] = {}
    for pk, name in partner_councils(council_id).items():
        reasons[pk] = f"in a partnership with it ({name})"
    reasons.update(comparators.close_councils(council_id))
    return suggest.Conflicts(reasons=reasons)


def _target(challenge: Challenge, focus: frozenset[str]) -> suggest.Target:
    council = challenge.council
    type_label = CouncilType(council.type).label.lower() if council.type in CouncilType.values else council.type
    return suggest.Target(
        council_id=council.pk,
        council_name=council.name,
        council_type=council.type,
        council_type_label=type_label,
        population=council.population_2020,
        control=council.control or "",
        control_label=CONTROL_LABELS.get(council.control or "", ""),
        focus_skills=focus,
    )


def default_focus(challenge: Challenge) -> frozenset[str]:
    """The skills the challenge's focus areas (and kind) ask for, before staff change the choice."""
    return suggest.focus_skills(focus_areas=challenge.focus_areas, kind_slug=challenge.kind.slug, skills=skill_names())


def _candidates(exclude_challenge: int) -> list[suggest.Candidate]:
    peers = Peer.objects.select_related("council").order_by("full_name", "pk")
    skills: dict[int, set[str]] = defaultdict(set)
    for peer_id, slug in Peer.skills.through.objects.values_list("peer_id", "skill__slug"):
        skills[peer_id].add(slug)
    placements: dict[int, list[suggest.Placement]] = defaultdict(list)
    rows = (
        TeamMember.objects.filter(challenge__cancelled_at__isnull=True)
        .exclude(challenge_id=exclude_challenge)
        .values_list(
            "peer_id",
            "challenge__council__type",
            "challenge__council__population_2020",
            "challenge__visit_start",
            "days",
        )
    )
    for peer_id, council_type, population, visit_start, days in rows:
        placements[peer_id].append(suggest.Placement(council_type, population, visit_start, float(days or 0)))
    return [
        suggest.Candidate(
            peer_id=peer.pk,
            name=peer.full_name,
            kind=peer.kind,
            council_id=peer.council_id,
            council_name=peer.council.name,
            council_type=peer.council.type,
            party=peer.party,
            party_label=PARTY_LABELS.get(peer.party, ""),
            skills=frozenset(skills[peer.pk]),
            available=peer.available,
            accredited=peer.accredited_on is not None,
            placements=tuple(placements[peer.pk]),
        )
        for peer in peers
    ]


@dataclass
class TeamSuggestions:
    target: suggest.Target
    roles: list[suggest.RoleSuggestions]
    conflicts: suggest.Conflicts


def team_suggestions(
    challenge: Challenge, *, focus: frozenset[str], team: list[TeamMember], today: date
) -> TeamSuggestions:
    """Ranked suggestions for every role of ``challenge``'s team (suggest.py says how)."""
    target = _target(challenge, focus)
    conflicts = conflicts_for(challenge.council_id)
    so_far = suggest.TeamSoFar(
        peer_ids=frozenset(member.peer_id for member in team),
        member_parties=frozenset(
            member.peer.party
            for member in team
            if member.role in (TeamRole.LEAD_MEMBER, TeamRole.MEMBER_PEER) and member.peer.party
        ),
    )
    roles = suggest.suggest(
        target, _candidates(challenge.pk), conflicts, team=so_far, skill_names=skill_names(), today=today
    )
    return TeamSuggestions(target=target, roles=roles, conflicts=conflicts)


def peer_search(q: str, *, exclude_ids: set[int], limit: int = 20) -> list[Peer]:
    """Peers whose name or council matches ``q``, for adding someone who was not suggested."""
    q = q.strip()
    if not q:
        return []
    queryset = (
        Peer.objects.select_related("council")
        .filter(Q(full_name__icontains=q) | Q(council__name__icontains=q))
        .exclude(pk__in=exclude_ids)
        .order_by("full_name", "pk")
    )
    return list(queryset[:limit])


# --- A peer's own challenges ------------------------------------------------------------


def challenges_of_peer(peer: Peer | None) -> QuerySet[TeamMember]:
    """The placements of ``peer`` (none for someone who is not a peer), latest visit first."""
    if peer is None:
        return TeamMember.objects.none()
    return (
        TeamMember.objects.filter(peer=peer)
        .select_related("challenge__council", "challenge__kind")
        .order_by("-challenge__visit_start", "challenge__reference")
    )


def on_team(challenge: Challenge, user: Any) -> TeamMember | None:
    """The user's place on this challenge's team, if they are a peer on it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return TeamMember.objects.select_related("peer").filter(challenge=challenge, peer__user_id=user.pk).first()


def visit_over(challenge: Challenge, *, today: date) -> bool:
    """Feedback is asked for once the on-site visit has ended (and the challenge was not cancelled)."""
    if challenge.cancelled_at is not None:
        return False
    if challenge.visit_end is not None:
        return challenge.visit_end <= today
    return STAGE_ORDER.get(challenge.stage, 0) >= STAGE_ORDER[Stage.FEEDBACK]


def feedback_given(challenge: Challenge, *, peer: Peer | None = None, user: Any = None) -> Feedback | None:
    """The feedback already given on ``challenge`` by ``peer`` (a peer's) or by ``user`` (the council's)."""
    queryset = Feedback.objects.filter(challenge=challenge)
    if peer is not None:
        return queryset.filter(given_by=FeedbackFrom.PEER, peer=peer).first()
    if user is not None and getattr(user, "pk", None) is not None:
        return queryset.filter(given_by=FeedbackFrom.COUNCIL, user_id=user.pk).first()
    return None


def peer_feedback_challenge_ids(peer: Peer | None) -> set[int]:
    """The challenges on which ``peer`` has given their feedback."""
    if peer is None:
        return set()
    return set(Feedback.objects.filter(peer=peer, given_by=FeedbackFrom.PEER).values_list("challenge_id", flat=True))


def council_names(ids: set[int] | list[int]) -> dict[int, str]:
    from tiex.councils.models import Council

    return dict(Council.objects.filter(pk__in=list(ids)).values_list("pk", "name"))
