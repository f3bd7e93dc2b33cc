"""The record that an overdue step's reminder was sent, so each step is reminded at most once.

One row per (challenge, step) where ``step`` is a ``deadlines.Deadline.step`` ("report",
"action-plan", "progress-review"). The reminder job (reminders.py) writes the row in the
same transaction that enqueues the e-mail; the unique constraint keeps a second run (or a
second scheduler) from sending again. Imported at the end of models.py so Django registers it.
"""

from __future__ import annotations

from django.db import models


class StageReminder(models.Model):
    challenge = models.ForeignKey("peer_challenges.Challenge", on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(max_length=30)
    due = models.DateField(help_text="The deadline that had passed")
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0, help_text="How many super-users were e-mailed")

    class Meta:
        ordering = ["challenge", "step"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "step"], name="peer_challenges_one_reminder_per_step")
        ]

    def __str__(self) -> str:
        return f"Reminder: {self.step} ({self.challenge_id})"
