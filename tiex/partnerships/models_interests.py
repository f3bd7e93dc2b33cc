"""Finding a partner: a council says it wants to share a service; other councils answer.

A ``SharingInterest`` is one council's wish to share a service in an esd category (level 1
or 2), in its own words (``looking_for``). It is either published to other signed-in
councils (``visible_to_councils``) or kept private to the council: a private interest is
never shown to another council, nor used to suggest the council to anyone. An
``InterestResponse`` is another council's answer to a published interest, by one of its
super-users. Reads and writes: selectors_interests.py and services_interests.py.

Imported at the end of models.py, so Django finds these models with the app's others.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tiex.partnerships.models import ServiceCategory


class InterestStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SharingInterest(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="sharing_interests")
    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="sharing_interests", limit_choices_to={"level__lte": 2}
    )
    looking_for = models.TextField(help_text="What the council is looking for, in its own words")
    visible_to_councils = models.BooleanField(
        default=True, help_text="Published to other signed-in councils; otherwise private to the council"
    )
    status = models.CharField(max_length=10, choices=InterestStatus.choices, default=InterestStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["category", "status", "visible_to_councils"])]
        constraints = [
            models.CheckConstraint(condition=~Q(looking_for=""), name="partnerships_interest_looking_for_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=InterestStatus.values), name="partnerships_interest_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} would share {self.category}"

    @property
    def is_open(self) -> bool:
        return self.status == InterestStatus.OPEN


class InterestResponse(models.Model):
    interest = models.ForeignKey(SharingInterest, on_delete=models.CASCADE, related_name="responses")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="partnerships_response_message_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.council} on {self.interest}"
