"""The council's challenge page stays within its query budget at 1x and 10x data (issue 11: at most 8).

Signed in: the session, the person and their roles (3); then the challenge's steps with the
challenge, its council, kind and self-assessment (one query); its team; its documents; its
sessions (4). Staff add the site-wide check that their authenticator app is set up (accounts'
MFA middleware, one query on every staff page): 8. Anonymous: no session, and no sessions of
the timetable (3). The same
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
    for user, budget in ((who.member, PAGE_MAX - 1), (who.peer_user, PAGE_MAX - 1), (None, 3), (who.staff, PAGE_MAX)):
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(f"/peer-challenges/{challenge.reference}/")  # warm: the session's first read
        with django_assert_max_num_queries(budget):
            response = client.get(f"/peer-challenges/{challenge.reference}/")
        assert response.status_code == 200
        assert ("Doc 0" in response.content.decode()) == (user is not None)


def test_a_councils_profile_reads_both_peer_challenge_sections_in_one_query(django_assert_num_queries: Any) -> None:
    from tiex.peer_challenges import selectors_profile
    from tiex.peer_challenges import services_stages as services

    who = people()
    done = advance(new_challenge(who), who, through=Stage.ACTION_PLAN, visit_end=date.today() - timedelta(days=300))
    stage_documents.document_add(
        actor=who.staff, challenge=done, kind=DocumentKind.DRAFT_REPORT, title="Private draft", url="https://x.example"
    )
    new_challenge(who)  # an enquiry: not on the profile
    gone = advance(
        new_challenge(who), who, through=Stage.REPORT_PUBLISHED, visit_end=date.today() - timedelta(days=200)
    )
    services.challenge_cancel(actor=who.staff, challenge=gone, reason="Withdrawn")
    with django_assert_num_queries(1):
        found = selectors_profile.council_profile(council_pk=who.council.pk)
    assert [c.reference for c in found.challenges] == [done.reference]
    assert found.challenges[0].stage_label == "Progress review"
    [entry] = found.documents
    assert entry.reference == done.reference
    assert [d.kind_label for d in entry.documents] == ["Peer challenge report", "Action plan"]
    page = Client().get(f"/councils/{who.council.code}/").content.decode()
    assert done.reference in page and gone.reference not in page and "Private draft" not in page


def test_a_challenge_without_any_step_still_has_its_page() -> None:
    who = people()
    challenge = new_challenge(who)
    challenge.steps.all().delete()
    client = Client()
    client.force_login(who.staff)
    assert client.get(f"/peer-challenges/{challenge.reference}/").status_code == 200
    assert client.get("/peer-challenges/no-such-one/").status_code == 404
