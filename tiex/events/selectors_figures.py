"""Counts of events for other apps' figures (the board's reports): one query."""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from tiex.events.models import Event


def events_between(start: date, end: date) -> dict[str, int]:
    """Events that started from ``start`` to ``end`` inclusive (as the events page lists them), and their sessions."""
    found = Event.objects.filter(starts_on__gte=start, starts_on__lte=end).aggregate(
        events=Count("pk", distinct=True), sessions=Count("sessions", distinct=True)
    )
    return {"events": int(found["events"] or 0), "sessions": int(found["sessions"] or 0)}
