"""The events API, mounted at /api/v1/events (see docs/api.md and docs/events.md).

``GET /api/v1/events/{slug}/sessions``: an event's programme, through the same selector and
filters as the event page and its iCalendar feed, so the three always agree. Events are public;
demo events say so. Open-mic bookings (people's names) are not in the API, only how many slots
are taken.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from tiex.events import selectors
from tiex.events.models import Event, Session

router = Router()

TEXT = r"^[^\x00-\x1f\x7f]*$"  # no control characters
SLUG = r"^[-a-zA-Z0-9_]+$"
EventsFormat = Literal["", "talk", "demonstration", "round_table", "one_to_one", "open_mic"]


class EventsErrorOut(Schema):
    detail: Any


class EventsSpeakerOut(Schema):
    name: str
    organisation: str


class EventsCouncilOut(Schema):
    code: str = Field(description="GSS code of the council")
    name: str
    url: str = Field(description="The council's profile page")


class EventsResourceOut(Schema):
    title: str
    url: str = Field(description="The case study in the Exchange that came from the session")


class EventsSessionOut(Schema):
    id: int
    title: str
    description: str
    theme: str
    room: str
    format: str
    format_label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    url: str = Field(description="The session's page")
    speakers: list[EventsSpeakerOut]
    councils: list[EventsCouncilOut]
    resources: list[EventsResourceOut] = Field(description="Published Exchange resources that came from it")
    open_mic_slots: int | None = Field(description="Open mic only: the number of five-minute slots; null otherwise")
    open_mic_taken: int | None = Field(description="Open mic only: how many of them are claimed; null otherwise")


class EventsEventOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str
    is_demo: bool = Field(description="Made up to show how events work")
    url: str = Field(description="The event's page")
    calendar_url: str = Field(description="Its sessions as an iCalendar (RFC 5545) feed")


class EventsSessionListOut(Schema):
    event: EventsEventOut
    count: int
    items: list[EventsSessionOut]


class EventsSessionQuery(Schema):
    day: datetime.date | None = Field(None, description="Only sessions starting on this day (UK time)")
    room: str = Field("", max_length=100, pattern=TEXT, description="Only sessions in this room (exact name)")
    theme: str = Field("", max_length=100, pattern=TEXT, description="Only sessions with this theme (exact name)")
    format: EventsFormat = Field("", description="Only sessions of this format")


def _event(request: HttpRequest, event: Event) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "name": event.name,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "venue": event.venue,
        "is_demo": event.is_demo,
        "url": request.build_absolute_uri(reverse("events:event", args=[event.slug])),
        "calendar_url": request.build_absolute_uri(reverse("events:calendar", args=[event.slug])),
    }


def _session(request: HttpRequest, session: Session, taken: dict[int, int]) -> dict[str, Any]:
    open_mic = session.is_open_mic
    return {
        "id": session.pk,
        "title": session.title,
        "description": session.description,
        "theme": session.theme,
        "room": session.room,
        "format": session.format,
        "format_label": session.get_format_display(),
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "url": request.build_absolute_uri(reverse("events:session", args=[session.event.slug, session.pk])),
        "speakers": [{"name": s.name, "organisation": s.organisation} for s in session.speakers.all()],
        "councils": [
            {
                "code": c.gss_code,
                "name": c.name,
                "url": request.build_absolute_uri(reverse("councils:detail", args=[c.gss_code])),
            }
            for c in session.councils.all()
        ],
        "resources": [
            {"title": r.title, "url": request.build_absolute_uri(reverse("library:resource", args=[r.slug]))}
            for r in session.resources.all()
        ],
        "open_mic_slots": session.slot_count if open_mic else None,
        "open_mic_taken": taken.get(session.pk, 0) if open_mic else None,
    }


@router.get(
    "/{slug}/sessions",
    response={200: EventsSessionListOut, 404: EventsErrorOut, 422: EventsErrorOut},
    url_name="event_sessions",
    summary="An event's sessions",
)
def event_sessions(
    request: HttpRequest,
    slug: Annotated[str, Path(max_length=80, pattern=SLUG)],
    query: Query[EventsSessionQuery],
) -> Any:
    """The event's programme in time order, with speakers, councils and (after the event) the case
    studies that came from each session. Filters match exactly; a value nothing has matches nothing."""
    event = selectors.event_get(slug)
    if event is None:
        raise HttpError(404, "No event has that slug.")
    filters = selectors.ProgrammeFilters(day=query.day, room=query.room, theme=query.theme, format=query.format)
    sessions = list(selectors.api_programme(event, filters))
    taken = dict(
        Session.objects.filter(pk__in=[s.pk for s in sessions if s.is_open_mic])
        .annotate(n=Count("slots"))
        .values_list("pk", "n")
    )
    return {
        "event": _event(request, event),
        "count": len(sessions),
        "items": [_session(request, s, taken) for s in sessions],
    }
