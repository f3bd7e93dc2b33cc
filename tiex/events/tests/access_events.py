"""The access matrix's events objects (tiex/core/tests/access_world.py).

An Innovation Zone with its call for ideas open, a talk, an open-mic session (sign-up open)
whose first slot council A's member has claimed, a proposal from council A's member, and
that member's agenda feed. Path keys: ``ev_slug``, ``ev_session``, ``ev_open_mic``,
``ev_proposal`` and ``ev_token``.
"""

from __future__ import annotations

from typing import Any


def access_world_events(council_a: Any, users: dict[str, Any]) -> dict[str, str]:
    from tiex.events import services
    from tiex.events.models import Proposal, SessionFormat
    from tiex.events.tests.factories import EventFactory, SessionFactory, open_mic

    event = EventFactory(slug="access-innovation-zone", name="Access Innovation Zone")
    session = SessionFactory(event=event, title="Access talk")
    mic = open_mic(event)
    member = users["member_a"]
    services.slot_claim(user=member, session=mic, slot=0, topic="Access topic")
    proposal = Proposal.objects.create(
        event=event,
        proposer=member,
        council=council_a,
        title="Access proposal",
        description="About.",
        format=SessionFormat.TALK,
        speakers="Ada Ashcombe, Aldershire",
    )
    token = services.agenda_feed_token(user=member)
    return {
        "ev_slug": event.slug,
        "ev_session": str(session.pk),
        "ev_open_mic": str(mic.pk),
        "ev_proposal": str(proposal.pk),
        "ev_token": token,
    }
