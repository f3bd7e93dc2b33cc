"""Test helpers for the lifecycle: the people around a challenge, and a challenge taken (through the
services, as staff and the council would) to any stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import UserFactory, association, give_totp, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.peer_challenges import services_stage_documents as stage_documents
from tiex.peer_challenges import services_stages as services
from tiex.peer_challenges import stages
from tiex.peer_challenges.models import Challenge, DocumentKind, Peer, Stage
from tiex.peer_challenges.tests.factories import PeerFactory, TeamMemberFactory, corporate_kind


@dataclass
class People:
    council: Any
    other_council: Any
    staff: Any
    super_user: Any
    member: Any
    outsider: Any  # a member of another council
    peer_user: Any  # a peer on the challenge's team (once team() is called)
    stranger: Any  # signed in, no organisation


def people(*, council: Any = None) -> People:
    council = council or CouncilFactory(name="Northshire")
    other = CouncilFactory(name="Southshire")
    staff = member_of(association(), Role.EDITOR, email="staff@association.example.org")
    give_totp(staff)
    return People(
        council=council,
        other_council=other,
        staff=staff,
        super_user=member_of(organisation_for_council(council=council), Role.SUPER_USER),
        member=member_of(organisation_for_council(council=council), Role.MEMBER),
        outsider=member_of(organisation_for_council(council=other), Role.SUPER_USER),
        peer_user=UserFactory(full_name="Pat Peer"),
        stranger=UserFactory(),
    )


def team(challenge: Challenge, who: People) -> None:
    peer = Peer.objects.filter(user=who.peer_user).first() or PeerFactory(user=who.peer_user, full_name="Pat Peer")
    TeamMemberFactory(challenge=challenge, peer=peer, role="manager")


def advance(challenge: Challenge, who: People, *, through: str, visit_end: date) -> Challenge:
    """Complete every stage up to and including ``through``, each as it would be in real life."""
    if challenge.visit_start is None:
        services.challenge_dates_agree(
            actor=who.staff, challenge=challenge, visit_start=visit_end - timedelta(days=3), visit_end=visit_end
        )
    today = max(date.today(), visit_end + timedelta(days=400))
    for stage in stages.STAGES[: stages.STAGES.index(through) + 1]:
        position = stages.STAGES.index(stage)
        if position < stages.STAGES.index(Stage.VISIT):
            done = visit_end - timedelta(days=30)
        else:  # the visit and after, each a little later than the one before (a stage is never completed earlier)
            done = visit_end + timedelta(days=20 * max(0, position - stages.STAGES.index(Stage.REPORT)))
        if stage == Stage.TEAM and not challenge.team.exists():
            team(challenge, who)
        if stage == Stage.POSITION_STATEMENT:
            stage_documents.document_add(
                actor=who.super_user,
                challenge=challenge,
                kind=DocumentKind.POSITION_STATEMENT,
                title="Our position statement",
                url="https://northshire.example.org/position.pdf",
            )
        if stage == Stage.REPORT:
            stage_documents.document_add(
                actor=who.staff,
                challenge=challenge,
                kind=DocumentKind.REPORT,
                title="The report",
                url="https://x.example/r",
            )
        if stage in stages.COMPLETED_BY_PUBLISHING:
            kind = next(k for k, s in stages.PUBLISHED_BY.items() if s == stage)
            document = next(iter(d for d in challenge.documents.filter(kind=kind, published_at__isnull=True)), None)
            if document is None:
                document = stage_documents.document_add(
                    actor=who.super_user, challenge=challenge, kind=kind, title=f"The {kind}", url="https://x.example/d"
                )
            stage_documents.document_publish(
                actor=who.super_user,
                challenge=challenge,
                kind=kind,
                document=document,
                published_on=min(done, date.today()),
            )
            continue
        services.stage_step_save(
            actor=who.staff,
            challenge=challenge,
            stage=stage,
            owner="Staff",
            planned_date=None,
            note="",
            completed_date=min(done, date.today()),
            today=today,
        )
    challenge.refresh_from_db()
    return challenge


def new_challenge(who: People, *, enquiry: date | None = None) -> Challenge:
    return services.challenge_create(
        actor=who.staff,
        council=who.council,
        kind=corporate_kind(),
        enquiry_date=enquiry or date.today() - timedelta(days=500),
        regional_adviser="Rhian Adviser",
    )
