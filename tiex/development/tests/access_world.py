"""Councillor development's objects in the access matrix's world (tiex/core/tests/access_world.py)."""

from __future__ import annotations

from typing import Any

from tiex.development import services_bookings
from tiex.development.models import Cohort, SavedAnswers
from tiex.development.services_bookings import BookingRequest
from tiex.development.tests.factories import first_cohort, make_programme


def access_world_development(council_a: Any, users: dict[str, Any]) -> dict[str, str]:
    """A programme with two cohorts; member_a booked on the first and saved navigator answers."""
    programme = make_programme("matrix-programme", places=5)
    booked = first_cohort(programme)
    other = Cohort.objects.create(
        programme=programme, title="Second", starts_on=booked.starts_on, ends_on=booked.ends_on, places=5
    )
    booking = services_bookings.booking_request(
        user=users["member_a"],
        cohort=booked,
        data=BookingRequest(council_id=council_a.pk, role="backbench", years_as_councillor=2, years_in_role=2),
    )
    saved = SavedAnswers.objects.create(user=users["member_a"], query="role=leader")
    return {
        "dev_programme": programme.slug,
        "dev_cohort": str(booked.pk),
        "dev_cohort_open": str(other.pk),
        "dev_booking_a": str(booking.pk),
        "dev_saved_a": str(saved.pk),
    }
