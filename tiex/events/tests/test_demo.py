"""The demo Innovation Zone: over 70 speakers from over 30 organisations, an open mic, all demo."""

from __future__ import annotations

from datetime import date

import pytest

from tiex.events.demo import conference_start, load_demo
from tiex.events.models import Event, Session, SessionFormat, Speaker

pytestmark = pytest.mark.django_db


def test_the_demo_programme_is_big_enough_marked_and_loads_twice_the_same() -> None:
    summary = load_demo(today=date(2031, 1, 10))
    assert "73 speakers from 35 organisations" in summary
    speakers = Speaker.objects.filter(sessions__event__slug="demo-innovation-zone").distinct()
    assert speakers.count() > 70
    assert len(set(speakers.values_list("organisation", flat=True))) > 30
    assert Session.objects.filter(format=SessionFormat.OPEN_MIC, sign_up_open=True).count() == 1
    assert all(Event.objects.values_list("is_demo", flat=True))
    zone = Event.objects.get(slug="demo-innovation-zone")
    assert zone.part_of is not None and zone.part_of.slug == "demo-annual-conference"
    assert zone.starts_on == date(2031, 7, 1)  # the first Tuesday of July
    ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    load_demo(today=date(2031, 1, 10))
    assert list(Event.objects.order_by("pk").values_list("pk", flat=True)) == ids
    assert Speaker.objects.count() == 73
    assert load_demo(if_empty=True) == "the demo Innovation Zone is already loaded."


def test_the_conference_is_placed_this_year_or_next() -> None:
    assert conference_start(7, date(2031, 7, 1)) == date(2031, 7, 1)
    assert conference_start(7, date(2031, 7, 2)) == date(2032, 7, 6)
