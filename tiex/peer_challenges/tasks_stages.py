"""Background tasks of a challenge's stages: the overdue reminder e-mail to the council's super-users
(enqueued by reminders.reminders_send_due after its commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from tiex.accounts.selectors import council_super_user_emails
from tiex.peer_challenges.deadlines import deadlines
from tiex.peer_challenges.models_stages import StageReminder


@task(backend="background")
def send_overdue_reminder(reminder_id: int, link: str) -> int:
    """E-mail the council's active super-users; the number of addresses written to (0 if none now)."""
    reminder = (
        StageReminder.objects.select_related("challenge__council", "challenge__kind").filter(pk=reminder_id).first()
    )
    if reminder is None:
        return 0
    challenge = reminder.challenge
    recipients = council_super_user_emails(council_ids=[challenge.council_id]).get(challenge.council_id, [])
    if not recipients:
        return 0
    labels = {
        item.step: item.label
        for item in deadlines(
            visit_end=challenge.visit_end,
            report_published=None,
            action_plan_published=None,
            progress_review_published=None,
        )
    }
    what = str(labels.get(reminder.step, reminder.step))
    context = {
        "challenge": challenge,
        "reminder": reminder,
        "what": what,
        "link": link,
    }
    body = render_to_string("peer_challenges/email/overdue_reminder.txt", context)
    subject = f"Peer challenge: {what.lower()} was due on {reminder.due:%-d %B %Y}"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
