"""Events' entries for the accessibility route map (tiex/core/a11y_routes.py).

The pages need the browser seed "events" (tiex/events/tests/browser_seed.py): an Innovation
Zone (``SLUG``) with its call for ideas open, a talk (``TALK_PK``), an open mic (``OPEN_MIC_PK``)
with a slot claimed by the route map's "member", a proposal from Testshire (``PROPOSAL_PK``) and
the member's agenda with its feed (``TOKEN``).
"""

from __future__ import annotations

from typing import Any

SEED = "events"
SLUG = "seed-innovation-zone"
TALK_PK = 9101
OPEN_MIC_PK = 9102
PROPOSAL_PK = 9103
TOKEN = "seed-agenda-token"  # noqa: S105 - a made-up feed address for tests
BASE = f"/events/{SLUG}/"


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "events:list": (
            Visit("/events/", "no events yet"),
            Visit("/events/", "an event coming up", role="member", seed=SEED),
        ),
        "events:event": (
            Visit(BASE, "the programme by day", seed=SEED),
            Visit(f"{BASE}?theme=Climate&format=talk", "filtered", role="member", seed=SEED),
            Visit(f"{BASE}?room=Nowhere", "a filter value not in the programme: its error", seed=SEED),
        ),
        "events:calendar": "an iCalendar file (text/calendar), not a page",
        "events:session": (
            Visit(f"{BASE}sessions/{TALK_PK}/", "a talk with speakers, signed out", seed=SEED),
            Visit(f"{BASE}sessions/{OPEN_MIC_PK}/", "the open mic, signed in", role="member", seed=SEED),
        ),
        "events:star": "POST only: the button is on the session page, checked there",
        "events:open_mic": (
            Visit(
                f"{BASE}sessions/{OPEN_MIC_PK}/open-mic/", "the running order, own slot held", role="member", seed=SEED
            ),
            Visit(
                f"{BASE}sessions/{OPEN_MIC_PK}/open-mic/",
                "claiming a slot (on behalf of someone), with errors",
                role="editor",
                seed=SEED,
                submit=(("topic", ""),),
            ),
        ),
        "events:sign_up_toggle": "POST only: the button is on the running order page, checked there",
        "events:slot_release": "POST only: the give-up buttons are on the running order page, checked there",
        "events:propose": (
            Visit(f"{BASE}propose/", "proposing a session", role="super_user", seed=SEED),
            Visit(f"{BASE}propose/", "with errors", role="super_user", seed=SEED, submit=(("title", ""),)),
        ),
        "events:proposals": (Visit("/events/proposals/", "proposals to decide", role="editor", seed=SEED),),
        "events:proposal_decide": (
            Visit(f"/events/proposals/{PROPOSAL_PK}/", "deciding on a proposal", role="editor", seed=SEED),
            Visit(
                f"/events/proposals/{PROPOSAL_PK}/",
                "with errors",
                role="editor",
                seed=SEED,
                submit=(("room", "Zone Stage"),),
            ),
        ),
        "events:agenda": (
            Visit("/events/agenda/", "an empty agenda", role="member"),
            Visit("/events/agenda/", "sessions and the calendar address", role="member", seed=SEED),
        ),
        "events:agenda_link": "POST only: the button is on the agenda page, checked there",
        "events:agenda_feed": "an iCalendar file (text/calendar) at a secret address, not a page",
    }
