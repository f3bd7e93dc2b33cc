"""Two delegates claim the last free open-mic slot at the same moment, each on their own database
connection (a thread each): exactly one booking is made and the other person is told the slot has
just gone. The database's unique constraint on (session, slot) decides; the service turns the
loser's IntegrityError into SlotTaken. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from tiex.accounts.tests.factories import UserFactory
from tiex.events import services
from tiex.events.models import OpenMicSlot, Session
from tiex.events.tests.factories import open_mic

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_claims_of_the_last_slot_at_once_give_exactly_one_booking() -> None:
    session = open_mic(minutes=10)  # two slots
    first, second, earlier = UserFactory(), UserFactory(), UserFactory()
    services.slot_claim(user=earlier, session=session, slot=0, topic="Already booked")
    start = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def claim(name: str, user: Any) -> None:
        try:
            fresh = Session.objects.get(pk=session.pk)  # this thread's own connection
            start.wait(timeout=10)
            outcomes[name] = services.slot_claim(user=user, session=fresh, slot=1, topic=f"Topic of {name}")
        except Exception as exc:  # the outcome, whatever it is, is what the test checks
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(name, user)) for name, user in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    booked = [value for value in outcomes.values() if isinstance(value, OpenMicSlot)]
    refused = [value for value in outcomes.values() if isinstance(value, services.SlotTaken)]
    assert len(booked) == 1 and len(refused) == 1, outcomes
    assert "has just been taken" in refused[0].message_dict["slot"][0]
    assert OpenMicSlot.objects.filter(session=session, slot=1).count() == 1
    assert OpenMicSlot.objects.filter(session=session).count() == 2
