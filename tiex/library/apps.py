from typing import Any

from django.apps import AppConfig

# Wagtail e-mails the moderators twice for each submission ("… has been submitted for approval
# in moderation stage …" and "… submitted to workflow …"), in its own words. The Exchange sends
# the editors one e-mail of its own instead (tiex.library.services._send_editors_email).
WAGTAIL_SUBMISSION_EMAILS = (
    ("task_submitted", "TaskState", "group_approval_task_submitted_email_notification"),
    ("workflow_submitted", "WorkflowState", "workflow_state_submitted_email_notification"),
)


def _no_email(*args: Any, **kwargs: Any) -> None:
    """Holds the place of a Wagtail e-mail receiver, so Wagtail cannot connect it again."""


def silence_wagtail_submission_emails() -> None:
    """Replace Wagtail's receivers by a no-op under the same dispatch_uid.

    Whichever app is ready first, the result is the same: if Wagtail's receiver is connected it
    is taken off; if not yet, Wagtail's later connect() with the same uid is ignored by Django.
    """
    from wagtail import models, signals

    for signal_name, sender_name, uid in WAGTAIL_SUBMISSION_EMAILS:
        signal = getattr(signals, signal_name)
        sender = getattr(models, sender_name)
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(_no_email, sender=sender, dispatch_uid=uid, weak=False)


class LibraryConfig(AppConfig):
    name = "tiex.library"
    label = "library"
    verbose_name = "Exchange"

    def ready(self) -> None:
        # Permission rules for the Exchange's actions, and the bridge from Wagtail's
        # page history to the audit log and the submitters' e-mails.
        from tiex.library import permissions, signals  # noqa: F401

        silence_wagtail_submission_emails()
