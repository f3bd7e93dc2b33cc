"""The council's challenge page stays within its query budget at 1x and 10x data (issue 11: at most 8).

Signed in: the session, the person and their roles (3); then the challenge with its council,
kind and self-assessment; its team; its steps; its documents; its sessions (5). Staff add the
site-wide check that their authenticator app is set up (accounts' MFA middleware, one query on
every staff page). Anonymous: no session, and no sessions of the timetable (4). The same
however many steps, documents, sessions and team members, and however many other challenges.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tiex.peer_challenges import services_stage_documents as stage_documents
from tiex.peer_challenges import services_timetable
from tiex.peer_challenges.models import DocumentKind, Stage
from tiex.peer_challenges.tests.factories import PeerFactory, TeamMemberFactory
from tiex.peer_challenges.tests.stages_helpers import advance, new_challenge, people

pytestmark = pytest.mark.django_db

PAGE_MAX = 8


def _grow(challenge: Any, who: Any, times: int) -> None:
    at = timezone.make_aware(datetime.combine(challenge.visit_start, datetime.min.time()))
    for number in range(times):
        stage_documents.document_add(
            actor=who.staff,
            challenge=challenge,
            kind=DocumentKind.BACKGROUND,
            title=f"Doc {number}",
            url="https://x.example",
        )
        services_timetable.visit_session_add(
            actor=who.staff,
            challenge=challenge,
            starts_at=at,
            ends_at=None,
            kind="interview",
            title=f"S{number}",
            people_met=2,
        )
        TeamMemberFactory(challenge=challenge, peer=PeerFactory(), role="officer-peer")


@pytest.mark.parametrize("scale", [1, 10])
def test_the_challenge_page_within_budget(scale: int, django_assert_max_num_queries: Any) -> None:
    who = people()
    challenge = advance(
        new_challenge(who), who, through=Stage.REPORT_PUBLISHED, visit_end=date.today() - timedelta(days=100)
    )
    _grow(challenge, who, 3 * scale)
    for _ in range(scale):
        new_challenge(who)
    for user, budget in ((who.member, PAGE_MAX), (who.peer_user, PAGE_MAX), (None, 4), (who.staff, PAGE_MAX + 1)):
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(f"/peer-challenges/{challenge.reference}/")  # warm: the session's first read
        with django_assert_max_num_queries(budget):
            response = client.get(f"/peer-challenges/{challenge.reference}/")
        assert response.status_code == 200
        assert ("Doc 0" in response.content.decode()) == (user is not None)
