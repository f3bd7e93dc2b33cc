"""Peer challenges: kinds and their themes (data), challenges and their stages, documents,
the on-site timetable, recommendations, the pool of peers, teams and feedback.

A ``ChallengeKind`` (corporate, finance, ...) and its ``KindTheme`` rows are loaded from
``data/kinds.toml``, never typed in code. A ``Challenge`` belongs to one council (any the
spine knows) and moves through the ``Stage`` list in order; each stage it has reached is a
``StageStep`` row with its owner, planned and completed dates and a note of what it
produced. ``Challenge.stage`` is the furthest stage reached, kept by the services (never
in ``save()``). Deadlines (report published within 3 months of the visit, action plan
within 5, progress review published within 12) are worked out in ``deadlines.py`` from
``visit_end``; nothing overdue is stored.

Privacy: documents, the timetable, feedback and draft reports are private to the council's
members, the team and association staff until the council publishes (``published_at``);
peers' personal details are never public (selectors enforce both).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from tiex.core.models import TimeStampedModel
from tiex.councils.models import Party


class ChallengeKind(models.Model):
    """A kind of peer challenge (corporate, finance, ...), added by the association as data."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    counts_as_corporate = models.BooleanField(
        default=False, help_text="Counts for coverage: 'no corporate peer challenge since ...'"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class KindTheme(models.Model):
    """One of a kind's themes, e.g. 'Financial planning and management' for a corporate challenge."""

    kind = models.ForeignKey(ChallengeKind, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="peer_challenges_theme_unique_slug")]

    def __str__(self) -> str:
        return self.title


class Stage(models.TextChoices):
    """The stages of a challenge, in order. ``STAGE_ORDER`` gives each its position."""

    ENQUIRY = "enquiry", "Enquiry and invitation"
    SCOPING = "scoping", "Scoping and date agreed"
    TEAM = "team", "Team assembled"
    POSITION_STATEMENT = "position-statement", "Position statement shared"
    PRE_VISIT_CALL = "pre-visit-call", "Pre-visit call"
    VISIT = "visit", "On-site visit"
    FEEDBACK = "feedback", "Feedback presentation"
    REPORT = "report", "Written report"
    REPORT_PUBLISHED = "report-published", "Report published"
    ACTION_PLAN = "action-plan", "Action plan published"
    PROGRESS_REVIEW = "progress-review", "Progress review"
    PROGRESS_REVIEW_PUBLISHED = "progress-review-published", "Progress review report published"


STAGE_ORDER: dict[str, int] = {value: index for index, value in enumerate(Stage.values)}


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    def delivered(self, *, on: date) -> ChallengeQuerySet:
        """Challenges whose on-site visit had ended by ``on`` (and that were not cancelled)."""
        return self.filter(visit_end__isnull=False, visit_end__lte=on, cancelled_at__isnull=True)


class Challenge(TimeStampedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="peer_challenges")
    kind = models.ForeignKey(ChallengeKind, on_delete=models.PROTECT, related_name="challenges")
    reference = models.SlugField(max_length=60, unique=True, help_text="e.g. cpc-2019-leeds")
    focus_areas = models.TextField(blank=True, help_text="The council's own focus areas, one per line")
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.ENQUIRY, db_index=True)
    regional_adviser = models.CharField(max_length=150, blank=True)
    enquiry_date = models.DateField(null=True, blank=True)
    visit_start = models.DateField(null=True, blank=True, db_index=True, help_text="The agreed first day on site")
    visit_end = models.DateField(null=True, blank=True, help_text="The last day on site (feedback presentation)")
    self_assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The council's latest published self-assessment, shared with the team",
    )
    people_met = models.PositiveIntegerField(null=True, blank=True, help_text="Total over the on-site timetable")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True, help_text="Why staff cancelled it (shown on its private page)")
    is_demo = models.BooleanField(default=False, db_index=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-visit_start", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit_start__isnull=True)
                | Q(visit_end__isnull=True)
                | Q(visit_end__gte=models.F("visit_start")),
                name="peer_challenges_visit_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} peer challenge, {self.council}" + (
            f" ({self.visit_start:%B %Y})" if self.visit_start else ""
        )


class StageStep(TimeStampedModel):
    """A stage a challenge has reached or planned: its owner, dates and what it produced."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    owner = models.CharField(max_length=150, blank=True, help_text="Who is responsible, e.g. 'Regional adviser'")
    planned_date = models.DateField(null=True, blank=True)
    completed_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="What the stage produced")

    class Meta:
        ordering = ["challenge", "planned_date"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "stage"], name="peer_challenges_one_step_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.challenge.reference})"


class DocumentKind(models.TextChoices):
    POSITION_STATEMENT = "position-statement", "Position statement"
    BACKGROUND = "background", "Background document"
    TIMETABLE = "timetable", "Timetable"
    FEEDBACK_PRESENTATION = "feedback-presentation", "Feedback presentation"
    DRAFT_REPORT = "draft-report", "Draft report"
    REPORT = "report", "Peer challenge report"
    ACTION_PLAN = "action-plan", "Action plan"
    PROGRESS_REVIEW_REPORT = "progress-review-report", "Progress review report"


PUBLISHABLE_DOCUMENT_KINDS = frozenset(
    {DocumentKind.REPORT, DocumentKind.ACTION_PLAN, DocumentKind.PROGRESS_REVIEW_REPORT}
)


class Document(TimeStampedModel):
    """A file or a link. Private to the council, the team and staff until ``published_at``."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="peer-challenges/%Y/", blank=True)
    url = models.URLField(max_length=1000, blank=True)
    summary = models.TextField(blank=True, help_text="Used by the Exchange's search once published")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["challenge", "kind", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="peer_challenges_document_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title


class SessionKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus-group", "Focus group"
    SITE_VISIT = "site-visit", "Site visit"
    OTHER = "other", "Other"


class VisitSession(models.Model):
    """One session of the on-site timetable."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    title = models.CharField(max_length=300)
    location = models.CharField(max_length=200, blank=True)
    people_met = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["challenge", "starts_at"]

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A recommendation of a challenge's report; it may become an action in the council's plan."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="recommendations")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    theme = models.ForeignKey(KindTheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["challenge", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class Skill(models.Model):
    """A specialism peers offer and challenges' focus asks for (loaded from data/skills.toml)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeerKind(models.TextChoices):
    MEMBER = "member", "Member peer"
    OFFICER = "officer", "Officer peer"


class Peer(TimeStampedModel):
    """A serving councillor or officer in the pool. Personal details are never public."""

    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="peer"
    )
    kind = models.CharField(max_length=10, choices=PeerKind.choices)
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="peers")
    party = models.CharField(max_length=8, blank=True, choices=Party.choices, help_text="Member peers only")
    group_office = models.CharField(
        max_length=100, blank=True, help_text="Member peers: the political group office that nominates them"
    )
    role = models.CharField(max_length=150, blank=True, help_text="Officer peers: e.g. Chief executive")
    skills = models.ManyToManyField(Skill, blank=True, related_name="peers")
    trained_on = models.DateField(null=True, blank=True)
    accredited_on = models.DateField(null=True, blank=True)
    available = models.BooleanField(default=True)
    availability_note = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind="member") | Q(party=""), name="peer_challenges_party_only_members"),
        ]

    def __str__(self) -> str:
        return self.full_name


class TeamRole(models.TextChoices):
    MANAGER = "manager", "Challenge manager"
    LEAD_MEMBER = "lead-member", "Lead member peer"
    MEMBER_PEER = "member-peer", "Member peer"
    OFFICER_PEER = "officer-peer", "Officer peer"


class TeamMember(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="team")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="placements")
    role = models.CharField(max_length=20, choices=TeamRole.choices)
    days = models.DecimalField(max_digits=3, decimal_places=1, default=0, help_text="Peer days given")
    reason = models.CharField(max_length=500, blank=True, help_text="Why tiex suggested them, as shown to staff")

    class Meta:
        ordering = ["challenge", "role"]
        constraints = [models.UniqueConstraint(fields=["challenge", "peer"], name="peer_challenges_peer_once_per_team")]

    def __str__(self) -> str:
        return f"{self.peer} ({self.get_role_display()})"


class FeedbackFrom(models.TextChoices):
    COUNCIL = "council", "The council"
    PEER = "peer", "A peer"


class Feedback(TimeStampedModel):
    """After a challenge: did it have a positive impact, were they satisfied, and why."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="feedback")
    given_by = models.CharField(max_length=10, choices=FeedbackFrom.choices)
    peer = models.ForeignKey(Peer, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_given")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    positive_impact = models.BooleanField()
    satisfied = models.BooleanField()
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["challenge", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(given_by="peer", peer__isnull=False) | Q(given_by="council", peer__isnull=True),
                name="peer_challenges_feedback_peer_iff_from_peer",
            ),
            # Once per person per challenge (the services say so first; this holds under any race).
            models.UniqueConstraint(
                fields=["challenge", "peer"],
                condition=Q(given_by="peer"),
                name="peer_challenges_feedback_once_per_peer",
            ),
            models.UniqueConstraint(
                fields=["challenge", "user"],
                condition=Q(given_by="council", user__isnull=False),
                name="peer_challenges_feedback_once_per_council_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback from {self.get_given_by_display().lower()} on {self.challenge.reference}"


# Overdue reminders sent (models_stages.py): imported here so Django registers them with the app.
from tiex.peer_challenges.models_stages import StageReminder  # noqa: E402, F401
