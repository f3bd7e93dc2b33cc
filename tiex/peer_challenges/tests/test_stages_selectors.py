"""Who sees what: the public sees public milestones and published documents only; another council's
member sees nothing private; a peer on the team, the council's members and staff see it all."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tiex.peer_challenges import selectors
from tiex.peer_challenges import services_stage_documents as stage_documents
from tiex.peer_challenges.models import DocumentKind, Stage
from tiex.peer_challenges.tests.stages_helpers import advance, new_challenge, people

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def world() -> tuple[Any, Any]:
    who = people()
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=TODAY - timedelta(days=100))
    return who, challenge


def _page(user: Any, challenge: Any) -> Any:
    return selectors.challenge_page(user=user, reference=challenge.reference, today=TODAY)


def test_the_public_sees_public_milestones_and_published_documents_only(world: tuple[Any, Any]) -> None:
    who, challenge = world
    for user in (AnonymousUser(), who.stranger, who.outsider):
        page = _page(user, challenge)
        assert page is not None and not page.private
        assert {step.stage for step in page.steps} == {Stage.VISIT, Stage.FEEDBACK}
        assert all(step.owner == "" and step.note == "" for step in page.steps)
        assert page.documents == []  # the position statement and the report are not published
        assert page.team == [] and page.sessions == [] and page.deadlines == []
    report = challenge.documents.get(kind=DocumentKind.REPORT)
    stage_documents.document_publish(
        actor=who.super_user, challenge=challenge, kind=DocumentKind.REPORT, document=report
    )
    page = _page(AnonymousUser(), challenge)
    assert [d.title for d in page.documents] == ["The report"]
    assert Stage.REPORT_PUBLISHED in {step.stage for step in page.steps}


def test_the_council_the_team_and_staff_see_the_private_view(world: tuple[Any, Any]) -> None:
    who, challenge = world
    for user in (who.member, who.super_user, who.peer_user, who.staff):
        page = _page(user, challenge)
        assert page.private, user
        assert len(page.steps) == 12
        assert {d.kind for d in page.documents} == {DocumentKind.POSITION_STATEMENT, DocumentKind.REPORT}
        assert [m.peer.full_name for m in page.team] == ["Pat Peer"]
        assert selectors.challenge_visible_privately(user, challenge)
    assert _page(who.staff, challenge).can_manage and not _page(who.member, challenge).can_manage
    assert _page(who.super_user, challenge).can_council_act and not _page(who.peer_user, challenge).can_council_act


def test_another_councils_member_sees_no_private_thing(world: tuple[Any, Any]) -> None:
    who, challenge = world
    assert not selectors.challenge_visible_privately(who.outsider, challenge)
    draft = challenge.documents.get(kind=DocumentKind.POSITION_STATEMENT)
    assert selectors.document_get_for(user=who.outsider, challenge=challenge, pk=draft.pk) is None
    assert selectors.document_get_for(user=AnonymousUser(), challenge=challenge, pk=draft.pk) is None
    assert selectors.document_get_for(user=who.peer_user, challenge=challenge, pk=draft.pk) == draft
    assert selectors.challenge_list_for(user=who.outsider, today=TODAY).rows == []


def test_an_enquiry_is_private_until_the_council_accepts(world: tuple[Any, Any]) -> None:
    who, _ = world
    enquiry = new_challenge(who)
    assert _page(AnonymousUser(), enquiry) is None
    assert _page(who.outsider, enquiry) is None
    assert _page(who.member, enquiry).private
    assert enquiry.reference not in [c.reference for c in selectors.council_challenges(council_id=who.council.pk)]


def test_staff_list_flags_overdue_steps_and_filters(world: tuple[Any, Any]) -> None:
    who, challenge = world
    found = selectors.challenge_list_for(user=who.staff, today=TODAY)
    [row] = [row for row in found.rows if row.reference == challenge.reference]
    assert [item.step for item in row.overdue] == ["report"]  # 100 days after the visit, unpublished
    assert row.current_stage == Stage.REPORT_PUBLISHED
    new_challenge(who)
    assert selectors.challenge_list_for(user=who.staff, today=TODAY).total == 2
    assert [r.reference for r in selectors.challenge_list_for(user=who.staff, today=TODAY, overdue_only=True).rows] == [
        challenge.reference
    ]
    assert selectors.challenge_list_for(user=who.staff, today=TODAY, stage=Stage.ENQUIRY).total == 1
    assert selectors.challenge_list_for(user=who.staff, today=TODAY, q="nowhere").total == 0


def test_overdue_steps_for_reminders(world: tuple[Any, Any]) -> None:
    _, challenge = world
    assert [(o.reference, o.deadline.step) for o in selectors.overdue_steps(today=TODAY)] == [
        (challenge.reference, "report")
    ]
    assert selectors.overdue_steps(today=TODAY - timedelta(days=20)) == []
