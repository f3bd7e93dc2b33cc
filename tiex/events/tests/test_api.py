"""GET /api/v1/events/{slug}/sessions: the programme, with the event page's filters."""

from __future__ import annotations

import pytest
from django.test import Client

from tiex.accounts.tests.factories import UserFactory
from tiex.events import services
from tiex.events.models import SessionFormat
from tiex.events.tests.factories import EventFactory, SessionFactory, SpeakerFactory, open_mic

pytestmark = pytest.mark.django_db


def test_the_sessions_of_an_event(client: Client) -> None:
    event = EventFactory(slug="iz", name="Innovation Zone", is_demo=True)
    talk = SessionFactory(event=event, title="Heat networks", theme="Climate")
    talk.speakers.add(SpeakerFactory(name="Ada Ashcombe", organisation="Fernleigh District Council"))
    mic = open_mic(event)
    services.slot_claim(user=UserFactory(), session=mic, slot=0, topic="x")
    body = client.get("/api/v1/events/iz/sessions").json()
    assert body["event"]["is_demo"] is True and body["event"]["calendar_url"].endswith("/events/iz/sessions.ics")
    assert body["count"] == 2
    first, second = body["items"]
    assert first["title"] == "Heat networks" and first["speakers"] == [
        {"name": "Ada Ashcombe", "organisation": "Fernleigh District Council"}
    ]
    assert first["open_mic_slots"] is None
    assert (second["format"], second["open_mic_slots"], second["open_mic_taken"]) == ("open_mic", 6, 1)


def test_filters_match_exactly_and_an_absent_value_matches_nothing(client: Client) -> None:
    event = EventFactory(slug="iz")
    SessionFactory(event=event, theme="Climate", format=SessionFormat.DEMONSTRATION)
    assert client.get("/api/v1/events/iz/sessions?format=demonstration").json()["count"] == 1
    assert client.get("/api/v1/events/iz/sessions?theme=Nothing").json()["count"] == 0
    assert client.get("/api/v1/events/iz/sessions?day=2031-07-02").json()["count"] == 0
    assert client.get("/api/v1/events/iz/sessions?format=keynote").status_code == 422
    assert client.get("/api/v1/events/nope/sessions").status_code == 404
