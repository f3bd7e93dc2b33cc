"""Bookings: places, the waiting list, nominations, cancellation with promotion, attendance, e-mails."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.development import selectors, services_bookings
from tiex.development.choices import BookingStatus
from tiex.development.models import Booking, Cohort
from tiex.development.services_bookings import BookingRequest
from tiex.development.tests.factories import councillor, first_cohort, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def council() -> Any:
    return CouncilFactory(name="Aldershire")


@pytest.fixture
def staff() -> Any:
    return member_of(association(), Role.EDITOR, email="staff@example.org")


def request_for(council: Any, **more: Any) -> BookingRequest:
    values = {"council_id": council.pk, "role": "leader", "years_as_councillor": 6, "years_in_role": 2, **more}
    return BookingRequest(**values)


def book(user: Any, cohort: Cohort, council: Any, **more: Any) -> Booking:
    return services_bookings.booking_request(user=user, cohort=cohort, data=request_for(council, **more))


def test_a_place_is_confirmed_and_the_person_is_emailed(council: Any, django_capture_on_commit_callbacks: Any) -> None:
    cohort = first_cohort(make_programme("leadership-academy", places=2))
    person = councillor(council, email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(person, cohort, council)
    assert booking.status == BookingStatus.CONFIRMED and booking.confirmed_at is not None
    cohort.refresh_from_db()
    assert cohort.places_held == 1 and cohort.places_left == 1
    assert mail.outbox[-1].to == ["ada@example.org"]
    assert mail.outbox[-1].subject == "Your place is confirmed: Leadership Academy"
    assert f"/councillor-development/bookings/{booking.pk}/" in mail.outbox[-1].body


def test_a_full_cohort_puts_people_on_the_waiting_list_in_order(council: Any) -> None:
    cohort = first_cohort(make_programme(places=1))
    first, second, third = (councillor(council) for _ in range(3))
    assert book(first, cohort, council).status == BookingStatus.CONFIRMED
    assert book(second, cohort, council).status == BookingStatus.WAITING_LIST
    assert book(third, cohort, council).status == BookingStatus.WAITING_LIST
    cohort.refresh_from_db()
    assert cohort.places_held == 1


def test_cancelling_frees_the_place_for_the_first_on_the_waiting_list(
    council: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cohort = first_cohort(make_programme(places=1))
    first, second, third = (councillor(council, email=f"p{n}@example.org") for n in range(3))
    booking = book(first, cohort, council)
    waiting = book(second, cohort, council)
    book(third, cohort, council)
    with django_capture_on_commit_callbacks(execute=True):
        services_bookings.booking_cancel(actor=first, booking=booking)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED
    cohort.refresh_from_db()
    assert cohort.places_held == 1
    assert {m.subject for m in mail.outbox[-2:]} == {
        "Your booking is cancelled: Leaders Programme",
        "A place has come free for you: Leaders Programme",
    }
    # Cancelling the last place-holder with nobody else waiting frees the place.
    third_booking = Booking.objects.get(user=third)
    services_bookings.booking_cancel(actor=third, booking=third_booking)
    services_bookings.booking_cancel(actor=second, booking=waiting)
    cohort.refresh_from_db()
    assert cohort.places_held == 0
    with pytest.raises(ValidationError, match="already cancelled"):
        services_bookings.booking_cancel(actor=second, booking=waiting)


def test_nobody_else_may_cancel_someone_s_booking(council: Any) -> None:
    cohort = first_cohort(make_programme())
    booking = book(councillor(council), cohort, council)
    with pytest.raises(ValidationError, match="only your own"):
        services_bookings.booking_cancel(actor=councillor(council), booking=booking)


def test_a_nomination_is_needed_where_the_programme_requires_it(council: Any, staff: Any) -> None:
    cohort = first_cohort(make_programme(places=1, nomination_required=True, audiences=("leader",)))
    person = councillor(council)
    booking = book(person, cohort, council)
    assert booking.status == BookingStatus.AWAITING_NOMINATION
    with pytest.raises(ValidationError, match="Only association staff"):
        services_bookings.booking_nominate(actor=person, booking=booking)
    booking = services_bookings.booking_nominate(actor=staff, booking=booking)
    assert booking.status == BookingStatus.CONFIRMED and booking.nominated_by == staff
    # Someone nominated while on the waiting list is confirmed at once when promoted.
    waiting = book(councillor(council), cohort, council)
    services_bookings.booking_nominate(actor=staff, booking=waiting)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.WAITING_LIST and waiting.nominated_at is not None
    services_bookings.booking_cancel(actor=person, booking=booking)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED


def test_the_booking_checks_the_same_eligibility_as_the_navigator(council: Any) -> None:
    cohort = first_cohort(make_programme(audiences=("leader",), max_years_in_post=3))
    with pytest.raises(ValidationError) as caught:
        book(councillor(council), cohort, council, years_in_role=5)
    assert caught.value.message_dict["role"] == [
        "It is for those in their role 3 years or less; you have been in yours for 5 years."
    ]


def test_a_programme_for_some_council_types_turns_away_a_councillor_of_another(council: Any) -> None:
    cohort = first_cohort(make_programme(council_types=("CTY",)))
    district = CouncilFactory(name="Brookdale", type="NMD")
    with pytest.raises(ValidationError) as caught:
        book(councillor(district), cohort, district)
    assert caught.value.message_dict["council"] == [
        "It is for councillors of county councils, and your council is not one."
    ]
    county = CouncilFactory(name="Caldershire", type="CTY")
    assert book(councillor(county), cohort, county).status == BookingStatus.CONFIRMED


def test_only_members_of_the_council_may_book_for_it(council: Any) -> None:
    cohort = first_cohort(make_programme())
    with pytest.raises(ValidationError) as caught:
        book(councillor(), cohort, council)
    assert "council" in caught.value.message_dict


def test_a_cohort_for_one_political_group_needs_that_group(council: Any) -> None:
    page = make_programme("next-generation", by_political_group=True)
    cohort = first_cohort(page)
    Cohort.objects.filter(pk=cohort.pk).update(party="lab")
    cohort.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        book(councillor(council), cohort, council, party="con")
    assert caught.value.message_dict["party"] == ["This cohort is for the Labour group."]
    assert book(councillor(council), cohort, council, party="lab").status == BookingStatus.CONFIRMED


def test_one_live_booking_per_person(council: Any) -> None:
    cohort = first_cohort(make_programme())
    person = councillor(council)
    book(person, cohort, council)
    with pytest.raises(ValidationError, match="already booked"):
        book(person, cohort, council)


def test_places_never_go_above_the_cohort_s_size(council: Any) -> None:
    """The conditional update refuses a place when none is left, even if a caller skipped the checks."""
    cohort = first_cohort(make_programme(places=1))
    assert services_bookings._take_place(cohort.pk) is True
    assert services_bookings._take_place(cohort.pk) is False
    cohort.refresh_from_db()
    assert cohort.places_held == 1


def test_attendance_completion_and_alumni_consent(council: Any, staff: Any) -> None:
    cohort = first_cohort(make_programme("leadership-academy", title="Leadership Academy"))
    person = councillor(council, full_name="Ada Lovelace")
    booking = book(person, cohort, council)
    with pytest.raises(ValidationError):
        services_bookings.booking_record_attendance(actor=staff, booking=booking, attended=False, completed=True)
    services_bookings.booking_record_attendance(actor=staff, booking=booking, attended=True, completed=True)
    assert selectors.council_alumni(council_id=council.pk) == []  # no consent yet
    services_bookings.booking_set_consent(actor=person, booking=booking, consent=True)
    alumni = selectors.council_alumni(council_id=council.pk)
    assert [(a["name"], a["programme"]) for a in alumni] == [("Ada Lovelace", "Leadership Academy")]
    with pytest.raises(ValidationError):
        services_bookings.booking_set_consent(actor=staff, booking=booking, consent=False)


def test_reminders_go_once_a_week_before(council: Any, django_capture_on_commit_callbacks: Any) -> None:
    import datetime

    cohort = first_cohort(make_programme())
    book(councillor(council, email="r@example.org"), cohort, council)
    with django_capture_on_commit_callbacks(execute=True):
        assert services_bookings.reminders_send_due(today=cohort.starts_on - datetime.timedelta(days=8)) == 0
        assert services_bookings.reminders_send_due(today=cohort.starts_on - datetime.timedelta(days=7)) == 1
        assert services_bookings.reminders_send_due(today=cohort.starts_on - datetime.timedelta(days=6)) == 0
    assert mail.outbox[-1].subject.startswith("Reminder: Leaders Programme starts on")
