"""Background e-mails about bookings (enqueued by services_bookings after the commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from tiex.development.models import Booking

SUBJECTS = {
    "confirmed": "Your place is confirmed: {programme}",
    "awaiting_nomination": "Your place is held until your group office nominates you: {programme}",
    "waiting_list": "You are on the waiting list: {programme}",
    "promoted": "A place has come free for you: {programme}",
    "cancelled": "Your booking is cancelled: {programme}",
    "reminder": "Reminder: {programme} starts on {starts_on}",
}


@task(backend="background")
def send_booking_email(booking_id: int, kind: str, link: str) -> int:
    """E-mail the person who booked; the number of addresses written to (0 if the booking or person is gone)."""
    booking = Booking.objects.select_related("cohort__programme", "council", "user").filter(pk=booking_id).first()
    if booking is None or booking.user is None or not booking.user.is_active or kind not in SUBJECTS:
        return 0
    context = {"booking": booking, "cohort": booking.cohort, "programme": booking.cohort.programme, "kind": kind}
    context["link"] = link
    body = render_to_string("development/email/booking.txt", context)
    subject = SUBJECTS[kind].format(
        programme=booking.cohort.programme.title, starts_on=f"{booking.cohort.starts_on:%-d %B %Y}"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [booking.user.email])
    return 1
