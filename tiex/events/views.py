"""Public pages of events: the list, an event's programme (filters by day, room, theme and
format; no JavaScript), a session and the event's iCalendar feed. Adapters only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from tiex.accounts.permissions import can
from tiex.core.links import absolute_url
from tiex.events import ical, selectors
from tiex.events.forms import ProgrammeFilterForm
from tiex.events.models import Event, Session
from tiex.events.permissions import EVENT_MANAGE, EVENT_PROPOSE

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def event_or_404(slug: str) -> Event:
    event = selectors.event_get(slug)
    if event is None:
        raise Http404("No event with that address")
    return event


def session_or_404(event: Event, pk: int) -> Session:
    session = selectors.session_get(event, pk)
    if session is None:
        raise Http404("No session with that number in this event")
    return session


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    events = list(selectors.event_list())
    today = timezone.localdate()
    context = {
        "upcoming": [event for event in events if event.ends_on >= today][::-1],
        "past": [event for event in events if event.ends_on < today],
        "staff": can(request.user, EVENT_MANAGE),
    }
    return render(request, "events/event_list.html", context)


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    form = ProgrammeFilterForm(request.GET or None, choices=selectors.programme_choices(event))
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if valid else selectors.ProgrammeFilters()
    sessions = list(selectors.programme(event, filters)) if valid else []
    speakers, organisations = selectors.speaker_figures(event)
    context = {
        "event": event,
        "form": form,
        "valid": valid,
        "filtered": filters.active(),
        "days": selectors.programme_by_day(sessions),
        "count": len(sessions),
        "speakers": speakers,
        "organisations": organisations,
        "starred": selectors.starred_ids(request.user, event),
        "may_propose": event.ideas_open and can(request.user, EVENT_PROPOSE),
        "staff": can(request.user, EVENT_MANAGE),
    }
    return render(request, "events/event_detail.html", context, status=200 if valid else 400)


@require_safe
def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_or_404(slug)
    session = session_or_404(event, pk)
    context = {
        "event": event,
        "session": session,
        "starred": session.pk in selectors.starred_ids(request.user, event),
        "resources": list(session.resources.all()),
    }
    return render(request, "events/session_detail.html", context)


def calendar_events(sessions: list[Session], request: HttpRequest) -> list[ical.CalendarEvent]:
    host = request.get_host().split(":")[0] or "tiex"
    return [
        ical.CalendarEvent(
            uid=f"event-session-{session.pk}@{host}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=session.title,
            description=session.description,
            location=", ".join(part for part in (session.room, session.event.venue) if part),
            url=absolute_url(reverse("events:session", args=[session.event.slug, session.pk]), request),
        )
        for session in sessions
    ]


def calendar_response(name: str, sessions: list[Session], request: HttpRequest, filename: str) -> HttpResponse:
    text = ical.calendar(name, calendar_events(sessions, request), now=timezone.now())
    response = HttpResponse(text.encode("utf-8"), content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    return calendar_response(event.name, list(selectors.programme(event)), request, f"{event.slug}.ics")
