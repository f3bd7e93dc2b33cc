"""Bookings of cohort places: request, nomination, cancellation with promotion from the waiting list,
attendance and completion, alumni consent, and reminders.

No overbooking, on SQLite and PostgreSQL alike: a place is taken only by a conditional UPDATE
(``places_held < places``) whose row count says whether it succeeded, and a check constraint
keeps ``places_held <= places`` whatever happens. Every change of a booking's status is also a
conditional UPDATE on its current status, so two cancellations (or a cancellation and a staff
action) cannot both act on one booking, and two promotions cannot take the same waiting booking.
On PostgreSQL the cohort row is locked (select_for_update) while places move, so promotions
happen one at a time; SQLite serialises writers itself.

E-mails go through background tasks enqueued after the commit (tasks.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tiex.accounts import permissions as account_permissions
from tiex.core.links import absolute_url
from tiex.core.services import audit_record
from tiex.councils import selectors as council_selectors
from tiex.development import navigator, tasks
from tiex.development.choices import ACTIVE, HOLDS_PLACE, BookingStatus
from tiex.development.models import Booking, Cohort
from tiex.development.permissions import BOOKING_CREATE, BOOKING_MANAGE

REMINDER_DAYS = 7  # a reminder goes this many days before a cohort starts


@dataclass(frozen=True)
class BookingRequest:
    council_id: int
    role: str
    years_as_councillor: int | None
    years_in_role: int | None
    party: str = ""
    alumni_consent: bool = False


def _email(booking_id: int, kind: str) -> Callable[[], None]:
    link = absolute_url(reverse("development:booking", args=[booking_id]))

    def enqueue() -> None:
        tasks.send_booking_email.enqueue(booking_id, kind, link)

    return enqueue


def _check_request(*, user: Any, cohort: Cohort, data: BookingRequest) -> None:
    errors: dict[str, str] = {}
    if not account_permissions.can(user, BOOKING_CREATE, _CouncilRef(data.council_id)):
        errors["council"] = "You can book only for a council you are a member of."
    programme = cohort.programme
    facts = navigator.ProgrammeFacts(
        slug=programme.slug,
        title=programme.title,
        audiences=tuple(programme.audiences or ()),
        min_years_service=programme.min_years_service,
        max_years_service=programme.max_years_service,
        max_years_in_post=programme.max_years_in_post,
        council_types=tuple(programme.council_types or ()),
    )
    answers = navigator.Answers(
        role=data.role, years_as_councillor=data.years_as_councillor, years_in_role=data.years_in_role
    )
    ruled_out = navigator.ineligibility(facts, answers)
    if ruled_out:
        errors["role"] = " ".join(ruled_out)
    if programme.council_types and "council" not in errors:
        wrong_council = navigator.council_type_rule(facts, council_selectors.council_type_of(data.council_id))
        if wrong_council:
            errors["council"] = wrong_council
    if cohort.party and data.party != cohort.party:
        errors["party"] = f"This cohort is for the {cohort.get_party_display()} group."
    if not cohort.bookings_open or cohort.starts_on < timezone.localdate():
        errors["__all__"] = "This cohort is not taking bookings."
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class _CouncilRef:
    council_id: int


def _take_place(cohort_id: int) -> bool:
    """Take one of a cohort's places if one is left (a conditional UPDATE: safe when two people race)."""
    return bool(
        Cohort.objects.filter(pk=cohort_id, places_held__lt=F("places")).update(places_held=F("places_held") + 1)
    )


def _status_with_place(cohort: Cohort, booking: Booking | None = None) -> str:
    if cohort.programme.nomination_required and (booking is None or booking.nominated_at is None):
        return BookingStatus.AWAITING_NOMINATION
    return BookingStatus.CONFIRMED


def booking_request(*, user: Any, cohort: Cohort, data: BookingRequest) -> Booking:
    """Book a place for a signed-in councillor: a place if one is left (confirmed, or held until the group
    office nominates them), else the waiting list. One live booking per person per cohort."""
    _check_request(user=user, cohort=cohort, data=data)
    now = timezone.now()
    try:
        with transaction.atomic():
            if Booking.objects.filter(cohort=cohort, user=user, status__in=ACTIVE).exists():
                raise ValidationError("You have already booked on this cohort.")
            got_place = _take_place(cohort.pk)
            status = _status_with_place(cohort) if got_place else BookingStatus.WAITING_LIST
            booking = Booking.objects.create(
                cohort=cohort,
                user=user,
                council_id=data.council_id,
                party=data.party,
                role=data.role,
                years_as_councillor=data.years_as_councillor,
                years_in_role=data.years_in_role,
                alumni_consent=data.alumni_consent,
                status=status,
                confirmed_at=now if status == BookingStatus.CONFIRMED else None,
                waiting_since=None if got_place else now,
            )
            audit_record(actor=user, action="development.booking.request", obj=booking, after={"status": status})
            transaction.on_commit(_email(booking.pk, status))
    except IntegrityError as exc:  # the same person booking twice at once
        raise ValidationError("You have already booked on this cohort.") from exc
    return booking


def _promote_first_waiting(cohort: Cohort) -> Booking | None:
    """Give a freed place to the first booking on the waiting list; None when nobody is waiting."""
    for waiting in Booking.objects.filter(cohort=cohort, status=BookingStatus.WAITING_LIST).order_by(
        "waiting_since", "pk"
    ):
        status = _status_with_place(cohort, waiting)
        now = timezone.now()
        moved = Booking.objects.filter(pk=waiting.pk, status=BookingStatus.WAITING_LIST).update(
            status=status, confirmed_at=now if status == BookingStatus.CONFIRMED else None, updated_at=now
        )
        if moved:
            waiting.refresh_from_db()
            return waiting
    return None


def booking_cancel(*, actor: Any, booking: Booking) -> Booking:
    """Cancel a booking (its person, or staff). A place it held goes to the first on the waiting list."""
    if booking.user_id != getattr(actor, "pk", None) and not account_permissions.can(actor, BOOKING_MANAGE):
        raise ValidationError("You may cancel only your own booking.")
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=booking.cohort_id)
        now = timezone.now()
        held = Booking.objects.filter(pk=booking.pk, status__in=HOLDS_PLACE).update(
            status=BookingStatus.CANCELLED, cancelled_at=now, updated_at=now
        )
        waiting = held or Booking.objects.filter(pk=booking.pk, status=BookingStatus.WAITING_LIST).update(
            status=BookingStatus.CANCELLED, cancelled_at=now, updated_at=now
        )
        if not held and not waiting:
            raise ValidationError("This booking is already cancelled.")
        promoted = None
        if held:
            promoted = _promote_first_waiting(cohort)
            if promoted is None:
                Cohort.objects.filter(pk=cohort.pk, places_held__gt=0).update(places_held=F("places_held") - 1)
        booking.refresh_from_db()
        audit_record(
            actor=actor,
            action="development.booking.cancel",
            obj=booking,
            after={"promoted": promoted.pk if promoted else None},
        )
        transaction.on_commit(_email(booking.pk, "cancelled"))
        if promoted is not None:
            transaction.on_commit(_email(promoted.pk, "promoted"))
    return booking


def _require_staff(actor: Any) -> None:
    if not account_permissions.can(actor, BOOKING_MANAGE):
        raise ValidationError("Only association staff may do this.")


def booking_nominate(*, actor: Any, booking: Booking) -> Booking:
    """Record the political group office's nomination (staff). A held place is confirmed; on the waiting
    list, the nomination is kept for when a place comes free."""
    _require_staff(actor)
    if not booking.cohort.programme.nomination_required:
        raise ValidationError("This programme needs no nomination.")
    with transaction.atomic():
        now = timezone.now()
        confirmed = Booking.objects.filter(pk=booking.pk, status=BookingStatus.AWAITING_NOMINATION).update(
            status=BookingStatus.CONFIRMED, nominated_at=now, nominated_by=actor, confirmed_at=now, updated_at=now
        )
        if not confirmed:
            kept = Booking.objects.filter(
                pk=booking.pk, status=BookingStatus.WAITING_LIST, nominated_at__isnull=True
            ).update(nominated_at=now, nominated_by=actor, updated_at=now)
            if not kept:
                raise ValidationError("This booking is not waiting for a nomination.")
        booking.refresh_from_db()
        audit_record(actor=actor, action="development.booking.nominate", obj=booking, after={"status": booking.status})
        if confirmed:
            transaction.on_commit(_email(booking.pk, "confirmed"))
    return booking


def booking_record_attendance(*, actor: Any, booking: Booking, attended: bool, completed: bool) -> Booking:
    """Record whether a confirmed booking's person attended and completed (staff)."""
    _require_staff(actor)
    if completed and not attended:
        raise ValidationError({"completed": "Someone who did not attend cannot have completed it."})
    with transaction.atomic():
        now = timezone.now()
        changed = Booking.objects.filter(pk=booking.pk, status=BookingStatus.CONFIRMED).update(
            attended=attended,
            completed=completed,
            completed_at=(booking.completed_at or now) if completed else None,
            updated_at=now,
        )
        if not changed:
            raise ValidationError("Attendance is recorded only for confirmed bookings.")
        booking.refresh_from_db()
        audit_record(
            actor=actor,
            action="development.booking.attendance",
            obj=booking,
            after={"attended": attended, "completed": completed},
        )
    return booking


def booking_set_consent(*, actor: Any, booking: Booking, consent: bool) -> Booking:
    """The person's own choice to be listed as an alumnus on their council's profile."""
    if booking.user_id != getattr(actor, "pk", None):
        raise ValidationError("Only the person who booked may change this.")
    Booking.objects.filter(pk=booking.pk).update(alumni_consent=consent, updated_at=timezone.now())
    booking.refresh_from_db()
    return booking


def reminders_send_due(*, today: date) -> int:
    """Enqueue one reminder for each confirmed booking of a cohort starting within REMINDER_DAYS; how many."""
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        cohort__starts_on__gte=today,
        cohort__starts_on__lte=today + timedelta(days=REMINDER_DAYS),
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            # The conditional update is the "once" guarantee when two schedulers run.
            if Booking.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=timezone.now()):
                transaction.on_commit(_email(pk, "reminder"))
                count += 1
    return count
