"""Events (the annual conference, its Innovation Zone, workshops), their sessions and speakers,
the call for ideas (proposals), open-mic slots and people's personal agendas.

Times are stored as aware datetimes (UTC in the database) and shown in the site's time zone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

OPEN_MIC_SLOT_MINUTES = 5
# /events/<these>/ are pages of their own (urls.py), so no event may take them as its slug.
RESERVED_SLUGS = frozenset({"agenda", "proposals"})


def slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is the address of another page; choose another slug.")


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "Annual conference"
    INNOVATION_ZONE = "innovation_zone", "Innovation Zone"
    WORKSHOP = "workshop", "Workshop"


class SessionFormat(models.TextChoices):
    TALK = "talk", "Talk"
    DEMONSTRATION = "demonstration", "Demonstration"
    ROUND_TABLE = "round_table", "Round table"
    ONE_TO_ONE = "one_to_one", "One-to-one"
    OPEN_MIC = "open_mic", "Open mic"


class Event(models.Model):
    slug: models.SlugField = models.SlugField(max_length=80, unique=True, validators=[slug_not_reserved])
    name: models.CharField = models.CharField(max_length=200)
    kind: models.CharField = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.CONFERENCE)
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        help_text="The event this one is part of (the Innovation Zone is part of the annual conference).",
    )
    summary: models.TextField = models.TextField(blank=True)
    venue: models.CharField = models.CharField(max_length=200, blank=True)
    starts_on: models.DateField = models.DateField()
    ends_on: models.DateField = models.DateField()
    ideas_open: models.BooleanField = models.BooleanField(
        "call for ideas open", default=False, help_text="Councils may propose sessions while this is ticked."
    )
    is_demo: models.BooleanField = models.BooleanField(
        default=False, help_text="Written to show how events work; not a real event."
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="events_event_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    name: models.CharField = models.CharField(max_length=200)
    organisation: models.CharField = models.CharField(max_length=200, blank=True)
    council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_speakers"
    )
    is_demo: models.BooleanField = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}" if self.organisation else self.name


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title: models.CharField = models.CharField(max_length=200)
    description: models.TextField = models.TextField(blank=True)
    theme: models.CharField = models.CharField(max_length=100, blank=True, db_index=True)
    room: models.CharField = models.CharField(max_length=100, blank=True, db_index=True)
    starts_at: models.DateTimeField = models.DateTimeField(db_index=True)
    ends_at: models.DateTimeField = models.DateTimeField()
    format: models.CharField = models.CharField(
        max_length=20, choices=SessionFormat.choices, default=SessionFormat.TALK
    )
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")
    councils = models.ManyToManyField("councils.Council", blank=True, related_name="event_sessions")
    resources = models.ManyToManyField(
        "library.ResourcePage",
        blank=True,
        related_name="event_sessions",
        help_text="Case studies in the Exchange that came from this session (after the event).",
    )
    sign_up_open: models.BooleanField = models.BooleanField(
        "open-mic sign-up open", default=False, help_text="Open mic only: delegates may claim five-minute slots."
    )

    class Meta:
        ordering = ["starts_at", "room", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="events_session_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open_mic(self) -> bool:
        return self.format == SessionFormat.OPEN_MIC

    @property
    def slot_count(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // (OPEN_MIC_SLOT_MINUTES * 60))


class OpenMicSlot(models.Model):
    """One claimed five-minute slot; a slot nobody claimed has no row. (session, slot) is unique,
    so two people claiming the same slot at once give one row and one IntegrityError."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    slot: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(help_text="0 is the first slot.")
    speaker_name: models.CharField = models.CharField(max_length=150)
    topic: models.CharField = models.CharField(max_length=200)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_mic_slots")
    on_behalf: models.BooleanField = models.BooleanField(default=False)
    created_at: models.DateTimeField = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "slot"]
        constraints = [models.UniqueConstraint(fields=["session", "slot"], name="events_one_booking_per_slot")]

    def __str__(self) -> str:
        return f"{self.session} slot {self.slot + 1}: {self.speaker_name}"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Proposal(models.Model):
    """A session proposed through the call for ideas; accepted, it becomes ``session``."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_proposals")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="event_proposals")
    title: models.CharField = models.CharField(max_length=200)
    description: models.TextField = models.TextField(max_length=2000)
    format: models.CharField = models.CharField(max_length=20, choices=SessionFormat.choices)
    theme: models.CharField = models.CharField(max_length=100, blank=True)
    speakers: models.TextField = models.TextField(
        max_length=1000, help_text="One speaker a line: name, then organisation after a comma."
    )
    status: models.CharField = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED, db_index=True
    )
    session = models.OneToOneField(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal")
    created_at: models.DateTimeField = models.DateTimeField(auto_now_add=True)
    decided_at: models.DateTimeField = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class StarredSession(models.Model):
    """A session on someone's personal agenda."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="starred_sessions")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="events_star_once")]

    def __str__(self) -> str:
        return f"{self.user} stars {self.session}"


class AgendaFeed(models.Model):
    """The secret token in the address of someone's personal agenda feed (.ics); a new one retires the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feed")
    token: models.CharField = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Agenda feed of {self.user}"
