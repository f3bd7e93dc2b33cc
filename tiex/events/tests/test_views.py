"""The pages of events: list, programme with filters, session, feeds, open mic, proposals, agenda."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import UserFactory, association, give_totp, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.events import services
from tiex.events.models import OpenMicSlot, Proposal, ProposalStatus, Session, SessionFormat
from tiex.events.tests.factories import DAY, EventFactory, SessionFactory, SpeakerFactory, at, open_mic
from tiex.library.tests.factories import make_resource

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor() -> Any:
    user = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(user)
    return user


def test_the_programme_lists_sessions_by_day_with_filters(client: Client) -> None:
    event = EventFactory(slug="iz", name="Innovation Zone")
    talk = SessionFactory(event=event, title="Heat networks", theme="Climate", room="Zone Stage")
    talk.speakers.add(SpeakerFactory(name="Ada Ashcombe", organisation="Fernleigh District Council"))
    SessionFactory(
        event=event, title="Repairs app", theme="Digital", room="Demo Corner", format=SessionFormat.DEMONSTRATION
    )
    SessionFactory(event=event, title="Second day", starts_at=at(DAY.replace(day=2), 9), theme="Digital")
    page = client.get("/events/iz/").content.decode()
    assert "Heat networks" in page and "Ada Ashcombe (Fernleigh District Council)" in page
    assert "Tuesday 1 July 2031" in page and "Wednesday 2 July 2031" in page
    filtered = client.get("/events/iz/?theme=Digital&day=2031-07-01").content.decode()
    assert "Repairs app" in filtered and "Heat networks" not in filtered and "Second day" not in filtered
    assert "Clear filters" in filtered
    by_format = client.get("/events/iz/?format=demonstration").content.decode()
    assert "Repairs app" in by_format and "Heat networks" not in by_format
    bad = client.get("/events/iz/?room=Nowhere")
    assert bad.status_code == 400 and "Choose a room from the list" in bad.content.decode()


def test_the_event_list_and_a_session_page(client: Client) -> None:
    event = EventFactory(slug="iz", name="Innovation Zone", is_demo=True)
    session = SessionFactory(event=event, title="Heat networks")
    council = CouncilFactory(name="Fernleigh")
    session.councils.add(council)
    resource = make_resource("How we built a heat network", councils=(council,))
    session.resources.add(resource)
    assert "Innovation Zone" in client.get("/events/").content.decode()
    page = client.get(f"/events/iz/sessions/{session.pk}/").content.decode()
    assert "Heat networks" in page and "Fernleigh" in page and "How we built a heat network" in page
    assert "Demo" in page
    assert client.get(f"/events/other/sessions/{session.pk}/").status_code == 404


def test_the_event_calendar_is_an_ics_file(client: Client) -> None:
    event = EventFactory(slug="iz")
    session = SessionFactory(event=event, title="Heat networks, explained")
    response = client.get("/events/iz/sessions.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and f"UID:event-session-{session.pk}@testserver\r\n" in text
    assert "SUMMARY:Heat networks\\, explained\r\n" in text
    assert "DTSTART:20310701T090000Z" in text  # 10:00 British Summer Time


def test_a_delegate_claims_a_slot_and_sees_the_running_order() -> None:
    session = open_mic()
    url = f"/events/{session.event.slug}/sessions/{session.pk}/open-mic/"
    delegate = signed_in(UserFactory(full_name="Femi Fairclough"))
    page = delegate.get(url).content.decode()
    assert "Claim a slot" in page and "on_behalf_of" not in page
    assert "Slot 2, 16:35" in page  # the time where the event is, not UTC
    response = delegate.post(url, {"slot": "1", "topic": "Our warm spaces"})
    assert response.status_code == 302
    page = delegate.get(url).content.decode()
    assert "Femi Fairclough" in page and "Our warm spaces" in page and "You have slot 2" in page


def test_a_slot_taken_meanwhile_gives_a_clear_message() -> None:
    session = open_mic()
    url = f"/events/{session.event.slug}/sessions/{session.pk}/open-mic/"
    services.slot_claim(user=UserFactory(), session=session, slot=0, topic="First")
    response = signed_in(UserFactory()).post(url, {"slot": "0", "topic": "Mine"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "That slot has been taken. Choose another slot" in page


def test_the_service_refusal_shows_when_the_race_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The form saw the slot free; by the time of the insert someone else had it."""
    session = open_mic()
    url = f"/events/{session.event.slug}/sessions/{session.pk}/open-mic/"
    real = services.slot_claim

    def someone_first(**kwargs: Any) -> Any:
        OpenMicSlot.objects.create(session=session, slot=0, speaker_name="Quick", topic="x", claimed_by=UserFactory())
        return real(**kwargs)

    monkeypatch.setattr(services, "slot_claim", someone_first)
    response = signed_in(UserFactory()).post(url, {"slot": "0", "topic": "Mine"})
    assert response.status_code == 400
    assert "Slot 1 has just been taken by someone else" in response.content.decode()


def test_staff_claim_on_behalf_give_up_and_close_sign_up(editor: Any) -> None:
    session = open_mic()
    base = f"/events/{session.event.slug}/sessions/{session.pk}/open-mic/"
    staff = signed_in(editor)
    assert "on_behalf_of" in staff.get(base).content.decode()
    staff.post(base, {"slot": "3", "topic": "Buses", "on_behalf_of": "Dev Dunmore"})
    assert OpenMicSlot.objects.get().speaker_name == "Dev Dunmore"
    assert staff.post(f"{base}3/give-up/").status_code == 302
    assert not OpenMicSlot.objects.exists()
    staff.post(f"{base}sign-up/")
    assert Session.objects.get(pk=session.pk).sign_up_open is False
    assert signed_in(UserFactory()).post(f"{base}sign-up/").status_code == 403


def test_a_council_member_proposes_and_staff_accept(editor: Any) -> None:
    council = CouncilFactory(name="Fernleigh")
    member = member_of(organisation_for_council(council=council), Role.MEMBER)
    event = EventFactory(slug="iz")
    proposer = signed_in(member)
    errors = proposer.post("/events/iz/propose/", {"council": str(council.pk)})
    assert errors.status_code == 400
    page = errors.content.decode()
    assert "There is a problem" in page and "Enter the title of the session" in page
    response = proposer.post(
        "/events/iz/propose/",
        {
            "council": str(council.pk),
            "title": "Repair café",
            "description": "How we did it.",
            "format": "talk",
            "speakers": "Ada Ashcombe, Fernleigh District Council",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    staff = signed_in(editor)
    assert "Repair café" in staff.get("/events/proposals/").content.decode()
    missing = staff.post(f"/events/proposals/{proposal.pk}/", {"decision": "accept"})
    assert missing.status_code == 400 and "Choose the day of the session" in missing.content.decode()
    done = staff.post(
        f"/events/proposals/{proposal.pk}/",
        {"decision": "accept", "day": "2031-07-01", "start": "14:30", "end": "15:10", "room": "Zone Stage"},
    )
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.session is not None
    assert proposal.session.event == event


def test_proposing_needs_a_council_and_an_open_call(editor: Any) -> None:
    EventFactory(slug="iz")
    EventFactory(slug="closed", ideas_open=False)
    assert signed_in(UserFactory()).get("/events/iz/propose/").status_code == 403
    assert signed_in(editor).get("/events/iz/propose/").status_code == 403
    member = member_of(organisation_for_council(council=CouncilFactory()), Role.MEMBER)
    assert signed_in(member).get("/events/closed/propose/").status_code == 404


def test_stars_the_agenda_and_its_secret_feed(client: Client) -> None:
    session = SessionFactory(title="Heat networks")
    user = UserFactory()
    me = signed_in(user)
    me.post(f"/events/{session.event.slug}/sessions/{session.pk}/star/")
    agenda = me.get("/events/agenda/").content.decode()
    assert "Heat networks" in agenda and "Get a calendar address" in agenda
    me.post("/events/agenda/link/")
    token = user.agenda_feed.token
    feed = client.get(f"/events/agenda/{token}/agenda.ics")
    assert feed.status_code == 200 and "SUMMARY:Heat networks" in feed.content.decode()
    assert feed["Cache-Control"] == "private, no-store"
    assert client.get("/events/agenda/not-a-token/agenda.ics").status_code == 404
