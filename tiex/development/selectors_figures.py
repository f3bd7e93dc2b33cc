"""Counts of councillor development for other apps' figures (the board's reports): one query each."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from tiex.development.choices import BookingStatus
from tiex.development.models import Cohort


def cohorts_between(start: date, end: date) -> dict[str, int]:
    """Cohorts of live programmes starting from ``start`` to ``end`` inclusive: how many, of how many
    programmes, and the places confirmed in them (bookings confirmed and not cancelled)."""
    found = Cohort.objects.filter(programme__live=True, starts_on__gte=start, starts_on__lte=end).aggregate(
        cohorts=Count("pk", distinct=True),
        programmes=Count("programme", distinct=True),
        confirmed=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED), distinct=True),
    )
    return {name: int(found[name] or 0) for name in ("cohorts", "programmes", "confirmed")}
