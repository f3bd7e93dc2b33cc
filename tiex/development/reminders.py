"""The scheduled job that reminds people of a cohort starting soon (see services_bookings.reminders_send_due)."""

from __future__ import annotations

import logging

from django.utils import timezone

from tiex.core.scheduler import job
from tiex.development.services_bookings import reminders_send_due

logger = logging.getLogger("tiex.development")


@job("development_booking_reminders")
def send_booking_reminders() -> None:
    count = reminders_send_due(today=timezone.localdate())
    if count:
        logger.info("Councillor development: %s booking reminder(s) enqueued.", count)
