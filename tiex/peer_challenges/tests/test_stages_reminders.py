"""The overdue reminders job: the council's super-users are e-mailed about each overdue step, once."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from tiex.core import scheduler
from tiex.core.models import AuditEvent
from tiex.peer_challenges import reminders
from tiex.peer_challenges import services_stage_documents as stage_documents
from tiex.peer_challenges.models import DocumentKind, Stage
from tiex.peer_challenges.models_stages import StageReminder
from tiex.peer_challenges.tests.stages_helpers import advance, new_challenge, people

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_job_is_registered_with_the_scheduler() -> None:
    assert scheduler.JOBS["peer_challenge_reminders"] is reminders.send_overdue_reminders


def test_an_overdue_report_is_reminded_once_to_the_councils_super_users() -> None:
    who = people()
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=100))
    on_time = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=10))
    mail.outbox.clear()

    reminders.send_overdue_reminders()  # what the scheduler runs

    [message] = mail.outbox
    assert message.to == [who.super_user.email]
    assert "publish the report" in message.subject.lower()
    assert f"/peer-challenges/{challenge.reference}/" in message.body
    assert on_time.reference not in message.body
    reminder = StageReminder.objects.get()
    assert (reminder.challenge_id, reminder.step, reminder.recipients) == (challenge.pk, "report", 1)
    assert AuditEvent.objects.filter(action="peer_challenges.reminder.send").count() == 1

    reminders.send_overdue_reminders()
    assert len(mail.outbox) == 1, "sent at most once per step"

    # Published at last: nothing more about the report, whatever happens next.
    report = challenge.documents.get(kind=DocumentKind.REPORT)
    stage_documents.document_publish(
        actor=who.super_user, challenge=challenge, kind=DocumentKind.REPORT, document=report
    )
    assert reminders.reminders_send_due(today=date.today()) == 0
    # Months later this one's action plan is overdue (a new step, reminded once), and so is the
    # other challenge's report.
    assert reminders.reminders_send_due(today=date.today() + timedelta(days=90)) == 2
    assert reminders.reminders_send_due(today=date.today() + timedelta(days=91)) == 0
    assert set(StageReminder.objects.values_list("challenge__reference", "step")) == {
        (challenge.reference, "report"),
        (challenge.reference, "action-plan"),
        (on_time.reference, "report"),
    }
    assert len(mail.outbox) == 3 and any("action plan" in message.subject for message in mail.outbox)


def test_a_council_without_a_super_user_is_reminded_once_one_joins() -> None:
    from tiex.accounts.models import Membership

    who = people()
    advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=100))
    Membership.objects.filter(user=who.super_user).delete()
    mail.outbox.clear()
    assert reminders.reminders_send_due(today=date.today()) == 0
    assert not mail.outbox and not StageReminder.objects.exists()


def test_end_to_end_the_scheduler_queues_the_reminder_the_worker_sends_it_once_and_staff_see_the_flag(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As production runs it: `tiex scheduler --once` (cron, or the scheduler beside `tiex serve`)
    queues the e-mail in the database, `tiex worker` sends it, a second tick queues nothing, and the
    staff list (which staff reach from the coverage page) flags the overdue step."""
    from django.test import Client
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
    }
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # keep the test's connection
    who = people()
    challenge = advance(new_challenge(who), who, through=Stage.REPORT, visit_end=date.today() - timedelta(days=100))
    mail.outbox.clear()

    call_command("scheduler", "--once", stdout=io.StringIO())
    assert not mail.outbox, "queued for the worker, not sent in the scheduler"
    call_command("worker", "--batch", verbosity=0, stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == [who.super_user.email] and "publish the report" in message.subject.lower()
    assert f"/peer-challenges/{challenge.reference}/" in message.body

    call_command("scheduler", "--once", stdout=io.StringIO())
    call_command("worker", "--batch", verbosity=0, stdout=io.StringIO())
    assert len(mail.outbox) == 1, "a second tick sends nothing more"

    staff = Client()
    staff.force_login(who.staff)
    coverage = staff.get("/peer-challenges/coverage/").content.decode()
    assert 'href="/peer-challenges/manage/"' in coverage
    flagged = staff.get("/peer-challenges/manage/", {"overdue": "1"}).content.decode()
    assert "1 challenge" in flagged and "Publish the report" in flagged and challenge.reference in flagged
