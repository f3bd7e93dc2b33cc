"""Services of events: the call for ideas, staff decisions (and the e-mails), open-mic slots,
sign-up, stars and the agenda feed's token."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import UserFactory, association, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.events import selectors, services
from tiex.events.models import OpenMicSlot, ProposalStatus, SessionFormat, StarredSession
from tiex.events.tests.factories import DAY, EventFactory, SessionFactory, at, open_mic

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_member() -> object:
    council = CouncilFactory(name="Fernleigh")
    return member_of(organisation_for_council(council=council), Role.MEMBER, email="cllr@example.org")


@pytest.fixture
def editor() -> object:
    return member_of(association(), Role.EDITOR, email="editor@example.org")


def _data(user: object, **changes: object) -> services.ProposalData:
    council = selectors.councils_of(user)[0]
    fields = {
        "council_id": council.pk,
        "title": "Repair café in the library",
        "description": "How we did it.",
        "format": SessionFormat.TALK,
        "speakers": "Ada Ashcombe, Fernleigh District Council\n\nBram Brindle, Repair Network",
        "theme": "Communities",
    }
    fields.update(changes)
    return services.ProposalData(**fields)  # type: ignore[arg-type]


def test_a_council_member_proposes_a_session(council_member: object) -> None:
    event = EventFactory()
    proposal = services.proposal_submit(user=council_member, event=event, data=_data(council_member))
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.council.name == "Fernleigh"


def test_someone_with_no_council_may_not_propose() -> None:
    with pytest.raises(PermissionDenied):
        services.proposal_submit(user=UserFactory(), event=EventFactory(), data=None)  # type: ignore[arg-type]


def test_a_proposal_needs_an_open_call_a_speaker_and_a_proper_format(council_member: object) -> None:
    with pytest.raises(ValidationError):
        services.proposal_submit(user=council_member, event=EventFactory(ideas_open=False), data=_data(council_member))
    with pytest.raises(ValidationError) as caught:
        services.proposal_submit(
            user=council_member,
            event=EventFactory(),
            data=_data(council_member, speakers=" \n", format=SessionFormat.OPEN_MIC, council_id=999999),
        )
    assert set(caught.value.message_dict) == {"speakers", "format", "council"}


def test_accepting_a_proposal_makes_a_session_and_tells_the_proposer(
    council_member: object, editor: object, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory()
    proposal = services.proposal_submit(user=council_member, event=event, data=_data(council_member))
    services.proposal_shortlist(actor=editor, proposal=proposal)
    assert mail.outbox == []  # shortlisting is not a decision the proposer hears about
    with pytest.raises(ValidationError):
        services.proposal_accept(
            actor=editor,
            proposal=proposal,
            room="Zone Stage",
            starts_at=at(DAY + timedelta(days=5), 10),
            ends_at=at(DAY + timedelta(days=5), 11),
            link="https://example.org/events/x/",
        )
    with django_capture_on_commit_callbacks(execute=True):
        session = services.proposal_accept(
            actor=editor,
            proposal=proposal,
            room="Zone Stage",
            starts_at=at(DAY, 10),
            ends_at=at(DAY, 10, 40),
            link="https://example.org/events/x/",
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.session == session
    assert [s.name for s in session.speakers.order_by("name")] == ["Ada Ashcombe", "Bram Brindle"]
    assert [c.name for c in session.councils.all()] == ["Fernleigh"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cllr@example.org"]
    assert "accepted" in mail.outbox[0].subject and "Repair café" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.proposal_decline(actor=editor, proposal=proposal, link="")


def test_declining_tells_the_proposer(
    council_member: object, editor: object, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = services.proposal_submit(user=council_member, event=EventFactory(), data=_data(council_member))
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decline(actor=editor, proposal=proposal, link="https://example.org/events/x/")
    assert "not accepted" in mail.outbox[0].subject


def test_only_staff_decide(council_member: object) -> None:
    proposal = services.proposal_submit(user=council_member, event=EventFactory(), data=_data(council_member))
    with pytest.raises(PermissionDenied):
        services.proposal_decline(actor=council_member, proposal=proposal, link="")


def test_a_claimed_slot_cannot_be_claimed_again() -> None:
    session = open_mic()
    services.slot_claim(user=UserFactory(), session=session, slot=2, topic="Warm spaces")
    with pytest.raises(services.SlotTaken):
        services.slot_claim(user=UserFactory(), session=session, slot=2, topic="Something else")
    assert OpenMicSlot.objects.count() == 1


def test_a_delegate_holds_one_slot_a_session_and_may_give_it_up() -> None:
    session, user = open_mic(), UserFactory(full_name="Cerys Corvell")
    slot = services.slot_claim(user=user, session=session, slot=0, topic="Our food bank")
    assert slot.speaker_name == "Cerys Corvell"
    with pytest.raises(ValidationError):
        services.slot_claim(user=user, session=session, slot=1, topic="Another")
    with pytest.raises(PermissionDenied):
        services.slot_release(user=UserFactory(), session=session, slot=0)
    services.slot_release(user=user, session=session, slot=0)
    assert not OpenMicSlot.objects.exists()


def test_slots_outside_the_session_closed_sign_up_and_other_formats_are_refused() -> None:
    session = open_mic(minutes=30)
    assert session.slot_count == 6
    with pytest.raises(ValidationError) as caught:
        services.slot_claim(user=UserFactory(), session=session, slot=6, topic="")
    assert set(caught.value.message_dict) == {"slot", "topic"}
    with pytest.raises(ValidationError):
        services.slot_claim(user=UserFactory(), session=open_mic(sign_up_open=False), slot=0, topic="x")
    with pytest.raises(ValidationError):
        services.slot_claim(user=UserFactory(), session=SessionFactory(), slot=0, topic="x")


def test_staff_claim_for_someone_else_and_delegates_may_not(editor: object) -> None:
    session = open_mic()
    with pytest.raises(PermissionDenied):
        services.slot_claim(user=UserFactory(), session=session, slot=0, topic="x", on_behalf_of="Someone")
    first = services.slot_claim(user=editor, session=session, slot=0, topic="Buses", on_behalf_of="Dev Dunmore")
    second = services.slot_claim(user=editor, session=session, slot=1, topic="Trees", on_behalf_of="Elin Elderwood")
    assert (first.speaker_name, first.on_behalf, second.speaker_name) == ("Dev Dunmore", True, "Elin Elderwood")
    rows = selectors.running_order(session)
    assert [row.booking.speaker_name if row.booking else None for row in rows[:3]] == [
        "Dev Dunmore",
        "Elin Elderwood",
        None,
    ]
    assert rows[1].starts_at.time() == time(16, 35)


def test_staff_open_and_close_sign_up(editor: object) -> None:
    session = open_mic(sign_up_open=False)
    services.session_sign_up_set(actor=editor, session=session, open=True)
    assert session.sign_up_open
    with pytest.raises(PermissionDenied):
        services.session_sign_up_set(actor=UserFactory(), session=session, open=False)
    with pytest.raises(ValidationError):
        services.session_sign_up_set(actor=editor, session=SessionFactory(), open=True)


def test_stars_toggle_and_the_feed_token_renews() -> None:
    user, session = UserFactory(), SessionFactory()
    assert services.star_toggle(user=user, session=session) is True
    assert list(selectors.agenda(user)) == [session]
    assert services.star_toggle(user=user, session=session) is False
    assert not StarredSession.objects.exists()
    token = services.agenda_feed_token(user=user)
    assert services.agenda_feed_token(user=user) == token
    renewed = services.agenda_feed_token(user=user, renew=True)
    assert renewed != token and selectors.agenda_owner(token) is None and selectors.agenda_owner(renewed) == user


def test_an_event_may_not_take_the_address_of_another_page() -> None:
    event = EventFactory.build(slug="agenda")
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "slug" in caught.value.message_dict
