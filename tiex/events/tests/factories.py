"""factory_boy factories for events: an event (the Innovation Zone, on 1 to 2 July 2031 unless told
otherwise), a session in it, a speaker; ``open_mic`` makes an open-mic session with sign-up open."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import factory
from django.utils import timezone

from tiex.events.models import Event, EventKind, Session, SessionFormat, Speaker

DAY = date(2031, 7, 1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    name = factory.Sequence(lambda n: f"Innovation Zone {n}")
    kind = EventKind.INNOVATION_ZONE
    venue = "Harbourside Centre"
    starts_on = DAY
    ends_on = DAY + timedelta(days=1)
    ideas_open = True


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    organisation = "Fernleigh District Council"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    description = "What worked for us."
    theme = "Digital"
    room = "Zone Stage"
    starts_at = factory.LazyFunction(lambda: at(DAY, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=40))
    format = SessionFormat.TALK


def open_mic(event: Event | None = None, *, minutes: int = 30, **fields: Any) -> Session:
    """An open-mic session (six five-minute slots by default) with sign-up open."""
    start = at(DAY + timedelta(days=1), 16, 30)
    fields = {"title": "Open mic", "sign_up_open": True, **fields}
    return SessionFactory(
        event=event or EventFactory(),
        format=SessionFormat.OPEN_MIC,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        **fields,
    )
