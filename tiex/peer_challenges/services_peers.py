"""Writes for the pool of peers, teams and feedback. Each is audited and runs in one transaction.

The rules:

* association staff (``peer_challenge.manage``) add and edit peers, put peers on a team,
  take them off and record the peer days they gave;
* a peer is never put on the team of a challenge at their own council, a neighbour of it
  or a council in a partnership with it (suggest.conflict_of says why; the same rule the
  suggestions follow), and is on a team at most once;
* member peers fill the member roles (lead member peer, member peer) and officer peers the
  officer roles (challenge manager, officer peer); a team has one manager and one lead;
* after the on-site visit, each peer on the team gives feedback once, and each super-user
  of the council gives the council's feedback once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tiex.accounts.permissions import can, require
from tiex.core.services import audit_record
from tiex.councils.models import Council, Party
from tiex.peer_challenges import selectors_team, suggest
from tiex.peer_challenges.models import (
    Challenge,
    Feedback,
    FeedbackFrom,
    Peer,
    PeerKind,
    Skill,
    TeamMember,
    TeamRole,
)
from tiex.peer_challenges.permissions import PEER_CHALLENGE_COUNCIL_ACT, PEER_CHALLENGE_MANAGE

MAX_DAYS = Decimal("30")
SINGLE_ROLES: dict[str, str] = {TeamRole.MANAGER: "a challenge manager", TeamRole.LEAD_MEMBER: "a lead member peer"}
MAX_COMMENTS = 5000


@dataclass(frozen=True)
class PeerData:
    """A peer's details as staff enter them."""

    full_name: str
    kind: str
    council_id: int
    email: str = ""
    party: str = ""
    group_office: str = ""
    role: str = ""
    skill_slugs: tuple[str, ...] = ()
    trained_on: date | None = None
    accredited_on: date | None = None
    available: bool = True
    availability_note: str = ""


def _clean(data: PeerData) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = " ".join(data.full_name.split())
    if not name:
        errors["full_name"] = "Enter the peer's full name"
    if data.kind not in PeerKind.values:
        errors["kind"] = "Choose whether they are a member peer or an officer peer"
    if not Council.objects.filter(pk=data.council_id).exists():
        errors["council"] = "Choose the council they serve at"
    if data.kind == PeerKind.MEMBER:
        if data.party not in Party.values:
            errors["party"] = "Choose the member peer's party"
    elif data.party:
        errors["party"] = "Only member peers have a party: leave it blank for an officer peer"
    if data.kind == PeerKind.OFFICER and not data.role.strip():
        errors["role"] = "Enter the officer peer's role, for example Chief executive"
    if data.trained_on and data.accredited_on and data.accredited_on < data.trained_on:
        errors["accredited_on"] = "The accreditation date must be the same as or after the training date"
    known = set(Skill.objects.filter(slug__in=data.skill_slugs).values_list("slug", flat=True))
    if set(data.skill_slugs) - known:
        errors["skills"] = "Choose skills from the list"
    if errors:
        raise ValidationError(errors)
    member = data.kind == PeerKind.MEMBER
    return {
        "full_name": name,
        "kind": data.kind,
        "council_id": data.council_id,
        "email": data.email.strip(),
        "party": data.party if member else "",
        "group_office": data.group_office.strip() if member else "",
        "role": data.role.strip(),
        "trained_on": data.trained_on,
        "accredited_on": data.accredited_on,
        "available": data.available,
        "availability_note": data.availability_note.strip(),
    }


def _snapshot(peer: Peer) -> dict[str, Any]:
    return {
        "kind": peer.kind,
        "council": peer.council_id,
        "party": peer.party,
        "role": peer.role,
        "available": peer.available,
        "trained_on": str(peer.trained_on or ""),
        "accredited_on": str(peer.accredited_on or ""),
        "skills": sorted(peer.skills.values_list("slug", flat=True)),
    }


@transaction.atomic
def peer_create(*, actor: Any, data: PeerData) -> Peer:
    require(actor, PEER_CHALLENGE_MANAGE)
    peer = Peer.objects.create(**_clean(data))
    peer.skills.set(Skill.objects.filter(slug__in=data.skill_slugs))
    audit_record(actor=actor, action="peer_challenges.peer.create", obj=peer, after=_snapshot(peer))
    return peer


@transaction.atomic
def peer_update(*, actor: Any, peer: Peer, data: PeerData) -> Peer:
    require(actor, PEER_CHALLENGE_MANAGE)
    before = _snapshot(peer)
    for name, value in _clean(data).items():
        setattr(peer, name, value)
    peer.save()
    peer.skills.set(Skill.objects.filter(slug__in=data.skill_slugs))
    audit_record(actor=actor, action="peer_challenges.peer.update", obj=peer, before=before, after=_snapshot(peer))
    return peer


def _days(value: Decimal | float | int | str) -> Decimal:
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"days": "Enter the peer days as a number, like 4 or 3.5"}) from None
    if days < 0 or days > MAX_DAYS:
        raise ValidationError({"days": f"Enter peer days from 0 to {MAX_DAYS}"})
    if days * 2 != (days * 2).to_integral_value():
        raise ValidationError({"days": "Enter peer days in whole or half days, like 4 or 3.5"})
    return days


def _conflict(peer: Peer, challenge: Challenge) -> str | None:
    conflicts = selectors_team.conflicts_for(challenge.council_id)
    candidate = suggest.Candidate(
        peer_id=peer.pk,
        name=peer.full_name,
        kind=peer.kind,
        council_id=peer.council_id,
        council_name=peer.council.name,
        council_type=peer.council.type,
    )
    target = suggest.Target(
        council_id=challenge.council_id,
        council_name=challenge.council.name,
        council_type=challenge.council.type,
        council_type_label="",
    )
    return suggest.conflict_of(candidate, target, conflicts)


@transaction.atomic
def team_member_add(*, actor: Any, challenge: Challenge, peer: Peer, role: str, reason: str = "") -> TeamMember:
    """Put ``peer`` on ``challenge``'s team in ``role``; ``reason`` is the suggestion's, as staff saw it."""
    require(actor, PEER_CHALLENGE_MANAGE)
    Challenge.objects.select_for_update().filter(pk=challenge.pk).first()  # one change to a team at a time
    if challenge.cancelled_at is not None:
        raise ValidationError("This challenge was cancelled, so its team cannot change")
    if role not in TeamRole.values:
        raise ValidationError({"role": "Choose a role on the team"})
    wanted = suggest.KIND_FOR_ROLE[role]
    if peer.kind != wanted:
        what = "member peers" if wanted == PeerKind.MEMBER else "officer peers"
        raise ValidationError({"role": f"The {TeamRole(role).label.lower()} is one of the {what}"})
    if TeamMember.objects.filter(challenge=challenge, peer=peer).exists():
        raise ValidationError(f"{peer.full_name} is already on the team")
    if role in SINGLE_ROLES and TeamMember.objects.filter(challenge=challenge, role=role).exists():
        raise ValidationError({"role": f"The team already has {SINGLE_ROLES[role]}: take them off first"})
    conflict = _conflict(peer, challenge)
    if conflict:
        raise ValidationError(f"{peer.full_name} has a conflict of interest: {conflict}")
    member = TeamMember.objects.create(challenge=challenge, peer=peer, role=role, reason=reason.strip()[:500])
    audit_record(
        actor=actor,
        action="peer_challenges.team.add",
        obj=member,
        after={"challenge": challenge.reference, "peer": peer.pk, "role": role},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: Any, member: TeamMember) -> None:
    require(actor, PEER_CHALLENGE_MANAGE)
    if Feedback.objects.filter(challenge_id=member.challenge_id, peer_id=member.peer_id).exists():
        raise ValidationError(f"{member.peer.full_name} has given feedback on this challenge, so stays on its team")
    before = {"challenge": member.challenge_id, "peer": member.peer_id, "role": member.role, "days": str(member.days)}
    audit_record(actor=actor, action="peer_challenges.team.remove", obj=member, before=before)
    member.delete()


@transaction.atomic
def team_member_set_days(*, actor: Any, member: TeamMember, days: Decimal | float | int | str) -> TeamMember:
    """Record the peer days the team member gave (whole or half days, 0 to 30)."""
    require(actor, PEER_CHALLENGE_MANAGE)
    before = str(member.days)
    member.days = _days(days)
    member.save(update_fields=["days"])
    audit_record(
        actor=actor,
        action="peer_challenges.team.days",
        obj=member,
        before={"days": before},
        after={"days": str(member.days)},
    )
    return member


def _comments(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_COMMENTS:
        raise ValidationError({"comments": f"Keep the comments to {MAX_COMMENTS:,} characters or fewer"})
    return text


@transaction.atomic
def feedback_give_peer(
    *, actor: Any, challenge: Challenge, positive_impact: bool, satisfied: bool, comments: str = "", today: date
) -> Feedback:
    """A peer on the team says how the challenge went, once, after the visit."""
    place = selectors_team.on_team(challenge, actor)
    if place is None:
        raise PermissionDenied("Only a peer on the challenge's team gives a peer's feedback.")
    if not selectors_team.visit_over(challenge, today=today):
        raise ValidationError("Feedback opens when the on-site visit has ended")
    Peer.objects.select_for_update().filter(pk=place.peer_id).first()
    if selectors_team.feedback_given(challenge, peer=place.peer) is not None:
        raise ValidationError("You have already given your feedback on this challenge")
    feedback = Feedback.objects.create(
        challenge=challenge,
        given_by=FeedbackFrom.PEER,
        peer=place.peer,
        user=actor,
        positive_impact=positive_impact,
        satisfied=satisfied,
        comments=_comments(comments),
    )
    audit_record(actor=actor, action="peer_challenges.feedback.peer", obj=feedback, after={"challenge": challenge.pk})
    return feedback


@transaction.atomic
def feedback_give_council(
    *, actor: Any, challenge: Challenge, positive_impact: bool, satisfied: bool, comments: str = "", today: date
) -> Feedback:
    """A super-user of the council says how the challenge went for the council, once, after the visit."""
    if not can(actor, PEER_CHALLENGE_COUNCIL_ACT, challenge):
        raise PermissionDenied("Only the council's super-users give the council's feedback.")
    if not selectors_team.visit_over(challenge, today=today):
        raise ValidationError("Feedback opens when the on-site visit has ended")
    Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
    if selectors_team.feedback_given(challenge, user=actor) is not None:
        raise ValidationError("You have already given the council's feedback on this challenge")
    feedback = Feedback.objects.create(
        challenge=challenge,
        given_by=FeedbackFrom.COUNCIL,
        user=actor,
        positive_impact=positive_impact,
        satisfied=satisfied,
        comments=_comments(comments),
    )
    audit_record(
        actor=actor, action="peer_challenges.feedback.council", obj=feedback, after={"challenge": challenge.pk}
    )
    return feedback
