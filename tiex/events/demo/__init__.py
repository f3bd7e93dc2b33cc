"""The demo Innovation Zone for `tiex demo`: the annual conference (demo) and its Innovation
Zone, with over 70 made-up speakers from over 30 made-up organisations and an open-mic session.

``load_demo`` is called by ``tiex demo`` (and by ``tiex bootstrap`` on a new database). What it
builds is set in programme.toml beside this file. Deterministic (no randomness: speakers are
first names and surnames taken in turn, sessions are laid out day by day, room by room), and
idempotent: the demo events are kept by slug, their sessions and the demo speakers are made
afresh, and nothing that is not demo is touched. The conference is placed on the first Tuesday
of the configured month, this year or next, so its open mic can be signed up for.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from tiex.events.models import Event, EventKind, Session, SessionFormat, Speaker

DEMO_PATH = Path(__file__).with_name("programme.toml")


def read_config(path: Path = DEMO_PATH) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def first_tuesday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def conference_start(month: int, today: date) -> date:
    start = first_tuesday(today.year, month)
    return start if start >= today else first_tuesday(today.year + 1, month)


def _at(day: date, hhmm: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hhmm)))


def speaker_names(config: dict[str, Any], count: int) -> list[tuple[str, str]]:
    """``count`` distinct (name, organisation) pairs: first names and surnames in turn."""
    firsts, surnames, organisations = config["first_names"], config["surnames"], config["organisations"]
    if count > len(firsts) * len(surnames):
        raise ValueError("not enough names in programme.toml for the speakers asked for")
    found = []
    for n in range(count):
        first = firsts[n % len(firsts)]
        surname = surnames[(n + n // len(firsts)) % len(surnames)]
        found.append((f"{first} {surname}", organisations[n % len(organisations)]))
    return found


def _event(slug: str, **fields: Any) -> Event:
    event, _ = Event.objects.update_or_create(slug=slug, defaults={**fields, "is_demo": True})
    return event


def write_demo(config: dict[str, Any], today: date) -> dict[str, int]:
    conf, zone, mic = config["conference"], config["innovation_zone"], config["open_mic"]
    start = conference_start(int(conf["month"]), today)
    end = start + timedelta(days=int(conf["days"]) - 1)
    with transaction.atomic():
        conference = _event(
            conf["slug"],
            name=conf["name"],
            kind=EventKind.CONFERENCE,
            summary=conf["summary"],
            venue=conf["venue"],
            starts_on=start,
            ends_on=end,
            part_of=None,
            ideas_open=False,
        )
        innovation = _event(
            zone["slug"],
            name=zone["name"],
            kind=EventKind.INNOVATION_ZONE,
            summary=zone["summary"],
            venue=conf["venue"],
            starts_on=start,
            ends_on=end,
            part_of=conference,
            ideas_open=True,
        )
        Session.objects.filter(event__in=[conference, innovation]).delete()
        Speaker.objects.filter(is_demo=True).delete()
        sessions = config["sessions"]
        names = speaker_names(config, sum(int(item["speakers"]) for item in sessions))
        rooms, times = zone["rooms"], zone["start_times"]
        length = timedelta(minutes=int(zone["session_minutes"]))
        days = int(conf["days"])
        next_name = 0
        for n, item in enumerate(sessions):
            day = start + timedelta(days=n % days)
            slot = (n // days) % len(times)
            starts_at = _at(day, times[slot])
            session = Session.objects.create(
                event=innovation,
                title=item["title"],
                description=item["description"],
                theme=item["theme"],
                room=rooms[n % len(rooms)],
                starts_at=starts_at,
                ends_at=starts_at + length,
                format=SessionFormat(item["format"]),
            )
            taken = names[next_name : next_name + int(item["speakers"])]
            next_name += len(taken)
            session.speakers.add(
                *[Speaker.objects.create(name=name, organisation=org, is_demo=True) for name, org in taken]
            )
        mic_day = start + timedelta(days=int(mic["day"]) - 1)
        mic_start = _at(mic_day, mic["start"])
        Session.objects.create(
            event=innovation,
            title=mic["title"],
            description=mic["description"],
            theme=mic["theme"],
            room=mic["room"],
            starts_at=mic_start,
            ends_at=mic_start + timedelta(minutes=int(mic["minutes"])),
            format=SessionFormat.OPEN_MIC,
            sign_up_open=True,
        )
    organisations = {org for _, org in names}
    return {"sessions": len(sessions) + 1, "speakers": len(names), "organisations": len(organisations)}


def load_demo(*, if_empty: bool = False, today: date | None = None) -> str:
    """Create or replace the demo conference and Innovation Zone; with ``if_empty``, only when there is none."""
    if if_empty and Event.objects.filter(is_demo=True).exists():
        return "the demo Innovation Zone is already loaded."
    counts = write_demo(read_config(), today or timezone.localdate())
    return (
        f"a demo Innovation Zone with {counts['sessions']} sessions (one open mic), "
        f"{counts['speakers']} speakers from {counts['organisations']} organisations."
    )
