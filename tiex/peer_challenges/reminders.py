"""Overdue reminders: a scheduled job e-mails the council's super-users about each overdue step, once.

Every scheduler tick (tiex/core/scheduler.py) runs ``send_overdue_reminders``: for each
overdue step of a delivered challenge (the report unpublished three months after the visit,
no action plan at five, no progress review report at twelve: deadlines.py) that has no
``StageReminder`` yet, it records one and enqueues the e-mail (tasks_stages.py) after the
commit. The unique (challenge, step) row is the "at most once per step" guarantee: a second
tick, a second scheduler or a retried job finds the row and sends nothing. A council with
no active super-user gets no e-mail, and no row, so it is reminded once someone joins.
Staff see overdue steps flagged on /peer-challenges/manage/ whatever was sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tiex.accounts.selectors import council_super_user_emails
from tiex.core.links import absolute_url
from tiex.core.scheduler import job
from tiex.core.services import audit_record
from tiex.peer_challenges import selectors, tasks_stages
from tiex.peer_challenges.models_stages import StageReminder

logger = logging.getLogger("tiex.peer_challenges")


def _enqueue(reminder_id: int, link: str) -> Callable[[], None]:
    def enqueue() -> None:
        tasks_stages.send_overdue_reminder.enqueue(reminder_id, link)

    return enqueue


def reminders_send_due(*, today: date) -> int:
    """Record and enqueue a reminder for each overdue step not reminded yet; return how many."""
    due = selectors.overdue_steps(today=today)
    if not due:
        return 0
    sent = set(
        StageReminder.objects.filter(challenge_id__in={item.challenge_id for item in due}).values_list(
            "challenge_id", "step"
        )
    )
    waiting = [item for item in due if (item.challenge_id, item.deadline.step) not in sent]
    emails = council_super_user_emails(council_ids={item.council_id for item in waiting})
    count = 0
    for item in waiting:
        recipients = emails.get(item.council_id, [])
        if not recipients:
            continue
        try:
            with transaction.atomic():
                reminder = StageReminder.objects.create(
                    challenge_id=item.challenge_id,
                    step=item.deadline.step,
                    due=item.deadline.due,
                    sent_at=timezone.now(),
                    recipients=len(recipients),
                )
                audit_record(
                    actor=None,
                    actor_label="scheduler",
                    action="peer_challenges.reminder.send",
                    obj=reminder,
                    after={"challenge": item.reference, "step": item.deadline.step, "recipients": len(recipients)},
                )
                link = absolute_url(reverse("peer_challenges:detail", args=[item.reference]))
                transaction.on_commit(_enqueue(reminder.pk, link))
        except IntegrityError:  # another scheduler recorded it a moment ago
            continue
        count += 1
    return count


@job("peer_challenge_reminders")
def send_overdue_reminders() -> None:
    count = reminders_send_due(today=timezone.localdate())
    if count:
        logger.info("Peer challenges: %s overdue reminder(s) enqueued.", count)
