"""Background tasks of self-assessments: telling the team that the closing date changed.

``services.assessment_extend`` (a new closing date) and ``services.assessment_close`` (answers
closed before the closing day ended) enqueue ``send_closing_date_changed`` on the "background"
backend (settings.TASKS: a queue in the database that `tiex worker` works through) once their
transaction commits, so no e-mail is sent while a request waits and none for a change that was
not saved. The dates of the change are the task's arguments, so each e-mail tells the change it
was sent for even when the worker runs it later.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import dateformat
from django_tasks import task

from tiex.assessments.models import Assessment


@task(backend="background")
def send_closing_date_changed(
    assessment_id: int, link: str, *, closing_date: str, previous: str, closed_early: bool
) -> int:
    """E-mail each participant the new closing date (ISO dates in; written in the e-mail as 5 December 2026).

    ``closed_early``: answers were closed on ``closing_date`` (the UK date they closed), before the
    end of ``previous``; otherwise the closing date moved from ``previous`` to ``closing_date``.
    Returns how many e-mails were sent (none when the assessment has gone since).
    """
    assessment = (
        Assessment.objects.select_related("organisation", "version__framework").filter(pk=assessment_id).first()
    )
    if assessment is None:
        return 0
    emails = [
        email
        for email in assessment.participants.filter(user__is_active=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
        if email
    ]
    council, framework = assessment.organisation.name, assessment.version.framework
    new, before = datetime.date.fromisoformat(closing_date), datetime.date.fromisoformat(previous)
    context = {
        "assessment": assessment,
        "council": council,
        "framework": framework,
        "closing_date": new,
        "previous": before,
        "closed_early": closed_early,
        "link": link,
    }
    body = render_to_string("assessments/email/closing_changed.txt", context)
    what = "closed" if closed_early else "now close"
    subject = f"Answers to {council}'s {framework.title} self-assessment {what} on {dateformat.format(new, 'j F Y')}"
    for email in emails:  # one each, as the invitations: the team does not see each other's addresses
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return len(emails)
