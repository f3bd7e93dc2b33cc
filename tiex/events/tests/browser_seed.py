"""The browser tests' "events" seed (see tiex/events/a11y_routes.py).

An Innovation Zone on two days with talks in two rooms and themes, speakers, an open mic
(six slots, sign-up open) whose second slot the route map's "member" holds, a proposal from
Testshire's super-user, and the member's agenda (one session starred, a feed address).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any


def seed_events(council: Any, member: Any, super_user: Any) -> None:
    from tiex.events.a11y_routes import OPEN_MIC_PK, PROPOSAL_PK, SLUG, TALK_PK, TOKEN
    from tiex.events.models import AgendaFeed, OpenMicSlot, Proposal, SessionFormat, StarredSession
    from tiex.events.tests.factories import DAY, EventFactory, SessionFactory, SpeakerFactory, at, open_mic

    event = EventFactory(
        slug=SLUG, name="Innovation Zone (seed)", is_demo=True, starts_on=DAY, ends_on=DAY + timedelta(days=1)
    )
    talk = SessionFactory(pk=TALK_PK, event=event, title="Heat networks for market towns", theme="Climate")
    talk.speakers.add(
        SpeakerFactory(name="Ada Ashcombe", organisation="Fernleigh District Council"),
        SpeakerFactory(name="Bram Brindle", organisation="Greenway Energy Partnership"),
    )
    talk.councils.add(council)
    # Before the sessions numbered by the database, which come after the highest number so far.
    mic = open_mic(event, pk=OPEN_MIC_PK, title="Open mic: five minutes on what worked")
    SessionFactory(
        event=event,
        title="A live tour of our repairs app",
        theme="Digital",
        room="Demo Corner",
        format=SessionFormat.DEMONSTRATION,
        starts_at=at(DAY, 11),
        ends_at=at(DAY, 11, 40),
    )
    SessionFactory(
        event=event,
        title="Sharing a legal service",
        theme="Shared services",
        room="Round Table Room",
        format=SessionFormat.ROUND_TABLE,
        starts_at=at(DAY + timedelta(days=1), 10),
        ends_at=at(DAY + timedelta(days=1), 10, 40),
    )
    OpenMicSlot.objects.create(
        session=mic, slot=0, speaker_name="Cerys Corvell", topic="Warm spaces", claimed_by=super_user
    )
    OpenMicSlot.objects.create(
        session=mic, slot=1, speaker_name=member.full_name, topic="Our food bank", claimed_by=member
    )
    Proposal.objects.create(
        pk=PROPOSAL_PK,
        event=event,
        proposer=super_user,
        council=council,
        title="Young people on the planning committee",
        description="A youth panel that reviews major applications.",
        format=SessionFormat.TALK,
        theme="Communities",
        speakers="Dev Dunmore, Testshire District Council",
    )
    StarredSession.objects.create(user=member, session=talk)
    AgendaFeed.objects.create(user=member, token=TOKEN)
