"""Frameworks (data, versioned) -> sections -> statements -> scale; assessments, private responses, consensus.

One engine runs every framework. A framework's kind only says how a participant
answers a statement: ``scaled`` statements are answered on the version's scale, once
per dimension (e.g. ``current`` and ``ambition``); ``indicators`` statements (the CAF's
outcomes) are answered by ticking the indicator statements that are true, and the
version's assessment rules turn the ticks into a level of the same scale. Every answer
is stored as ``values`` ({dimension key: level value}), so scoring, the disagreement
view, the consensus and the results never need to know the kind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class FrameworkKind(models.TextChoices):
    SCALED = "scaled", "Statements answered on a scale"
    INDICATORS = "indicators", "Outcomes decided by ticked indicators"


class Framework(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=FrameworkKind.choices)
    description = models.TextField(blank=True)
    attribution = models.TextField(blank=True)
    licence = models.CharField(max_length=100, blank=True)
    source_url = models.URLField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class FrameworkVersion(models.Model):
    """One version of a framework. Once published its content never changes (``content_hash`` guards it)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=20)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions")
    # {statement code in this version: statement code in ``previous``} for the statements that carry over.
    carries_over = models.JSONField(default=dict, blank=True)
    # For indicator frameworks: [[level number, indicator group, "all" | "any"], ...], tried in order.
    assessment_rules = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["framework__title", "-imported_at"]
        constraints = [models.UniqueConstraint(fields=["framework", "version"], name="framework_version_unique")]

    def __str__(self) -> str:
        return f"{self.framework.title} v{self.version}"


class Dimension(models.Model):
    """What each statement is answered for: e.g. where the council is now, and its ambition."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    question = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="dimension_key_unique")]

    def __str__(self) -> str:
        return self.label


class Level(models.Model):
    """A level of the version's scale; a higher value is further along."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=40, blank=True)  # indicator frameworks: the indicator group it stands for
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "value"]
        constraints = [models.UniqueConstraint(fields=["version", "value"], name="level_value_unique")]

    def __str__(self) -> str:
        return f"{self.value}: {self.label}"


class Section(models.Model):
    """A theme, area, objective or principle; sections nest (the CAF: objective -> principle)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    exchange_themes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="section_code_unique")]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """A statement (or an outcome with indicators) answered by each participant."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="statements")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="statements")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    exchange_themes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="statement_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title or self.text[:60]}"


class Indicator(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=40)
    text = models.TextField()
    group = models.SlugField(max_length=40)  # achieved, partially-achieved, not-achieved
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["statement", "order"]
        constraints = [models.UniqueConstraint(fields=["statement", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return self.code


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for answers"
    CLOSED = "closed", "Closed: consensus"
    PUBLISHED = "published", "Published"


class Visibility(models.TextChoices):
    COUNCIL = "council", "The council only"
    SIGNED_IN = "signed-in", "Everyone signed in to tiex"
    PUBLIC = "public", "The public"


class Assessment(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="assessments")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="assessments")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    closing_date = models.DateField()
    meeting_date = models.DateField(null=True, blank=True)
    anonymous = models.BooleanField(default=False, help_text="Even the super-user sees distributions only.")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.COUNCIL)
    demo = models.BooleanField(default=False)
    # The super-user's explicit choice (off by default, recorded in the audit log): councils in
    # comparator groups who may see the published result are told they may ask about its strengths.
    contactable = models.BooleanField(default=False)
    contact_email = models.EmailField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    # Written by the publish service, emptied by withdraw: {theme (section) code: mean agreed value on
    # the version's first dimension}, what a comparison with similar councils reads (one row a council).
    theme_scores = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "visibility"], name="assessment_status_vis")]

    def __str__(self) -> str:
        return f"{self.version} for {self.council_id}"


class Participant(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_seats")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "user"], name="participant_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.assessment_id}"


class Response(models.Model):
    """One participant's private answer to one statement."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(default=dict)  # {dimension key: level value}
    ticked = models.JSONField(default=list, blank=True)  # indicator codes (indicator frameworks)
    comment = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "statement"], name="response_unique")]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.statement_id}"


class ConsensusAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="consensus")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(default=dict)
    note = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "statement"], name="consensus_unique")]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.statement_id}"


class SupportOffer(models.Model):
    """One of the association's support offers (a peer challenge, a programme), shown in next steps.

    Editable content (a snippet in the staff admin); the defaults are loaded from
    ``demo/support_offers.toml`` by ``tiex demo``. An offer is shown for an area for
    improvement when it names the area's framework theme or one of its Exchange themes;
    an offer naming neither is shown once, for any area.
    """

    key = models.SlugField(max_length=80, unique=True, help_text="A short name that stays the same.")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    url = models.URLField("Link", blank=True, help_text="Only a page that exists; leave empty otherwise.")
    exchange_themes = models.ManyToManyField("library.Theme", blank=True, related_name="+")
    framework_themes = models.TextField(
        blank=True,
        help_text="The framework themes it helps with, one a line, as framework/theme code "
        "(for example transformation-and-innovation/place).",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    demo = models.BooleanField(default=False, help_text="Example wording shipped with tiex, not a real offer.")

    class Meta:
        ordering = ["sort_order", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def framework_theme_keys(self) -> set[str]:
        return {line.strip() for line in self.framework_themes.splitlines() if line.strip()}
