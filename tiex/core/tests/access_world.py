"""The world the access matrix runs in: two councils, the six personas, and one object of each kind.

Council A has a member, a super-user, a pending invitation, a draft submission and a
published resource; council B has a member. The association has an editor and an admin
(both with an authenticator app, as staff must). Every path in the matrix is built from
these objects, so the same matrix runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core import mail
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.services import invitation_create, organisation_for_council
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.assessments.tests.factories import access_world_assessment
from tiex.board.tests.access_world import access_world_board
from tiex.census.tests.access_world import access_world_census
from tiex.councils.tests.factories import ControlYearFactory, CouncilFactory
from tiex.development.tests.access_world import access_world_development
from tiex.events.tests.access_events import access_world_events
from tiex.library import services as library
from tiex.library.tests.factories import make_resource
from tiex.partnerships.tests.factories import (
    access_world_interests,
    access_world_partnerships,
    access_world_refresh,
)
from tiex.peer_challenges.tests.access_documents import access_world_documents
from tiex.peer_challenges.tests.access_peers import access_world_peers
from tiex.peer_challenges.tests.access_world_coverage import access_world_coverage
from tiex.peer_challenges.tests.access_world_stages import access_world_peer_challenges

PERSONAS = ("anonymous", "member_a", "super_a", "member_b", "editor", "admin")


@dataclass
class World:
    users: dict[str, Any]
    council_a: Any
    council_b: Any
    org_a: Any
    org_b: Any
    membership_a: Any
    invitation_a: Any
    invitation_token: str
    draft_a: Any
    published: Any
    extra: dict[str, str] = field(default_factory=dict)  # more path keys, from apps' factories

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client

    def format(self, path: str) -> str:
        """Fill a path template such as /councils/{gss_a}/ with this world's identifiers."""
        return path.format(
            gss_a=self.council_a.gss_code,
            gss_b=self.council_b.gss_code,
            org_a=self.org_a.slug,
            org_b=self.org_b.slug,
            membership_a=self.membership_a.pk,
            invitation_a=self.invitation_a.pk,
            token=self.invitation_token,
            draft_a=self.draft_a.pk,
            draft_slug=self.draft_a.slug,
            published_id=self.published.pk,
            published_slug=self.published.slug,
            council_a_pk=self.council_a.pk,
            **self.extra,
        )


def build_world() -> World:
    council_a = CouncilFactory(name="Aldershire", gss_code="E10000901", type="CTY")
    council_b = CouncilFactory(name="Bexford", gss_code="E10000902", type="CTY")
    ControlYearFactory(council=council_a, year=2025)
    org_a = organisation_for_council(council=council_a)
    org_b = organisation_for_council(council=council_b)
    users = {
        "member_a": member_of(org_a, Role.MEMBER, email="member.a@example.org"),
        "super_a": member_of(org_a, Role.SUPER_USER, email="super.a@example.org"),
        "member_b": member_of(org_b, Role.MEMBER, email="member.b@example.org"),
        "editor": member_of(association(), Role.EDITOR, email="editor@example.org"),
        "admin": member_of(association(), Role.ADMIN, email="admin@example.org"),
    }
    for persona in ("editor", "admin"):
        give_totp(users[persona])
    membership_a = users["member_a"].memberships.get(organisation=org_a)
    invitation = invitation_create(
        actor=users["super_a"], organisation=org_a, email="new.person@example.org", role=Role.MEMBER
    )
    token = re.search(r"/account/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    draft = library.submission_create(
        user=users["member_a"],
        council=council_a,
        data=library.ResourceData(title="Our draft", summary="Not yet published.", resource_type="case-study"),
    )
    published = make_resource("A published case study", councils=(council_a,))
    return World(
        users=users,
        council_a=council_a,
        council_b=council_b,
        org_a=org_a,
        org_b=org_b,
        membership_a=membership_a,
        invitation_a=invitation,
        invitation_token=token,
        draft_a=draft,
        published=published,
        extra={
            **access_world_assessment(org_a, users),
            **access_world_partnerships(council_a, council_b),
            **access_world_refresh(council_a),
            **access_world_interests(council_a, council_b, users),
            **access_world_documents(council_a),
            **access_world_peers(council_a, council_b),
            **access_world_peer_challenges(council_a, council_b, users),
            **access_world_coverage(council_a),
            **access_world_development(council_a, users),
            **access_world_events(council_a, users),
            **access_world_board(users, published),
            **access_world_census(council_a),
        },
    )
