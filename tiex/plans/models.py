"""A council's action plan: one plan per council organisation, its actions fed by any source.

An action says where it came from with a generic source: a kind (for now a self-assessment;
peer challenges next), the source's id and a reference inside it (a statement's code),
with the statement's words kept beside it so the plan reads on its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Plan(models.Model):
    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Action plan of {self.organisation}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"


class SourceKind(models.TextChoices):
    ASSESSMENT = "assessment", "Self-assessment"
    PEER_CHALLENGE = "peer-challenge", "Peer challenge recommendation"


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("What", max_length=300)
    owner = models.CharField(max_length=150, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    source_kind = models.CharField(max_length=30, choices=SourceKind.choices)
    source_id = models.PositiveIntegerField()
    source_ref = models.CharField(max_length=40, blank=True)  # e.g. a statement's code
    source_label = models.CharField(max_length=500, blank=True)  # the statement's words, for reading the plan
    resources = models.ManyToManyField("library.ResourcePage", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "due_date", "pk"]
        indexes = [models.Index(fields=["source_kind", "source_id"], name="action_source")]
        constraints = [models.CheckConstraint(condition=models.Q(title__gt=""), name="action_title_given")]

    def __str__(self) -> str:
        return self.title
