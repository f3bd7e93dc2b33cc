"""The browser seed "development": the demo catalogue, a cohort with a known id (BOOK_COHORT) and a booking
(BOOKING_PK) of the route map's super-user of Testshire on another (COHORT_PK), with saved navigator answers."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tiex.development.a11y_routes import BOOK_COHORT, BOOKING_PK, COHORT_PK
from tiex.development.choices import BookingStatus
from tiex.development.demo import load_demo
from tiex.development.models import Booking, Cohort, ProgrammePage, SavedAnswers


def seed_development(council: Any, super_user: Any) -> None:
    from tiex.library.tests.browser_seed import ensure_page_tree

    ensure_page_tree()  # browser tests flush the database, Wagtail's page tree with it
    load_demo(with_bookings=False)
    academy = ProgrammePage.objects.get(slug="leadership-academy")
    leaders = ProgrammePage.objects.get(slug="leaders-programme")
    # The first upcoming cohort (the demo also has cohorts that have ended).
    first = Cohort.objects.filter(programme=academy, starts_on__gte=timezone.localdate()).order_by("starts_on").first()
    assert first is not None
    cohort = Cohort.objects.create(
        pk=COHORT_PK, programme=academy, title="Seeded cohort", starts_on=first.starts_on, places=10, places_held=1
    )
    Cohort.objects.create(pk=BOOK_COHORT, programme=leaders, title="Open cohort", starts_on=first.starts_on, places=5)
    Booking.objects.create(
        pk=BOOKING_PK,
        cohort=cohort,
        user=super_user,
        council=council,
        role="cabinet",
        years_as_councillor=4,
        years_in_role=1,
        status=BookingStatus.CONFIRMED,
    )
    SavedAnswers.objects.create(user=super_user, query="role=leader")
