"""Two councillors book a cohort's last place at the same moment, each on their own database
connection (a thread each): exactly one gets the place (confirmed) and the other goes on the
waiting list; the cohort is never overbooked. The conditional UPDATE on ``places_held`` decides
(services_bookings._take_place). Runs on SQLite and, with DATABASE_URL, on PostgreSQL.

SQLite's test database is in memory with a shared cache, where a connection that meets another's
write transaction is told "database table is locked" at once instead of waiting (the busy
timeout a file database has does not apply). ``_book`` then tries again after a moment, as a
file database would wait; PostgreSQL never needs it."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, connection

from tiex.councils.tests.factories import CouncilFactory
from tiex.development import services_bookings
from tiex.development.choices import BookingStatus
from tiex.development.models import Booking, Cohort
from tiex.development.services_bookings import BookingRequest
from tiex.development.tests.factories import councillor, first_cohort, make_programme
from tiex.library.tests.browser_seed import ensure_page_tree

pytestmark = pytest.mark.django_db(transaction=True)


def _request(council: Any) -> BookingRequest:
    return BookingRequest(council_id=council.pk, role="leader", years_as_councillor=6, years_in_role=2)


def _book(user: Any, cohort: Cohort, council: Any) -> Booking:
    for _ in range(200):
        try:
            return services_bookings.booking_request(user=user, cohort=cohort, data=_request(council))
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("SQLite stayed locked")


def test_two_bookings_of_the_last_place_at_once_give_one_place_and_one_waiting() -> None:
    # A transactional test runs on whatever an earlier one left: the browser tests flush the
    # database, Wagtail's locale and root page with it, so put them back first.
    ensure_page_tree()
    cohort = first_cohort(make_programme("leaders-programme", places=2))
    council = CouncilFactory()
    earlier, first, second = (councillor(council) for _ in range(3))
    services_bookings.booking_request(user=earlier, cohort=cohort, data=_request(council))
    start = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def book(name: str, user: Any) -> None:
        try:
            fresh = Cohort.objects.select_related("programme").get(pk=cohort.pk)  # this thread's own connection
            start.wait(timeout=10)
            outcomes[name] = _book(user, fresh, council)
        except Exception as exc:  # the outcome, whatever it is, is what the test checks
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(name, user)) for name, user in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert all(isinstance(value, Booking) for value in outcomes.values()), outcomes
    statuses = sorted(str(value.status) for value in outcomes.values())
    assert statuses == sorted([BookingStatus.CONFIRMED, BookingStatus.WAITING_LIST]), statuses
    cohort.refresh_from_db()
    assert cohort.places_held == cohort.places == 2
    assert Booking.objects.filter(cohort=cohort, status=BookingStatus.CONFIRMED).count() == 2
    assert Booking.objects.filter(cohort=cohort, status=BookingStatus.WAITING_LIST).count() == 1
